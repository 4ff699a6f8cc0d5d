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
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import worker
from isp_wizard.gui.framework import Page
from isp_wizard.gui.register_model import RegisterModel
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import announce, button, label
from isp_wizard.gui.words import decision_choices

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext




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
        self.since_filter.setPlaceholderText(self.tr("Since YYYY-MM-DD"))
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

        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName(self.tr("Records in the register"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)  # long values wrap in their cell rather than being cut
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 5):  # dates and case references do not wrap: give them room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.open_pdf())
        self.table.activated.connect(lambda _i: self.open_pdf())

        self.verify_one = button(self.tr("&Verify selected"), self.tr("Verify selected record"))
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
        layout.addWidget(self.report)

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
        since = None
        text = self.since_filter.text().strip()
        if text:
            try:
                since = dt.date.fromisoformat(text)
            except ValueError:
                since = None
        filters = RegisterFilter(since=since, tree=str(self.tree_filter.currentData() or ""),
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
        self.model.set_entries(entries)
        self.table.resizeRowsToContents()
        count = len(entries)
        self.status.setText(self.tr("1 record shown.") if count == 1
                            else self.tr("%d records shown.") % count)

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
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def enter(self) -> None:
        self.refresh()
        self.partnership.refresh()
        self.partnership.send()  # in the background, when a partnership register is set

    def initial_focus(self) -> QWidget:
        return self.case_filter

    def primary_action(self) -> QPushButton | None:
        return None  # a list to search and act on: no one action moves the user on

    # --- actions -----------------------------------------------------------------------------

    def _pdf_of(self, entry: Any) -> Path:
        path = Path(entry.pdf_path)
        return path if path.is_absolute() else self.ctx.records_dir / path

    def open_pdf(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self._say(self.tr("Select a record first."))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._pdf_of(entry))))

    def verify_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self._say(self.tr("Select a record first."))
            return
        pdf, record_id = self._pdf_of(entry), entry.record_id
        register_path, records_dir = self.ctx.register_path, self.ctx.records_dir
        trust_roots = self.ctx.trust_roots()

        def work() -> str:
            from isp_wizard.record.verify import verify_record
            from isp_wizard.store.register import open_register

            report = verify_record(pdf, trust_roots=trust_roots)
            with open_register(register_path, create=False) as register:
                findings = [f for f in register.verify(records_dir) if f.record_id == record_id]
            lines = [f"{record_id}:"]
            if report.ok and not report.trusted:
                who = report.signatures[0].signer
                lines.append(translate(
                    "RegisterPage", "NOT TRUSTED: the PDF is intact, but it is signed by %1, %2, "
                                 "whom this computer does not trust (anyone can make an "
                                 "identity with any name).").replace("%1", who.name)
                             .replace("%2", who.organisation))
            elif report.ok:
                who = report.signatures[0].signer
                lines.append(translate(
                    "RegisterPage", "The PDF is intact and its signature is valid (signed by "
                                 "%1, %2).").replace("%1", who.name)
                             .replace("%2", who.organisation))
            else:
                lines += [translate("RegisterPage", "PROBLEM: %s") % p
                          for p in report.all_problems or [translate("RegisterPage", "not intact")]]
            lines += [translate("RegisterPage", "REGISTER: %s") % f.message for f in findings]
            if not findings:
                lines.append(translate(
                    "RegisterPage", "The register entry matches the PDF and the chain."))
            return "\n".join(lines)

        self._verify(work)

    def verify_everything(self) -> None:
        register_path, records_dir = self.ctx.register_path, self.ctx.records_dir

        def work() -> str:
            from isp_wizard.store.register import open_register

            if not register_path.exists():
                return translate("RegisterPage", "The register is empty: nothing to verify.")
            with open_register(register_path, create=False) as register:
                count = len(register.records())
                findings = register.verify(records_dir)
            if not findings:
                return translate(
                    "RegisterPage", "All %d entries verified: the chain is unbroken and every PDF "
                           "matches its entry.") % count
            return "\n".join([translate("RegisterPage", "%d problem(s) found:") % len(findings)]
                             + [str(f) for f in findings])

        self._verify(work)

    def _verify(self, work: Any) -> None:
        self.report.setPlainText(self.tr("Verifying…"))
        self.verify_one.setEnabled(False)
        self.verify_all.setEnabled(False)

        def done(text: str) -> None:
            self.verify_one.setEnabled(True)
            self.verify_all.setEnabled(True)
            self._say(text)
            self.verified.emit(text)

        def failed(exc: BaseException) -> None:
            done(self.tr("Could not verify: %s") % exc)

        worker.start(work, done, failed)

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
        self.report.setPlainText(text)
        announce(self.report, text)
