"""At 200 % text every screen fits a 1280×720 projector and a 1366×768 laptop without forcing
the window taller or wider: long content scrolls inside the page instead."""

from __future__ import annotations

import pytest
from keyboard import settle
from PySide6.QtWidgets import QApplication
from test_keyboard_screens import screens


@pytest.mark.parametrize("presentation", [False, True], ids=["laptop", "presentation"])
def test_no_screen_at_200_percent_asks_for_more_than_1280x720(  # type: ignore[no-untyped-def]
        qtbot, demo_rules, identity, presentation: bool) -> None:
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.settings import Settings

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
        def check(name: str) -> None:
            settle(qtbot)
            wanted = window.minimumSizeHint()
            if wanted.height() > 720 or wanted.width() > 1280 or window.height() > 720:
                too_big.append(f"{name}: at least {wanted.width()}×{wanted.height()}, "
                               f"window {window.width()}×{window.height()}")

        for name, _mistake in screens(qtbot, window):
            check(name)
        sign = window.pages["sign"]  # first use: the form that creates an identity
        window.show_page("sign")
        sign.views.setCurrentWidget(sign.identity_view)
        check("sign (first use: creating an identity)")
    finally:
        window.set_presentation(False)
        window.set_training(False)
    assert too_big == [], "\n".join(too_big)
