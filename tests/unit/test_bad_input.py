"""Bad rule files: each one is named clearly, quickly, without a traceback, and the rest loads.

Each case puts one broken tree beside the good demonstration tree, then checks both the library
(``load_pack``) and the command line (``isp-wizard rules validate``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_wizard.engine.walk import run_scenario
from isp_wizard.rulepack import load_pack

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
DEMO = (FIXTURE / "trees" / "demo.yaml").read_text(encoding="utf-8").replace("id: demo\n",
                                                                           "id: bad\n", 1)
PROBLEM_LINE = re.compile(r"^rules/trees/bad\.yaml(:\d+)?: \S")


def _edit(old: str, new: str) -> Callable[[Path], None]:
    assert old in DEMO, old

    def write(path: Path) -> None:
        path.write_text(DEMO.replace(old, new, 1), encoding="utf-8")

    return write


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _huge(path: Path) -> None:
    """A 50 MB file of valid YAML: one node repeated."""
    node = b"  - {id: n, kind: info, text: " + b"x" * 200 + b", next: n}\n"
    with path.open("wb") as handle:
        handle.write(b"id: bad\nnodes:\n")
        handle.write(node * (50 * 1024 * 1024 // len(node)))


BOMB = b"".join(
    [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n".encode()
       for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)

# name: (how to write the bad file, what the first message must say, the line if any)
CASES: dict[str, tuple[Callable[[Path], None], str, int | None]] = {
    "not yaml": (_bytes(b"id: bad\nnodes: [unclosed\n  - {\n"), "not valid YAML", 3),
    "not a mapping": (_bytes(b"- just\n- a list\n"), "the file should be a mapping of keys "
                      "and values (such as 'id:' and 'nodes:'), not a list", 1),
    "a single value": (_bytes(b"just some words\n"), "not a single value", 1),
    "tabs": (_edit("  - id: purpose\n", "\t- id: purpose\n"), "a tab character", 17),
    "duplicate keys": (_edit("version: 1.0.0\n", "version: 1.0.0\nversion: 1.0.1\n"),
                       "duplicate key 'version'", 6),
    "wrong types": (_edit("effective: 2026-01-01", "effective: [2026]"),
                    "effective: Input should be a valid date", 6),
    "unknown node kind": (_edit("kind: text", "kind: essay"), "does not match any of the "
                          "expected tags", 25),
    "unknown node id": (_edit("next: what", "next: nowhere"),
                        "node 'purpose' leads to unknown node 'nowhere'", 17),
    "unknown reference": (_edit("refs: [hmg-info-sharing-2024]", "refs: [no-such-act]"),
                          "node 'purpose' cites unknown reference 'no-such-act'", 17),
    "unknown contact": (_edit("consult: [dpo]", "consult: [nobody]"),
                        "node 'ask-dpo' names unknown contact 'nobody'", 44),
    "a cycle": (_edit("    next: share\n", "    next: purpose\n"),
                "the route loops: purpose -> what -> purpose", 17),
    "an empty file": (_bytes(b""), "file is empty", None),
    "non-utf8 bytes": (_bytes(b"id: bad\ntitle: Caf\xe9\n"), "not UTF-8 text (byte 0xe9)", 2),
    "a 50 MB file": (_huge, "file is too large", None),
    "an alias bomb": (_bytes(BOMB), "anchors and aliases (& and *) are not allowed", 1),
}


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.mark.parametrize("case", list(CASES))
def test_bad_tree_is_reported_and_skipped_and_the_rest_loads(case: str, pack_dir: Path) -> None:
    write, expected, line = CASES[case]
    write(pack_dir / "trees" / "bad.yaml")
    start = time.perf_counter()
    pack = load_pack(pack_dir)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{case}: took {elapsed:.2f} s"
    assert list(pack.trees) == ["demo"], "the good tree must still load"
    assert "bad" not in pack.trees
    errors = pack.errors
    assert errors, case
    assert all(p.path == "rules/trees/bad.yaml" for p in errors), errors
    first = next(p for p in errors if expected in p.message)
    assert first.line == line
    assert len(errors) <= 20, "one problem, one message: not one per repeated alias or node"


@pytest.mark.parametrize("case", list(CASES))
def test_the_command_line_names_the_problem_without_a_traceback(case: str,
                                                                  pack_dir: Path) -> None:
    write, expected, line = CASES[case]
    write(pack_dir / "trees" / "bad.yaml")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "validate",
                             str(pack_dir)], capture_output=True, text=True, timeout=30,
                            cwd=pack_dir.parent, env=env)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{case}: took {elapsed:.2f} s"
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    where = f"rules/trees/bad.yaml:{line}: " if line else "rules/trees/bad.yaml: "
    assert any(text.startswith(where) and expected in text for text in lines), result.stdout
    problems = [text for text in lines if text.startswith("rules/")]
    assert all(PROBLEM_LINE.match(text) for text in problems), problems
    assert lines[-1].startswith("1 trees loaded, 1 skipped;")


def test_several_problems_in_one_file_are_all_reported(pack_dir: Path) -> None:
    text = (DEMO.replace("version: 1.0.0", "version: one")
            .replace("effective: 2026-01-01", "effective: someday")
            .replace("kind: text", "kind: essay"))
    (pack_dir / "trees" / "bad.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(pack_dir)
    lines = {(p.line, p.message.split(":")[0]) for p in pack.errors}
    assert lines == {(5, "version"), (6, "effective"), (25, "nodes.2")}


def test_a_missing_or_unreadable_rules_folder_exits_2(tmp_path: Path) -> None:
    for target in (tmp_path / "nowhere", tmp_path / "a-file.yaml"):
        if target.suffix:
            target.write_text("id: x\n")
        result = subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "validate",
                                 str(target)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 2
        assert result.stderr.startswith("isp-wizard: ")
        assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_tree_file_is_named(pack_dir: Path) -> None:
    bad = pack_dir / "trees" / "bad.yaml"
    bad.write_text(DEMO, encoding="utf-8")
    bad.chmod(0)
    try:
        pack = load_pack(pack_dir)
    finally:
        bad.chmod(0o644)
    assert [str(p) for p in pack.errors] == \
        ["rules/trees/bad.yaml: cannot read file: Permission denied"]
    assert list(pack.trees) == ["demo"]


def test_a_missing_catalogue_is_reported(pack_dir: Path) -> None:
    (pack_dir / "isas.yaml").unlink()
    pack = load_pack(pack_dir)
    assert "rules/isas.yaml: file is missing" in [str(p) for p in pack.problems]


LINES = (FIXTURE / "trees" / "demo.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
TOKENS = ["next: ", "kind: ", "id: ", "answers: []", "  ", "- ", "{", "}", "[", "]", ":", "yes",
          "outcome", "question", "multi", "branches: [{when: {not: {answer-of: emergency}}}]",
          "decision: share", "legal_basis: [nope]", "\t", "&a ", "*a", "~", "9", "\n"]


@st.composite
def mangled_trees(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "insert", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines.insert(i, draw(st.sampled_from(TOKENS)))
        else:
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled_trees())
def test_a_mangled_tree_is_loaded_or_named_never_a_crash(text: str, tmp_path: Path) -> None:
    root = tmp_path / f"rules-{abs(hash(text))}"
    if not root.exists():
        shutil.copytree(FIXTURE, root)
    (root / "trees" / "demo.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(root)
    assert all(p.path.startswith(root.name) for p in pack.errors)
    if "demo" in pack.trees:
        # the tree loaded; a scenario that no longer fits it is named, and the rest still run
        assert not [p for p in pack.errors if "/trees/" in p.path]
        for scenario in pack.scenarios_for("demo"):
            run_scenario(pack, "demo", scenario)  # a result, never an exception
    else:
        assert pack.errors, "a tree that does not load is always explained"
