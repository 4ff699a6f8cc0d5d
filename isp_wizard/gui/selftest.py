"""``isp-wizard --self-test``: open the real main window, walk one page, close, exit 0.

It proves that an installed copy (the standalone build on a council laptop, or a CI machine with
no display) has everything the desktop app needs: Qt and its platform plugin, the theme, the rule
pack, the pages. It works as a practitioner would: it presses a tree's Start button on Home,
picks the first answer to the first question and presses Next. The draft that makes is removed
again, so a self-test leaves no trace in the user's drafts.

A rules folder with problems must not stop the app from opening: then the self-test checks that
the window opens with the problems banner, and passes without walking if no tree could load.
Exit 0 when it all worked, 1 when something did not (the reason is printed), after at most
``timeout_s`` seconds.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

START = time.perf_counter()


class _SelfTest:
    def __init__(self, training: bool, timeout_s: float, out: Callable[[str], None],
                 rules: str | Path | None = None) -> None:
        self.training = training
        self.rules = rules
        self.timeout_s = timeout_s
        self.out = out
        self.failure: str | None = None
        self.window: Any = None
        self.app: Any = None
        self.tree_id = ""
        self.path_before = 0
        self.was_painted = False

    # --- steps (each runs from Qt's event loop) ----------------------------------------------

    def open_window(self) -> None:
        from PySide6.QtCore import QCoreApplication, QTimer
        from PySide6.QtWidgets import QApplication

        from isp_wizard.gui import theme
        from isp_wizard.gui.app import build_window
        from isp_wizard.gui.context import AppContext

        QCoreApplication.setOrganizationName("isp-wizard")
        QCoreApplication.setApplicationName("isp-wizard")
        self.app = QApplication.instance() or theme.new_application(sys.argv)
        ctx = AppContext(training=self.training, rules=self.rules)
        theme.apply(self.app, scale=ctx.settings.text_scale,
                    high_contrast=ctx.settings.high_contrast, training=ctx.training)
        self.window = build_window(ctx)
        self.paint_watch = _paint_watch(self.window, self.step(self.painted))
        self.app.installEventFilter(self.paint_watch)
        self.window.show()
        QTimer.singleShot(5000, self.step(self.not_painted))

    def not_painted(self) -> None:
        if not self.was_painted:
            self.out("no paint event within 5 s of showing the window; carrying on")
            self.painted()

    def painted(self) -> None:
        from PySide6.QtCore import QTimer

        if self.was_painted:
            return
        self.was_painted = True
        self.out(f"main window painted {1000 * (time.perf_counter() - START):.0f} ms after the "
                 f"self-test began ({self.app.platformName()} platform)")
        # The full pack loads just after the first paint; wait for it, whichever came first.
        if self.window.ctx.pack is None and not self.window.ctx.pack_failure:
            self.window.pack_ready.connect(lambda: QTimer.singleShot(0, self.step(self.start)))
        else:
            QTimer.singleShot(0, self.step(self.start))

    def start(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QPushButton

        window = self.window
        ctx = window.ctx
        if window.banner.isVisible() or ctx.pack_failure:
            self.out("rules have problems; the banner says: "
                     + (window.banner.heading.text() or ctx.pack_failure))
        pack = ctx.pack
        trees = sorted(pack.trees) if pack is not None else []
        if not trees:
            if not window.banner.isVisible():
                self.fail("no decision tree loaded, and no banner says why")
                return
            self.out(f"no decision tree could be loaded from {ctx.where.rules_dir}; "
                     "the window opened with the banner, nothing to walk")
            self.finish()
            return
        self.out(f"rules: {len(trees)} tree(s) from {ctx.where.rules_dir}")
        self.tree_id = trees[0]
        start = window.home.findChild(QPushButton, f"start-{self.tree_id}")
        if start is None or not start.isVisible():
            self.fail(f"Home shows no Start button for the tree {self.tree_id!r}")
            return
        window.page_shown.connect(self.on_page)
        start.click()
        QTimer.singleShot(0, self.step(self.check_started))

    def on_page(self, key: str) -> None:
        self.out(f"page shown: {key}")

    def check_started(self) -> None:
        from PySide6.QtCore import QTimer

        if self.window.current_key() != "question" or self.window.walk is None:
            self.fail(f"pressing Start showed {self.window.current_key()!r}, not a question")
            return
        QTimer.singleShot(0, self.step(self.answer))

    def answer(self) -> None:
        from PySide6.QtCore import QDate, QTimer

        page = self.window.pages["question"]
        session = self.window.walk.session
        node = session.current
        self.path_before = len(session.path)
        self.out(f"{self.tree_id}: {node.id} ({node.kind}): {_short(node.text)}")
        buttons = getattr(page.input, "buttons", None)
        if buttons:
            buttons[0].click()
            self.out(f"chose: {_short(buttons[0].accessibleName() or buttons[0].text())}")
        elif node.kind == "text":
            page.input.set_value("Self-test")
        elif node.kind == "date":
            page.input.set_value(QDate.currentDate().toString("yyyy-MM-dd"))
        page.next_button.click()
        QTimer.singleShot(0, self.step(self.check_walked))

    def check_walked(self) -> None:
        page = self.window.pages["question"]
        session = self.window.walk.session
        if page.error.isVisible():
            self.fail(f"the answer was refused: {page.error.text()}")
            return
        moved = len(session.path) > self.path_before or session.is_complete
        if not moved:
            self.fail("pressing Next did not move on")
            return
        where = self.window.current_key()
        now = session.current.id if where == "question" else where
        self.out(f"walked one page: now at {now}")
        self.finish()

    def finish(self) -> None:
        from PySide6.QtCore import QTimer

        if self.window.walk is not None:  # leave no draft behind
            self.window.walk.discard_draft()
            self.window.walk = None
        self.window.close()
        QTimer.singleShot(0, self.app.quit)

    # --- plumbing ----------------------------------------------------------------------------

    def fail(self, reason: str) -> None:
        if self.failure is None:
            self.failure = reason
        if self.app is not None:
            self.app.exit(1)

    def step(self, fn: Callable[[], None]) -> Callable[[], None]:
        """Run ``fn`` so that an exception fails the self-test instead of being lost in Qt."""

        def guarded() -> None:
            if self.failure is not None:
                return
            try:
                fn()
            except Exception:
                self.fail("error in the app:\n" + traceback.format_exc())

        return guarded

    def timed_out(self) -> None:
        self.fail(f"did not finish within {self.timeout_s:.0f} s")


def _paint_watch_class() -> type:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    class PaintWatch(QObject):
        """Calls ``then`` once, after any part of ``window`` has painted for the first time."""

        def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
            super().__init__()
            self.window, self.then, self.seen = window, then, False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (not self.seen and event.type() == QEvent.Type.Paint
                    and isinstance(watched, QWidget) and watched.window() is self.window):
                self.seen = True
                QTimer.singleShot(0, self.then)
            return False

    return PaintWatch


def _paint_watch(window: Any, then: Callable[[], None]) -> Any:
    return _paint_watch_class()(window, then)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run(training: bool = False, *, rules: str | Path | None = None, timeout_s: float = 60.0,
        out: Callable[[str], None] | None = None) -> int:
    """Open the main window, walk one page and quit: 0 if it all worked, 1 if not."""
    def say(message: str) -> None:
        print(f"self-test: {message}", flush=True)

    report = out or say
    test = _SelfTest(training, timeout_s, report, rules)
    try:
        test.open_window()
    except Exception:
        report("FAILED: the main window could not open:\n" + traceback.format_exc())
        return 1
    from PySide6.QtCore import QTimer

    QTimer.singleShot(int(timeout_s * 1000), test.timed_out)

    def caught(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        # Qt hands an error raised inside a slot (a button's handler) to sys.excepthook.
        test.fail("error in the app:\n"
                  + "".join(traceback.format_exception(kind, error, trace)).rstrip())

    previous, sys.excepthook = sys.excepthook, caught
    try:
        code = test.app.exec()
    finally:
        sys.excepthook = previous
    if test.failure is not None or code != 0:
        report(f"FAILED: {test.failure or f'the app exited with {code}'}")
        return 1
    report(f"passed in {1000 * (time.perf_counter() - START):.0f} ms")
    return 0
