"""At 200 % text every screen fits a 1280×720 projector and a 1366×768 laptop without forcing
the window taller or wider: long content scrolls inside the page instead."""

from __future__ import annotations

import pytest
from keyboard import settle
from PySide6.QtWidgets import QApplication
from test_keyboard_screens import screens


@pytest.mark.parametrize(("presentation", "first_use"), [(False, False), (True, False),
                                                         (False, True)],
                         ids=["laptop", "presentation", "first use (identity form)"])
def test_no_screen_at_200_percent_asks_for_more_than_1280x720(  # type: ignore[no-untyped-def]
        qtbot, request, demo_rules, isolated_home, presentation: bool, first_use: bool) -> None:
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.settings import Settings

    if not first_use:
        request.getfixturevalue("identity")
    ctx = AppContext(training=presentation, settings=Settings(text_scale=200))
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if presentation:
        window.set_presentation(True)
    too_big = []
    try:
        for name, _mistake in screens(qtbot, window):
            settle(qtbot)
            wanted = window.minimumSizeHint()
            if wanted.height() > 720 or wanted.width() > 1280 or window.height() > 720:
                too_big.append(f"{name}: at least {wanted.width()}×{wanted.height()}, "
                               f"window {window.width()}×{window.height()}")
    finally:
        window.set_presentation(False)
        window.set_training(False)
    assert too_big == [], "\n".join(too_big)
