"""``docs/decision-tables/`` holds each shipped tree's generated table, and it is up to date.

Regenerate with:
``isp-wizard rules table TREE --dir rules --format md --out docs/decision-tables/TREE.md``
"""

from __future__ import annotations

from pathlib import Path

import pytest

from isp_wizard.engine.routes import render_table, route_table

TABLES = Path(__file__).resolve().parents[2] / "docs" / "decision-tables"


def test_there_is_a_table_for_each_tree_and_no_other(shipped_pack) -> None:
    assert {p.stem for p in TABLES.glob("*.md")} == set(shipped_pack.trees)


@pytest.mark.parametrize("tree_id", ["triage", "safeguarding", "prevent", "s115", "request",
                                     "breach"])
def test_the_table_is_current(shipped_pack, tree_id) -> None:
    loaded = shipped_pack.tree(tree_id)
    expected = render_table(loaded, route_table(loaded, shipped_pack.partners), "md")
    path = TABLES / f"{tree_id}.md"
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path} is out of date: run isp-wizard rules table {tree_id} --dir rules "
        f"--format md --out {path.relative_to(TABLES.parents[1])}")
