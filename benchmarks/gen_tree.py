"""A generated rule pack with one large tree, for the rule-loading benchmark.

``python -m benchmarks.gen_tree DIR [--nodes N]`` writes a complete, lint-clean pack: the
catalogues of the test fixture pack and ``trees/big.yaml`` with N nodes (10,000 by default,
about 1.8 MB). The tree is shaped like a real one: chains of questions with three answers each,
some of them ending early in an outcome, branches with conditions, guidance, references and
contacts on the way.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "demo-rules"
DECISIONS = ("share", "share_with_conditions", "do_not_share", "seek_advice")
HELP = "Think about who asked, why they need it now, and whether less would do."


def tree_yaml(nodes: int) -> str:
    """The YAML text of a valid tree of exactly ``nodes`` nodes (at least 4)."""
    if nodes < 4:
        raise ValueError("a generated tree needs at least 4 nodes")
    questions = (nodes * 4) // 5
    outcomes = nodes - questions
    lines = [
        "# A generated tree for benchmarks: valid, lint-clean, not for real decisions.",
        "id: big",
        "title: Generated benchmark tree",
        "version: 1.0.0",
        "effective: 2026-01-01",
        "summary: A large generated tree used to measure how fast rule files load.",
        "start: q0",
        "nodes:",
    ]
    for i in range(questions):
        last = i == questions - 1
        forward = f"o{i % outcomes}" if last else f"q{i + 1}"
        skip = f"o{(i + 1) % outcomes}" if i + 2 >= questions else f"q{i + 2}"
        lines += [
            f"  - id: q{i}",
            "    kind: question",
            f"    text: Question {i}, is there a lawful reason?",
        ]
        if i % 4 == 0:
            lines += [f"    help: {HELP}", "    refs: [hmg-info-sharing-2024]"]
        if i % 10 == 5:
            lines += [
                "    branches:",
                f"      - when: {{all: [{{answer-of: q{i - 1}, is: \"yes\"}}, "
                f"{{not: {{answer-of: q{i - 2}, in: [\"no\"]}}}}]}}",
                f"        next: {forward}",
            ]
        lines += [
            "    answers:",
            f"      - {{value: \"yes\", label: \"Yes\", next: {forward}}}",
            f"      - {{value: \"no\", label: \"No\", next: o{i % outcomes}}}",
        ]
        if i % 3 == 0 or i % 10 == 4:
            lines.append(f"      - {{value: unsure, label: \"Not sure\", next: {skip}}}")
    for j in range(outcomes):
        decision = DECISIONS[j % len(DECISIONS)]
        lines += [
            f"  - id: o{j}",
            "    kind: outcome",
            f"    text: Outcome {j}. Record the decision and why.",
            f"    decision: {decision}",
        ]
        if decision in ("share", "share_with_conditions"):
            lines.append("    grounds: {lawful_basis: [uk-gdpr-6-1-e]}")
        if decision == "share_with_conditions":
            lines.append("    conditions: [Share the minimum needed, Use a secure channel]")
    return "\n".join(lines) + "\n"


def write_pack(folder: Path, nodes: int = 10_000) -> Path:
    """Write the generated pack into ``folder`` and return the big tree's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("references", "partners", "contacts", "isas"):
        shutil.copyfile(FIXTURE / f"{name}.yaml", folder / f"{name}.yaml")
    trees = folder / "trees"
    trees.mkdir(exist_ok=True)
    path = trees / "big.yaml"
    path.write_text(tree_yaml(nodes), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gen_tree")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--nodes", type=int, default=10_000)
    args = parser.parse_args()
    path = write_pack(args.dir, args.nodes)
    print(f"{path}: {args.nodes:,} nodes, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
