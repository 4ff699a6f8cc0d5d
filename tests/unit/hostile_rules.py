"""A rules folder for hostile-input tests: the demonstration pack plus a several-people tree.

The household tree (tests/unit/people_tree.py) is written to YAML beside the demonstration tree,
with the partners and references it needs, so a broken copy of either can be loaded next to a
good one from disk, as a user's rules folder would be.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from people_tree import PARTNERS, REFERENCE_IDS, household_nodes

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"


def household_tree(tree_id: str = "household", nodes: list[dict[str, Any]] | None = None
                   ) -> dict[str, Any]:
    return {"id": tree_id, "title": "Household", "version": "1.0.0",
            "effective": "2026-01-01", "summary": "Several people, several recipients.",
            "start": "basis", "nodes": household_nodes() if nodes is None else nodes}


def write_tree(root: Path, tree: dict[str, Any], name: str | None = None) -> Path:
    path = root / "trees" / f"{name or tree['id']}.yaml"
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
    return path


def make_rules(target: Path) -> Path:
    """The demonstration pack with the household tree's partners and references added."""
    root = target / "rules"
    shutil.copytree(FIXTURE, root)
    refs = yaml.safe_load((root / "references.yaml").read_text(encoding="utf-8"))
    known = {r["id"] for r in refs["references"]}
    refs["references"] += [{"id": r, "title": r, "citation": r, "kind": "statute"}
                           for r in REFERENCE_IDS if r not in known]
    (root / "references.yaml").write_text(yaml.safe_dump(refs, sort_keys=False),
                                          encoding="utf-8")
    partners = yaml.safe_load((root / "partners.yaml").read_text(encoding="utf-8"))
    partners["partners"] += [
        {"id": p.id, "name": p.name, "type": p.type, "relevant_authority": p.relevant_authority}
        for p in PARTNERS.values()]
    (root / "partners.yaml").write_text(yaml.safe_dump(partners, sort_keys=False),
                                        encoding="utf-8")
    write_tree(root, household_tree())
    return root


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) when the block takes longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
