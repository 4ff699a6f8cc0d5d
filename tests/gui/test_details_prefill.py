"""Details the walk established are already on the form; a changed one prints both on the
record, read back with pdftotext; a breach form asks for the breach's own facts."""

from __future__ import annotations

import subprocess

from gui_driving import PASSPHRASE, answer_all, sign, start
from PySide6.QtCore import Qt


def _scenario(pack, tree_id):  # type: ignore[no-untyped-def]
    """A scenario's answers that reach a share resting on a lawful basis and a Schedule 1
    paragraph, through a listed partner."""
    from isp_wizard.engine.walk import walk

    for scenario in pack.scenarios_for(tree_id):
        session = walk(pack.tree(tree_id), dict(scenario.answers), pack.partners)
        outcome = session.outcome()
        if outcome is not None and outcome.decision == "share" and outcome.grounds.schedule_1 \
                and any(v in pack.partners for v in scenario.answers.values()):
            return dict(scenario.answers)
    raise AssertionError("no scenario as the test needs")


def _open_details(qtbot, window):  # type: ignore[no-untyped-def]
    review = window.pages["review"]
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "details"):
        qtbot.mouseClick(review.record_button, Qt.MouseButton.LeftButton)
    return window.pages["details"]


def test_a_prefilled_value_changed_prints_both(qtbot, make_window, identity) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    pack = window.ctx.pack
    answers = _scenario(pack, "s115")
    start(qtbot, window, "s115")
    answer_all(qtbot, window, answers)
    outcome = window.walk.session.outcome()
    details = _open_details(qtbot, window)

    lawful = pack.references[outcome.grounds.lawful_basis[0]].title
    basis = details.editors["lawful_basis_reasoning"]
    assert lawful in basis.toPlainText()
    assert "known from your answers" in basis.accessibleName()
    assert details.editors["special_category_condition"].text()
    partner = details.editors["shared_with.partner_id"]
    assert partner.currentData() in pack.partners

    basis.setFocus()
    basis.selectAll()
    qtbot.keyClicks(basis, "Our crime and disorder duty")
    qtbot.keyClicks(details.editors["case_reference"], "CASE-PREFILL")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        qtbot.mouseClick(details.next_button, Qt.MouseButton.LeftButton)
    finished = sign(qtbot, window, PASSPHRASE)

    text = " ".join(subprocess.run(["pdftotext", str(finished.pdf_path), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert f"Entered: Our crime and disorder duty. The answers established: {lawful}" in text
    assert pack.partners[partner.currentData()].name in text
    assert "Lawful basis and reasoning Not recorded" not in text


def test_a_breach_form_offers_the_breach_fields_not_a_request(qtbot, make_window, identity) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    pack = window.ctx.pack
    answers = next(dict(s.answers) for s in pack.scenarios_for("breach")
                   if s.expected_decision == "likely_reportable")
    start(qtbot, window, "breach")
    answer_all(qtbot, window, answers)
    details = _open_details(qtbot, window)
    assert {"dpo_told_at", "others_told", "information"} <= set(details.editors)
    assert not {"requested_by.name", "purpose", "isa_id", "shared_with.partner_id",
                "lawful_basis_reasoning"} & set(details.editors)
