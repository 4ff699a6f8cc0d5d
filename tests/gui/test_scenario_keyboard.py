"""The scenario player on a projector (1280×720, presentation view), played with the keyboard
alone: arrow keys choose, Enter goes on, nothing is cut off or pushed off screen."""

from __future__ import annotations

import pytest
from keyboard import focused, in_view, visible_rect
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton


@pytest.fixture
def projector(qtbot, demo_rules):  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    window = build_window(AppContext(training=True))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.set_presentation(True)
    yield window
    window.set_presentation(False)
    window.set_training(False)


def key(qtbot, which: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), which, modifier)
    qtbot.wait(20)


def on_screen(window, player) -> None:  # type: ignore[no-untyped-def]
    """The question, the case and the buttons are whole and on screen."""
    for widget in (player.question, player.next_button, player.stop_button, player.back_button,
                   player.play_case):
        assert widget.isVisible() and in_view(widget), widget.objectName() or widget.text()
        shown = visible_rect(widget)
        assert shown.height() >= widget.height(), f"cut off: {widget.text()[:40]}"
    for button in getattr(player.input, "buttons", []):  # answers never overlap
        others = [b for b in player.input.buttons if b is not button]
        rows = [b.parentWidget().geometry() for b in others]
        assert not any(button.parentWidget().geometry().intersects(r) for r in rows)
    assert window.width() <= 1280 and window.height() <= 720


def test_a_scenario_played_with_the_keyboard_alone_on_a_projector(qtbot, projector) -> None:  # type: ignore[no-untyped-def]
    window = projector
    nav = window.nav_buttons["scenarios"]
    nav.setFocus()
    with qtbot.waitSignal(window.page_shown):
        key(qtbot, Qt.Key.Key_Space)
    player = window.pages["scenarios"]
    assert focused() is player.library
    for _ in range(5):  # down the list to the scenario
        key(qtbot, Qt.Key.Key_Down)
        if player.scenario is not None and player.scenario.name == "clear purpose":
            break
    assert player.scenario is not None and player.scenario.name == "clear purpose"
    key(qtbot, Qt.Key.Key_Return)  # plays it
    assert player.pages.currentWidget() is player.play_page
    on_screen(window, player)
    assert "A school asks" in player.play_case.text()
    assert isinstance(focused(), QRadioButton)
    key(qtbot, Qt.Key.Key_Down)  # arrow keys choose: "No"
    assert player.input.value() == "no"
    key(qtbot, Qt.Key.Key_Return)
    assert player.question.text().startswith("Is there a clear")
    on_screen(window, player)
    key(qtbot, Qt.Key.Key_Down)  # nothing chosen yet: the arrow chooses the second answer
    key(qtbot, Qt.Key.Key_Up)    # and back up to "Yes"
    assert player.input.value() == "yes"
    key(qtbot, Qt.Key.Key_Return)
    assert player.question.text() == "What will you share?"
    on_screen(window, player)
    editor = focused()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "the parent's phone number")
    with qtbot.waitSignal(player.finished) as done:
        key(qtbot, Qt.Key.Key_Return)
    assert done.args == [True]
    assert player.verdict.text().startswith("✓")
    assert in_view(focused()) and focused() is player.result
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is player.again_button


def test_ctrl_enter_answers_too(qtbot, projector) -> None:  # type: ignore[no-untyped-def]
    """The text box's own hint says Ctrl+Enter: it answers (Enter does too, in one line)."""
    window = projector
    player = window.show_page("scenarios")
    player.choose("demo", "clear purpose")
    player.play()
    player.answer("no")
    player.answer("yes")
    assert player.question.text() == "What will you share?"
    qtbot.keyClicks(focused(), "a phone number")
    with qtbot.waitSignal(player.finished):
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
