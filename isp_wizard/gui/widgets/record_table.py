"""The register's table, worked by keyboard as well as by mouse.

Up and Down move to a record and select it (Shift extends, Ctrl moves without selecting),
Space adds the current record to the selection or takes it out, Enter opens it. Rows are one
line of text high at any text size; a value too long for its column ends in "…" and is shown
whole in its tooltip and to screen readers. The current row has a ring in the focus colour
while the table has the focus, so the keyboard's place is seen even when it is not selected.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

ROW_PADDING = 0.6  # of a line of text, above and below together


class _CurrentRowRing(QStyledItemDelegate):
    """Draws each cell as usual, then the focus ring's share of the current row's outline."""

    def __init__(self, table: RecordTable) -> None:
        super().__init__(table)
        self.table = table

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        option.state &= ~QStyle.StateFlag.State_HasFocus  # no dotted rect
        super().paint(painter, option, index)
        current = self.table.currentIndex()
        if not self.table.hasFocus() or not current.isValid() or index.row() != current.row():
            return
        width = self.table.ring_width
        rect = option.rect.adjusted(0, 0, -1, -1)
        painter.save()
        pen = QPen(QColor(self.table.ring_colour), width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = width // 2
        top, bottom = rect.top() + half, rect.bottom() - half + (1 - width % 2)
        painter.drawLine(rect.left(), top, rect.right(), top)
        painter.drawLine(rect.left(), bottom, rect.right(), bottom)
        if index.column() == 0:
            painter.drawLine(rect.left() + half, rect.top(), rect.left() + half, rect.bottom())
        if index.column() == self.table.model().columnCount() - 1:
            x = rect.right() - half + (1 - width % 2)
            painter.drawLine(x, rect.top(), x, rect.bottom())
        painter.restore()


class RecordTable(QTableView):
    """A table of records: see the module's description for its keys."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ring_colour = "#0b0c0c"
        self.ring_width = 3
        self.setItemDelegate(_CurrentRowRing(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.doubleClicked.connect(lambda _i: self.open_requested.emit())
        self.fit_rows()

    whole_columns: tuple[int, ...] = ()  # shown whole always (dates, references, decisions)
    MIN_CHARACTERS = 18  # a shared column is never narrower than this, horizontal scroll first

    def fit_columns(self) -> None:
        """Columns as wide as their contents (header included) when the table is wide
        enough; otherwise the columns not in ``whole_columns`` share what is left (long values
        end in "…"), never narrower than ``MIN_CHARACTERS``, and the table scrolls sideways."""
        model, header = self.model(), self.horizontalHeader()
        if model is None:
            return
        columns = range(model.columnCount())
        natural = {c: max(header.sectionSizeFromContents(c).width(), self.sizeHintForColumn(c))
                   for c in columns}
        shared = [c for c in columns if c not in self.whole_columns]
        room = self.viewport().width() - sum(natural[c] for c in columns
                                             if c in self.whole_columns)
        wanted = sum(natural[c] for c in shared)
        floor = self.fontMetrics().averageCharWidth() * self.MIN_CHARACTERS
        for c in columns:
            width = natural[c]
            if c in shared and wanted > room:
                width = max(min(width, floor), room * natural[c] // max(1, wanted))
            header.resizeSection(c, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_rows(self) -> None:
        """One line of the current text size per row, with room above and below."""
        line = self.fontMetrics().height()
        self.verticalHeader().setMinimumSectionSize(line)
        self.verticalHeader().setDefaultSectionSize(round(line * (1 + ROW_PADDING)))
        self.setMinimumHeight(  # the headings, two records and the sideways scroll bar
            self.horizontalHeader().sizeHint().height() + 2 * round(line * (1 + ROW_PADDING))
            + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_rows()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.selectionModel().select(
                self.currentIndex(), QItemSelectionModel.SelectionFlag.Toggle
                | QItemSelectionModel.SelectionFlag.Rows)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving by keyboard with nothing selected selects the current (or first) row, so
        what Enter would open is shown, and read out."""
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason or self.model() is None:
            return
        if not self.selectionModel().hasSelection() and self.model().rowCount() > 0:
            row = self.currentIndex().row() if self.currentIndex().isValid() else 0
            self.selectRow(row)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def selected_rows(self) -> list[int]:
        """The rows selected, current row first when it is one of them, then top to bottom."""
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        current = self.currentIndex().row()
        if current in rows:
            rows.remove(current)
            rows.insert(0, current)
        return rows
