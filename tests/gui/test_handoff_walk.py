"""The app across a hand-off (request → s115): the second tree starts after what the first
settled, Back from its first question returns into the first walk and Continue keeps the second
walk's answers, the draft resumes the handed-off walk, the review lists both walks, Details is
prefilled with the agreement and purpose the answers established, and the signed record holds
both walks (pdftotext)."""

from __future__ import annotations

import subprocess

from gui_driving import PASSPHRASE, answer_all, give, sign, start
from PySide6.QtCore import Qt

REQUEST = {"emergency": "no", "request-type": "partnership", "requester": "police",
           "received": "2026-11-23", "identity": "yes", "in-writing": "yes"}
PROVISION = "s17 and the ASB strategy (s6): joint action at the ASB case panel"
S115 = {"identifiable": "personal", "power": "s115", "purpose": "yes", "provision": PROVISION,
        "proportionate": "yes", "isa": "yes", "channel": "yes", "confidential": "no",
        "lawful-basis": "public-task", "sensitive": "none"}
REQUEST_EMERGENCY = ("Do you yourself have reason to believe that someone is at immediate risk "
                     "of death or serious harm?")


def _continue(qtbot, window):  # type: ignore[no-untyped-def]
    review = window.pages["review"]
    assert review.continue_button.isVisible() and not review.record_button.isVisible()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(review.continue_button, Qt.MouseButton.LeftButton)
    return window.pages["question"]


def test_a_walk_across_a_hand_off_keeps_the_first_walk(qtbot, make_window, identity) -> None:  # type: ignore[no-untyped-def]
    window = make_window()  # the shipped rules
    pack = window.ctx.pack
    start(qtbot, window, "request")
    answer_all(qtbot, window, REQUEST)
    draft_id = window.walk.draft_id
    page = _continue(qtbot, window)

    session = window.walk.session
    assert session.tree.id == "s115" and [w.tree.id for w in session.earlier] == ["request"]
    assert session.current.id == "identifiable"  # the emergency question is not asked again
    assert "This continues “Responding to a request from another agency”" in page.notes.text()
    assert window.walk.draft_id == draft_id  # one decision, one draft

    # Back from the first question returns to the first walk's outcome; Continue keeps answers
    give(qtbot, page, "personal")
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.walk.session.current.id == "identifiable"
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.walk.session.tree.id == "request"
    page = _continue(qtbot, window)
    assert window.walk.session.answers["identifiable"] == "personal"

    # the draft holds the handed-off walk: resumed, it is exactly where it was
    window.save_and_close()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        window.resume_draft(draft_id)
    resumed = window.walk.session
    assert resumed.tree.id == "s115" and resumed.earlier[0].answers == {
        k: v for k, v in REQUEST.items()} and resumed.current.id == "identifiable"
    assert resumed.carried["recipient"].node_id == "requester"

    answer_all(qtbot, window, S115)
    review = window.pages["review"]
    assert window.current_key() == "review" and review.record_button.isVisible()
    links = review.change_links()
    assert links[:len(REQUEST)] == [f"request:{n}" for n in REQUEST]
    assert "recipient" not in links and "emergency" not in links  # carried: changed there
    assert review._parts[0].isVisible() \
        and review._parts[0].text() == "Responding to a request from another agency"

    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "details"):
        qtbot.mouseClick(review.record_button, Qt.MouseButton.LeftButton)
    details = window.pages["details"]
    purpose, isa = details.editors["purpose"], details.editors["isa_id"]
    assert purpose.toPlainText() == PROVISION
    assert "known from your answers" in purpose.accessibleName()
    assert isa.currentData() == "csp-protocol"
    assert "known from your answers" in isa.accessibleName()
    purpose.setFocus()
    purpose.selectAll()
    qtbot.keyClicks(purpose, "Joint action on one household")
    qtbot.keyClicks(details.editors["case_reference"], "CASE-GUI-HANDOFF")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        qtbot.mouseClick(details.next_button, Qt.MouseButton.LeftButton)
    finished = sign(qtbot, window, PASSPHRASE)

    assert [w.tree.id for w in finished.record.earlier_walks] == ["request"]
    text = " ".join(subprocess.run(["pdftotext", str(finished.pdf_path), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Part 1: Responding to a request from another agency (version 2.1.0)" in text
    assert "Part 2: Crime and disorder" in text
    assert text.count(REQUEST_EMERGENCY) == 1
    assert f"Entered: Joint action on one household. The answers established: {PROVISION}" \
        in text
    assert ("Information sharing agreement Community Safety Partnership Information Sharing "
            "Protocol (csp-protocol)") in text  # kept as prefilled: printed once
    assert pack.partners["police"].name in text


def test_change_on_the_review_returns_into_the_walk_that_asked_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.framework import LinkButton

    window = make_window()
    start(qtbot, window, "request")
    answer_all(qtbot, window, REQUEST)
    _continue(qtbot, window)
    answer_all(qtbot, window, S115)
    review = window.pages["review"]
    link = review.findChild(LinkButton, "change-request-requester")
    assert link is not None and link.isVisible()
    assert link.accessibleName() == "Change: Which organisation is asking?"
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.walk.session.tree.id == "request"
    assert window.walk.session.current.id == "requester"

    answer_all(qtbot, window, {**REQUEST, "requester": "council"})  # on to the hand-off again
    _continue(qtbot, window)
    session = window.walk.session
    assert session.answers["recipient"] == "council"  # the changed answer is carried
    assert session.answers["identifiable"] == "personal"  # the later walk's answers are kept
