"""Ask for the monitoring report's period and where to save its PDF.

The period defaults to the last full quarter (January–March, April–June, July–September,
October–December: the same boundaries as the financial year's quarters).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.widgets.common import announce, button, label


def last_full_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the last quarter that ended before ``today``."""
    this_start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    end = this_start - dt.timedelta(days=1)
    return dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


def default_report_path(folder: Path, start: dt.date, end: dt.date) -> Path:
    return folder / f"monitoring-report-{start.isoformat()}-to-{end.isoformat()}.pdf"


class MonitoringDialog(QDialog):
    """From and to dates (both included) and a PDF file; ``accepted`` when they make sense."""

    def __init__(self, folder: Path, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringDialog")
        self.setWindowTitle(self.tr("Monitoring report"))
        self.folder = folder
        start, end = last_full_quarter(today or dt.date.today())
        self.start_edit = self._date_edit("monitoringFrom", self.tr("First day of the period"),
                                          start)
        self.end_edit = self._date_edit("monitoringTo", self.tr("Last day of the period"), end)
        self.path_edit = QLineEdit(str(default_report_path(folder, start, end)))
        self.path_edit.setObjectName("monitoringPath")
        self.path_edit.setAccessibleName(self.tr("Save the report as"))
        self.path_edit.setMinimumWidth(self.path_edit.fontMetrics().horizontalAdvance("x") * 60)
        self._path_touched = False
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_touched", True))
        self.start_edit.dateChanged.connect(lambda _d: self._follow_period())
        self.end_edit.dateChanged.connect(lambda _d: self._follow_period())
        self.browse = button(self.tr("Choose…"), self.tr("Choose where to save the report"))
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.choose_file)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse)

        form = QFormLayout()
        form.addRow(self.tr("&From"), self.start_edit)
        form.addRow(self.tr("&To (included)"), self.end_edit)
        save_as = label(self.tr("&Save as"))
        save_as.setBuddy(self.path_edit)
        form.addRow(save_as, where)

        self.problem_label = label("", "error")
        self.problem_label.setObjectName("monitoringProblem")
        self.problem_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Make report"))
        self.ok_button.setAccessibleName(self.tr("Make the monitoring report"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Counts and categories of the register's real records "
                                       "made in the period, for the partnership board. No "
                                       "personal data is included.")))
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def _date_edit(self, name: str, accessible: str, value: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(accessible)
        inner = edit.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName(accessible)
        return edit

    # --- values ------------------------------------------------------------------------------

    def start(self) -> dt.date:
        day = self.start_edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def end(self) -> dt.date:
        day = self.end_edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self.end_edit.setDate(QDate(end.year, end.month, end.day))

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _follow_period(self) -> None:
        """The suggested file name follows the dates until the user types their own."""
        if not self._path_touched:
            folder = self.path().parent if self.path_edit.text().strip() else self.folder
            self.path_edit.setText(str(default_report_path(folder, self.start(), self.end())))

    # --- actions -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the monitoring report"),
                                                self.path_edit.text(),
                                                self.tr("PDF files (*.pdf)"))
        if chosen:
            self.path_edit.setText(chosen if chosen.lower().endswith(".pdf")
                                   else chosen + ".pdf")
            self._path_touched = True

    def problem(self) -> tuple[str, QWidget | None]:
        """What is wrong, and the field to put right; ``("", None)`` when all is well."""
        if self.end() < self.start():
            return self.tr("The period ends before it starts."), self.end_edit
        if not self.path_edit.text().strip():
            return self.tr("Say where to save the report."), self.path_edit
        if not self.path().parent.is_dir():
            return self.tr("There is no folder %s.") % self.path().parent, self.path_edit
        return "", None

    def check_and_accept(self) -> None:
        text, field = self.problem()
        if field is not None:
            self.problem_label.setText(text)
            self.problem_label.show()
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self.problem_label, text, assertive=True)
            return
        self.accept()
