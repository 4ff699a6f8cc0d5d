"""Hostile rules folders: loading is linear and bounded, never blocks, and always opens.

Each case runs ``load_pack`` (what ``rules validate`` and the app's start run) in a fresh
process and must finish in under 2 s with bounded memory (the process's peak, from
``resource.getrusage``), giving file:line problems and still loading every tree it can.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from isp_wizard.rulepack.problems import Problem

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
SECONDS = 2.0
MEGABYTES = 400


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(DEMO, root)
    return root


CHILD = """
import json, resource, sys, time
from pathlib import Path
from isp_wizard.rulepack import load_pack
started = time.perf_counter()
pack = load_pack(Path(sys.argv[1]))
took = time.perf_counter() - started
try:  # this process's own peak (ru_maxrss on Linux keeps the parent's across exec)
    peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"took": took, "peak_kb": peak,
                  "trees": sorted(pack.trees), "skipped": sorted(pack.skipped),
                  "problems": [p.to_json() for p in pack.problems],
                  "lines": [str(p) for p in pack.problems]}))
"""


@dataclass
class Loaded:
    trees: list[str]
    skipped: list[str]
    problems: list[Problem]
    lines: list[str]


def timed_load(root: Path) -> Loaded:
    """``load_pack`` in a fresh process: its time, and its peak memory (the whole process,
    interpreter and imports included) from ``resource.getrusage``."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    peak_mb = result["peak_kb"] / 1024 if sys.platform != "darwin" else \
        result["peak_kb"] / 1024 / 1024
    print(f"{result['took']:.2f} s, peak {peak_mb:.0f} MB")
    assert result["took"] < SECONDS, f"took {result['took']:.1f} s"
    assert peak_mb < MEGABYTES, f"peak {peak_mb:.0f} MB"
    return Loaded(result["trees"], result["skipped"],
                  [Problem(p["path"], p["line"], p["message"], p["severity"])
                   for p in result["problems"]], result["lines"])


def messages(pack: Loaded) -> list[str]:
    return pack.lines


def big_question(count: int, *, same_value: bool = False) -> str:
    answers = "\n".join(
        f"    - {{value: {'v' if same_value and i % 2 else f'v{i}'}, label: L, next: end}}"
        for i in range(count))
    return f"""id: huge
title: Huge
version: 1.0.0
effective: 2026-01-01
summary: one question with very many answers
start: q
nodes:
  - id: q
    kind: question
    text: Which?
    answers:
{answers}
  - id: end
    kind: outcome
    text: Done.
    decision: do_not_share
"""


