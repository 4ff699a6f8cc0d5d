"""Mangled several-people trees (hypothesis): lines of the household tree dropped, repeated,
swapped or replaced by fragments of the section format load, or are named at a line of their
own file, never a crash or a hang, and the other trees still load; a tree that loads walks its
shipped scenario to a result."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from hostile_rules import deadline, household_tree, make_rules
from people_tree import HOUSEHOLD_ANSWERS

from isp_wizard.engine.walk import run_scenario
from isp_wizard.rulepack import load_pack

LINES = yaml.safe_dump(household_tree("bad"), sort_keys=False).splitlines(keepends=True)
TOKENS = ["kind: each\n", "kind: people\n", "kind: recipients\n", "kind: end\n",
          "  over: household\n", "  over: basis\n", "  start: category\n", "  start: share\n",
          "  section: each-agency\n", "  section: basis\n", "  next: each-person\n",
          "  next: household\n", "  max_people: 0\n", "  min_people: 50\n",
          "  category: what\n", "  receives: category\n", "    this: person\n",
          "    this: recipient\n", "    attribute: label\n", "- id: x@y\n", "  next: category\n",
          "  carries: [{from: basis, to: basis}]\n", "  start_tree: bad\n", "\t", "~", "\n"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_rules(tmp_path_factory.mktemp("mangled"))
    (root / "scenarios" / "bad.yaml").write_text(yaml.safe_dump({"tree": "bad", "scenarios": [
        {"name": "household", "case": "A household.", "answers": dict(HOUSEHOLD_ANSWERS),
         "expected": "share"}]}, sort_keys=False), encoding="utf-8")
    return root


@st.composite
def mangled(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "insert", "swap", "replace"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines.insert(i, draw(st.sampled_from(TOKENS)))
        elif action == "replace":
            indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = indent + draw(st.sampled_from(TOKENS)).lstrip()
        else:
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=mangled())
def test_a_mangled_several_people_tree_is_loaded_or_named_never_a_crash(
        text: str, base: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("case") / "rules"
    shutil.copytree(base, root)
    (root / "trees" / "bad.yaml").write_text(text, encoding="utf-8")
    with deadline(20):
        pack = load_pack(root)
        results = [run_scenario(pack, "bad", s) for s in pack.scenarios_for("bad")]
    assert {"demo", "household"} <= set(pack.trees), "the other trees still load"
    mine = [p for p in pack.errors if p.path == "rules/trees/bad.yaml"]
    if "bad" in pack.trees:
        assert not mine
        assert all(r.message for r in results)  # a result, never an exception
    else:
        assert mine or "bad" in pack.skipped, "a tree that does not load is explained"
        assert all(p.message for p in mine)
