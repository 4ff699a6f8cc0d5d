"""The benchmark's generated pack stays a valid, lint-clean pack of the size asked for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.rulepack import load_pack

_SPEC = importlib.util.spec_from_file_location(
    "gen_tree", Path(__file__).resolve().parents[2] / "benchmarks" / "gen_tree.py")
assert _SPEC is not None and _SPEC.loader is not None
gen_tree = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(gen_tree)
tree_yaml, write_pack = gen_tree.tree_yaml, gen_tree.write_pack


@pytest.mark.parametrize("nodes", [4, 37, 500])
def test_the_generated_tree_loads_clean_with_every_node(tmp_path: Path, nodes: int) -> None:
    root = tmp_path / "rules"
    write_pack(root, nodes)
    pack = load_pack(root)
    assert pack.problems == []
    tree = pack.trees["big"]
    assert len(tree.tree.nodes) == nodes
    session = walk(tree, {n.id: "yes" for n in tree.tree.nodes if n.kind == "question"})
    assert session.is_complete


def test_too_small_a_tree_is_refused() -> None:
    with pytest.raises(ValueError):
        tree_yaml(3)
