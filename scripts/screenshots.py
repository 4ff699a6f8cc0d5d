#!/usr/bin/env python3
"""Save a PNG of every screen of the desktop app, as a council laptop (1366×768) shows it.

    .venv/bin/python scripts/screenshots.py                 # 100% into docs/screenshots/
    .venv/bin/python scripts/screenshots.py --scale 200 --out build/screenshots-200
    .venv/bin/python scripts/screenshots.py --all           # everything below

``--all`` saves every screen at 100 % (docs/screenshots/), the main screens at 200 % text
(docs/screenshots/200/) and in high contrast (docs/screenshots/high-contrast/), and training's
presentation view on a 1280×720 projector, tree map included (docs/screenshots/presentation/).
Runs offscreen in a throwaway home folder on the shipped rules, so it touches nothing of yours.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSPHRASE = "screenshots only"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="text size, 100–200")
    parser.add_argument("--out", type=Path, help="folder for the PNGs")
    parser.add_argument("--all", action="store_true", help="100%% and 200%%")
    parser.add_argument("--high-contrast", action="store_true")
    args = parser.parse_args()
    shots = ROOT / "docs" / "screenshots"
    if args.all:
        take_all(100, shots, False)
        take_all(200, shots / "200", False, only=MAIN_SCREENS)
        take_all(100, shots / "high-contrast", True, only=MAIN_SCREENS)
        take_presentation(shots / "presentation")
        return 0
    out = args.out or (shots if args.scale == 100 else ROOT / "build" / f"screenshots-{args.scale}")
    take_all(args.scale, out, args.high_contrast)
    return 0


MAIN_SCREENS = ("01-home", "03-question", "04-question-partner", "05-review",
                "06-details-with-a-mistake", "10-register", "10b-register-cannot-open",
                "11-settings", "13-question-people", "13b-question-about-a-person",
                "13d-review-several-people")


def _home() -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="isp-wizard-shots-"))
    rules = home / "rules"
    shutil.copytree(ROOT / "rules", rules)
    os.environ["ISP_WIZARD_HOME"] = str(home)
    os.environ["ISP_WIZARD_RULES_DIR"] = str(rules)
    return home


def take_all(scale: int, out: Path, high_contrast: bool, only: tuple[str, ...] = ()) -> None:
    """Each run gets its own home folder; ``only`` keeps just those screens."""
    home = _home()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from isp_wizard.gui import theme
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.paths import settings_path
    from isp_wizard.settings import Settings

    settings = Settings(text_scale=scale, high_contrast=high_contrast)
    settings.save(settings_path())
    app = QApplication.instance() or QApplication([])
    ctx = AppContext()
    theme.apply(app, scale=scale, high_contrast=high_contrast, training=False)
    window = build_window(ctx)
    window.finish_loading()
    window.resize(1366, 768)
    window.show()
    shots = Shots(app, window, out, only)
    try:
        shots.run()
    finally:
        window.close()
        app.processEvents()
        shutil.rmtree(home, ignore_errors=True)
    print(f"{len(shots.saved)} screenshots at {scale}% in {out}")


def take_presentation(out: Path) -> None:
    """Training's presentation view on a 1280×720 projector: a question, the scenario
    player (library, playing, result) and the tree map."""
    home = _home()
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    app = QApplication.instance() or QApplication([])
    window = build_window(AppContext(training=True))
    window.finish_loading()
    window.resize(1280, 720)
    window.show()
    window.set_presentation(True)
    shots = Shots(app, window, out)
    try:
        pack = window.ctx.pack
        window.start_tree("request")
        shots.grab("01-question")
        player = window.show_page("scenarios")
        group = next(g for g in pack.scenario_sets if g.tree == "request")
        scenario = group.scenarios[0]
        player.choose("request", scenario.name)
        shots.grab("02-scenario-library")
        player.play()
        shots.grab("03-scenario-question")
        for _ in range(40):
            if player.pages.currentIndex() != 1:
                break
            node = player.session.current
            player.answer(scenario.answers.get(player.session.current_key,
                                               "" if node.kind != "info" else None))
        shots.grab("04-scenario-result")
        window.show_page("treemap")
        shots.grab("05-tree-map")
    finally:
        window.set_presentation(False)
        window.close()
        app.processEvents()
        shutil.rmtree(home, ignore_errors=True)
    print(f"{len(shots.saved)} screenshots of presentation view in {out}")


class Shots:
    def __init__(self, app, window, out: Path, only: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
        self.app, self.window, self.out, self.only = app, window, out, only
        self.saved: list[Path] = []

    def grab(self, name: str, widget=None) -> None:  # type: ignore[no-untyped-def]
        if self.only and name not in self.only:
            return
        for _ in range(3):
            self.app.processEvents()
        path = self.out / f"{name}.png"
        (widget or self.window).grab().save(str(path))
        self.saved.append(path)

    def run(self) -> None:
        from isp_wizard.engine.walk import walk
        from isp_wizard.gui.golden_rules import GoldenRulesDialog
        from isp_wizard.record.identity import create_identity

        w = self.window
        pack = w.ctx.pack
        self.grab("01-home")
        dialog = GoldenRulesDialog(w.ctx, w)
        dialog.show()
        self.grab("02-golden-rules", dialog)
        dialog.close()

        # a question with one choice, then the partner picker with s115 status
        w.start_tree("s115")
        self.grab("03-question")
        page = w.pages["question"]
        session = w.walk.session
        scenario = next(s for s in pack.scenarios_for("s115") if "recipient" in s.answers)
        for _ in range(20):
            node = session.current
            if node.kind in ("partner", "outcome"):
                break
            session.answer(scenario.answers.get(node.id) if node.kind != "info" else None)
        page.show_current()
        self.grab("04-question-partner")

        # the review and the outcome, from a scenario of the request tree
        nodes = pack.trees["request"].nodes
        scenario = next((s for s in pack.scenarios_for("request")
                         if getattr(nodes.get(s.expected), "decision", None)
                         == "share_with_conditions"), pack.scenarios_for("request")[0])
        done = walk(pack.trees["request"], scenario.answers, pack.partners)
        w.walk.session = done
        w.show_review()
        self.grab("05-review")
        review = w.pages["review"]
        review.scroller.verticalScrollBar().setValue(review.answers.geometry().top())
        self.grab("05b-review-answers")
        w.walk.details = {"case_reference": "ASB-2026-0142", "purpose": "To agree a plan at "
                          "the community safety meeting.", "review_date": "2026-13-01"}
        w.show_walk_page("details")
        w.pages["details"].submit()
        self.grab("06-details-with-a-mistake")
        w.walk.details["review_date"] = "2027-03-31"
        w.show_walk_page("sign")
        self.grab("07-sign-first-use")
        create_identity(w.ctx.where.identity_path, name="Sam Patel",
                        role="Community Safety Officer", organisation="Example Council",
                        passphrase=PASSPHRASE)
        w.show_walk_page("sign")
        self.grab("08-sign")
        sign = w.pages["sign"]
        sign.passphrase.setText(PASSPHRASE)
        from PySide6.QtCore import QEventLoop, Qt

        loop = QEventLoop()
        sign.signed.connect(loop.quit)
        sign.failed.connect(loop.quit)
        sign.sign()
        loop.exec()
        self.grab("09-signed")
        w.finish_and_go_home()
        register = w.show_page("register")
        w.activateWindow()
        register.table.setFocus(Qt.FocusReason.TabFocusReason)  # by keyboard: row chosen, ring
        register.table.selectRow(0)
        self.grab("10-register")
        register.open_pdf()  # no PDF viewer here: the page says where the file is
        self.grab("10b-register-cannot-open")
        register._hide_open_problem()
        w.show_page("settings")
        self.grab("11-settings")
        rules = w.show_page("rules")
        rules.show_view(1)
        rules.coverage_tree.setCurrentIndex(rules.coverage_tree.findData("s115"))
        rules.outcome_choice.setCurrentIndex(rules.outcome_choice.findData("share"))
        rules.how_button.click()
        self.grab("11b-rules-coverage")
        rules.show_view(0)
        setup = w.show_page("partnership")
        setup.kind.setCurrentIndex(setup.kind.findData("partners"))
        setup.entry.setCurrentIndex(setup.entry.findData("housing-association"))
        setup.fields["isas"].setPlainText("csp-protocol\nno-such-agreement")
        self.grab("11c-partnership-setup")
        setup.revert()
        setup.show_view(1)
        self.grab("11d-partnership-sign-off")
        setup.show_view(0)

        self.several_people()

        # a broken tree: the banner lists file:line: message and the others still work
        tree = w.ctx.where.rules_dir / "trees" / "breach.yaml"
        tree.write_text(tree.read_text(encoding="utf-8").replace("kind: question",
                                                                   "kind: questoin", 1),
                        encoding="utf-8")
        w.ctx.pack = None
        w.finish_loading()
        w.show_page("home")
        self.grab("12-rules-problem")

    def several_people(self) -> None:
        """The household route (a MARAC): the people listed, a question about one of them,
        the organisations ticked, the review grouped by person and organisation, and Details
        prefilled per organisation."""
        w = self.window
        pack = w.ctx.pack
        scenario = next((s for s in pack.scenarios_for("safeguarding")
                         if any("@" in key for key in s.answers)), None)
        if scenario is None:
            return
        answers = scenario.answers
        w.start_tree("safeguarding")
        page = w.pages["question"]
        session = w.walk.session

        def answer_until(kind: str) -> None:
            for _ in range(60):
                if session.current.kind == kind or session.is_complete:
                    break
                node = session.current
                session.answer(answers.get(session.current_key) if node.kind != "info"
                               else None)
            page.show_current()

        answer_until("people")
        page.input.set_value(answers[session.current_key])
        self.grab("13-question-people")
        session.answer(answers[session.current_key])
        page.show_current()
        self.grab("13b-question-about-a-person")
        answer_until("recipients")
        page.input.set_value(answers[session.current_key])
        self.grab("13c-question-recipients")
        session.answer(answers[session.current_key])
        answer_until("outcome")
        w.show_review()
        self.grab("13d-review-several-people")
        review = w.pages["review"]
        review.scroller.verticalScrollBar().setValue(review.answers.geometry().top())
        self.grab("13e-review-several-people-answers")
        w.walk.details = {}
        w.show_walk_page("details")
        details = w.pages["details"]
        from isp_wizard.gui.framework import ensure_visible

        self.app.processEvents()
        ensure_visible(details.editors["information"])
        ensure_visible(details.editors["transfer_method"])
        self.grab("13f-details-per-recipient")
        w.walk.discard_draft()
        w.show_page("home")


if __name__ == "__main__":
    raise SystemExit(main())
