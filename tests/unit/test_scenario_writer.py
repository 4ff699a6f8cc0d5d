"""Saving a walk as a scenario: appended in place, comments kept, and ``rules test`` runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isp_wizard.engine.walk import run_all_scenarios, walk
from isp_wizard.errors import ScenarioError
from isp_wizard.rulepack import load_pack
from isp_wizard.rulepack.scenario_writer import append_scenario, scenario_from_walk

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEMO, target)
    return target


def walked_scenario(rules: Path, name: str = "trainer's case"):  # type: ignore[no-untyped-def]
    pack = load_pack(rules)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "Name: \"Sam\" # not a comment\nand a date"})
    outcome = session.outcome()
    assert outcome is not None
    return scenario_from_walk(name, "  A school asks: yes or no?  ", session.answers,
                              outcome.node_id, outcome.decision)


def test_append_keeps_comments_and_rules_test_runs_it(rules: Path) -> None:
    path = rules / "scenarios" / "demo.yaml"
    before = path.read_text(encoding="utf-8")
    append_scenario(path, "demo", walked_scenario(rules))
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing above was touched, comments included
    assert "  - name: trainer's case\n" in after
    assert "emergency: 'no'" in after  # stays text, not a YAML 1.1 boolean
    pack = load_pack(rules)
    assert not pack.errors
    results = {r.scenario.name: r for r in run_all_scenarios(pack)}
    assert results["trainer's case"].passed, results["trainer's case"].message
    saved = results["trainer's case"].scenario
    assert saved.case == "A school asks: yes or no?"
    assert saved.expected == "share" and saved.expected_decision == "share"
    assert saved.answers["what"] == "Name: \"Sam\" # not a comment\nand a date"


def test_a_new_file_is_made_and_loads(rules: Path) -> None:
    path = rules / "scenarios" / "demo-training.yaml"
    append_scenario(path, "demo", walked_scenario(rules))
    pack = load_pack(rules)
    assert not pack.errors
    assert [s.name for g in pack.scenario_sets if g.path == path for s in g.scenarios] == [
        "trainer's case"]


def test_an_empty_list_is_opened(rules: Path) -> None:
    path = rules / "scenarios" / "empty.yaml"
    path.write_text("# keep me\ntree: demo\nscenarios: []  # none yet\n", encoding="utf-8")
    append_scenario(path, "demo", walked_scenario(rules))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# keep me\ntree: demo\nscenarios:\n  - name:")


def test_refusals_leave_the_file_alone(rules: Path) -> None:
    path = rules / "scenarios" / "demo.yaml"
    before = path.read_bytes()
    with pytest.raises(ScenarioError, match="already has a scenario called 'emergency'"):
        append_scenario(path, "demo", walked_scenario(rules, "emergency"))
    with pytest.raises(ScenarioError, match="for the tree 'demo', not 'other'"):
        append_scenario(path, "other", walked_scenario(rules))
    odd = rules / "scenarios" / "odd.yaml"
    odd.write_text("scenarios:\n  - name: x\n    case: c\n    answers: {}\n    expected: share\n"
                   "tree: demo\n", encoding="utf-8")
    with pytest.raises(ScenarioError):
        append_scenario(odd, "demo", walked_scenario(rules))
    assert path.read_bytes() == before
    assert odd.read_text(encoding="utf-8").endswith("tree: demo\n")
