"""Driving the real window as a practitioner would: clicking answers, typing, pressing Next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from isp_wizard.gui.widgets.answer_inputs import (
    ChoiceInput,
    DateInput,
    MultiInput,
    PartnerInput,
    TextInput,
)
from isp_wizard.gui.widgets.people_inputs import PeopleInput, RecipientsInput

ROOT = Path(__file__).resolve().parents[2]
DEMO_RULES = ROOT / "tests" / "fixtures" / "demo-rules"
PASSPHRASE = "correct horse battery"


def start(qtbot: Any, window: Any, tree_id: str) -> Any:
    start_button = window.home.findChild(QPushButton, f"start-{tree_id}")
    assert start_button is not None, f"no Start button for {tree_id}"
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(start_button, Qt.MouseButton.LeftButton)
    return window.pages["question"]


def give(qtbot: Any, page: Any, value: Any) -> None:
    """Put ``value`` into the current question's input the way a user would."""
    field = page.input
    if isinstance(field, ChoiceInput | PartnerInput):
        button = next(b for b in field.buttons if b.property("answer_value") == value)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif isinstance(field, MultiInput):
        wanted = set(value if isinstance(value, list) else [value])
        for button in field.buttons:
            if (button.property("answer_value") in wanted) != button.isChecked():
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif isinstance(field, RecipientsInput):  # ticked in the order given: the order asked
        for button in field.buttons:
            if button.isChecked() and button.property("answer_value") not in value:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        for wanted in value:
            button = next(b for b in field.buttons if b.property("answer_value") == wanted)
            if not button.isChecked():
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif isinstance(field, PeopleInput):
        for person in list(field.people):
            if person not in value:
                field.remove(person)
        for person in value:
            if person not in field.people:
                qtbot.keyClicks(field.editor, person)
                qtbot.mouseClick(field.add_button, Qt.MouseButton.LeftButton)
    elif isinstance(field, TextInput | DateInput):
        field.editor.clear()
        qtbot.keyClicks(field.editor, value)


def answer_all(qtbot: Any, window: Any, answers: dict[str, Any]) -> None:
    """Answer question after question from ``answers`` (node id → value) until the review."""
    page = window.pages["question"]
    for _ in range(200):
        if window.current_key() != "question":
            return
        node = window.walk.session.current
        if node.kind == "info":
            pass
        elif node.id in answers:
            give(qtbot, page, answers[node.id])
        elif node.kind in ("text", "date") and not node.required:
            pass
        else:
            raise AssertionError(f"no answer for {node.id}")
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    raise AssertionError("the walk did not end")


def fill_details(qtbot: Any, window: Any, case_reference: str) -> None:
    review = window.pages["review"]
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "details"):
        qtbot.mouseClick(review.record_button, Qt.MouseButton.LeftButton)
    details = window.pages["details"]
    qtbot.keyClicks(details.editors["case_reference"], case_reference)
    if "purpose" in details.editors:  # a breach record's form has no purpose of sharing
        qtbot.keyClicks(details.editors["purpose"], "To keep the child safe.")
    else:
        qtbot.keyClicks(details.editors["others_told"], "The SIRO, at 16:00.")
    qtbot.keyClicks(details.editors["review_date"], "2027-01-31")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        qtbot.mouseClick(details.next_button, Qt.MouseButton.LeftButton)


def sign(qtbot: Any, window: Any, passphrase: str) -> Any:
    page = window.pages["sign"]
    qtbot.keyClicks(page.passphrase, passphrase)
    with qtbot.waitSignal(page.signed, timeout=60_000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def file_record(window: Any, case: str, answers: dict[str, Any], training: bool = False) -> Any:
    """A signed record of the demo tree, filed through the same service the sign page calls."""
    from isp_wizard.engine.walk import walk
    from isp_wizard.record.model import RecordDetails
    from isp_wizard.services.finish import finish_walk

    ctx = window.ctx
    session = walk(ctx.pack.trees["demo"], answers, ctx.pack.partners)
    return finish_walk(session, ctx.pack, RecordDetails(case_reference=case),
                       identity_path=ctx.where.identity_path, passphrase=PASSPHRASE,
                       training=training, locations=ctx.where)


def start_household(window: Any) -> Any:
    """A walk of the small several-people tree of the engine tests (tests/unit/people_tree.py)
    on the window's rules: people, each person's questions, recipients (the rules' partners),
    each recipient's questions. For screens that need no particular tree."""
    import sys

    from isp_wizard.engine.session import Session
    from isp_wizard.gui.walk_state import WalkState

    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from people_tree import PARTNERS, household_tree

    pack = window.ctx.pack
    window.walk = WalkState(window.ctx, Session(household_tree(), {**PARTNERS, **pack.partners}))
    window.show_walk_page("question")
    return window.pages["question"]
