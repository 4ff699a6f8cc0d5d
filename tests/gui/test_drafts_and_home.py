"""Drafts survive a kill and are offered at the next start; the rules banner; golden rules; Esc."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from gui_driving import DEMO_RULES, ROOT, start
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from isp_wizard.gui.golden_rules import GoldenRulesDialog

KILLED_MID_WALK = textwrap.dedent("""
    import os, signal
    from PySide6.QtWidgets import QApplication, QPushButton
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    app = QApplication([])
    window = build_window(AppContext())
    window.show()
    window.home.findChild(QPushButton, "start-demo").click()
    page = window.pages["question"]
    for value in ("no", "yes"):
        next(b for b in page.input.buttons if b.property("answer_value") == value).click()
        page.next_button.click()
    page.input.editor.setText("half a sentence")   # typed, not yet submitted
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_walk_is_offered_at_the_next_start(qtbot, demo_rules, make_window,
                                                    isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", KILLED_MID_WALK], env=env, timeout=120,
                            capture_output=True)
    assert result.returncode == -9, result.stderr.decode()
    window = make_window()
    drafts = window.ctx.drafts().list()
    assert len(drafts) == 1 and drafts[0].answered == 2
    resume = window.home.findChild(QPushButton, f"resume-{drafts[0].draft_id}")
    assert resume is not None
    qtbot.waitUntil(resume.isVisible)
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "question"):
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    page = window.pages["question"]
    assert page.question.text() == "What will you share?"
    assert window.walk.session.answers == {"emergency": "no", "purpose": "yes"}
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.input.value() == "yes"


def test_save_and_close_keeps_the_draft_and_discard_removes_it(qtbot, window,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window, "demo")
    page.input.buttons[1].click()
    page.next_button.click()
    with qtbot.waitSignal(window.page_shown, check_params_cb=lambda k: k == "home"):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [draft] = window.ctx.drafts().list()
    assert draft.answered == 1
    discard = window.home.findChild(QPushButton, f"discard-{draft.draft_id}")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert window.ctx.drafts().list() == []
    assert not window.home.drafts_heading.isVisibleTo(window.home)


def test_details_are_kept_as_they_are_typed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window, "demo")
    page.input.buttons[0].click()
    page.next_button.click()
    window.pages["review"].record_button.click()
    details = window.pages["details"]
    qtbot.keyClicks(details.editors["case_reference"], "KEEP-1")
    with qtbot.waitSignal(details.save_timer.timeout, timeout=5_000):
        pass
    [draft] = window.ctx.drafts().list()
    assert draft.case_reference == "KEEP-1"


