#!/usr/bin/env python3
"""Save a PNG of every screen of the desktop app, at 100% and 200% text size.

    .venv/bin/python scripts/screenshots.py                 # 100% into docs/screenshots/
    .venv/bin/python scripts/screenshots.py --scale 200 --out build/screenshots-200
    .venv/bin/python scripts/screenshots.py --all           # both sizes

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
    runs = [(100, ROOT / "docs" / "screenshots"), (200, ROOT / "build" / "screenshots-200")] \
        if args.all else [(args.scale, args.out or (ROOT / "docs" / "screenshots"
                                                   if args.scale == 100 else
                                                   ROOT / "build" / f"screenshots-{args.scale}"))]
    for scale, out in runs:
        take_all(scale, out, args.high_contrast)
    return 0


def take_all(scale: int, out: Path, high_contrast: bool) -> None:
    """Fresh process state per size is not needed: each run gets its own home folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="isp-wizard-shots-"))
    rules = home / "rules"
    shutil.copytree(ROOT / "rules", rules)
    os.environ["ISP_WIZARD_HOME"] = str(home)
    os.environ["ISP_WIZARD_RULES_DIR"] = str(rules)
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
    window.resize(1200, 820)
    window.show()
    shots = Shots(app, window, out)
    try:
        shots.run()
    finally:
        window.close()
        shutil.rmtree(home, ignore_errors=True)
    print(f"{len(shots.saved)} screenshots at {scale}% in {out}")


class Shots:
    def __init__(self, app, window, out: Path) -> None:  # type: ignore[no-untyped-def]
        self.app, self.window, self.out = app, window, out
        self.saved: list[Path] = []

    def grab(self, name: str, widget=None) -> None:  # type: ignore[no-untyped-def]
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
        w.pages["review"].browser.scrollToAnchor("outcome")
        self.grab("05b-review-outcome")
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
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        sign.signed.connect(loop.quit)
        sign.failed.connect(loop.quit)
        sign.sign()
        loop.exec()
        self.grab("09-signed")
        w.finish_and_go_home()
        w.show_page("register")
        self.grab("10-register")
        w.show_page("settings")
        self.grab("11-settings")

        # a broken tree: the banner lists file:line: message and the others still work
        tree = w.ctx.where.rules_dir / "trees" / "breach.yaml"
        tree.write_text(tree.read_text(encoding="utf-8").replace("kind: question",
                                                                   "kind: questoin", 1),
                        encoding="utf-8")
        w.ctx.pack = None
        w.finish_loading()
        w.show_page("home")
        self.grab("12-rules-problem")


if __name__ == "__main__":
    raise SystemExit(main())
