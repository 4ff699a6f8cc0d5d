"""Every control has an accessible name, on every screen; the keyboard alone completes a walk."""

from __future__ import annotations

import pytest
from gui_driving import PASSPHRASE, answer_all, fill_details, start
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from isp_wizard.gui import theme


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible widgets that take keyboard focus but give a screen reader no name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not (widget.focusPolicy()
                                                & Qt.FocusPolicy.TabFocus):
            continue
        if widget.metaObject().className() in ("QScrollArea", "QWidget", "QScrollBar"):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface else ""
        if not (name or "").strip():
            missing.append(f"{widget.metaObject().className()} {widget.objectName()!r}")
    return missing


def test_every_screen_names_every_control(qtbot, make_window, demo_rules, identity) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    seen = {}
    seen["home"] = unnamed_controls(window)
    page = start(qtbot, window, "demo")
    seen["question (choice)"] = unnamed_controls(window)
    page.input.buttons[1].click()
    page.next_button.click()
    page.input.buttons[0].click()
    page.next_button.click()
    seen["question (text)"] = unnamed_controls(window)
    qtbot.keyClicks(page.input.editor, "a phone number")
    page.next_button.click()
    seen["review"] = unnamed_controls(window)
    fill_details(qtbot, window, "A11Y-1")
    seen["sign"] = unnamed_controls(window)
    window.show_page("details")
    seen["details"] = unnamed_controls(window)
    for key in ("register", "settings"):
        window.show_page(key)
        seen[key] = unnamed_controls(window)
    assert {k: v for k, v in seen.items() if v} == {}


def test_the_partner_picker_and_first_use_are_named_too(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()  # the shipped rules
    pack = window.ctx.pack
    tree_id = next(t for t, loaded in pack.trees.items()
                   if any(n.kind == "partner" for n in loaded.tree.nodes))
    scenario = next(s for s in pack.scenarios_for(tree_id)
                    if any(pack.trees[tree_id].nodes[n].kind == "partner" for n in s.answers))
    page = start(qtbot, window, tree_id)
    for _ in range(30):
        node = window.walk.session.current
        if node.kind == "partner":
            break
        window.walk.session.answer(scenario.answers.get(node.id))
    page.show_current()
    assert page.input.buttons, "the partner picker shows the partnership's organisations"
    assert any("s115" in b.accessibleDescription() for b in page.input.buttons)
    assert unnamed_controls(window) == []
    window.walk.session.answer(scenario.answers[window.walk.session.current.id])
    page.show_current()
    answer_all(qtbot, window, dict(scenario.answers))
    fill_details(qtbot, window, "A11Y-2")
    assert window.pages["sign"].views.currentWidget() is window.pages["sign"].identity_view
    assert unnamed_controls(window) == []


def test_keyboard_alone_walks_from_home_to_a_signed_record(qtbot, make_window, demo_rules,
                                                           identity) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.home.findChild(QAbstractButton, "start-demo")
    # Tab from the top of Home reaches the card's Start button in reading order
    window.home.first_focus().setFocus()
    for _ in range(20):
        if QApplication.focusWidget() is card:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card
    with qtbot.waitSignal(window.page_shown):
        qtbot.keyClick(card, Qt.Key.Key_Space)
    page = window.pages["question"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)   # to "No"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # choose it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.walk.session.answers == {"emergency": "no"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # "Yes"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "a phone number")
    # Backspace in a text field edits the text; it does not go back
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert page.question.text() == "What will you share?"
    qtbot.keyClicks(editor, "r")
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "review"):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the keyboard lands on the outcome itself; "Record this decision" follows it (after the
    # outcome's own link to the law)
    outcome = QApplication.focusWidget()
    assert outcome is window.pages["review"].browser
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is window.pages["review"].record_button:
            break
    record = QApplication.focusWidget()
    assert record is window.pages["review"].record_button
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "details"):
        qtbot.keyClick(record, Qt.Key.Key_Return)
    case = QApplication.focusWidget()
    assert case is window.pages["details"].editors["case_reference"]
    qtbot.keyClicks(case, "KEY-1")
    details = window.pages["details"]
    for _ in range(60):
        if QApplication.focusWidget() is details.next_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "sign"):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    sign = window.pages["sign"]
    assert QApplication.focusWidget() is sign.passphrase
    qtbot.keyClicks(sign.passphrase, PASSPHRASE)
    with qtbot.waitSignal(sign.signed, timeout=60_000) as blocker:
        qtbot.keyClick(sign.passphrase, Qt.Key.Key_Return)
    assert blocker.args[0].record.case_reference == "KEY-1"
    assert QApplication.focusWidget() is sign.another_button
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "home"):
        qtbot.keyClick(sign.another_button, Qt.Key.Key_Return)


