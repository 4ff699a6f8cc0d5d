"""The desktop app: cold start to Home painted, and Next to the next page painted.

Figures and their floors, measured in the same run, in turns (so a busy machine slows both):
- whole process, start to Home painted and the event loop idle, against a script that opens an
  empty PySide6 window (a label, three radio buttons, Back and Next) to its first paint
  (target: within 1.5x). Home is drawn from the summary remembered from the last run, and the
  app runs from bytecode as an installed copy does (the warm-up round compiles it).
- whole process, start to the full rule pack loaded and drafts and records listed (the moment
  a Start button does its work at once), against the same floor (reported, no target).
- in process: Next pressed on a question to the next page painted, and on the last question to
  the review painted (target: under 50 ms), against the same window as the start-up floor whose
  Next puts a new question and three new radio buttons in place of the old ones (in the same
  process, so in the app's theme), timed the same way (Next clicked, pending events and the
  widgets let go of deleted as the event loop would, a synchronous repaint), in turns with the
  app's pages.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure

ROOT = Path(__file__).resolve().parent.parent

EMPTY_WINDOW = """
import os
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QMainWindow, QPushButton,
                               QRadioButton, QVBoxLayout, QWidget)
app = QApplication([])
window = QMainWindow()
body = QWidget()
box = QVBoxLayout(body)
box.addWidget(QLabel("Is anyone at immediate risk of serious harm?"))
for text in ("Yes", "No", "Not sure"):
    box.addWidget(QRadioButton(text))
row = QHBoxLayout()
row.addWidget(QPushButton("Back"))
row.addWidget(QPushButton("Next"))
box.addLayout(row)
window.setCentralWidget(body)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
window.show()
app.exec()
os._exit(0)  # the figure ends at the first paint, not at tearing the window down
"""

APP = ("import os; from isp_wizard.gui.app import run; run(False, quit_when={!r}); "
       "os._exit(0)")  # as the floor: timed to the paint, not to tearing the window down


def _interleaved(argvs: list[list[str]], repeat: int, env: dict[str, str]) -> list[float]:
    times: list[list[float]] = [[] for _ in argvs]
    for round_ in range(repeat + 1):
        for argv, found in zip(argvs, times, strict=True):
            start = time.perf_counter()
            subprocess.run(argv, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            if round_:  # the first round warms the page cache and the app's summary
                found.append(time.perf_counter() - start)
    return [statistics.median(found) for found in times]


def start_up(repeat: int) -> list[Figure]:
    home = tempfile.mkdtemp(prefix="isp-wizard-bench-gui-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ISP_WIZARD_HOME=home,
               PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(Path(home) / "pycache"))
    env.pop("ISP_WIZARD_RULES_DIR", None)
    # An installed app runs from bytecode (pip and PyInstaller compile it); a shell with
    # PYTHONDONTWRITEBYTECODE would make every start compile the app from source instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor, painted, ready = _interleaved(
        [[sys.executable, "-c", EMPTY_WINDOW],
         [sys.executable, "-c", APP.format("painted")],
         [sys.executable, "-c", APP.format("ready")]], repeat, env)
    floor_name = "empty PySide6 window, first paint"
    return [
        Figure("app start → Home painted, idle (whole process)", painted, floor_name, floor,
               "≤ 1.5x"),
        Figure("app start → rules loaded, drafts listed", ready, floor_name, floor, "(info)"),
    ]


class _EmptyWindowNext:
    """The floor of a page change: a bare window whose Next replaces its question and answers."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import (
            QHBoxLayout,
            QLabel,
            QMainWindow,
            QPushButton,
            QRadioButton,
            QVBoxLayout,
            QWidget,
        )

        self.radio = QRadioButton
        self.window = QMainWindow()
        body = QWidget()
        self.box = QVBoxLayout(body)
        self.question = QLabel("Is anyone at immediate risk of serious harm?")
        self.box.addWidget(self.question)
        self.answers = QVBoxLayout()
        self.box.addLayout(self.answers)
        self.buttons: list[QRadioButton] = []
        row = QHBoxLayout()
        row.addWidget(QPushButton("Back"))
        self.next_button = QPushButton("Next")
        row.addWidget(self.next_button)
        self.box.addLayout(row)
        self.window.setCentralWidget(body)
        self.count = 0
        self.next_button.clicked.connect(self.next)
        self.next()
        self.window.resize(1200, 800)
        self.window.show()

    def next(self) -> None:
        self.count += 1
        self.question.setText(f"Question {self.count}: is the information necessary?")
        for old in self.buttons:
            self.answers.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.buttons = [self.radio(f"{text} ({self.count})") for text in ("Yes", "No", "Not sure")]
        for button in self.buttons:
            self.answers.addWidget(button)
        self.buttons[0].setFocus()


def page_change(repeat: int) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="isp-wizard-bench-gui-")
    os.environ["ISP_WIZARD_HOME"] = home
    os.environ.pop("ISP_WIZARD_RULES_DIR", None)
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from isp_wizard.gui import theme
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    app = QApplication.instance() or QApplication([])
    ctx = AppContext()
    theme.apply(app, scale=100, high_contrast=False, training=False)  # type: ignore[arg-type]
    window = build_window(ctx)
    window.finish_loading()
    window.resize(1200, 800)
    window.show()
    app.processEvents()  # type: ignore[union-attr]  # and the pages built while Home shows
    pack = ctx.pack
    assert pack is not None
    tree_id = "request" if "request" in pack.trees else next(iter(pack.trees))
    scenario = max(pack.scenarios_for(tree_id), key=lambda s: len(s.answers))

    def settle() -> None:
        """What the event loop does after a click and before it paints: posted events, then
        the widgets a page let go of (with no event loop running, deleteLater() would keep
        them all, and every later page would be slower for it)."""
        app.processEvents()  # type: ignore[union-attr]  # layout requests, timers
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def timed_next(page: object) -> float:
        start = time.perf_counter()
        page.next_button.click()  # type: ignore[attr-defined]
        settle()
        window.repaint()  # paint the new page now, synchronously
        return time.perf_counter() - start

    floor = _EmptyWindowNext()
    floor_times: list[float] = []
    def timed_floor() -> float:
        start = time.perf_counter()
        floor.next_button.click()
        settle()
        floor.window.repaint()
        return time.perf_counter() - start

    next_times, review_times = [], []
    for _ in range(repeat):
        window.start_tree(tree_id)
        page = window.pages["question"]
        session = window.walk.session  # type: ignore[union-attr]
        while True:
            node = session.current
            value = scenario.answers.get(session.current_key)  # (node@label for a person)
            if value is None and node.kind in ("text", "date"):
                value = ""
            page.input.set_value(value)  # type: ignore[attr-defined]
            took = timed_next(page)
            floor_times.append(timed_floor())
            if window.current_key() == "review":
                review_times.append(took)
                break
            next_times.append(took)
        window.walk.discard_draft()  # type: ignore[union-attr]
    window.close()
    floor.window.close()
    floor_s = statistics.median(floor_times)
    floor_name = "empty window: new question + 3 radios"
    return [
        Figure(f"Next → next question painted ({tree_id})", statistics.median(next_times),
               floor_name, floor_s, "< 50 ms"),
        Figure("Next → review with outcome painted", statistics.median(review_times),
               floor_name, floor_s, "< 50 ms"),
    ]


def run(quick: bool) -> list[Figure]:
    repeat = 3 if quick else 9
    return start_up(repeat) + page_change(2 if quick else 5)