def test_a_broken_tree_is_listed_and_the_others_still_work(qtbot, make_window, tmp_path: Path,
                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    broken = (DEMO_RULES / "trees" / "demo.yaml").read_text(encoding="utf-8")
    broken = broken.replace("id: demo", "id: broken", 1).replace("next: purpose",
                                                                "next: nowhere", 1)
    (rules / "trees" / "broken.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    window = make_window()
    assert window.banner.isVisible()
    problems = window.banner.text()
    assert "trees/broken.yaml:" in problems and "nowhere" in problems
    line = problems.split("trees/broken.yaml:")[1].split(":")[0]
    assert line.isdigit()
    assert window.home.findChild(QPushButton, "start-broken") is None
    page = start(qtbot, window, "demo")
    assert page.question.text().startswith("Is anyone at immediate risk")


def test_a_second_start_draws_home_from_the_remembered_summary(qtbot, demo_rules,
                                                                make_window) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    make_window()  # the first start remembers the summary
    ctx = AppContext()
    window = build_window(ctx)
    qtbot.addWidget(window)
    assert ctx.pack is None  # not loaded yet: Home is drawn from the summary
    assert window.home.findChild(QPushButton, "start-demo") is not None
    window.show()
    with qtbot.waitSignal(window.pack_ready, timeout=10_000):
        pass
    assert ctx.pack is not None and "demo" in ctx.pack.trees


def test_the_golden_rules_are_one_click_from_home(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(GoldenRulesDialog, "exec",
                        lambda self: shown.append(self.text.toPlainText()) or 0)
    qtbot.mouseClick(window.home.rules_button, Qt.MouseButton.LeftButton)
    assert shown and "seven golden rules" in shown[0]
    assert shown[0].count("\n") > 7


def test_escape_asks_before_closing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    page = start(qtbot, window, "demo")
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(page.input.buttons[0], Qt.Key.Key_Escape)
    assert window.isVisible()
    assert "saved as a draft" in asked[0]
    qtbot.keyClick(page.input.buttons[0], Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_judgement_note_is_on_every_screen_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QTextBrowser

    def count(root) -> int:  # type: ignore[no-untyped-def]
        texts = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
        texts += [w.toPlainText() for w in root.findChildren(QTextBrowser)
                  if w.isVisibleTo(root)]
        return sum(t.count("supports your professional judgement") for t in texts)

    assert count(window) == 1
    start(qtbot, window, "demo")
    assert count(window) == 1
    for key in ("register", "settings", "home"):
        window.show_page(key)
        assert count(window) == 1, key


def test_a_draft_whose_tree_is_gone_is_listed_with_the_reason(qtbot, make_window, tmp_path: Path,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    window = make_window()
    page = start(qtbot, window, "demo")
    page.input.buttons[1].click()
    page.next_button.click()
    window.save_and_close()
    (rules / "trees" / "demo.yaml").rename(tmp_path / "demo.yaml")
    again = make_window()
    [draft] = again.ctx.drafts().list()
    resume = again.home.findChild(QPushButton, f"resume-{draft.draft_id}")
    assert resume is not None and not resume.isEnabled()
    texts = [w.text() for w in resume.parent().findChildren(QLabel)]
    assert any("no longer in the rules" in t for t in texts)


def test_a_draft_that_cannot_be_saved_is_said_plainly(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = start(qtbot, window, "demo")
    drafts_dir = window.ctx.where.drafts_dir
    shutil.rmtree(drafts_dir, ignore_errors=True)
    drafts_dir.parent.mkdir(parents=True, exist_ok=True)
    drafts_dir.write_text("not a folder")  # the drafts folder cannot be written
    page.input.buttons[1].click()
    page.next_button.click()
    assert page.question.text().startswith("Is there a clear")  # the walk goes on
    assert "could not be saved as a draft" in page.notes.text()
    drafts_dir.unlink()
    page.input.buttons[0].click()
    page.next_button.click()
    assert "could not be saved" not in page.notes.text()
    assert len(window.ctx.drafts().list()) == 1


def test_home_opens_with_a_deep_and_a_huge_draft_and_says_they_were_set_aside(
        qtbot, demo_rules, make_window, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from isp_wizard.paths import locations

    folder = locations().drafts_dir
    folder.mkdir(parents=True)
    head = ('{"kind": "isp-wizard-draft", "format": 1, "draft_id": "x", '
            '"updated": "2026-04-01T09:30:00+00:00", "tree": {"id": "demo"}, ')
    (folder / "deep.json").write_text(
        head + '"session": {"answers": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}}",
        encoding="utf-8")
    (folder / "huge.json").write_text(
        head + '"session": {"answers": {}}, "details": {"case_reference": "'
        + "A" * 50_000_000 + '"}}', encoding="utf-8")
    window = make_window()
    texts = [w.text() for w in window.home.findChildren(QLabel)]
    said = [t for t in texts if "could not be read" in t and "moved to" in t]
    assert len(said) == 2, texts
    assert not (folder / "deep.json").exists() and not (folder / "huge.json").exists()


def test_the_app_opens_whatever_is_in_the_rules_folder(qtbot, make_window, tmp_path: Path,
                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A FIFO, a link to /dev/zero, a folder, a 170,000-answer tree and a broken catalogue:
    Home opens at once with the trees that load, and the rest is reported."""
    if sys.platform == "win32":
        return
    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    os.mkfifo(rules / "trees" / "fifo.yaml")
    (rules / "trees" / "zero.yaml").symlink_to("/dev/zero")
    (rules / "trees" / "folder.yaml").mkdir()
    answers = "\n".join(f"      - {{value: v{i}, label: L, next: end}}" for i in range(170_000))
    (rules / "trees" / "huge.yaml").write_text(
        "id: huge\ntitle: H\nversion: 1.0.0\neffective: 2026-01-01\nsummary: s\nstart: q\n"
        f"nodes:\n  - id: q\n    kind: question\n    text: Q?\n    answers:\n{answers}\n",
        encoding="utf-8")
    (rules / "golden-rules.md").unlink(missing_ok=True)
    os.mkfifo(rules / "golden-rules.md")
    (rules / "references.yaml").write_text("references: [\n", encoding="utf-8")
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    import time

    started = time.perf_counter()
    window = make_window()
    assert time.perf_counter() - started < 10
    assert set(window.ctx.pack.trees) == {"demo"}
    assert window.home.findChild(QPushButton, "start-demo") is not None
    problems = "\n".join(str(p) for p in window.ctx.pack.problems)
    for name in ("fifo.yaml", "zero.yaml", "folder.yaml", "huge.yaml", "references.yaml"):
        assert name in problems, name
    dialog = GoldenRulesDialog(window.ctx)  # opening the golden rules does not hang either
    qtbot.addWidget(dialog)


def test_a_draft_spoiled_after_home_listed_it_is_named_on_home_with_where_it_went(
        qtbot, demo_rules, make_window, isolated_home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from isp_wizard.paths import locations

    shown: list[str] = []  # a box that is gone once closed would say it only once
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(str(args)))
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = start(qtbot, window, "demo")
    page.input.buttons[1].click()
    page.next_button.click()
    window.save_and_close()
    (draft,) = locations().drafts_dir.glob("*.json")
    resume = window.home.findChild(QPushButton, f"resume-{draft.stem}")
    assert resume is not None and window.home.draft_notes == []
    draft.write_text('{"kind": "isp-wizard-draft", "format": 1, "session": ', encoding="utf-8")
    resume.click()
    assert shown == []
    assert window.current_key() == "home"
    (moved,) = (locations().drafts_dir / "quarantine").glob(f"{draft.stem}.*.json")
    (note,) = [n.text() for n in window.home.draft_notes]
    assert note.startswith(f"Cannot resume this draft: The draft {draft.name} could not be "
                           "read (")
    assert note.endswith(f"it was moved to {moved} so that the other drafts still work.")
    assert QApplication.focusWidget() is window.home.draft_notes[0]  # on screen, read out
    assert window.statusBar().currentMessage() == \
        "A draft could not be opened; Home says which and where it is now."
    assert window.home.findChild(QPushButton, f"resume-{draft.stem}") is None
    window.refresh_home()  # said for as long as the window is open
    assert [n.text() for n in window.home.draft_notes] == [note]


def test_answers_a_resumed_draft_set_aside_are_named_on_the_question_page(
        qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A draft whose answers no longer all fit (a person dropped from the list, a question
    removed from the rules) resumes, and the page says which answers were not carried over."""
    import json

    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    window = make_window()
    page = start(qtbot, window, "demo")
    page.input.buttons[1].click()
    page.next_button.click()
    window.save_and_close()
    again = make_window()
    [draft] = again.ctx.drafts().list()
    path = again.ctx.where.drafts_dir / f"{draft.draft_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["session"]["answers"]["gone@Child 2"] = "what was typed"
    path.write_text(json.dumps(document), encoding="utf-8")
    again.resume_draft(draft.draft_id)
    page = again.pages["question"]
    assert page.notes.isVisible()
    assert "not carried over" in page.notes.text()
    assert "question 'gone' (now removed) about Child 2: what was typed" in page.notes.text()