def test_backspace_outside_a_text_field_goes_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window, "demo")
    page.input.buttons[1].click()
    page.next_button.click()
    assert page.question.text().startswith("Is there a clear")
    qtbot.keyClick(page.input.buttons[0], Qt.Key.Key_Backspace)
    assert page.question.text().startswith("Is anyone at immediate risk")


@pytest.mark.parametrize("colours", [theme.NORMAL, theme.HIGH_CONTRAST])
def test_theme_text_meets_wcag_aa(colours) -> None:  # type: ignore[no-untyped-def]
    pairs = [(colours.text, colours.window), (colours.text, colours.base),
             (colours.muted, colours.window), (colours.link, colours.base),
             (colours.highlight_text, colours.highlight), (colours.error, colours.window),
             (colours.banner_text, colours.banner)]
    for decision in theme.DECISION_COLOURS:
        pairs.append((theme.decision_colour(decision, colours is theme.HIGH_CONTRAST),
                      colours.base))
    low = [(a, b, round(theme.contrast_ratio(a, b), 2)) for a, b in pairs
           if theme.contrast_ratio(a, b) < 4.5]
    assert low == []
    if colours is theme.HIGH_CONTRAST:
        assert theme.contrast_ratio(colours.text, colours.window) >= 7


def test_high_contrast_text_boxes_keep_a_border_and_focus_is_not_an_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QVBoxLayout

    app = QApplication.instance()
    try:
        theme.apply(app, scale=100, high_contrast=True, training=False)
        holder = QWidget()
        box = QVBoxLayout(holder)
        edit = QLineEdit()
        box.addWidget(edit)
        qtbot.addWidget(holder)
        holder.resize(300, 80)
        holder.show()
        qtbot.waitExposed(holder)
        image = edit.grab().toImage()
        middle = image.height() // 2
        edge = QColor(image.pixel(0, middle))
        assert edge.lightness() > 200, "the box's border shows white on black"
        assert QColor(image.pixel(image.width() // 2, middle)).lightness() < 60
    finally:
        theme.apply(app, scale=100, high_contrast=False, training=False)
    for colours in (theme.NORMAL, theme.HIGH_CONTRAST):
        focus, error = QColor(colours.focus), QColor(colours.error)
        hues = abs(focus.hslHue() - error.hslHue()) if focus.hslHue() >= 0 else 360
        lighter = abs(focus.lightness() - error.lightness())
        assert min(hues, 360 - hues) > 60 or lighter > 80, "focus is not shown in error red"


def test_answers_line_up_and_their_circles_grow_with_the_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    page = start(qtbot, window, "demo")
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    page.input.buttons[0].setFocus()
    qtbot.wait(20)
    lefts = {b.parentWidget().text.mapTo(page, b.rect().topLeft()).x()
             for b in page.input.buttons}
    assert len(lefts) == 1, "the focused first answer is not indented more than the others"
    app = QApplication.instance()
    try:
        theme.apply(app, scale=200, high_contrast=False, training=False)
        radio = page.input.buttons[1]
        option = QStyleOptionButton()
        option.initFrom(radio)
        indicator = radio.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator,
                                                 option, radio)
        text_height = radio.fontMetrics().height()
        assert indicator.height() >= 0.7 * text_height, (indicator, text_height)
    finally:
        theme.apply(app, scale=100, high_contrast=False, training=False)


def test_whom_to_ask_comes_before_the_citations(shipped_pack) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.markdown import help_md

    node = next(n for loaded in shipped_pack.trees.values() for n in loaded.tree.nodes
                if getattr(n, "consult", None) and getattr(n, "refs", None))
    text = help_md(help_text=node.help, why=node.why, refs=node.refs, consult=node.consult,
                   references=shipped_pack.references, contacts=shipped_pack.contacts)
    assert text.index("Whom to ask") < text.index("The law and guidance")
