"""From Home to a signed PDF by clicking and typing, checked with ``verify`` and the register."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_driving import PASSPHRASE, ROOT, answer_all, fill_details, sign, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from isp_wizard.rulepack import load_pack

SHIPPED = ROOT / "rules"


def _first_scenarios() -> list[tuple[str, str]]:
    pack = load_pack(SHIPPED)
    found = {}
    for group in pack.scenario_sets:
        if group.tree in pack.trees and group.tree not in found:
            scenario = next((s for s in group.scenarios
                             if _reaches_a_decision(pack, group.tree, s)), None)
            if scenario is not None:
                found[group.tree] = scenario.name
    return sorted(found.items())


def _reaches_a_decision(pack, tree_id, scenario) -> bool:  # type: ignore[no-untyped-def]
    node = pack.trees[tree_id].nodes.get(scenario.expected)
    return node is not None and getattr(node, "decision", None) is not None


def _check_record(finished, window, case: str) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.record.verify import verify_record
    from isp_wizard.store.register import open_register

    report = verify_record(finished.pdf_path, trust_roots=[])
    assert report.ok, report.all_problems
    assert report.record.case_reference == case
    with open_register(window.ctx.register_path, create=False) as register:
        entry = register.get(finished.record.record_id)
        assert entry is not None and entry.case_reference == case
        assert not register.verify(window.ctx.records_dir)


@pytest.mark.slow
@pytest.mark.parametrize(("tree_id", "scenario_name"), _first_scenarios())
def test_each_shipped_tree_to_a_signed_pdf(qtbot, make_window, identity, tree_id: str,
                                           scenario_name: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    pack = window.ctx.pack
    scenario = next(s for s in pack.scenarios_for(tree_id) if s.name == scenario_name)
    start(qtbot, window, tree_id)
    answer_all(qtbot, window, dict(scenario.answers))
    assert window.current_key() == "review"
    outcome = window.walk.session.outcome()
    assert outcome.node_id == scenario.expected
    fill_details(qtbot, window, f"CASE-{tree_id}")
    finished = sign(qtbot, window, PASSPHRASE)
    _check_record(finished, window, f"CASE-{tree_id}")
    assert outcome.decision == finished.record.decision
    qtbot.mouseClick(window.pages["sign"].another_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "home"
    assert window.ctx.drafts().list() == []  # the signed walk's draft is gone
    assert f"CASE-{tree_id}" in window.home.records_box.itemAt(0).widget().text()


def test_demo_walk_to_a_signed_pdf(qtbot, window, identity) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "no", "purpose": "yes", "what": "a phone number"})
    fill_details(qtbot, window, "DEMO-1")
    page = window.pages["sign"]
    assert "Sam Patel" in page.signer_text.text()
    finished = sign(qtbot, window, PASSPHRASE)
    _check_record(finished, window, "DEMO-1")
    assert finished.record.details.review_date.isoformat() == "2027-01-31"
    assert page.views.currentWidget() is page.done_view
    window.close()  # closing after signing leaves no draft behind
    assert window.ctx.drafts().list() == []


def test_wrong_passphrase_says_so_and_lets_you_try_again(qtbot, window, identity) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "yes"})
    fill_details(qtbot, window, "DEMO-2")
    page = window.pages["sign"]
    qtbot.keyClicks(page.passphrase, "not the passphrase")
    with qtbot.waitSignal(page.failed, timeout=60_000) as blocker:
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        # the work runs in a worker thread: the window shows it is busy and stays responsive
        assert page.busy_bar.isVisible() and not page.views.isEnabled()
    assert not page.busy_bar.isVisible() and page.views.isEnabled()
    assert "passphrase does not open" in blocker.args[0]
    assert page.error.isVisible() and page.passphrase.text() == ""
    assert not window.ctx.register_path.exists() or not window.ctx.register().records()
    finished = sign(qtbot, window, PASSPHRASE)
    _check_record(finished, window, "DEMO-2")


def test_first_use_creates_an_identity_then_signs(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "yes"})
    fill_details(qtbot, window, "DEMO-3")
    page = window.pages["sign"]
    assert page.views.currentWidget() is page.identity_view
    qtbot.keyClicks(page.id_name, "Alex Jones")
    qtbot.keyClicks(page.id_role, "Anti-social Behaviour Officer")
    qtbot.keyClicks(page.id_org, "Example Council")
    qtbot.keyClicks(page.id_pass, "a long passphrase")
    qtbot.keyClicks(page.id_pass2, "a different one!")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.error_summary.messages() == [
        "Type the passphrase again: The two passphrases are not the same. Type them again."]
    page.id_pass2.clear()
    qtbot.keyClicks(page.id_pass2, "a long passphrase")
    with qtbot.waitSignal(page.identity_ready, timeout=60_000):
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.views.currentWidget() is page.sign_view
    assert "Alex Jones" in page.signer_text.text()
    # the passphrase was just typed twice: it is not asked for a third time
    assert page.passphrase.text() == "a long passphrase"
    assert page.initial_focus() is page.sign_button
    with qtbot.waitSignal(page.signed, timeout=60_000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    finished = blocker.args[0]
    _check_record(finished, window, "DEMO-3")
    assert finished.record.practitioner.name == "Alex Jones"


def test_identity_mistakes_are_said_beside_their_fields_and_linked_from_the_summary(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "yes"})
    fill_details(qtbot, window, "DEMO-4")
    page = window.pages["sign"]
    qtbot.keyClicks(page.id_role, "Anti-social Behaviour Officer")
    qtbot.keyClicks(page.id_pass, "short")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    beside = {editor.objectName(): error.text() for editor, _text, error in page.id_fields
              if error.isVisible()}
    assert beside == {"identityName": "Enter your full name.",
                      "identityOrganisation": "Enter your organisation.",
                      "identityPassphrase": "Choose a passphrase of at least 8 characters."}
    for editor, _text, error in page.id_fields:  # read with the field by screen readers
        assert editor.accessibleDescription() == (error.text() if error.isVisible() else "")
    assert page.error_summary.messages() == [
        "Your full name: Enter your full name.",
        "Your organisation: Enter your organisation.",
        "Choose a passphrase (at least 8 characters): Choose a passphrase of at least 8 "
        "characters."]
    first = page.error_summary.links[0]
    assert QApplication.focusWidget() is first
    qtbot.keyClick(first, Qt.Key.Key_Return)  # the link takes the keyboard to its field
    assert QApplication.focusWidget() is page.id_name
    qtbot.keyClicks(page.id_name, "Alex Jones")
    qtbot.keyClicks(page.id_org, "Example Council")
    qtbot.keyClicks(page.id_pass, " and longer")
    qtbot.keyClicks(page.id_pass2, "short and longer")
    with qtbot.waitSignal(page.identity_ready, timeout=60_000):
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert not any(error.isVisible() for _e, _t, error in page.id_fields)
    assert page.error_summary.isHidden()


def test_first_use_can_import_an_organisation_p12(qtbot, window, tmp_path: Path,
                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.record.identity import create_identity

    issued = tmp_path / "issued" / "jo.p12"
    issued.parent.mkdir()
    create_identity(issued, name="Jo Smith", role="Prevent Lead", organisation="Example Police",
                    passphrase="issued passphrase")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(issued), ""))
    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "yes"})
    fill_details(qtbot, window, "DEMO-4")
    page = window.pages["sign"]
    qtbot.keyClicks(page.id_pass, "issued passphrase")
    with qtbot.waitSignal(page.identity_ready, timeout=60_000):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "Jo Smith" in page.signer_text.text()


def test_signing_race_navigation_is_off_and_only_the_signed_walks_draft_goes(
        qtbot, window, identity) -> None:  # type: ignore[no-untyped-def]
    """While a record signs, Home and a new walk are out of reach; and whatever walk is on
    screen when the signature lands, only the signed walk's draft is removed."""
    from isp_wizard.engine.session import Session
    from isp_wizard.gui.walk_state import WalkState

    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "no", "purpose": "yes", "what": "a phone number"})
    fill_details(qtbot, window, "RACE-1")
    signed_walk = window.walk
    signed_draft = signed_walk.draft_id
    drafts = window.ctx.drafts()
    assert signed_draft in {d.draft_id for d in drafts.list(window.ctx.pack)}
    page = window.pages["sign"]
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    with qtbot.waitSignal(page.signed, timeout=60_000):
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        # the record is being built and signed in the background now
        assert window.busy.running
        assert not any(nav.isEnabled() for nav in window.nav_buttons.values())
        qtbot.mouseClick(window.nav_buttons["home"], Qt.MouseButton.LeftButton)
        window.show_page("home")
        window.start_tree("demo")
        assert window.current_key() == "sign" and window.walk is signed_walk
        # even if another walk were on screen by now, it keeps its draft
        other = WalkState(window.ctx, Session(window.ctx.pack.trees["demo"],
                                              window.ctx.pack.partners))
        other.autosave()
        window.walk = other
    qtbot.waitUntil(lambda: not window.busy.running)
    left = {d.draft_id for d in drafts.list(window.ctx.pack)}
    assert signed_draft not in left, "the signed walk's draft is gone: it cannot be signed twice"
    assert other.draft_id in left, "the walk begun meanwhile keeps its draft"
    assert window.walk is other
    assert all(nav.isEnabled() for nav in window.nav_buttons.values())
    window.show_page("home")
    assert window.current_key() == "home"
    assert window.home.resume_button(other.draft_id) is not None
    assert window.home.findChild(QPushButton, f"resume-{signed_draft}") is None


