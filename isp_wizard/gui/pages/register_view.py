"""The register: a table of records, filters, verify (selected or all), open, export CSV, and
the board's monitoring report.

In training mode this shows the training register; real records are never mixed with it, and
the monitoring report (real records only) is not offered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import worker
from isp_wizard.gui.framework import Busy, Display, Page
from isp_wizard.gui.register_model import RegisterModel
from isp_wizard.gui.widgets.common import announce, button, label
from isp_wizard.gui.widgets.record_table import RecordTable
from isp_wizard.gui.words import decision_choices

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.services.verification import Verdict


class RegisterPage(Page):
    key = "register"

    verified = Signal(str)   # the verification report, as shown
    report_made = Signal(str)  # the monitoring report's outcome, as shown (made or not)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.ctx: AppContext = ctx
        super().__init__(ctx, parent)
        self.setObjectName("registerPage")
        self.ctx = ctx
        self.model = RegisterModel(self)
        self.page_title = self.title("")
        self.case_filter = QLineEdit()
        self.case_filter.setObjectName("filterCase")
        self.case_filter.setPlaceholderText(self.tr("Case reference contains…"))
        self.case_filter.setAccessibleName(self.tr("Filter by case reference"))
        self.tree_filter = QComboBox()
        self.tree_filter.setObjectName("filterTree")
        self.tree_filter.setAccessibleName(self.tr("Filter by decision tree"))
        self.decision_filter = QComboBox()
        self.decision_filter.setObjectName("filterDecision")
        self.decision_filter.setAccessibleName(self.tr("Filter by decision"))
        self.decision_filter.addItem(self.tr("Any decision"), "")
        for value, text in decision_choices():
            self.decision_filter.addItem(text, value)
        self.since_filter = QLineEdit()
        self.since_filter.setObjectName("filterSince")
        self.since_filter.setPlaceholderText(self.tr("Since DD/MM/YYYY"))
        self.since_filter.setAccessibleName(self.tr("Filter: made on or after this date"))
        self.case_filter.textEdited.connect(lambda _t: self.refresh())
        self.since_filter.textEdited.connect(lambda _t: self.refresh())
        self.tree_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.decision_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        for combo in (self.tree_filter, self.decision_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        filters = QHBoxLayout()
        for widget in (self.case_filter, self.tree_filter, self.decision_filter,
                       self.since_filter):
            filters.addWidget(widget)

        self.table = RecordTable()
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName(self.tr("Records in the register"))
        self.table.setAccessibleDescription(self.tr(
            "Up and Down choose a record, Space adds it to the selection or takes it out, "
            "Enter opens its PDF"))
        self.table.setModel(self.model)
        self.table.whole_columns = (0, 1, 2, 5)  # times, references, decisions, dates
        self.table.open_requested.connect(self.open_pdf)

        self.verify_one = button(self.tr("&Verify selected"), self.tr("Verify the selected records"))
        self.verify_all = button(self.tr("Verify &all"), self.tr("Verify the whole register"))
        self.open_button = button(self.tr("&Open PDF"), self.tr("Open the selected record's PDF"))
        self.export_button = button(self.tr("&Export CSV…"), self.tr("Export the register as "
                                                                     "CSV"))
        self.verify_one.clicked.connect(self.verify_selected)
        self.verify_all.clicked.connect(self.verify_everything)
        self.open_button.clicked.connect(self.open_pdf)
        self.export_button.clicked.connect(self.export_csv)
        self.monitoring_button = button(
            self.tr("&Monitoring report…"), self.tr("Make the monitoring report"),
            description=self.tr("The partnership board's report for a period: counts and "
                                "categories, no personal data"))
        self.monitoring_button.setObjectName("monitoringReport")
        self.monitoring_button.clicked.connect(self.ask_for_report)
        self.open_report_button = button(self.tr("Open the re&port"),
                                         self.tr("Open the monitoring report"))
        self.open_report_button.setObjectName("openMonitoringReport")
        self.open_report_button.clicked.connect(self.open_report)
        self.open_report_button.hide()
        self.busy = QProgressBar()
        self.busy.setObjectName("monitoringBusy")
        self.busy.setAccessibleName(self.tr("Making the monitoring report"))
        self.busy.setRange(0, 0)  # no steps to count: it just shows work is going on
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.report_dialog: Any = None
        self.report_path: Path | None = None
        actions = QHBoxLayout()
        for action in (self.verify_one, self.verify_all, self.open_button):
            actions.addWidget(action)
        actions.addStretch(1)
        for control in (self.busy, self.open_report_button, self.monitoring_button,
                        self.export_button):
            actions.addWidget(control)

        self.report = QPlainTextEdit()
        self.report.setObjectName("verifyReport")
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Verification result"))
        self.report.setMaximumHeight(140)
        self.report.setPlaceholderText(self.tr("Verification results appear here."))
        self.status = label("", "muted")
        self.since: dt.date | None = None
        self.since_problem = False
        self.host_busy: Busy | None = None  # the window's: navigation is off while a job runs
        self.open_problem = self._open_problem_panel()

        from isp_wizard.gui.widgets.partnership import PartnershipPanel

        self.partnership = PartnershipPanel(ctx)
        self.partnership.view_changed.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page_title)
        layout.addWidget(self.partnership)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(self.open_problem)
        layout.addWidget(self.report)

    def _open_problem_panel(self) -> QFrame:
        """Why a record's PDF could not be opened, where it is, and two ways to reach it."""
        panel = QFrame()
        panel.setObjectName("openProblem")
        panel.setProperty("role", "banner")
        self.open_problem_text = label("", "")
        self.open_problem_text.setObjectName("openProblemText")
        self.open_problem_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_folder_button = button(self.tr("Show the &folder"),
                                         self.tr("Show the folder the PDF is in"))
        self.show_folder_button.setObjectName("showFolder")
        self.copy_path_button = button(self.tr("Cop&y the path"),
                                       self.tr("Copy the PDF's path"))
        self.copy_path_button.setObjectName("copyPath")
        self.show_folder_button.clicked.connect(self.show_folder)
        self.copy_path_button.clicked.connect(self.copy_path)
        row = QHBoxLayout()
        row.addWidget(self.show_folder_button)
        row.addWidget(self.copy_path_button)
        row.addStretch(1)
        box = QVBoxLayout(panel)
        box.addWidget(self.open_problem_text)
        box.addLayout(row)
        panel.hide()
        self.problem_path: Path | None = None
        self.problem_text = ""
        return panel

    # --- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        from isp_wizard.errors import WizardError
        from isp_wizard.store.register import RegisterFilter

        self.page_title.setText(self.tr("Training register") if self.ctx.training
                             else self.tr("Register of decisions"))
        self.monitoring_button.setVisible(not self.ctx.training)
        if self.ctx.training:
            self.open_report_button.hide()
        self._fill_trees()
        from isp_wizard.gui.details_fields import parse_date

        text = self.since_filter.text().strip()
        since = self.since = parse_date(text) if text else None
        self.since_problem = bool(text) and since is None
        # the register dates records in UTC, the table in local time: ask a day early, then
        # keep what was made on or after the day here
        early = since - dt.timedelta(days=1) if since is not None else None
        filters = RegisterFilter(since=early, tree=str(self.tree_filter.currentData() or ""),
                                 decision=str(self.decision_filter.currentData() or ""),
                                 case=self.case_filter.text().strip())
        if self.partnership.showing_shared():  # fetched in the background, then shown
            self.partnership.fetch_shared(filters, self._show_entries)
            return
        try:
            if self.ctx.register_path.exists():
                with self.ctx.register() as register:
                    entries = register.records(filters)
            else:
                entries = []
        except WizardError as exc:
            self.status.setText(self.tr("The register cannot be read: %s") % exc)
            self.model.set_entries([])
            return
        self._show_entries(entries)

    def _show_entries(self, entries: list[Any]) -> None:
        from isp_wizard.gui.register_model import local_day

        if self.since is not None:
            entries = [e for e in entries if local_day(e.created_utc) >= self.since]
        self.model.set_entries(entries)
        self.table.fit_columns()
        count = len(entries)
        self.status.setText(self.tr("1 record shown.") if count == 1
                            else self.tr("%d records shown.") % count)
        if self.since_problem:
            self.status.setText(self.status.text() + " " + self.tr(
                "The date after Since is not a date: write it as day/month/year, for example "
                "31/03/2026; it is not used until then."))

    def _fill_trees(self) -> None:
        pack = self.ctx.pack
        titles = {t.id: t.tree.title for t in pack.trees.values()} if pack else {}
        self.model.tree_titles = titles
        if self.tree_filter.count() == len(titles) + 1:
            return
        self.tree_filter.blockSignals(True)
        self.tree_filter.clear()
        self.tree_filter.addItem(self.tr("Any decision tree"), "")
        for tree_id, title in sorted(titles.items(), key=lambda kv: kv[1]):
            self.tree_filter.addItem(title, tree_id)
        self.tree_filter.blockSignals(False)

    def selected_entry(self) -> Any:
        """The record Enter would open: the current row if selected, else the first one."""
        rows = self.table.selected_rows()
        return self.model.entry(rows[0]) if rows else None

    def selected_entries(self) -> list[Any]:
        return [self.model.entry(row) for row in self.table.selected_rows()]

    def enter(self) -> None:
        self.refresh()
        self.partnership.refresh()
        self.partnership.send()  # in the background, when a partnership register is set

    def initial_focus(self) -> QWidget:
        return self.case_filter

    def attach(self, host: Any) -> None:
        self.host_busy = host.busy

    def configure(self, display: Display) -> None:
        from isp_wizard.gui.theme import colours

        self.table.ring_colour = colours(display.high_contrast).focus
        self.table.ring_width = max(2, round(3 * display.scale / 100))
        self.table.fit_rows()

    def primary_action(self) -> QPushButton | None:
        return None  # a list to search and act on: no one action moves the user on

    # --- actions -----------------------------------------------------------------------------

    def _pdf_of(self, entry: Any) -> Path:
        path = Path(entry.pdf_path)
        return path if path.is_absolute() else self.ctx.records_dir / path

    def open_pdf(self) -> None:
        """Open the record's PDF in this computer's PDF viewer; if the file is not there or no
        viewer opens it, say so, where the file is, and offer its folder and its path."""
        entry = self.selected_entry()
        if entry is None:
            self._say(self.tr("Select a record first."))
            return
        self._hide_open_problem()
        pdf = self._pdf_of(entry)
        reference = entry.case_reference or entry.record_id
        if not pdf.is_file():
            self._open_problem(pdf, self.tr(
                "The PDF of %1 is not where the register says it is: %2. It may have been "
                "moved or deleted; Verify selected checks it against the register.")
                .replace("%1", reference).replace("%2", str(pdf)))
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf))):
            self._open_problem(pdf, self.tr(
                "The PDF of %1 could not be opened: no program to show PDFs is set up on this "
                "computer. The record is saved at %2.")
                .replace("%1", reference).replace("%2", str(pdf)))

    def _open_problem(self, pdf: Path, text: str) -> None:
        """Say it where results are said (the results box makes way for it, so the table keeps
        its room at 200 % text), and put the keyboard on Copy the path."""
        self.problem_path = pdf
        self.problem_text = text
        self.open_problem_text.setText(text)
        self.show_folder_button.setEnabled(pdf.parent.is_dir())
        self.report.hide()
        self.open_problem.show()
        self.rearranged.emit()
        announce(self.open_problem_text, text, assertive=True)
        self.copy_path_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hide_open_problem(self) -> None:
        if not self.open_problem.isHidden():
            self.open_problem.hide()
            self.report.show()
            self.rearranged.emit()

    def _add_to_problem(self, text: str) -> None:
        self.open_problem_text.setText(f"{self.problem_text} {text}")
        announce(self.open_problem_text, text)

    def show_folder(self) -> None:
        if self.problem_path is None:
            return
        folder = self.problem_path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._add_to_problem(self.tr("No program to show folders could be opened either: "
                                         "the folder is %s.") % folder)

    def copy_path(self) -> None:
        if self.problem_path is None:
            return
        QGuiApplication.clipboard().setText(str(self.problem_path))
        self._add_to_problem(self.tr("The path is copied: paste it where you need it."))

    # --- verify: the same checks as 'isp-wizard verify' and 'register verify' -----------------

    def verify_selected(self) -> None:
        """Each selected record checked as ``isp-wizard verify`` checks it, and as ``register
        verify`` checks its entry, in the background; no other record's PDF is read."""
        entries = self.selected_entries()
        if not entries:
            self._say(self.tr("Select a record first (Space adds one to the selection)."))
            return
        ids = [e.record_id for e in entries]
        references = {e.record_id: e.case_reference or e.record_id for e in entries}
        training, where = self.ctx.training, self.ctx.where
        trust_roots, crls = self.ctx.trust_roots(), self._crls()

        def work() -> list[Verdict]:
            from isp_wizard.services.verification import verify_filed

            return verify_filed(ids, training=training, locations=where,
                                trust_roots=trust_roots, crls=crls)

        def said(verdicts: list[Verdict]) -> str:
            from isp_wizard.printable import safe
            from isp_wizard.services.verification import describe

            summary = [f"{safe(references.get(v.report.record.record_id, ''))}: {v.headline}"
                       if v.report is not None and v.report.record is not None
                       else f"{safe(str(v.path))}: {v.headline}" for v in verdicts]
            return "\n".join(summary) + "\n\n" + "\n\n".join(describe(v) for v in verdicts)

        self._verify(work, said)

    def verify_everything(self) -> None:
        """The whole register, as ``register verify`` checks it."""
        register_path, records_dir = self.ctx.register_path, self.ctx.records_dir
        trust_roots = self.ctx.trust_roots()

        def work() -> Any:
            from isp_wizard.services.verification import verify_register
            from isp_wizard.store.register import open_register

            if not register_path.exists():
                return None
            with open_register(register_path, create=False, read_only=True) as register:
                return verify_register(register, records_dir, trust_roots=trust_roots)

        def said(verdict: Any) -> str:
            if verdict is None:
                return self.tr("The register is empty: nothing to verify.")
            return "\n".join(verdict.lines())

        self._verify(work, said)

    def _crls(self) -> list[Path]:
        from isp_wizard.record.ltv import default_crl_paths

        return default_crl_paths(self.ctx.settings.crl_files, self.ctx.where.rules_dir)

    def _verify(self, work: Any, said: Any) -> None:
        self.report.setPlainText(self.tr("Verifying…"))
        announce(self.report, self.tr("Verifying…"))
        self.verify_one.setEnabled(False)
        self.verify_all.setEnabled(False)
        if self.host_busy is not None:
            self.host_busy.start()

        def finished(text: str) -> None:
            if self.host_busy is not None:
                self.host_busy.stop()
            self.verify_one.setEnabled(True)
            self.verify_all.setEnabled(True)
            self._say(text)
            self.verified.emit(text)

        def failed(exc: BaseException) -> None:
            finished(self.tr("Could not verify: %s") % exc)

        worker.start(work, lambda result: finished(said(result)), failed)

    def export_csv(self) -> None:
        from isp_wizard.errors import WizardError

        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export the register"),
                                                str(Path.home() / "register.csv"),
                                                self.tr("CSV files (*.csv)"))
        if not chosen:
            return
        try:
            with self.ctx.register() as register:
                count = register.export_csv(Path(chosen))
        except (WizardError, OSError) as exc:
            self._say(self.tr("Could not export: %s") % exc)
            return
        self._say(self.tr("Exported %1 entries to %2.").replace("%1", str(count))
                  .replace("%2", chosen))

    # --- the monitoring report ---------------------------------------------------------------

    def ask_for_report(self) -> None:
        """Ask for the period and file; the report is made when the dialog is accepted."""
        from isp_wizard.gui.monitoring_dialog import MonitoringDialog

        if self.ctx.training:
            return
        folder = self.report_path.parent if self.report_path is not None else Path.home()
        self.report_dialog = MonitoringDialog(folder, parent=self)
        self.report_dialog.accepted.connect(self._dialog_accepted)
        self.report_dialog.open()

    def _dialog_accepted(self) -> None:
        dialog = self.report_dialog
        self.make_report(dialog.start(), dialog.end(), dialog.path())

    def make_report(self, start: dt.date, end: dt.date, out: Path) -> None:
        """Make the report in the background; ``report_made`` says how it went."""
        where = self.ctx.where
        register_path, records_dir = where.register_path, where.records_dir  # real ones only
        rules_dir, cache_dir = where.rules_dir, where.cache_dir

        def work() -> Any:
            from isp_wizard.services.monitoring import make_monitoring_report

            return make_monitoring_report(register_path, records_dir, rules_dir, start, end,
                                          out, cache_dir=cache_dir)

        self._say(self.tr("Making the monitoring report…"))
        self.monitoring_button.setEnabled(False)
        self.open_report_button.hide()
        self.busy.show()

        def finished(text: str) -> None:
            self.busy.hide()
            self.monitoring_button.setEnabled(True)
            self._say(text)
            self.report_made.emit(text)

        def done(made: Any) -> None:
            stats = made.stats
            self.report_path = made.path
            lines = [self.tr("Monitoring report saved as %1: %2 records from %3 to %4, %5 "
                             "breaches, %6 past their review date.")
                     .replace("%1", str(made.path)).replace("%2", f"{stats.total:,}")
                     .replace("%3", str(stats.start)).replace("%4", str(stats.end))
                     .replace("%5", f"{stats.breaches:,}").replace("%6", f"{stats.overdue:,}")]
            lines += [self.tr("Note: %s") % note for note in made.notes]
            self.open_report_button.show()
            finished("\n".join(lines))
            self.open_report_button.setFocus(Qt.FocusReason.OtherFocusReason)

        def failed(exc: BaseException) -> None:
            finished(self.tr("Could not make the monitoring report: %s") % exc)

        worker.start(work, done, failed)

    def open_report(self) -> None:
        if self.report_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report_path)))

    def _say(self, text: str) -> None:
        self._hide_open_problem()
        self.report.setPlainText(text)
        announce(self.report, text)
