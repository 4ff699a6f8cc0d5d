"""The app for a decision about several people and several recipients (the safeguarding
household route): people are added and removed on the walk by keyboard, with mistakes said
beside the field; each question about one person or recipient says whom it is about; the review
groups the answers by person and recipient, each with a working Change; the draft resumes it
exactly, also after the app is killed; Details is prefilled per recipient; and the signed record
holds each person and each recipient under its own heading (pdftotext)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from gui_driving import PASSPHRASE, ROOT, give, sign, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from isp_wizard.gui.widgets.people_inputs import PeopleInput, RecipientsInput

BEFORE = {"emergency": "no", "who": "household", "household-basis": "public-task"}
PEOPLE = ["Mother", "Child 1", "Child 2"]
PER_PERSON = {
    "person-category@Mother": "adult", "adult-wishes@Mother": "risk-to-others",
    "person-category@Child 1": "child", "child-risk@Child 1": "yes",
    "person-category@Child 2": "child", "child-risk@Child 2": "yes",
}
RECIPIENTS = ["police", "council"]
PER_RECIPIENT = {
    "recipient-receives@police": ["risk-summary"], "recipient-channel@police": "meeting",
    "recipient-receives@council": ["risk-summary", "children"],
    "recipient-channel@council": "secure-email",
}
AFTER = {"household-proportionate": "yes"}
LODGER = {"person-category@Lodger": "third_party", "third-party-needed@Lodger": "no"}
POLICE = "The Police (chief officer of police for the area)"
COUNCIL = "The Council (local authority)"


def _next(qtbot: Any, page: Any) -> None:
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)


def _answer_keys(qtbot: Any, window: Any, answers: dict[str, Any]) -> None:
    """Answer question after question by route key until none of ``answers`` is current."""
    page = window.pages["question"]
    while window.current_key() == "question" and window.walk.session.current_key in answers:
        give(qtbot, page, answers[window.walk.session.current_key])
        _next(qtbot, page)


def _type_person(qtbot: Any, page: Any, name: str) -> None:
    qtbot.keyClicks(page.input.editor, name)
    qtbot.keyClick(page.input.editor, Qt.Key.Key_Return)  # Enter adds; it does not answer


def test_a_household_walk_by_keyboard_to_a_signed_record(qtbot, make_window, identity,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()  # the shipped rules
    page = start(qtbot, window, "safeguarding")
    _answer_keys(qtbot, window, BEFORE)
    session = window.walk.session
    assert session.current.id == "household" and isinstance(page.input, PeopleInput)
    people = page.input
    assert not page.about.isVisible()
    assert window.focusWidget() is people.editor
    assert people.editor.accessibleName() == "Label for the next person"

    for name in [*PEOPLE, "Lodger", "Neighbour"]:
        _type_person(qtbot, page, name)
    assert window.current_key() == "question" and session.current.id == "household"
    assert people.people == [*PEOPLE, "Lodger", "Neighbour"] and people.editor.text() == ""
    # a label given twice is said beside the field, and read with it
    _type_person(qtbot, page, "child 1")
    assert people.error.isVisible() and "already listed" in people.error.text()
    assert "already listed" in people.editor.accessibleDescription()
    assert people.people == [*PEOPLE, "Lodger", "Neighbour"]
    people.editor.clear()
    qtbot.keyClicks(people.editor, "x")
    assert not people.error.isVisible()
    people.editor.clear()
    # every row's Remove is named with the person; removing keeps the keyboard on the list
    removes = [b for _w, b in people.rows if b.isVisibleTo(people)]
    assert [b.accessibleName() for b in removes] == [f"Remove {n}" for n in
                                                      [*PEOPLE, "Lodger", "Neighbour"]]
    removes[4].setFocus()
    qtbot.keyClick(removes[4], Qt.Key.Key_Space)
    assert people.people == [*PEOPLE, "Lodger"]
    assert window.focusWidget() is people.rows[3][1]  # Remove Lodger: the one before
    _next(qtbot, page)

    # each question about one person says whom it is about, in words and to screen readers
    assert session.current_key == "person-category@Mother"
    assert page.about.isVisible() and page.about.text() == "About: Mother"
    assert page.question.accessibleName().startswith("About: Mother.")
    assert all(b.accessibleDescription().startswith("About: Mother.")
               for b in page.input.focusables())
    _answer_keys(qtbot, window, {**PER_PERSON, **LODGER})
    assert session.current.id == "household-recipients"
    assert isinstance(page.input, RecipientsInput) and not page.about.isVisible()
    route = [link.text() for link in page._route_links if link.isVisibleTo(page)]
    assert route == ["› Is anyone in immediate danger of death or serious harm right now?",
                     "› Which of these describes this person? (Lodger)",
                     "› Is this person's information needed at all? (Lodger)"]
    give(qtbot, page, list(reversed(RECIPIENTS)))
    assert page.input.value() == ["council", "police"]  # the order ticked is the order asked
    give(qtbot, page, RECIPIENTS)
    assert page.input.value() == ["council", "police"]  # (already ticked: unchanged)
    page.input.set_value(RECIPIENTS)
    assert page.input.value() == RECIPIENTS
    _next(qtbot, page)
    assert page.about.text() == f"About: {POLICE}"
    _answer_keys(qtbot, window, PER_RECIPIENT)
    _answer_keys(qtbot, window, AFTER)
    assert window.current_key() == "review"

    # the review groups the answers by person and by recipient, each with its Change
    review = window.pages["review"]
    groups = review.answer_groups()
    assert [h for h, _ in groups] == ["", "About: Mother", "About: Child 1", "About: Child 2",
                                      "About: Lodger", f"About: {POLICE}", f"About: {COUNCIL}"]
    assert groups[3][1] == ["person-category@Child 2", "child-risk@Child 2"]
    assert groups[0][1] == [*BEFORE, "household", "household-recipients", *AFTER]

    # the Lodger is removed after all: the answers about them go (said first), no one else's
    asked: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(review.findChild(QPushButton, "change-household"),
                         Qt.MouseButton.LeftButton)
    assert page.input.people == [*PEOPLE, "Lodger"]
    page.input.remove("Lodger")
    _next(qtbot, page)
    assert len(asked) == 1 and "(Lodger)" in asked[0] and "(Mother)" not in asked[0]
    assert session.answers == {**BEFORE, "household": PEOPLE, **PER_PERSON,
                               "household-recipients": RECIPIENTS, **PER_RECIPIENT, **AFTER}
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        for _ in range(30):
            if window.current_key() != "question":
                break
            _next(qtbot, page)
    assert "About: Lodger" not in [h for h, _ in review.answer_groups()]

    link = review.findChild(QPushButton, "change-child-risk@Child-2")
    assert link is not None and link.accessibleName().startswith("Change: ") \
        and link.accessibleName().endswith(" (Child 2)")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert session.current_key == "child-risk@Child 2"
    assert page.about.text() == "About: Child 2" and page.input.value() == "yes"

    # the draft holds it all: resumed, the walk is where it was, about the same person
    draft_id = window.walk.draft_id
    window.save_and_close()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        window.resume_draft(draft_id)
    resumed = window.walk.session
    assert resumed.current_key == "child-risk@Child 2"
    assert resumed.answers == {**BEFORE, "household": PEOPLE, **PER_PERSON,
                               "household-recipients": RECIPIENTS, **PER_RECIPIENT, **AFTER}
    page = window.pages["question"]
    assert page.about.text() == "About: Child 2"
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        for _ in range(30):
            if window.current_key() != "question":
                break
            _next(qtbot, page)

    # Details: prefilled per recipient, said to be known from the answers
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "details"):
        qtbot.mouseClick(review.record_button, Qt.MouseButton.LeftButton)
    details = window.pages["details"]
    sent = details.editors["transfer_method"]
    sent_text = sent.currentText() if hasattr(sent, "currentText") else sent.text()
    assert sent_text == (f"{POLICE}: At the MARAC meeting, recorded in its minutes; "
                         f"{COUNCIL}: By secure email")
    information = details.editors["information"].toPlainText().splitlines()
    assert information[0].startswith(f"{POLICE}: The risk summary")
    assert information[1].startswith(f"{COUNCIL}: The risk summary") \
        and "The children's details" in information[1]
    assert "known from your answers" in details.editors["information"].accessibleName()
    qtbot.keyClicks(details.editors["case_reference"], "MARAC-2026-77")
    qtbot.keyClicks(details.editors["review_date"], "2027-01-31")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        qtbot.mouseClick(details.next_button, Qt.MouseButton.LeftButton)
    finished = sign(qtbot, window, PASSPHRASE)
    assert [p.label for p in finished.record.people] == PEOPLE
    assert [r.partner_id for r in finished.record.recipients] == RECIPIENTS
    # the prefilled words are the practitioner's details, drawn as such; not kept a second
    # time as what the route established (each recipient's own heading draws that)
    assert finished.record.details.information.startswith(f"{POLICE}: The risk summary")
    assert "information" not in finished.record.established
    pdf = finished.pdf_path

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    with_whom = flat.index("What is shared with whom")
    each_person = flat.index("Each person, and the grounds for sharing their information")
    assert with_whom < flat.index(POLICE, with_whom) < flat.index(COUNCIL, with_whom) \
        < each_person
    headings = [flat.index(f"{label} — {category}", each_person) for label, category in (
        ("Mother", "Other adult (no care and support needs)"),
        ("Child 1", "Child"), ("Child 2", "Child"))]
    assert headings == sorted(headings)  # each person under their own heading, in turn
    assert "Lodger" not in flat and "Neighbour" not in flat  # removed: not on the record
    verified = subprocess.run([sys.executable, "-m", "isp_wizard", "verify", str(pdf)],
                              capture_output=True, text=True, env=dict(os.environ))
    assert verified.returncode in (0, 3), verified.stdout + verified.stderr


KILLED_ABOUT_A_CHILD = textwrap.dedent("""
    import os, signal
    from PySide6.QtWidgets import QApplication, QPushButton
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    app = QApplication([])
    window = build_window(AppContext())
    window.show()
    while window.ctx.pack is None:
        app.processEvents()
    window.home.findChild(QPushButton, "start-safeguarding").click()
    page = window.pages["question"]
    def choose(value):
        next(b for b in page.input.buttons if b.property("answer_value") == value).click()
        page.next_button.click()
    for value in ("no", "household", "public-task"):
        choose(value)
    for name in ("Mother", "Child 1", "Child 2"):
        page.input.editor.setText(name)
        page.input.add_button.click()
    page.next_button.click()
    for value in ("adult", "risk-to-others", "child"):
        choose(value)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_household_walk_killed_midway_resumes_about_the_same_person(
        qtbot, make_window, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("ISP_WIZARD_RULES_DIR", None)
    result = subprocess.run([sys.executable, "-c", KILLED_ABOUT_A_CHILD], env=env,
                            timeout=120, capture_output=True)
    assert result.returncode == -9, result.stderr.decode()
    window = make_window()
    [draft] = window.ctx.drafts().list()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        window.resume_draft(draft.draft_id)
    session = window.walk.session
    assert session.answers["household"] == PEOPLE
    assert session.answers["person-category@Child 1"] == "child"
    assert session.current_key == "child-risk@Child 1"
    assert window.pages["question"].about.text() == "About: Child 1"
