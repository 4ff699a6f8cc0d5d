"""Sign: who will sign, the passphrase, then the record built and signed in the background.

First use without an identity leads through creating one, or importing the .p12 file an
organisation issued.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import worker
from isp_wizard.gui.framework import Busy, FieldError, Heading, WalkPage, ensure_visible, settle
from isp_wizard.gui.widgets.common import announce, button, card, label, vertical_scroll
from isp_wizard.gui.words import decision_label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack


class ScrollingViews(QStackedWidget):
    """Views shown one at a time, each scrolling on its own: at 200 % text the identity form
    is taller than a 720-pixel screen, and it scrolls rather than forcing the window taller
    (a stack asks for the tallest of its views; a scroll area asks for little)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._areas: dict[int, QScrollArea] = {}

    def add_view(self, view: QWidget) -> None:
        area = vertical_scroll(view)
        self._areas[id(view)] = area
        self.addWidget(area)

    def currentWidget(self) -> QWidget:
        area = super().currentWidget()
        inner = area.widget() if isinstance(area, QScrollArea) else None
        return inner if inner is not None else area  # type: ignore[return-value]

    def setCurrentWidget(self, view: QWidget) -> None:
        super().setCurrentWidget(self._areas.get(id(view), view))


class SignPage(WalkPage):
    key = "sign"
    back = Signal()
    start_another = Signal()
    signed = Signal(object, object)  # the FinishedRecord, and the walk that was signed
    failed = Signal(str)         # what went wrong, in words
    identity_ready = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("signPage")
        self.ctx: AppContext = ctx
        self.busy: Busy | None = None  # the window's: navigation is off while a job runs
        self.walk: WalkState | None = None
        self.pack: RulePack | None = None
        self.finished: Any = None
        self.views = ScrollingViews()
        self.identity_view = self._identity_view()
        self.sign_view = self._sign_view()
        self.done_view = self._done_view()
        for view in (self.identity_view, self.sign_view, self.done_view):
            self.views.add_view(view)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.hide()
        self.busy_text = label("", "muted")
        self.busy_text.hide()
        self.error = label("", "error")
        self.error.setObjectName("signError")
        self.error.hide()
        outer = QVBoxLayout(self)
        outer.addWidget(self.title(self.tr("Sign and save the record")))
        outer.addWidget(self.error)
        outer.addWidget(self.views, 1)
        outer.addWidget(self.busy_text)
        outer.addWidget(self.busy_bar)

    # --- the three views ---------------------------------------------------------------------

    def _identity_view(self) -> QWidget:
        view = QWidget()
        box = QVBoxLayout(view)
        box.addWidget(Heading(self.tr("First, your signing identity"), 2))
        box.addWidget(label(self.tr(
            "Records are signed so anyone can check later that they have not been changed. "
            "Create your identity once: your name, job title and organisation, protected by a "
            "passphrase only you know. If your organisation gave you a .p12 file, import it "
            "instead.")))
        form = QVBoxLayout()
        self.id_name, self.id_role, self.id_org = QLineEdit(), QLineEdit(), QLineEdit()
        self.id_pass, self.id_pass2 = QLineEdit(), QLineEdit()
        for editor in (self.id_pass, self.id_pass2):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        fields = ((self.id_name, self.tr("Your full name")),
                  (self.id_role, self.tr("Your job title")),
                  (self.id_org, self.tr("Your organisation")),
                  (self.id_pass, self.tr("Choose a passphrase (at least 8 characters)")),
                  (self.id_pass2, self.tr("Type the passphrase again")))
        # each mistake is said beside its field (and read with it), and listed above the
        # form as a link to the field
        box.addWidget(self.summary_of_errors(self.tr("There is a problem")))
        self.id_fields: list[tuple[QLineEdit, str, QLabel]] = []
        for editor, text in fields:
            editor.setAccessibleName(text)
            caption = label(text)
            caption.setBuddy(editor)
            error = label("", "error")
            error.hide()
            form.addWidget(caption)
            form.addWidget(error)
            form.addWidget(editor)
            self.id_fields.append((editor, text, error))
        self.id_name.setObjectName("identityName")
        self.id_role.setObjectName("identityRole")
        self.id_org.setObjectName("identityOrganisation")
        self.id_pass.setObjectName("identityPassphrase")
        self.id_pass2.setObjectName("identityPassphraseAgain")
        box.addLayout(form)
        row = QHBoxLayout()
        self.id_back = button(self.tr("&Back"), self.tr("Back"))
        self.id_back.clicked.connect(self.back.emit)
        self.import_button = button(self.tr("&Import a .p12 file…"),
                                    self.tr("Import a .p12 file"),
                                    description=self.tr("Use the identity file your "
                                                        "organisation issued; type its "
                                                        "passphrase above first"))
        self.import_button.clicked.connect(self.import_identity)
        self.create_button = button(self.tr("&Create my identity"),
                                    self.tr("Create my identity"), primary=True)
        self.create_button.clicked.connect(self.create_identity)
        row.addWidget(self.id_back)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(self.create_button)
        box.addLayout(row)
        box.addStretch(1)
        return view

    def _sign_view(self) -> QWidget:
        view = QWidget()
        box = QVBoxLayout(view)
        self.signer = card()
        signer_box = QVBoxLayout(self.signer)
        signer_box.addWidget(Heading(self.tr("This record will be signed by"), 2))
        self.signer_text = label("", selectable=True)
        self.signer_text.setObjectName("signerText")
        signer_box.addWidget(self.signer_text)
        box.addWidget(self.signer)
        self.record_summary = label("")
        box.addWidget(self.record_summary)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Your passphrase"))
        self.passphrase.returnPressed.connect(self.sign)
        caption = label(self.tr("Your passphrase"))
        caption.setBuddy(self.passphrase)
        box.addWidget(caption)
        box.addWidget(self.passphrase)
        box.addWidget(label(self.tr("The passphrase unlocks your signing key for this record "
                                    "only; it is not stored."), "muted"))
        row = QHBoxLayout()
        self.sign_back = button(self.tr("&Back"), self.tr("Back"))
        self.sign_back.clicked.connect(self.back.emit)
        self.sign_button = button(self.tr("&Sign and save"), self.tr("Sign and save"),
                                  primary=True)
        self.sign_button.clicked.connect(self.sign)
        row.addWidget(self.sign_back)
        row.addStretch(1)
        row.addWidget(self.sign_button)
        box.addLayout(row)
        box.addStretch(1)
        return view

    def _done_view(self) -> QWidget:
        view = QWidget()
        box = QVBoxLayout(view)
        self.done_heading = Heading(self.tr("The record is signed and saved"), 2)
        self.done_text = label("", selectable=True)
        self.done_text.setObjectName("doneText")
        self.next_steps = label(self.tr(
            "What to do now: share (or do not share) as decided, keeping to any conditions on "
            "the record; keep the signed PDF with the case file; and look again at the decision "
            "by its review date. Anyone can check the PDF has not been changed with 'Verify' "
            "on the Register page."))
        self.next_steps.setObjectName("nextSteps")
        self.open_problem = label("", "error")
        self.open_problem.hide()
        box.addWidget(self.done_heading)
        box.addWidget(self.next_steps)
        box.addWidget(self.done_text)
        box.addWidget(self.open_problem)
        row = QHBoxLayout()
        self.open_button = button(self.tr("&Open PDF"), self.tr("Open PDF"))
        self.folder_button = button(self.tr("Show in &folder"), self.tr("Show in folder"))
        self.another_button = button(self.tr("Start &another"), self.tr("Start another"),
                                     primary=True)
        self.open_button.clicked.connect(self.open_pdf)
        self.folder_button.clicked.connect(self.show_folder)
        self.another_button.clicked.connect(self.start_another.emit)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(self.another_button)
        box.addLayout(row)
        box.addStretch(1)
        return view

    # --- showing -----------------------------------------------------------------------------

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        self.walk, self.pack = walk, pack
        self.finished = None
        self.error.hide()
        self.passphrase.clear()
        outcome = walk.session.outcome()
        case = str(walk.details.get("case_reference", ""))
        decision = outcome.decision if outcome else ""
        self.record_summary.setText(self.tr("Case %1: %2 (%3).").replace("%1", case)
                                    .replace("%2", decision_label(decision) if decision else "")
                                    .replace("%3", walk.tree_title))
        if self.ctx.training:
            self.record_summary.setText(self.record_summary.text() + " " + self.tr(
                "Training mode: the record is marked as training and kept apart."))
        self.show_identity_or_sign()

    def show_identity_or_sign(self) -> None:
        from isp_wizard.record.identity import identity_summary

        who = identity_summary(self.ctx.where.identity_path)
        if who is None:
            self.views.setCurrentWidget(self.identity_view)
        else:
            self.signer_text.setText(f"{who.name}\n{who.role}, {who.organisation}"
                                     + self._expiry_text())
            self.views.setCurrentWidget(self.sign_view)

    def _expiry_text(self) -> str:
        """A line warning that the identity expires within 60 days (empty otherwise)."""
        import datetime as dt

        from isp_wizard.record.identity import expires_soon

        now = dt.datetime.now(dt.UTC)
        expiry = expires_soon(self.ctx.where.identity_path, now)
        if expiry is None:
            return ""
        if expiry <= now:
            text = self.tr("Your signing identity expired on %1: ask your information "
                           "governance lead for a new one.")
        else:
            text = self.tr("Your signing identity expires on %1: ask your information "
                           "governance lead for a new one before then.")
        return "\n" + text.replace("%1", expiry.strftime("%d/%m/%Y"))

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.busy = host.busy
        self.back.connect(lambda: host.show_walk_page("details"))
        self.start_another.connect(host.finish_and_go_home)
        self.signed.connect(host._walk_signed)

    def primary_action(self) -> QPushButton:
        view = self.views.currentWidget()
        return {id(self.identity_view): self.create_button, id(self.sign_view): self.sign_button,
                id(self.done_view): self.another_button}[id(view)]

    def initial_focus(self) -> QWidget:
        view = self.views.currentWidget()
        if view is self.identity_view:
            return self.id_name
        if view is self.sign_view and not self.passphrase.text():
            return self.passphrase
        return self.primary_action()

    def focus_start(self) -> None:
        target = self.initial_focus()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        settle(lambda: ensure_visible(target))

    # --- identity ----------------------------------------------------------------------------

    def identity_problems(self) -> dict[QLineEdit, str]:
        """What to correct in the identity form, field by field."""
        found: dict[QLineEdit, str] = {}
        for editor, message in ((self.id_name, self.tr("Enter your full name.")),
                                (self.id_role, self.tr("Enter your job title.")),
                                (self.id_org, self.tr("Enter your organisation."))):
            if not editor.text().strip():
                found[editor] = message
        if len(self.id_pass.text()) < 8:
            found[self.id_pass] = self.tr("Choose a passphrase of at least 8 characters.")
        elif self.id_pass.text() != self.id_pass2.text():
            found[self.id_pass2] = self.tr("The two passphrases are not the same. Type them "
                                           "again.")
        return found

    def show_identity_errors(self, found: dict[QLineEdit, str]) -> None:
        """Each message beside its field and in its accessible description; the summary
        above lists them as links, and the keyboard goes to its first."""
        self.error.hide()
        for editor, _text, error in self.id_fields:
            message = found.get(editor, "")
            error.setText(message)
            error.setVisible(bool(message))
            editor.setAccessibleDescription(message)
        self.show_errors([FieldError(editor, text, found[editor])
                          for editor, text, _error in self.id_fields if editor in found])

    def create_identity(self) -> None:
        name, role, org = (e.text().strip() for e in (self.id_name, self.id_role, self.id_org))
        passphrase = self.id_pass.text()
        found = self.identity_problems()
        self.show_identity_errors(found)
        if found:
            return
        from isp_wizard.record.identity import create_identity

        path = self.ctx.where.identity_path
        self._run(lambda: create_identity(path, name=name, role=role, organisation=org,
                                          passphrase=passphrase),
                  self.tr("Creating your signing identity…"), self._identity_made)

    def import_identity(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import your identity file"), str(Path.home()),
            self.tr("Identity files (*.p12 *.pfx)"))
        if not chosen:
            return
        passphrase = self.id_pass.text()
        found = {} if passphrase else {self.id_pass: self.tr(
            "Type the passphrase of the file first, in the passphrase box.")}
        self.show_identity_errors(found)
        if found:
            return
        from isp_wizard.record.identity import import_identity

        dest = self.ctx.where.identity_path
        self._run(lambda: import_identity(Path(chosen), dest, passphrase),
                  self.tr("Checking and importing your identity…"), self._identity_made)

    def _identity_made(self, _practitioner: object) -> None:
        chosen = self.id_pass.text()
        for editor in (self.id_pass, self.id_pass2):
            editor.clear()
        self.passphrase.setText(chosen)  # just typed twice: not asked for a third time
        self.show_identity_or_sign()
        self.identity_ready.emit()
        self.focus_start()

    # --- signing -----------------------------------------------------------------------------

    def sign(self) -> None:
        assert self.walk is not None and self.pack is not None
        passphrase = self.passphrase.text()
        if not passphrase:
            self.show_error(self.tr("Type your passphrase to sign."), self.passphrase)
            return
        from isp_wizard.gui.details_fields import to_details
        from isp_wizard.services.finish import finish_walk

        details = to_details(self.walk.details)
        walk, session, pack, ctx = self.walk, self.walk.session, self.pack, self.ctx
        def work() -> Any:
            finished = finish_walk(session, pack, details,
                                   identity_path=ctx.where.identity_path,
                                   passphrase=passphrase, training=ctx.training,
                                   locations=ctx.where,
                                   require_approved=ctx.settings.require_approved_rules)
            return finished, _timestamp(ctx, finished.pdf_path)

        self._run(work, self.tr("Building and signing the record…"),
                  lambda done: self._signed(done[0], walk, done[1]))

    def _signed(self, finished: Any, walk: Any = None, stamped: Any = None) -> None:
        self.passphrase.clear()
        self.finished = finished
        text = (self.tr("Record %1\nSaved as %2\nIn the register as entry %3.")
                .replace("%1", finished.record.record_id)
                .replace("%2", str(finished.pdf_path))
                .replace("%3", finished.entry.entry_hash[:12]))
        if stamped is not None and stamped.level:
            text += "\n" + self.tr("Time-stamped for long-term validation (PAdES %1).").replace(
                "%1", stamped.level)
        elif stamped is not None and stamped.pending:
            text += "\n" + self.tr("Time-stamp pending: %1. It is added later (at the next "
                                    "sync, or 'isp-wizard records upgrade'); the record is "
                                    "signed and filed.").replace("%1", stamped.pending)
        self.done_text.setText(text)
        self.views.setCurrentWidget(self.done_view)
        announce(self.done_heading, self.done_heading.text())
        self.focus_start()
        self.signed.emit(finished, walk if walk is not None else self.walk)

    def open_pdf(self) -> None:
        if self.finished is not None:
            self._open(self.finished.pdf_path)

    def show_folder(self) -> None:
        if self.finished is not None:
            self._open(self.finished.pdf_path.parent)

    def _open(self, path: Path) -> None:
        """Open with the system's viewer; without one, say so and where the file is."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.open_problem.hide()
            return
        text = self.tr("No program on this computer opened it. The file is at: %s") % path
        self.open_problem.setText(text)
        self.open_problem.show()
        announce(self.open_problem, text, assertive=True)

    # --- busy and errors ---------------------------------------------------------------------

    def _run(self, work: Any, busy_text: str, on_done: Any) -> None:
        self.error.hide()
        self._set_busy(True, busy_text)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        worker.start(work, done, self._failed)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        if self.busy is not None and busy:
            self.busy.start()
        elif self.busy is not None:
            self.busy.stop()
        self.busy_bar.setVisible(busy)
        self.busy_text.setVisible(busy)
        self.busy_text.setText(text)
        self.views.setEnabled(not busy)
        if busy:
            announce(self.busy_text, text)

    def _failed(self, exc: BaseException) -> None:
        from isp_wizard.errors import WizardError, WrongPassphraseError

        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError):
            message = self.tr("That passphrase does not open your identity. Try again; "
                              "passphrases are case-sensitive.")
        elif isinstance(exc, WizardError):
            message = str(exc)
        else:
            message = self.tr("Something went wrong: %s") % exc
        focus = self.passphrase if self.views.currentWidget() is self.sign_view else self.id_pass
        if focus is self.passphrase:
            self.passphrase.clear()
        self.show_error(message, focus)
        self.failed.emit(message)

    def show_error(self, message: str, focus: QWidget | None = None) -> None:
        """The message at the top, and on the field to correct (read with it by screen
        readers); the keyboard goes to that field."""
        self.error.setText(message)
        self.error.show()
        announce(self.error, message, assertive=True)
        for field in (self.id_name, self.id_role, self.id_org, self.id_pass, self.id_pass2,
                      self.passphrase):
            field.setAccessibleDescription(message if field is focus else "")
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            settle(lambda: ensure_visible(focus))


def _timestamp(ctx: Any, path: Path) -> Any:
    """Time-stamp the filed record when the settings name a TSA (``services.upgrade``); None
    without one. Signing never fails on it: a TSA that cannot be reached leaves it pending."""
    from isp_wizard.errors import WizardError
    from isp_wizard.record.ltv import TsaConfig, default_crl_paths
    from isp_wizard.services.upgrade import Upgraded, upgrade_record

    url = ctx.settings.timestamp_url
    if not url:
        return None
    tsa = TsaConfig(url, timeout=float(max(1, ctx.settings.timestamp_timeout_s)))
    try:
        return upgrade_record(path, tsa=tsa, where=ctx.where, trust_roots=ctx.trust_roots(),
                              crls=default_crl_paths(ctx.settings.crl_files,
                                                     ctx.where.rules_dir))
    except WizardError as exc:
        return Upgraded(path, pending=str(exc))
