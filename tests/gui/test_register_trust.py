"""The register page's record check: untrusted is not "holds"."""

from __future__ import annotations

from gui_driving import file_record
from PySide6.QtCore import Qt


def test_verify_selected_says_not_trusted_until_the_signer_is_trusted(qtbot, window, identity,  # type: ignore[no-untyped-def]
                                                                      monkeypatch) -> None:
    file_record(window, "TRUST-1", {"emergency": "yes"})
    window.show_page("register")
    page = window.pages["register"]
    page.table.selectRow(0)
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
    said = blocker.args[0]
    assert said.startswith("TRUST-1: NOT TRUSTED — intact, but signed by Sam Patel")
    assert "Result: NOT TRUSTED" in said and "the record holds" not in said

    monkeypatch.setattr(window.ctx, "trust_roots", lambda: [identity.with_suffix(".pem")])
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
    assert "NOT TRUSTED" not in blocker.args[0]
    assert blocker.args[0].startswith("TRUST-1: the record holds")
    assert "Result: the record holds" in blocker.args[0]
