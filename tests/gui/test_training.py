"""Training mode in the real main window: unmistakable, left only with a confirmation, a
presentation view for a projector, and the trainers' pages reachable from the navigation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QBoxLayout, QMessageBox

from isp_wizard.gui import theme, training
from isp_wizard.gui.context import AppContext
from isp_wizard.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEMO, target)
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(target))
    return target


def make_window(qtbot, training_on: bool) -> MainWindow:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    ctx = AppContext(training=training_on)
    theme.apply(app, scale=ctx.settings.text_scale, high_contrast=False, training=ctx.training)
    window = MainWindow(ctx)
    if "scenarios" not in window.nav_buttons:  # the main window installs these itself
        training.install(window)
    qtbot.addWidget(window)
    window.finish_loading()
    window.show_page("home")
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def answer_box(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_training_mode_is_unmistakable_and_leaving_needs_a_confirmation(
        qtbot, rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, True)
    assert window.training_bar.isVisible()
    assert "TRAINING" in window.windowTitle()
    assert theme.TRAINING_ACCENT in QApplication.instance().styleSheet()
    leave = window.leave_training_button  # type: ignore[attr-defined]
    assert leave.isVisible()

    asked = answer_box(monkeypatch, QMessageBox.StandardButton.No)
    leave.click()
    assert asked == ["Leave training mode?"]
    assert window.ctx.training and window.training_bar.isVisible()

    answer_box(monkeypatch, QMessageBox.StandardButton.Yes)
    leave.click()
    assert not window.ctx.training
    assert not window.training_bar.isVisible()
    assert "TRAINING" not in window.windowTitle()
    assert theme.TRAINING_ACCENT not in QApplication.instance().styleSheet()


def test_a_normal_window_has_no_training_bar(qtbot, rules: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, False)
    assert not window.training_bar.isVisible()
    assert "TRAINING" not in window.windowTitle()
    assert training.leave_training(window)  # nothing to confirm


def test_presentation_view_fits_a_projector(qtbot, rules: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, True)
    base = QApplication.instance().font().pointSizeF()
    window.start_tree("demo")
    page = window.pages["question"]
    window.presentation_button.click()  # type: ignore[attr-defined]
    assert window.property("presentation") is True
    assert window.presentation_button.text() == "End &presentation view"  # type: ignore[attr-defined]
    assert QApplication.instance().font().pointSizeF() >= base * 1.5
    assert page.body.direction() == QBoxLayout.Direction.LeftToRight  # help beside the question
    assert page.help.isVisible()
    scroll = page.scroller  # the question and its answers (the help scrolls on its own)
    for _ in range(3):  # an ordinary question after another: none needs scrolling
        qtbot.waitUntil(lambda: scroll.widget().height() > 0)
        QApplication.processEvents()
        assert scroll.verticalScrollBar().maximum() == 0, page.question.text()
        assert window.height() <= 720 and window.width() <= 1280
        node = window.walk.session.current  # type: ignore[union-attr]
        if node.kind != "question":
            break
        page.input.set_value({"emergency": "no", "purpose": "yes"}[node.id])
        page.go_next()
    window.presentation_button.click()  # type: ignore[attr-defined]
    assert QApplication.instance().font().pointSizeF() == pytest.approx(base)


def test_trainers_pages_from_the_navigation(qtbot, rules: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, True)
    with qtbot.waitSignal(window.page_shown) as shown:
        qtbot.mouseClick(window.nav_buttons["scenarios"], Qt.MouseButton.LeftButton)
    assert shown.args == ["scenarios"]
    player = window.pages["scenarios"]
    assert player.library.topLevelItemCount() == 1

    qtbot.mouseClick(window.nav_buttons["rules"], Qt.MouseButton.LeftButton)
    rules_page = window.pages["rules"]
    sha = window.ctx.pack.trees["demo"].sha256  # type: ignore[union-attr]
    row = [rules_page.table.item(0, c).text() for c in range(rules_page.table.columnCount())]
    assert row == ["demo", "Demonstration — is there a purpose?", "1.0.0", "2026-01-01", sha,
                   "none"]
    assert rules_page.problems.toPlainText() == "No problems found."
    rules_page.table.selectRow(0)
    with qtbot.waitSignal(window.page_shown) as shown:
        rules_page.map_button.click()
    assert shown.args == ["treemap"]
    assert set(window.pages["treemap"].panel.view.node_items) >= {"emergency", "ask-dpo"}


def test_the_map_lights_the_walk_in_progress(qtbot, rules: Path) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.engine.session import Session
    from isp_wizard.gui.walk_state import WalkState

    window = make_window(qtbot, True)
    pack = window.ctx.pack
    session = Session(pack.trees["demo"], pack.partners)
    session.answer("no")
    window.walk = WalkState(window.ctx, session)
    training.open_page(window, "treemap")
    view = window.pages["treemap"].panel.view
    assert view.route == ["emergency", "purpose"] and view.current == "purpose"
    assert view.clickable  # training mode: nodes open their page
    with qtbot.waitSignal(view.node_clicked):
        view.node_clicked.emit("ask-dpo")
    assert "Ask the Data Protection Officer" in window.pages["treemap"].panel.node_page \
        .toPlainText()


def test_rules_page_lists_problems_of_a_broken_tree(qtbot, rules: Path) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.pages.rules_page import RulesPage
    from isp_wizard.rulepack import load_pack

    broken = rules / "trees" / "broken.yaml"
    broken.write_text((rules / "trees" / "demo.yaml").read_text(encoding="utf-8")
                      .replace("id: demo\n", "id: broken\n").replace("next: purpose}", "next: nowhere}"),
                      encoding="utf-8")
    page = RulesPage(load_pack(rules))
    qtbot.addWidget(page)
    texts = {page.table.item(r, 0).text(): page.table.item(r, 5).text()
             for r in range(page.table.rowCount())}
    assert texts["demo"] == "none"
    count, word = texts["broken"].split()
    assert int(count) >= 1 and word == "error(s)"
    assert page.table.item(1, 2).text() == ""  # not loaded: no version shown
    assert "nowhere" in page.problems.toPlainText()


def test_a_walk_finished_in_the_wizard_can_be_saved_as_a_scenario(
        qtbot, rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.engine.walk import run_all_scenarios, walk
    from isp_wizard.gui.pages.scenarios import SaveScenarioDialog
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack import load_pack

    window = make_window(qtbot, True)
    training.open_page(window, "scenarios")
    player = window.pages["scenarios"]
    assert player.walk_button.isHidden()  # no walk finished yet
    pack = window.ctx.pack
    session = walk(pack.trees["demo"], {"emergency": "no", "purpose": "no"}, pack.partners)
    window.walk = WalkState(window.ctx, session)
    training.open_page(window, "scenarios")
    assert player.walk_button.isVisible()

    def fill_and_save(self: SaveScenarioDialog) -> int:
        self.name.setText("no purpose, from the wizard")
        self.case.setPlainText("A caller will not say why they want an address.")
        self.save()
        return int(self.result())

    monkeypatch.setattr(SaveScenarioDialog, "exec", fill_and_save)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    assert player.save_finished_walk() == rules / "scenarios" / "demo.yaml"
    results = {r.scenario.name: r for r in run_all_scenarios(load_pack(rules))}
    assert results["no purpose, from the wizard"].passed


def test_leaving_training_in_settings_needs_a_confirmation_too(
        qtbot, rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, True)
    window.show_page("settings")
    settings = window.pages["settings"]
    settings.training.setChecked(False)
    asked = answer_box(monkeypatch, QMessageBox.StandardButton.No)
    settings.save_button.click()
    assert asked == ["Leave training mode?"]
    assert window.ctx.training and settings.training.isChecked()
    assert window.training_bar.isVisible()

    answer_box(monkeypatch, QMessageBox.StandardButton.Yes)
    settings.training.setChecked(False)
    settings.save_button.click()
    assert not window.ctx.training
    assert not window.training_bar.isVisible() and "TRAINING" not in window.windowTitle()

    asked = answer_box(monkeypatch, QMessageBox.StandardButton.No)
    settings.training.setChecked(True)  # going into training needs no confirmation
    settings.save_button.click()
    assert asked == [] and window.ctx.training
    assert window.training_bar.isVisible() and "TRAINING" in window.windowTitle()


SHIPPED_TREES = sorted(p.stem for p in (ROOT / "rules" / "trees").glob("*.yaml"))


@pytest.mark.skipif(not SHIPPED_TREES, reason="no shipped trees")
def test_presentation_view_fits_every_ordinary_shipped_question(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Every question the shipped scenarios reach fits 1280×720 at 150% without scrolling,
    except the lists of partner organisations (one to choose, or several to tick: long lists,
    scrolled on purpose)."""
    from isp_wizard.engine.session import Session
    from isp_wizard.errors import WizardError
    from isp_wizard.gui.walk_state import WalkState

    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(ROOT / "rules"))
    window = make_window(qtbot, True)
    training.set_presentation(window, True)
    pack = window.ctx.pack
    assert pack is not None and pack.scenario_sets
    seen: set[tuple[str, str]] = set()
    too_tall = []
    for group in pack.scenario_sets:
        tree = pack.trees[group.tree]
        for scenario in group.scenarios:
            session = Session(tree, pack.partners)
            while not session.is_complete:
                node = session.current
                if (tree.id, node.id) not in seen and node.kind not in ("partner", "recipients"):
                    seen.add((tree.id, node.id))
                    window.walk = WalkState(window.ctx, session)
                    window.show_walk_page("question")
                    scroll = window.pages["question"].scroller
                    QApplication.processEvents()
                    if scroll.verticalScrollBar().maximum() > 0 or window.width() > 1280 \
                            or window.height() > 720:
                        too_tall.append(f"{tree.id}:{node.id}")
                value = scenario.answers.get(session.current_key,  # (node@label for a person)
                                             "" if node.kind != "info" else None)
                try:
                    session.answer(value)
                except WizardError:  # the scenario gives no usable answer: its route ends here
                    break
    assert len(seen) > 20
    assert too_tall == [], too_tall
