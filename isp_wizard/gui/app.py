"""Starting the desktop app: Qt, the theme, Home from the remembered summary, then the pack.

The full rule pack (pydantic models) loads just after Home first paints, so the window appears
about as fast as an empty Qt window would; nothing heavier (reportlab, pyHanko) loads until a
record is made.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.main_window import MainWindow


def run(training: bool, *, rules: str | Path | None = None, quit_when: str = "") -> int:
    """Open the app (on the ``--rules`` folder when given). ``quit_when`` ("painted" or "ready")
    is for the start-up benchmark."""
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.first_paint import FirstPaint
    from isp_wizard.gui.theme import new_application

    QCoreApplication.setOrganizationName("isp-wizard")
    QCoreApplication.setApplicationName("isp-wizard")
    app = QApplication.instance() or new_application(sys.argv)
    assert isinstance(app, QApplication)
    ctx = AppContext(training=training, rules=rules)  # the window applies the theme (see set_training)
    if ctx.settings.language:
        from isp_wizard.gui.translations import use_language

        use_language(ctx.settings.language)  # before any widget is made
    quit_when = quit_when or os.environ.get("ISP_WIZARD_QUIT_WHEN", "")
    window = build_window(ctx, load_after_paint=quit_when != "painted")
    # "ready" with the pack already loaded (a first run, with no summary yet) is "painted"
    if quit_when == "painted" or (quit_when == "ready" and ctx.pack is not None):
        FirstPaint(window.home, lambda: QTimer.singleShot(0, app.quit))
    elif quit_when == "ready":
        window.pack_ready.connect(lambda: QTimer.singleShot(0, app.quit))
    window.showMaximized()  # a council laptop's 1366×768 is used whole; nothing is cut off
    return app.exec()


def build_window(ctx: AppContext, *, load_after_paint: bool = True) -> MainWindow:
    """The main window on Home, with the pack loading just after the first paint."""
    from isp_wizard.gui.first_paint import FirstPaint
    from isp_wizard.gui.main_window import MainWindow

    window = MainWindow(ctx)
    if ctx.quick_summary() is not None:
        window.show_summary()
        if load_after_paint:
            FirstPaint(window.home, window.finish_loading)
    else:
        window.finish_loading()
    window.show_page("home")
    return window
