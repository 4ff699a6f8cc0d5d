"""Every screen with the keyboard alone, at 1366×768 (100 % and 200 % text) and on a projector
(1280×720, presentation view): after each page change, each Tab and each mistake the focused
control is on screen; Tab follows reading order; the action that moves on is at most three
Tabs (or Shift+Tabs) from where the keyboard lands; no two visible buttons share an Alt
letter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from gui_driving import file_record, start_household
from keyboard import describe, focused, in_view, settle, tab, tab_round
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
    QWidget,
)

from isp_wizard.gui import framework

CONFIGS = {
    "1366x768-100": (1366, 768, 100, False),
    "1366x768-200": (1366, 768, 200, False),
    "1280x720-presentation": (1280, 720, 100, True),
}


@pytest.fixture(params=list(CONFIGS))
def screen_window(request, qtbot, demo_rules, identity):  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.settings import Settings

    width, height, scale, presentation = CONFIGS[request.param]
    ctx = AppContext(training=presentation, settings=Settings(text_scale=scale))
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if presentation:
        window.set_presentation(True)
    yield window
    window.set_presentation(False)
    window.set_training(False)


def screens(qtbot: Any, window: Any) -> Iterator[tuple[str, Callable[[], None] | None]]:
    """Arrive at each screen in turn; yields its name and, where the screen has one, a way
    to make a mistake on it."""
    page = window.show_page("home")
    yield "home", None
    for key in ("register", "settings", "rules", "treemap", "scenarios", "partnership"):
        window.show_page(key)
        yield key, None
        if key == "register" and window.ctx.where.identity_path.exists():  # (not on first use)
            # a record whose PDF no program here opens: where it is, said
            file_record(window, "KEYS-PDF", {"emergency": "yes"}, training=window.ctx.training)
            register = window.show_page("register")
            register.table.selectRow(0)
            register.open_pdf()
            assert not register.open_problem.isHidden()
            yield "register (a PDF that cannot be opened)", None
        if key == "rules":
            window.pages["rules"].show_view(1)
            yield "rules (what the scenarios cover)", None
            window.pages["rules"].show_view(0)
        if key == "partnership":  # chosen as a user does: the keyboard is on the switch
            switch = window.pages["partnership"].view_buttons.button(1)
            qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
            yield "partnership (legal sign-off)", None
            window.pages["partnership"].show_view(0)
    window.show_page("home")
    window.start_tree("demo")
    page = window.pages["question"]
    yield "question (choice)", page.next_button.click
    page.input.buttons[1].click()
    page.next_button.click()
    page.input.buttons[0].click()
    page.next_button.click()
    yield "question (text)", page.next_button.click
    page.input.editor.setText("a phone number")
    page.next_button.click()
    yield "review", None
    window.pages["review"].record_button.click()
    details = window.pages["details"]

    def mistakes() -> None:
        details.editors["review_date"].setText("31/13/2027")
        details.next_button.click()

    yield "details", mistakes
    details.editors["case_reference"].setText("KEY-2")
    details.editors["review_date"].setText("2027-01-31")
    details.next_button.click()
    yield "sign", window.pages["sign"].sign_button.click
    page = start_household(window)
    page.input.buttons[0].click()
    page.next_button.click()
    people = page.input

    def same_person_twice() -> None:
        people.editor.setText("Child 1")
        people.add_button.click()

    for name in ("Adult A", "Child 1", "Child 2"):
        people.editor.setText(name)
        people.add_button.click()
    yield "question (people)", same_person_twice
    people.editor.clear()
    page.next_button.click()
    yield "question (about a person)", page.next_button.click
    for value in ("adult", "yes", "child", "yes", "child", "yes"):
        next(b for b in page.input.buttons if b.property("answer_value") == value).click()
        page.next_button.click()
    yield "question (recipients)", page.next_button.click
    page.input.buttons[0].click()
    page.next_button.click()
    yield "question (about a recipient)", page.next_button.click
    window.show_page("scenarios")
    player = window.pages["scenarios"]
    player.choose("demo", "clear purpose")
    player.play()
    yield "scenario player", player.next_button.click
    player.answer("no")
    player.answer("unsure")  # the expected route answers "yes": the result shows its help
    yield "scenario player (a different outcome)", None
    treemap = window.show_page("treemap")
    treemap.panel.set_training(True)
    treemap.panel.view.node_clicked.emit("purpose")
    yield "treemap (a question chosen)", None


def _in_rows(items: list[tuple[QRect, Any]]) -> list[Any]:
    """Rows top to bottom (a row: things whose heights overlap), left to right in a row."""
    rows: list[list[tuple[QRect, Any]]] = []
    for rect, thing in sorted(items, key=lambda item: item[0].center().y()):
        if rows and rect.top() < rows[-1][0][0].bottom() - 2 and \
                rows[-1][0][0].top() < rect.bottom() - 2:
            rows[-1].append((rect, thing))
        else:
            rows.append([(rect, thing)])
    return [thing for row in rows for _, thing in sorted(row, key=lambda i: i[0].left())]


def visual_order(widgets: list[QWidget], page: QWidget) -> list[QWidget]:
    """Reading order worked out from the screen alone: region by region as the page lays
    them side by side, then rows top to bottom, left to right within a row; what scrolls is
    read where its scroll area is, in its own rows."""
    def rect(w: QWidget, origin: QWidget) -> QRect:
        return QRect(w.mapTo(origin, QPoint(0, 0)), w.size())

    ordered: list[QWidget] = []
    for region in page.reading_regions():  # type: ignore[attr-defined]
        mine = [w for w in widgets if w is region or region.isAncestorOf(w)]
        blocks: dict[int, tuple[QWidget, list[QWidget]]] = {}
        for w in mine:
            area = next((a for a in reversed(_ancestors(w, page))
                         if isinstance(a, QScrollArea)), None)
            block = area or w
            blocks.setdefault(id(block), (block, []))[1].append(w)
        for block in _in_rows([(rect(b, page), b) for b, _ in blocks.values()]):
            inside = blocks[id(block)][1]
            if isinstance(block, QScrollArea) and block.widget() is not None:
                ordered += _in_rows([(rect(w, block.widget()), w) for w in inside])
            else:
                ordered += inside
    return [w for i, w in enumerate(ordered) if w not in ordered[:i]]


def _ancestors(widget: QWidget, stop: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def test_every_screen_by_keyboard(qtbot, screen_window) -> None:  # type: ignore[no-untyped-def]
    window = screen_window
    problems: list[str] = []
    for name, make_mistake in screens(qtbot, window):
        settle(qtbot)
        page = window.stack.currentWidget()
        start = focused()
        if not in_view(start):
            problems.append(f"{name}: on arrival, {describe(start)} is off screen")
        clashes = framework.shortcut_clashes(window)
        if clashes:
            problems.append(f"{name}: Alt letters shared: {clashes}")
        # the action that moves on, at most three Tabs away
        primary = page.primary_action()
        if primary is not None and primary.isVisible() and primary.isEnabled():
            # counted from where the keyboard lands, as a user arriving on the page: at most
            # three presses of Tab, or of Shift+Tab (a long form's actions head it)
            reached = start is primary
            for backwards in (False, True):
                start.setFocus()
                settle(qtbot)
                for _ in range(3):
                    if reached:
                        break
                    reached = tab(qtbot, backwards) is primary
            if not reached:
                problems.append(f"{name}: {describe(primary)} is more than 3 Tabs away")
        window.nav_buttons["home"].setFocus()  # the first stop of the window
        settle(qtbot)
        off_screen: list[QWidget] = []
        stops = tab_round(qtbot, off_screen=off_screen)
        for widget in off_screen:
            problems.append(f"{name}: Tab to {describe(widget)}: off screen")
        page_stops = [w for i, w in enumerate(stops) if page.isAncestorOf(w)
                      and (i == 0 or stops[i - 1] is not w)]  # a text's links: one place
        expected = visual_order(page_stops, page)
        if page_stops != expected:
            problems.append(f"{name}: Tab order {[describe(w) for w in page_stops]} is not "
                            f"the reading order {[describe(w) for w in expected]}")
        if make_mistake is not None:
            start.setFocus()
            make_mistake()
            settle(qtbot)
            if not in_view(focused()):
                problems.append(f"{name}: after a mistake, {describe(focused())} is off screen")
    assert problems == [], "\n".join(problems)
