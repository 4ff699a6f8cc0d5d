"""The scenario player: the library, playing to a match and to a mismatch, saving a scenario."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from isp_wizard.gui.pages.scenarios import SaveScenarioDialog, ScenarioPlayer
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEMO, target)
    return target


@pytest.fixture
def player(qtbot, rules: Path) -> ScenarioPlayer:  # type: ignore[no-untyped-def]
    widget = ScenarioPlayer(load_pack(rules))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def test_the_library_is_grouped_by_tree_with_case_text(player: ScenarioPlayer) -> None:
    top = player.library.topLevelItem(0)
    assert player.library.topLevelItemCount() == 1
    assert top.text(0) == "Demonstration — is there a purpose?"
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["emergency",
                                                                      "clear purpose"]
    assert not player.play_button.isEnabled()
    player.choose("demo", "clear purpose")
    assert player.case_text.text().startswith("A school asks for a contact number")
    assert player.play_button.isEnabled()


def test_playing_to_the_expected_outcome(qtbot, player: ScenarioPlayer) -> None:  # type: ignore[no-untyped-def]
    player.choose("demo", "clear purpose")
    player.play_button.click()
    assert player.pages.currentIndex() == 1
    assert player.question.text() == "Is anyone at immediate risk of serious harm?"
    assert "A school asks" in player.play_case.text()
    player.answer("no")
    player.answer("yes")
    assert player.question.text() == "What will you share?"
    with qtbot.waitSignal(player.finished) as done:
        player.answer("the parent's phone number")
    assert done.args == [True]
    assert player.pages.currentIndex() == 2
    assert player.verdict.text().startswith("✓")
    assert player.divergence is None
    assert "Where your route left" not in player.result.toPlainText()
    assert not player.result_help.isVisibleTo(player)


def test_a_mismatch_shows_where_the_route_left_and_its_guidance(qtbot, player: ScenarioPlayer) -> None:  # type: ignore[no-untyped-def]
    player.choose("demo", "clear purpose")
    player.play()
    player.answer("no")
    with qtbot.waitSignal(player.finished) as done:
        player.answer("unsure")  # the expected route answers "yes" here
    assert done.args == [False]
    assert player.verdict.text().startswith("✗")
    assert player.divergence == "purpose"
    text = player.result.toPlainText()
    assert "Your outcome: Ask the Data Protection Officer before sharing" in text
    assert "Expected outcome: You may share." in text
    assert "Is there a clear and legitimate purpose for sharing?" in text
    assert "You answered: Not sure" in text
    assert "The expected route answered: Yes" in text
    # the question's guidance beside it: each reference a link of its own, under headings
    help_panel = player.result_help
    assert help_panel.isVisibleTo(player)
    assert "The law and guidance" in [h.text() for h in help_panel.headings]
    names = [link.accessibleName() for link in help_panel.links]
    assert "Information sharing advice for safeguarding practitioners (2024) (opens gov.uk)" \
        in names and len(names) == len(set(names))


def test_back_and_a_missing_answer(player: ScenarioPlayer) -> None:
    player.choose("demo", "emergency")
    player.play()
    player.go_next()  # nothing chosen
    assert player.error.isVisible()
    player.answer("no")
    assert player.back_button.isEnabled()
    player.back_button.click()
    assert player.question.text() == "Is anyone at immediate risk of serious harm?"
    assert player.input.value() == "no"  # the earlier answer is kept


def test_save_as_scenario_appends_and_rules_test_runs_it(qtbot, player: ScenarioPlayer,  # type: ignore[no-untyped-def]
                                                         rules: Path, monkeypatch) -> None:
    from isp_wizard.engine.walk import run_all_scenarios

    player.choose("demo", "clear purpose")
    player.play()
    player.answer("no")
    player.answer("no")
    assert player.pages.currentIndex() == 2 and player.session is not None
    dialog = SaveScenarioDialog(player.session, player.pack, player)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    files = [dialog.file.itemText(i) for i in range(dialog.file.count())]
    assert files == ["rules/scenarios/demo.yaml", "New file: demo-training.yaml",
                     "Another file…"]
    dialog.save()
    assert not dialog.error.isHidden()  # a name and the case are needed
    assert not (rules / "scenarios" / "demo-training.yaml").exists()
    dialog.name.setText("no purpose")
    dialog.case.setPlainText("A caller wants an address and will not say why.")
    dialog.file.setCurrentIndex(1)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = rules / "scenarios" / "demo-training.yaml"
    assert dialog.saved_to == saved
    results = {r.scenario.name: r for r in run_all_scenarios(load_pack(rules))}
    assert results["no purpose"].passed
    assert results["no purpose"].scenario.expected == "do-not-share"

    # the page's own button goes through the same dialog
    def fill_and_save(self: SaveScenarioDialog) -> int:
        self.name.setText("no purpose again")
        self.case.setPlainText("The same caller rings back.")
        self.file.setCurrentIndex(0)
        self.save()
        return int(self.result())

    monkeypatch.setattr(SaveScenarioDialog, "exec", fill_and_save)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    assert player.save_as_scenario() == rules / "scenarios" / "demo.yaml"
    names = [s.name for g in load_pack(rules).scenario_sets for s in g.scenarios]
    assert names.count("no purpose again") == 1


def test_a_scenario_that_continues_in_another_tree_is_played_across_the_hand_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    shipped = Path(__file__).resolve().parents[2] / "rules"
    pack = load_pack(shipped)
    widget = ScenarioPlayer(pack)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    name = "the police ask the council's ASB team for a panel case, continued under s115"
    scenario = next(s for s in pack.scenarios_for("request") if s.name == name)
    widget.choose("request", name)
    widget.play_button.click()
    while widget.session.tree.id == "request":
        widget.answer(scenario.answers[widget.session.current.id])
    assert widget.pages.currentIndex() == 1  # still playing: the case goes on under s115
    assert widget.session.current.id == "identifiable"  # the emergency is not asked again
    later = scenario.then["s115"]
    with qtbot.waitSignal(widget.finished) as done:
        while widget.pages.currentIndex() == 1:
            widget.answer(later[widget.session.current.id])
    assert done.args == [True] and widget.verdict.text().startswith("✓")