def test_signing_with_a_tsa_time_stamps_and_a_slow_one_leaves_it_pending(
        qtbot, make_window, demo_rules, identity, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from tsa import start_tsa

    from isp_wizard.record.ltv import level_of

    server = start_tsa(tmp_path / "tsa")
    try:
        for mode, expected in (("ok", "Time-stamped for long-term validation (PAdES B-LT)"),
                               ("slow", "Time-stamp pending: the time-stamping authority")):
            server.mode, server.delay = mode, 4.0
            window = make_window()
            window.ctx.settings.timestamp_url = server.url
            window.ctx.settings.timestamp_timeout_s = 1
            window.ctx.settings.trust_anchors = [str(server.root_pem)]
            start(qtbot, window, "demo")
            answer_all(qtbot, window, {"emergency": "no", "purpose": "yes",
                                       "what": "a phone number"})
            fill_details(qtbot, window, f"TSA-{mode}")
            finished = sign(qtbot, window, PASSPHRASE)
            assert expected in window.pages["sign"].done_text.text()
            _check_record(finished, window, f"TSA-{mode}")  # the register holds either way
            assert level_of(finished.pdf_path.read_bytes()) == \
                ("B-LT" if mode == "ok" else "B-B")
            window.close()
    finally:
        server.stop()


def test_an_identity_expiring_soon_is_warned_about(qtbot, window, identity,
                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from isp_wizard.record import identity as identities

    start(qtbot, window, "demo")
    answer_all(qtbot, window, {"emergency": "no", "purpose": "yes", "what": "a phone number"})
    fill_details(qtbot, window, "EXPIRY-1")
    page = window.pages["sign"]
    assert "expires" not in page.signer_text.text()
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    monkeypatch.setattr(identities, "certificate_expiry", lambda path: soon)
    page.show_identity_or_sign()
    assert f"expires on {soon:%d/%m/%Y}" in page.signer_text.text()
