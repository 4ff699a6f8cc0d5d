"""Walking the demonstration tree in the real window: answers, back, change, review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QRadioButton

from isp_wizard.gui.widgets.answer_inputs import ChoiceInput, TextInput


def choose(window, value: str) -> None:  # type: ignore[no-untyped-def]
    page = window.pages["question"]
    assert isinstance(page.input, ChoiceInput)
    button = next(b for b in page.input.buttons if b.property("answer_value") == value)
    button.click()
    page.next_button.click()


def start(qtbot, window, tree_id: str = "demo"):  # type: ignore[no-untyped-def]
    start_button = window.home.findChild(type(window.home.rules_button), f"start-{tree_id}")
    assert start_button is not None
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        start_button.click()
    return window.pages["question"]


def test_home_lists_the_trees_and_a_walk_reaches_the_review(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.current_key() == "home"
    page = start(qtbot, window)
    assert page.question.text() == "Is anyone at immediate risk of serious harm?"
    choose(window, "no")
    assert page.question.text() == "Is there a clear and legitimate purpose for sharing?"
    assert "Information sharing advice" in page.help.plain_text()
    choose(window, "yes")
    assert isinstance(page.input, TextInput)
    qtbot.keyClicks(page.input.editor, "the parent's phone number")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        qtbot.keyClick(page.input.editor, Qt.Key.Key_Return)
    review = window.pages["review"]
    assert review.decision_text == "Share"
    assert window.walk.session.answers == {"emergency": "no", "purpose": "yes",
                                           "what": "the parent's phone number"}


def test_back_keeps_later_answers_and_a_change_warns_first(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    choose(window, "no")
    choose(window, "yes")
    qtbot.keyClicks(page.input.editor, "a phone number")
    page.next_button.click()
    assert window.current_key() == "review"
    # back from the review, back again: the earlier answers are still selected
    window.pages["review"].back_button.click()
    assert page.input.value() == "a phone number"
    qtbot.keyClick(page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.question.text().startswith("Is there a clear")
    assert page.input.value() == "yes"
    # changing it warns that the text answer will be dropped; saying No keeps everything
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        def fake(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    choose(window, "no")
    assert "What will you share?" in asked[0]
    assert window.walk.session.answers["what"] == "a phone number"
    assert page.input.value() == "yes", "the answer kept is the one shown"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    choose(window, "no")
    assert window.current_key() == "review"
    assert "what" not in window.walk.session.answers
    assert window.pages["review"].decision_text == "Do not share"


def test_change_link_on_the_review_returns_to_that_question(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window)
    choose(window, "yes")
    review = window.pages["review"]
    assert window.current_key() == "review"
    assert review.change_links() == ["emergency"]
    # by keyboard: Tab from the outcome to the first "Change" link, Enter follows it
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    link = review.findChild(QPushButton, "change-emergency")
    assert link.accessibleName() == "Change: Is anyone at immediate risk of serious harm?"
    review.browser.setFocus()
    for _ in range(5):
        if QApplication.focusWidget() is link:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is link
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.keyClick(link, Qt.Key.Key_Return)
    page = window.pages["question"]
    assert page.question.text().startswith("Is anyone at immediate risk")
    checked = [b for b in page.input.buttons if b.isChecked()]
    assert isinstance(checked[0], QRadioButton) and checked[0].property("answer_value") == "yes"


def test_next_without_an_answer_says_what_is_needed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    page.next_button.click()
    assert page.error.isVisible() is False or page.error.text()
    assert page.error.text() == "Choose one of the answers to go on."
    assert page.question.text().startswith("Is anyone at immediate risk")


def test_details_name_what_to_correct_and_keep_the_user_on_the_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, window)
    choose(window, "yes")
    window.pages["review"].record_button.click()
    details = window.pages["details"]
    qtbot.keyClicks(details.editors["review_date"], "31/13/2027")
    details.next_button.click()
    assert window.current_key() == "details"
    summary = "\n".join(details.summary.messages())
    assert "Case reference: a case reference is needed" in summary
    assert "Review date: write the date as day/month/year or year-month-day" in summary
    assert details.errors["review_date"].isVisibleTo(details)
    # the keyboard is on the summary's first link, which leads to the field
    first = details.summary.links[0]
    assert first.hasFocus() or not window.isActiveWindow()
    first.click()
    assert details.editors["case_reference"].hasFocus() or not window.isActiveWindow()
    assert "a case reference is needed" in details.editors["case_reference"].accessibleDescription()


def test_triage_leads_on_to_the_tree_it_points_at(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from gui_driving import answer_all

    window = make_window()  # the shipped rules, with their triage tree
    pack = window.ctx.pack
    scenario = next(s for s in pack.scenarios_for("triage")
                    if getattr(pack.trees["triage"].nodes[s.expected], "start_tree", None))
    target = pack.trees["triage"].nodes[scenario.expected].start_tree
    assert window.home.triage_button.isVisibleTo(window.home)
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        window.home.triage_button.click()
    assert window.walk.session.tree.id == "triage"
    answer_all(qtbot, window, dict(scenario.answers))
    review = window.pages["review"]
    assert review.continue_button.isVisible() and not review.record_button.isVisible()
    assert review.continue_button.hasFocus() or not window.isActiveWindow()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        review.continue_button.click()
    assert window.walk.session.tree.id == target
    assert [d.tree_id for d in window.ctx.drafts().list()] == [target]


def test_ctrl_enter_answers_from_a_box_of_several_lines(qtbot, make_window, tmp_path,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from gui_driving import DEMO_RULES
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    tree = rules / "trees" / "demo.yaml"
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "    kind: text\n", "    kind: text\n    multiline: true\n"), encoding="utf-8")
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    window = make_window()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = start(qtbot, window)
    choose(window, "no")
    choose(window, "yes")
    editor = page.input.editor
    assert isinstance(editor, QPlainTextEdit) and editor.hasFocus()
    qtbot.keyClicks(editor, "first line")
    qtbot.keyClick(editor, Qt.Key.Key_Return)   # a new line, not Next
    qtbot.keyClicks(editor, "second line")
    assert window.current_key() == "question"
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.walk.session.answers["what"] == "first line\nsecond line"


def test_arrow_keys_choose_an_answer_on_an_unanswered_question(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    first = QApplication.focusWidget()
    assert first is page.input.buttons[0] and page.input.value() is None
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert page.input.value() == "no" and QApplication.focusWidget() is page.input.buttons[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.walk.session.answers == {"emergency": "no"}


def test_a_mistake_keeps_the_keyboard_where_it_was(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Enter with nothing chosen says so, and does not throw the keyboard back to "Yes"."""
    page = start(qtbot, window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    page.input.buttons[2].setFocus()
    qtbot.keyClick(page.input.buttons[2], Qt.Key.Key_Return)
    assert page.error.isVisible()
    assert QApplication.focusWidget() is page.input.buttons[2]
    assert "Choose one of the answers" in page.input.buttons[2].accessibleDescription()


def test_uk_dates_are_taken_and_a_past_review_date_is_refused(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from isp_wizard.gui.details_fields import to_details

    start(qtbot, window)
    choose(window, "yes")
    window.pages["review"].record_button.click()
    details = window.pages["details"]
    qtbot.keyClicks(details.editors["case_reference"], "UK-1")
    qtbot.keyClicks(details.editors["review_date"], "01/02/2020")
    details.next_button.click()
    assert window.current_key() == "details"
    assert any("the review date has passed" in m for m in details.summary.messages())
    later = dt.date.today() + dt.timedelta(days=40)
    details.editors["review_date"].setText(later.strftime("%d/%m/%Y"))
    details.editors["review_date"].textEdited.emit(details.editors["review_date"].text())
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        details.next_button.click()
    assert to_details(window.walk.details).review_date == later  # on the record as a date
