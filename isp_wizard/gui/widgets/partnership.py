"""The partnership register in the app: its settings (server, database, user, CA, "Test
connection") and, on the Register page, how many records are not yet sent, sending them in the
background with progress, and what the shared register shows this login.

Offline work never waits for the server: every server call runs off the window's thread, and a
server that is down, a wrong password, a TLS failure or a newer server gives one plain sentence.
No password is ever saved: libpq's pgpass or service file supplies it, or the user is asked and
the answer is kept in memory for this session only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import worker
from isp_wizard.gui.framework import Heading
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import announce, button, label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.store.postgres_register import ServerConnection

_passwords: dict[str, str] = {}  # asked this session, by server label; never written anywhere


def configured_server(ctx: AppContext) -> ServerConnection | None:
    from isp_wizard.store.postgres_register import ServerConnection

    server = ServerConnection.from_json(ctx.settings.partnership_register)
    return server if server.configured else None


def _open(server: ServerConnection) -> Any:
    from isp_wizard.store.postgres_register import PostgresRegister

    return PostgresRegister.open(server, password=_passwords.get(server.label))


def _ask_password(parent: QWidget, server: ServerConnection) -> bool:
    text, ok = QInputDialog.getText(
        parent, translate("PartnershipPanel", "Partnership register"),
        translate("PartnershipPanel", "Password for %s (kept only until the app closes):")
        % server.label,
        QLineEdit.EchoMode.Password)
    if ok and text:
        _passwords[server.label] = text
    return bool(ok and text)


class PartnershipSettings(QWidget):
    """Settings → Partnership register."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(Heading(self.tr("Partnership register"), 2))
        col.addWidget(label(self.tr("Records are always filed on this computer first; when the "
                                    "partnership's server is set here and can be reached, they "
                                    "are sent to it. No password is saved.")))
        form = QFormLayout()
        self.host = self._field("partnershipHost", self.tr("Server"),
                                self.tr("register.partnership.example"))
        self.port = QSpinBox()
        self.port.setObjectName("partnershipPort")
        self.port.setRange(1, 65535)
        self.port.setAccessibleName(self.tr("Port"))
        if (editor := self.port.findChild(QLineEdit)) is not None:
            editor.setAccessibleName(self.tr("Port"))
        self.dbname = self._field("partnershipDatabase", self.tr("Database"), "isp_register")
        self.user = self._field("partnershipUser", self.tr("User"), "")
        self.ca = self._field("partnershipCA", self.tr("Partnership CA certificate"),
                              self.tr("The CA file IT gave you (.pem)"))
        self.ca_browse = button(self.tr("Choose…"), self.tr("Choose the CA certificate"))
        self.ca_browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(self.ca_browse)
        for text, widget in ((self.tr("Server"), self.host), (self.tr("Port"), self.port),
                             (self.tr("Database"), self.dbname), (self.tr("User"), self.user)):
            form.addRow(text, widget)
        form.addRow(self.tr("Partnership CA"), ca_row)
        col.addLayout(form)
        self.test_button = button(self.tr("&Test connection"), self.tr("Test connection"))
        self.test_button.setObjectName("partnershipTest")
        self.test_button.clicked.connect(self.test_connection)
        self.result = label("", "muted")
        self.result.setObjectName("partnershipResult")
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.result, 1)
        col.addLayout(row)

    def _field(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("The partnership's CA"),
                                                self.ca.text() or str(Path.home()),
                                                self.tr("Certificates (*.pem *.crt)"))
        if chosen:
            self.ca.setText(chosen)

    def refresh(self) -> None:
        from isp_wizard.store.postgres_register import ServerConnection

        server = ServerConnection.from_json(self.ctx.settings.partnership_register)
        self.host.setText(server.host)
        self.port.setValue(server.port)
        self.dbname.setText(server.dbname)
        self.user.setText(server.user)
        self.ca.setText(server.sslrootcert)
        self.result.clear()

    def server(self) -> ServerConnection:
        from dataclasses import replace

        from isp_wizard.store.postgres_register import ServerConnection

        saved = ServerConnection.from_json(self.ctx.settings.partnership_register)
        return replace(saved, host=self.host.text().strip(), port=self.port.value(),
                       dbname=self.dbname.text().strip(), user=self.user.text().strip(),
                       sslrootcert=self.ca.text().strip())

    def apply(self) -> None:
        """Put the fields into the settings (the page saves them)."""
        server = self.server()
        self.ctx.settings.partnership_register = server.to_json() if server.configured else {}

    def test_connection(self) -> None:
        server = self.server()
        if not server.configured:
            self._say(self.tr("Give the server and the database first."))
            return
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting…"))

        def work() -> str:
            from isp_wizard.services.sync import describe_server as describe

            reg = _open(server)
            try:
                return describe(reg)
            finally:
                reg.close()

        def done(text: str) -> None:
            self.test_button.setEnabled(True)
            self._say(text)

        def failed(exc: BaseException) -> None:
            from isp_wizard.errors import ServerLoginError

            self.test_button.setEnabled(True)
            if isinstance(exc, ServerLoginError) and server.label not in _passwords and \
                    _ask_password(self, server):
                self.test_connection()
                return
            _passwords.pop(server.label, None)
            self._say(str(exc))

        self.job = worker.start(work, done, failed)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        announce(self.result, text)


