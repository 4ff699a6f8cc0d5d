"""A tree list whose items' words wrap onto as many lines as they need.

Qt's tree view sizes every row for one line even with word wrap on, so a long name is cut
after its first line ("refuge address sent to…"); here each row is as tall as its words
wrapped at the width the row has, and rows are laid out again when that width changes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

_PAD = 6  # pixels above and below the words of a row


class _Wrapping(QStyledItemDelegate):
    def __init__(self, tree: WrappingTree) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        width = self.tree.text_width(index)
        style = self.tree.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.tree) + 1
        words = shown.fontMetrics.boundingRect(
            QRect(0, 0, max(40, width - 2 * margin), 1_000_000),
            int(Qt.TextFlag.TextWordWrap), shown.text)
        return QSize(width, words.height() + 2 * _PAD)


class WrappingTree(QTreeWidget):
    """A one-column tree (groups and their items) whose items wrap instead of being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setUniformRowHeights(False)
        self.setItemDelegate(_Wrapping(self))
        self._laid_out_for = -1

    def text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The width a row's words have: the view's, less the indentation of its depth."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        steps = depth + (1 if self.rootIsDecorated() else 0)
        return max(40, self.viewport().width() - self.indentation() * steps)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_for:  # the rows' heights depend on the width
            self._laid_out_for = width
            self.scheduleDelayedItemsLayout()
