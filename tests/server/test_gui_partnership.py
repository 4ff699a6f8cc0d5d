"""The partnership register in the real app window: Settings → Partnership register with "Test
connection" over TLS (verify-full against the partnership CA; the password from a pgpass file,
never saved), the Register page's "not yet sent" line, sending in the background, and a server
that cannot be reached said plainly while filing goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))

from gui_driving import DEMO_RULES, PASSPHRASE, answer_all, file_record, fill_details, sign, start
from pgcluster import free_port


@pytest.fixture
def window(qtbot, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, pg_db):  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.paths import locations
    from isp_wizard.record.identity import certificate_path, create_identity

    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(DEMO_RULES))
    passfile = isolated_home / "pgpass"
    passfile.write_text(f"localhost:{pg_db.cluster.port}:{pg_db.name}:council_user:"
                        "council-pw-1\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    identity = locations().identity_path
    create_identity(identity, name="Sam Patel", role="Community Safety Officer",
                    organisation="Example Council", passphrase=PASSPHRASE)
    ctx = AppContext()
    ctx.settings.trust_anchors = [str(certificate_path(identity))]  # the signer is trusted
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    if ctx.pack is None:
        with qtbot.waitSignal(win.pack_ready, timeout=10_000):
            pass
    return win


def test_settings_test_connection_then_the_register_page_sends_in_the_background(  # type: ignore[no-untyped-def]
        qtbot, window, pg_db, isolated_home: Path) -> None:
    window.show_page("settings")
    settings = window.pages["settings"]
    panel = settings.partnership
    panel.host.setText("localhost")
    panel.port.setValue(pg_db.cluster.port)
    panel.dbname.setText(pg_db.name)
    panel.user.setText("council_user")
    panel.ca.setText(str(pg_db.cluster.tls.ca_cert))
    qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "files for Borough Council" in panel.result.text(), timeout=20_000)
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    saved = next(isolated_home.rglob("settings.json")).read_text()
    assert "council-pw-1" not in saved and '"sslmode": "verify-full"' in saved

    for case in ("GUI-1", "GUI-2"):
        file_record(window, case, {"emergency": "yes"})
    window.show_page("register")  # entering the page sends what is not yet sent
    pending = window.pages["register"].partnership
    qtbot.waitUntil(lambda: "All records have been sent" in pending.pending.text(),
                    timeout=60_000)
    assert "it sees 2 records" in pending.pending.text()
    with pg_db.open("ig_auditor") as server:
        assert sorted(e.case_reference for e in server.records()) == ["GUI-1", "GUI-2"]
        assert server.verify(server.pdfs) == []

    start(qtbot, window, "demo")  # signed through the pages: sent as soon as it is filed
    answer_all(qtbot, window, {"emergency": "yes"})
    fill_details(qtbot, window, "GUI-S")
    sign(qtbot, window, PASSPHRASE)

    def on_server() -> bool:
        with pg_db.open("ig_auditor") as server:
            return "GUI-S" in {e.case_reference for e in server.records()}

    qtbot.waitUntil(on_server, timeout=60_000)

    from test_register_backends import make_entry, pdf_bytes

    with pg_db.open("council_other") as colleague:  # filed by a colleague on another laptop
        colleague.append(make_entry(5, case_reference="COLLEAGUE-5"), pdf_bytes(5))
    register = window.pages["register"]
    window.show_page("register")
    register.partnership.shared.setChecked(True)  # the shared register, this login's view
    qtbot.waitUntil(lambda: register.model.rowCount() == 4, timeout=20_000)
    assert "COLLEAGUE-5" in {e.case_reference for e in register.model.entries}
    register.partnership.shared.setChecked(False)  # back to this computer's register
    assert register.model.rowCount() == 3

    window.show_page("settings")  # the server goes away: one plain sentence, filing goes on
    panel.port.setValue(free_port())
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be reached" in panel.result.text(), timeout=20_000)
    file_record(window, "GUI-3", {"emergency": "yes"})
    window.show_page("register")
    qtbot.waitUntil(lambda: "cannot be reached" in pending.pending.text(), timeout=20_000)
    assert "1 record not yet sent" in pending.pending.text()
    assert window.pages["register"].model.rowCount() == 4  # filed here, and shown here