class _Progress(QObject):
    step = Signal(int, int)


class PartnershipPanel(QWidget):
    """On the Register page: records not yet sent, sending them, and the shared view."""

    view_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Any = None
        self.fetch_job: Any = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.pending = label("", "muted")
        self.pending.setObjectName("partnershipPending")
        self.progress = QProgressBar()
        self.progress.setObjectName("partnershipProgress")
        self.progress.setAccessibleName(self.tr("Sending to the partnership register"))
        self.progress.hide()
        self.send_button: QPushButton = button(self.tr("Send &now"),
                                               self.tr("Send to the partnership register"))
        self.send_button.setObjectName("partnershipSend")
        self.send_button.clicked.connect(self.send)
        self.shared = QCheckBox(self.tr("Show the partnership register"))
        self.shared.setObjectName("partnershipShared")
        self.shared.setAccessibleName(self.tr("Show the partnership register"))
        self.shared.setAccessibleDescription(self.tr(
            "The records this login may see in the shared register, instead of this computer's"))
        self.shared.toggled.connect(lambda _on: self.view_changed.emit())
        row.addWidget(self.pending, 1)
        row.addWidget(self.progress)
        row.addWidget(self.shared)
        row.addWidget(self.send_button)
        self._signals = _Progress()
        self._signals.step.connect(self._step)

    def refresh(self) -> None:
        """Count what is not yet sent (offline, from the laptop's own register)."""
        server = configured_server(self.ctx)
        self.setVisible(server is not None and not self.ctx.training)
        if server is None or self.ctx.training:
            return
        from isp_wizard.errors import WizardError
        from isp_wizard.services.sync import not_yet_sent
        from isp_wizard.store.register import open_register

        path = self.ctx.where.register_path
        try:
            count = 0
            if path.exists():
                with open_register(path, create=False) as local:
                    count = not_yet_sent(local)  # type: ignore[arg-type]
        except WizardError as exc:
            self._say(str(exc))
            return
        if count == 0:
            self._say(self.tr("All records have been sent to the partnership register."))
        elif count == 1:
            self._say(self.tr("1 record not yet sent to the partnership register."))
        else:
            self._say(self.tr("%d records not yet sent to the partnership register.") % count)
        self.send_button.setEnabled(self.job is None)

    def send(self) -> None:
        """Send in the background; the page stays usable and filing goes on meanwhile."""
        server = configured_server(self.ctx)
        if server is None or self.job is not None or self.ctx.training:
            return
        where, roots, signals = self.ctx.where, self.ctx.trust_roots(), self._signals
        self.send_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()

        def work() -> str:
            from isp_wizard.services.sync import describe_server as describe
            from isp_wizard.services.sync import sync_register
            from isp_wizard.store.register import open_register

            if not where.register_path.exists():
                return ""
            with open_register(where.register_path, create=False) as local:
                reg = _open(server)
                try:
                    result = sync_register(local, where.records_dir, reg,  # type: ignore[arg-type]
                                           trust_roots=roots,
                                           progress=lambda d, t: signals.step.emit(d, t))
                    shown = describe(reg)
                finally:
                    reg.close()
            if result.problems:
                return _tr_problems(result.problems)
            return shown

        self.job = worker.start(work, self._done, self._failed)

    def showing_shared(self) -> bool:
        return not self.isHidden() and self.shared.isChecked() and \
            configured_server(self.ctx) is not None

    def fetch_shared(self, filters: Any, show: Any) -> None:
        """The shared register's records for ``filters``, read off the window's thread and
        handed to ``show``; the server being away is said, and the list left empty."""
        server = configured_server(self.ctx)
        if server is None:
            return

        def work() -> list[Any]:
            reg = _open(server)
            try:
                return list(reg.records(filters))
            finally:
                reg.close()

        def failed(exc: BaseException) -> None:
            self.fetch_job = None
            show([])
            self._say(f"{self.tr('The partnership register cannot be shown:')} {exc}")

        def done(entries: list[Any]) -> None:
            self.fetch_job = None
            show(entries)

        self.fetch_job = worker.start(work, done, failed)

    def _step(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.pending.setText(self.tr("Sending… %1 of %2").replace("%1", f"{done:,}")
                             .replace("%2", f"{total:,}"))

    def _done(self, text: str) -> None:
        self.job = None
        self.progress.hide()
        self.refresh()
        if text:
            self._say(f"{self.pending.text()} {text}")

    def _failed(self, exc: BaseException) -> None:
        from isp_wizard.errors import ServerLoginError

        self.job = None
        self.progress.hide()
        server = configured_server(self.ctx)
        if isinstance(exc, ServerLoginError) and server is not None and \
                server.label not in _passwords and _ask_password(self, server):
            self.send()
            return
        if server is not None:
            _passwords.pop(server.label, None)
        self.refresh()
        self._say(f"{self.pending.text()} {exc}")

    def _say(self, text: str) -> None:
        self.pending.setText(text)
        announce(self.pending, text)


def _tr_problems(problems: list[str]) -> str:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"Not sent: {first}{more}; run 'isp-wizard register verify'."