def test_a_question_with_170000_answers_validates_in_well_under_2_s(rules: Path) -> None:
    (rules / "trees" / "huge.yaml").write_text(big_question(170_000), encoding="utf-8")
    pack = timed_load(rules)
    assert "huge" not in pack.trees and "demo" in pack.trees
    assert messages(pack) in (
        ["rules/trees/huge.yaml: file is too large (the limit is 4,194,304 bytes)"],
        ["rules/trees/huge.yaml: the file holds too many entries (about 1,020,017; the limit "
         "is 250,000)"]), messages(pack)
    # the same answers in as few bytes as the format allows still fit no more than the limit
    compact = big_question(170_000).replace(", label: L, next: end", ",label: L,next: end")
    (rules / "trees" / "huge.yaml").write_text(compact[:4_000_000], encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" in pack.trees and "huge" not in pack.trees
    assert messages(pack)[0].startswith("rules/trees/huge.yaml: the file holds too many")


@pytest.mark.parametrize("count", [1_000, 1_001, 19_999, 40_000])
def test_questions_with_many_answers_up_to_the_limits_are_quick(rules: Path,
                                                                count: int) -> None:
    (rules / "trees" / "huge.yaml").write_text(big_question(count), encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" in pack.trees
    assert ("huge" in pack.trees) == (count <= 1_000), messages(pack)


def test_1000_answers_with_duplicates_are_reported(rules: Path) -> None:
    (rules / "trees" / "huge.yaml").write_text(big_question(1_000, same_value=True),
                                               encoding="utf-8")
    pack = timed_load(rules)
    assert "huge" not in pack.trees and "demo" in pack.trees
    assert any("has answer 'v' twice" in m for m in messages(pack))


def test_the_quadratic_duplicate_check_is_gone() -> None:
    """The duplicate check itself is linear: 170,000 answers checked directly in well under
    10 s of CPU time (a check that compared every pair would take minutes), counted in CPU
    time so that a busy machine does not fail it."""
    from isp_wizard.rulepack.models import Answer, QuestionNode
    from isp_wizard.rulepack.nodes import compile_node

    answers = [Answer.model_construct(value=f"v{i % 100_000}", label="L", next="end", help="",
                                      legal_basis=[], conditions=[], consult=[])
               for i in range(170_000)]
    spec = QuestionNode.model_construct(kind="question", id="q", text="Q?", help="", why="",
                                        refs=[], consult=[], branches=[], next=None,
                                        answers=answers)
    started = time.process_time()
    found = list(compile_node(spec).route_problems())
    took = time.process_time() - started
    assert took < 10, took
    assert len([m for m in found if m.endswith("twice")]) == 70_000


@pytest.mark.parametrize("shape", ["nodes", "flow", "block"])
def test_lists_of_100000_items_are_bounded(rules: Path, shape: str) -> None:
    items = {
        "nodes": "\n".join(f"  - {{id: n{i}, kind: info, text: S, next: n{i + 1}}}"
                           for i in range(100_000)),
        "flow": "  - {id: q, kind: info, text: S, refs: [" + ",".join(["a"] * 100_000) + "]}",
        "block": "  - id: q\n    kind: info\n    text: S\n    refs:\n"
                 + "\n".join(["      - a"] * 100_000),
    }[shape]
    (rules / "trees" / "long.yaml").write_text(
        "id: long\ntitle: Long\nversion: 1.0.0\neffective: 2026-01-01\nsummary: s\n"
        f"start: n0\nnodes:\n{items}\n", encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" in pack.trees and "long" not in pack.trees
    assert any(p.path.endswith("long.yaml") for p in pack.problems)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("make", ["fifo", "dev-zero", "folder", "device"])
def test_files_that_are_not_regular_files_are_refused_without_blocking(
        rules: Path, make: str) -> None:
    target = rules / "trees" / "evil.yaml"
    makers: dict[str, Callable[[], None]] = {
        "fifo": lambda: os.mkfifo(target),
        "dev-zero": lambda: target.symlink_to("/dev/zero"),
        "folder": lambda: target.mkdir(),
        "device": lambda: target.symlink_to("/dev/null"),
    }
    makers[make]()
    pack = timed_load(rules)
    assert "demo" in pack.trees
    (problem,) = [p for p in pack.problems if p.path.endswith("evil.yaml")]
    assert "not a regular file" in problem.message or "a folder" in problem.message


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_catalogue_does_not_block(rules: Path) -> None:
    (rules / "contacts.yaml").unlink()
    os.mkfifo(rules / "contacts.yaml")
    pack = timed_load(rules)
    assert any(p.path.endswith("contacts.yaml") and "not a regular file" in p.message
               for p in pack.problems)


def test_a_file_over_the_limit_is_refused(rules: Path) -> None:
    (rules / "trees" / "big.yaml").write_text("# x\n" * 1_200_000, encoding="utf-8")
    pack = timed_load(rules)
    assert [p.message for p in pack.problems if p.path.endswith("big.yaml")] == [
        "file is too large (the limit is 4,194,304 bytes)"]


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_byte_limit_is_read_as_a_limit_not_taken_from_the_size() -> None:
    """/proc files say they are empty and hold more: at most limit + 1 bytes are read."""
    from isp_wizard.fsutil import TooLargeError, read_limited

    assert Path("/proc/self/maps").stat().st_size == 0
    with pytest.raises(TooLargeError):
        read_limited(Path("/proc/self/maps"), 10)


def test_a_broken_references_file_does_not_disable_every_tree(rules: Path) -> None:
    (rules / "references.yaml").write_text("references: [ {id: x\n", encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" in pack.trees
    assert any(p.path.endswith("references.yaml") and p.severity == "error"
               for p in pack.problems)
    assert any("hmg-info-sharing-2024" in p.message and p.severity != "error"
               for p in pack.problems)


def test_a_new_file_with_a_shipped_trees_id_replaces_nothing(rules: Path) -> None:
    """A file that sorts first and claims the demo tree's id: neither is loaded silently, both
    are named, and the message says which file had the id first."""
    original = (rules / "trees" / "demo.yaml").read_text(encoding="utf-8")
    forged = original.replace("decision: do_not_share", "decision: share")
    old = time.time() - 3600
    os.utime(rules / "trees" / "demo.yaml", (old, old))
    (rules / "trees" / "aaa-demo.yaml").write_text(forged, encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" not in pack.trees
    both = [p for p in pack.problems if "tree id 'demo'" in p.message]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in both) == ["aaa-demo.yaml", "demo.yaml"]
    assert all("rules/trees/demo.yaml had it first" in p.message for p in both), both


def _tree(tree_id: str, outcome: str) -> str:
    return f"""id: {tree_id}
title: T {tree_id}
version: 1.0.0
effective: 2026-01-01
summary: s
start: q
nodes:
  - id: q
    kind: question
    text: Which?
    answers:
      - {{value: "yes", label: "Yes", next: end}}
      - {{value: "no", label: "No", next: stop}}
  - id: end
    kind: outcome
    text: Go on.
    {outcome}
  - id: stop
    kind: outcome
    text: Stop.
    decision: do_not_share
"""


@pytest.mark.parametrize("trees", [{"a": "start_tree: a"},
                                   {"a": "start_tree: b", "b": "start_tree: a"}])
def test_start_tree_loops_are_errors(rules: Path, trees: dict[str, str]) -> None:
    for tree_id, outcome in trees.items():
        (rules / "trees" / f"{tree_id}.yaml").write_text(_tree(tree_id, outcome),
                                                         encoding="utf-8")
    (rules / "trees" / "c.yaml").write_text(_tree("c", "start_tree: demo"), encoding="utf-8")
    pack = timed_load(rules)
    assert not set(trees) & set(pack.trees)
    assert {"c", "demo"} <= set(pack.trees)  # continuing with another tree is fine
    assert any("the trees continue with each other in a loop: a -> " in m
               for m in messages(pack)), messages(pack)


def test_a_huge_max_length_is_refused_at_validation(rules: Path) -> None:
    text = (rules / "trees" / "demo.yaml").read_text(encoding="utf-8")
    (rules / "trees" / "demo.yaml").write_text(
        text.replace("    text: What will you share?\n",
                     "    text: What will you share?\n    max_length: 1000000000000000000000000000000\n"),
        encoding="utf-8")
    pack = timed_load(rules)
    assert "demo" not in pack.trees
    assert any("max_length" in m and "less than or equal to 100000" in m
               for m in messages(pack)), messages(pack)


def test_look_alike_answer_values_are_flagged(rules: Path) -> None:
    text = (rules / "trees" / "demo.yaml").read_text(encoding="utf-8")
    forged = text.replace('      - {value: unsure, label: "Not sure", next: act-now}',
                          '      - {value: "y\u0435s", label: "Yes", next: act-now}', 1)
    assert forged != text
    (rules / "trees" / "demo.yaml").write_text(forged, encoding="utf-8")
    (rules / "scenarios" / "demo.yaml").unlink(missing_ok=True)
    pack = timed_load(rules)
    assert "demo" not in pack.trees
    assert any("has answers that look the same but differ ('yes' and 'y\\u0435s')" in m
               for m in messages(pack)), messages(pack)


def test_a_file_name_with_a_newline_cannot_forge_output_lines(rules: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows file names cannot hold a newline")
    (rules / "trees" / "x\nAll trees are valid\u202e.yaml").write_text("id: [\n",
                                                                     encoding="utf-8")
    pack = timed_load(rules)
    lines = "\n".join(messages(pack)).splitlines()
    assert not any(line.startswith("All trees are valid") for line in lines)
    assert "rules/trees/x<U+000A>All trees are valid<U+202E>.yaml:2: not valid YAML" in \
        "\n".join(lines)


@pytest.mark.parametrize(("old", "new"), [
    ("version: 1.0.0", "version: " + "9" * 100_000),
    ("    text: What will you share?\n",
     "    text: What will you share?\n    max_length: " + "9" * 100_000 + "\n")])
def test_a_huge_integer_is_not_echoed_whole(rules: Path, old: str, new: str) -> None:
    text = (rules / "trees" / "demo.yaml").read_text(encoding="utf-8")
    (rules / "trees" / "demo.yaml").write_text(text.replace(old, new), encoding="utf-8")
    pack = timed_load(rules)
    assert all(len(m) < 2_000 for m in messages(pack)), max(len(m) for m in messages(pack))


def test_reading_stops_at_the_time_budget_and_says_what_was_not_read(rules: Path) -> None:
    from isp_wizard.rulepack import load_pack

    pack = load_pack(rules, budget_s=0.0)
    assert "demo" not in pack.trees
    assert any(p.path.endswith("trees/demo.yaml") and p.message.startswith("not read: reading "
               "the rules took longer than 0 s") for p in pack.problems), pack.problems
