"""Walk the real app screen by screen under X11 with accessibility on, and read each screen
through AT-SPI (reader.py, run with Debian's Python) while the app keeps answering.

    python driver.py OUT.json       (under Xvfb and a D-Bus session; see test_atspi.py)

Writes {screen name: reader output}. Runs in a throwaway home on the demo rules.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
READER_PYTHON = "/usr/bin/python3"
PASSPHRASE = "correct horse battery"


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="isp-wizard-atspi-"))
    os.environ["ISP_WIZARD_HOME"] = str(home)
    os.environ["ISP_WIZARD_RULES_DIR"] = str(ROOT / "tests" / "fixtures" / "demo-rules")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QCoreApplication, QEventLoop, QProcess, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setApplicationName("isp-wizard")
    app = QApplication(["isp-wizard"])
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.paths import locations
    from isp_wizard.record.identity import create_identity

    create_identity(locations().identity_path, name="Sam Patel", role="Community Safety Officer",
                    organisation="Example Council", passphrase=PASSPHRASE)
    ctx = AppContext()
    window = build_window(ctx)
    window.finish_loading()
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    results: dict[str, object] = {}

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def read(screen: str) -> None:
        for _ in range(20):  # the app registers on the accessibility bus shortly after start
            read_once(screen)
            found = results[screen]
            if not (isinstance(found, dict) and "no application" in str(found.get("error"))):
                return

    def read_once(screen: str) -> None:
        settle()
        process = QProcess()
        loop = QEventLoop()
        process.finished.connect(loop.quit)
        process.start(READER_PYTHON, [str(HERE / "reader.py"), "isp-wizard"])
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        output = bytes(process.readAllStandardOutput().data()).decode()
        errors = bytes(process.readAllStandardError().data()).decode()
        try:
            results[screen] = json.loads(output)
        except ValueError:
            results[screen] = {"error": f"reader failed: {output[-500:]} {errors[-2000:]}"}

    try:
        read("home")
        window.start_tree("demo")
        page = window.pages["question"]
        read("question (choice)")
        page.input.buttons[1].click()
        page.next_button.click()
        read("question (with references)")
        page.input.buttons[0].click()
        page.next_button.click()
        read("question (text, with the route so far)")
        page.next_button.click()  # nothing typed: an error
        read("question (an error)")
        page.input.editor.setText("a phone number")
        page.next_button.click()
        read("review")
        window.show_walk_page("details")
        details = window.pages["details"]
        details.editors["review_date"].setText("31/13/2027")
        details.next_button.click()
        read("details (errors)")
        details.editors["case_reference"].setText("AT-1")
        details.editors["review_date"].setText("2027-01-31")
        details.next_button.click()
        read("sign")
        for key in ("register", "settings", "scenarios", "rules", "treemap"):
            window.show_page(key)
            read(key)
        window.show_walk_page("sign")
        sign = window.pages["sign"]
        sign.passphrase.setText(PASSPHRASE)
        signing = QEventLoop()
        sign.signed.connect(signing.quit)
        sign.failed.connect(signing.quit)
        sign.sign()
        signing.exec()
        window.finish_and_go_home()
        register = window.show_page("register")
        register.table.setFocus(Qt.FocusReason.TabFocusReason)  # arriving by keyboard
        read("register (a record chosen by keyboard)")
        window.show_page("scenarios")
        player = window.pages["scenarios"]
        player.choose("demo", "clear purpose")
        player.play()
        read("scenario player (playing)")
        player.answer("no")
        player.answer("unsure")  # the expected route answers "yes" at 'purpose'
        read("scenario player (a different outcome)")
        treemap = window.show_page("treemap")
        treemap.panel.set_training(True)
        treemap.panel.view.node_clicked.emit("purpose")
        read("treemap (a question chosen)")
        several_people(window, read)
    finally:
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")
        window.close()
        app.processEvents()
        shutil.rmtree(home, ignore_errors=True)
    return 0


def several_people(window: object, read: object) -> None:
    """A decision about several people: the people page with a mistake, a question about one
    person, and the review grouped by person and recipient."""
    sys.path.insert(0, str(HERE.parent))
    from gui_driving import start_household

    page = start_household(window)
    page.input.buttons[0].click()
    page.next_button.click()
    people = page.input
    for name in ("Adult A", "Child 1", "Child 2"):
        people.editor.setText(name)
        people.add_button.click()
    people.editor.setText("child 1")
    people.add_button.click()  # listed already: said beside the field
    read("question (people, an error)")  # type: ignore[operator]
    people.editor.clear()
    page.next_button.click()
    read("question (about a person)")  # type: ignore[operator]
    for value in ("adult", "yes", "child", "yes", "child", "yes"):
        next(b for b in page.input.buttons if b.property("answer_value") == value).click()
        page.next_button.click()
    page.input.buttons[0].click()
    page.next_button.click()
    page.input.buttons[0].click()  # what the recipient receives
    page.next_button.click()
    page.input.buttons[0].click()  # how it is sent
    page.next_button.click()
    read("review (several people)")  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
