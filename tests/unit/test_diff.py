"""``rules diff``: route-by-route changes between two rule packs; and where two walks part."""

from __future__ import annotations

import shutil
from pathlib import Path

from isp_wizard.engine.diff import diff_packs, diff_text, first_divergence
from isp_wizard.engine.walk import walk
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"


def copy_demo(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(DEMO, target)
    return target


def edit(root: Path, old: str, new: str) -> None:
    path = root / "trees" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_identical_packs_have_no_changes(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    result = diff_packs(load_pack(old), load_pack(new))
    assert not result.outcomes_changed
    assert [t.status for t in result.trees] == ["unchanged"]
    assert diff_text(result).endswith("no route reaches a different outcome\n")


def test_a_rerouted_answer_is_a_changed_outcome(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    edit(new, 'version: 1.0.0', 'version: 1.1.0')
    edit(new, '{value: unsure, label: "Not sure", next: act-now}',
         '{value: unsure, label: "Not sure", next: purpose}')
    result = diff_packs(load_pack(old), load_pack(new))
    (tree,) = result.trees
    assert tree.status == "new version"
    assert result.outcomes_changed
    # "Not sure" at the first question used to end at act-now; it now asks the next question,
    # so that old route is no longer asked, and the routes through it are new.
    assert not tree.changes
    assert [r.outcome.node_id for r in tree.gone] == ["act-now"]
    assert sorted(r.outcome.node_id for r in tree.added) == ["ask-dpo", "do-not-share", "share"]
    text = diff_text(result)
    assert "route no longer asked, ending at act-now (share):" in text
    assert "0 route(s) now reach a different outcome; 4 route(s) no longer asked or new" in text


def test_a_changed_decision_is_reported_with_its_route(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    edit(new, "    decision: seek_advice\n", "    decision: do_not_share\n")
    result = diff_packs(load_pack(old), load_pack(new))
    (tree,) = result.trees
    assert tree.status == "edited without a new version"
    (change,) = tree.changes
    assert change.what == ["decision seek_advice → do_not_share"]
    assert change.steps == ("Is anyone at immediate risk of serious harm? → No",
                            "Is there a clear and legitimate purpose for sharing? → Not sure")
    text = diff_text(result)
    assert "route 1: decision seek_advice → do_not_share" in text
    assert text.endswith("1 route(s) now reach a different outcome; "
                         "0 route(s) no longer asked or new\n")


def test_legal_basis_changes_count(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    edit(new, "    decision: share\n    grounds: {lawful_basis: [uk-gdpr-6-1-e]}\n",
         "    decision: share\n    grounds: {lawful_basis: [uk-gdpr-6-1-e], "
         "power: [hmg-info-sharing-2024]}\n")
    result = diff_packs(load_pack(old), load_pack(new))
    assert [c.what for c in result.trees[0].changes] == [
        ["power none → hmg-info-sharing-2024"]]


def test_added_and_removed_trees(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    (new / "trees" / "demo.yaml").rename(new / "trees" / "other.yaml")
    edit_path = new / "trees" / "other.yaml"
    edit_path.write_text(edit_path.read_text().replace("id: demo\n", "id: other\n"))
    (new / "scenarios" / "demo.yaml").unlink()
    result = diff_packs(load_pack(old), load_pack(new))
    assert {t.tree_id: t.status for t in result.trees} == {"demo": "removed", "other": "added"}
    assert not result.outcomes_changed


def test_first_divergence_names_the_question_where_routes_part() -> None:
    pack = load_pack(DEMO)
    tree = pack.tree("demo")
    expected = walk(tree, {"emergency": "no", "purpose": "yes", "what": "x"})
    trainee = walk(tree, {"emergency": "no", "purpose": "unsure"})
    found = first_divergence(trainee, expected)
    assert found is not None
    assert (found.node_id, found.given, found.expected) == ("purpose", "unsure", "yes")
    early = walk(tree, {"emergency": "yes"})
    found = first_divergence(early, expected)
    assert found is not None and found.node_id == "emergency"
    same = walk(tree, {"emergency": "no", "purpose": "yes", "what": "other words"})
    assert first_divergence(same, expected) is None


def test_a_tree_that_no_longer_loads_is_not_called_removed(tmp_path: Path) -> None:
    old, new = copy_demo(tmp_path, "old"), copy_demo(tmp_path, "new")
    edit(new, '{value: "no", label: "No", next: do-not-share}',
         '{value: "no", label: "No", next: nowhere}')
    result = diff_packs(load_pack(old), load_pack(new))
    (tree,) = result.trees
    assert tree.status == "does not load in the new rules: not compared"
    assert result.outcomes_changed
    assert diff_text(result).endswith("; 1 tree(s) could not be compared\n")
