"""Bad rule files: each one is named clearly, quickly, without a traceback, and the rest loads.

Each case puts one broken tree beside the good demonstration tree, then checks both the library
(``load_pack``) and the command line (``isp-wizard rules validate``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_rules import deadline, household_tree, make_rules, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from people_tree import HOUSEHOLD_ANSWERS, household_nodes

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


# --- several people, several recipients, hand-offs ---------------------------------------------
# Each case breaks one thing in a copy of the household tree (tests/unit/people_tree.py) or in a
# tree that hands off, written as a file beside the good trees.

Nodes = dict[str, dict[str, Any]]


def _household(change: Callable[[Nodes], object]) -> Callable[[Path], dict[str, Any]]:
    def tree(root: Path) -> dict[str, Any]:
        nodes = {n["id"]: n for n in household_nodes()}
        change(nodes)
        return household_tree("bad", list(nodes.values()))
    return tree


def _handing_off(**outcome: Any) -> Callable[[Path], dict[str, Any]]:
    def tree(root: Path) -> dict[str, Any]:
        data = yaml.safe_load(DEMO)
        next(n for n in data["nodes"] if n["id"] == "act-now").update(outcome)
        return dict(data)
    return tree


def _person_answers(nodes: Nodes, nxt: str) -> None:
    for node_id in ("child-harm", "adult-crime", "offence"):
        for answer in nodes[node_id]["answers"]:
            answer["next"] = nxt


def _inner_each(nodes: Nodes) -> None:
    nodes["inner"] = {"id": "inner", "kind": "each", "text": "Again", "over": "household",
                      "start": "offence", "next": "person-share"}
    nodes["child-harm"]["answers"][1]["next"] = "inner"


PEOPLE_CASES: dict[str, tuple[Callable[[Path], dict[str, Any]], str]] = {
    "each over a question": (_household(lambda n: n["each-person"].update(over="basis")),
                             "repeats over 'basis', which is not a people or recipients"),
    "each over itself": (_household(lambda n: n["each-person"].update(over="each-person")),
                         "repeats over 'each-person', which is not a people or recipients"),
    "each over nothing": (_household(lambda n: n["each-person"].update(over="nowhere")),
                          "repeats over 'nowhere'"),
    "each inside each": (_household(lambda n: n["child-harm"]["answers"][1].update(
        next="each-agency")), "sections cannot be repeated inside one another"),
    "each inside itself": (_household(_inner_each),
                           "sections cannot be repeated inside one another"),
    "each whose start is outside": (_household(lambda n: n["each-person"].update(
        start="agencies")), "not one of its questions"),
    "each whose start is itself": (_household(lambda n: n["each-person"].update(
        start="each-person")), "the route loops: each-person -> each-person"),
    "each whose start is an outcome": (_household(lambda n: n["each-person"].update(
        start="share")), "never reaches an end node"),
    "a section looping back": (_household(lambda n: n["child-harm"]["answers"][1].update(
        next="category")), "the route loops: category -> child-harm -> category"),
    "a section looping to its each": (_household(lambda n: n["child-harm"]["answers"][1].update(
        next="each-person")), "the route loops: each-person -> category"),
    "a section looping to the list": (_household(lambda n: n["child-harm"]["answers"][1].update(
        next="household")), "the route loops: household -> each-person"),
    "a section that never ends": (_household(lambda n: _person_answers(n, "no-share")),
                                  "section 'each-person' never reaches an end node"),
    "an end closing another section": (_household(lambda n: n["person-no"].update(
        section="each-agency")), "which closes 'each-agency'"),
    "an end closing a question": (_household(lambda n: n["person-no"].update(section="basis")),
                                  "closes section 'basis', which is not an each node"),
    "max_people absurd": (_household(lambda n: n["household"].update(max_people=10**12)),
                          "max_people: Input should be less than or equal to 50"),
    "max_people not a number": (_household(lambda n: n["household"].update(max_people="many")),
                                "max_people: Input should be a valid integer"),
    "label_max absurd": (_household(lambda n: n["household"].update(label_max=10**9)),
                         "label_max: Input should be less than or equal to 300"),
    "more people needed than allowed": (_household(lambda n: n["household"].update(
        min_people=5, max_people=2)), "asks for at least 5 people but allows at most 2"),
    "more recipients needed than allowed": (_household(lambda n: n["agencies"].update(
        min_recipients=9, max_recipients=3)), "at least 9 recipients but allows at most 3"),
    "'this person' outside a section": (_household(lambda n: n["basis"].update(branches=[
        {"when": {"this": "person", "attribute": "category", "is": "child"},
         "next": "no-share"}])), "tests 'this person' outside a repeated section"),
    "'this recipient' about a person": (_household(lambda n: n["category"]["branches"][0].update(
        when={"this": "recipient", "attribute": "confirmed", "is": True})),
        "tests 'this recipient' in a section about each person"),
    "a category that is not a question": (_household(lambda n: n["each-person"].update(
        category="each-person")), "which is not one of its questions"),
    "a recipient's category": (_household(lambda n: n["each-agency"].update(category="what")),
                               "'category' is not something it can name"),
    "'@' in a node id": (_household(lambda n: n["category"].update(id="cat@egory")),
                         "'cat@egory' is not a valid id"),
    "carries to a missing tree": (_handing_off(start_tree="nowhere", carries=[
        {"from": "emergency", "to": "emergency"}]), "continues with unknown tree 'nowhere'"),
    "carries to a missing node": (_handing_off(start_tree="demo", carries=[
        {"from": "emergency", "to": "nope"}]), "there is no node 'nope' in 'demo'"),
    "carries from a missing node": (_handing_off(start_tree="demo", carries=[
        {"from": "nope", "to": "emergency"}]), "there is no node 'nope' in 'bad'"),
    "carries to the wrong kind": (_handing_off(start_tree="demo", carries=[
        {"from": "emergency", "to": "what"}]), "is a question node and 'what' in 'demo' is a "
                                               "text node"),
    "carries to an outcome": (_handing_off(start_tree="demo", carries=[
        {"from": "emergency", "to": "share"}]), "'share' in 'demo' takes no answer"),
    "carries to a people list": (_handing_off(start_tree="household", carries=[
        {"from": "emergency", "to": "household"}]), "'household' in 'household' is a people"),
    "carries without a hand-off": (_handing_off(carries=[{"from": "emergency",
                                                          "to": "emergency"}]),
                                   "'carries' needs a 'start_tree'"),
    "carries values that are not answers": (_handing_off(start_tree="demo", carries=[
        {"from": "emergency", "to": "emergency", "values": {"maybe": "perhaps"}}]),
        "'maybe' is not an answer of 'emergency'"),
    "establishes an unknown agreement": (_handing_off(establishes={"isa": "no-such-isa"}),
                                         "names unknown ISA 'no-such-isa'"),
    "establishes an unknown field": (_handing_off(establishes={"agreement": "protocol"}),
                                     "establishes.agreement: Extra inputs are not permitted"),
    "establishes a purpose with a direction override": (_handing_off(establishes={
        "purpose": "Prevent \u202eemirc"}), "remove the invisible character U+202E"),
    "establishes a purpose with a control character": (_handing_off(establishes={
        "how_received": "By phone\x1b[2J"}), "remove the invisible character U+001B"),
    "hands off to itself": (_handing_off(start_tree="bad"),
                            "the trees continue with each other in a loop: bad -> bad"),
}


def _people_pack(tmp_path: Path, case: str) -> Path:
    root = make_rules(tmp_path)
    write_tree(root, PEOPLE_CASES[case][0](root), "bad")
    return root


@pytest.mark.parametrize("case", list(PEOPLE_CASES))
def test_a_broken_section_or_hand_off_is_named_at_its_line_and_the_rest_loads(
        case: str, tmp_path: Path) -> None:
    root = _people_pack(tmp_path, case)
    start = time.perf_counter()
    with deadline(30):
        pack = load_pack(root)
    assert time.perf_counter() - start < 2.0
    assert sorted(pack.trees) == ["demo", "household"], "the good trees still load"
    assert "bad" in pack.skipped
    mine = [p for p in pack.errors if p.path == "rules/trees/bad.yaml"]
    assert any(PEOPLE_CASES[case][1] in p.message for p in mine), [str(p) for p in mine]
    assert all(p.line is not None for p in mine), "each problem names its line"
    assert all(PROBLEM_LINE.match(str(p)) for p in mine)


@pytest.mark.parametrize("case", ["each inside each", "a section looping back",
                                  "more people needed than allowed",
                                  "carries to the wrong kind"])
def test_the_command_line_names_a_broken_section_without_a_traceback(case: str,
                                                                     tmp_path: Path) -> None:
    root = _people_pack(tmp_path, case)
    result = subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "validate", str(root)],
                            capture_output=True, text=True, timeout=60, cwd=root.parent)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(re.match(r"rules/trees/bad\.yaml:\d+: ", line) and PEOPLE_CASES[case][1] in line
               for line in lines), result.stdout
    assert lines[-1].startswith("2 trees loaded, 1 skipped;"), lines[-1]


def test_trees_handing_off_in_a_circle_are_named_and_never_walked(tmp_path: Path) -> None:
    root = make_rules(tmp_path)
    for here, there in (("a", "b"), ("b", "c"), ("c", "a")):
        data = yaml.safe_load(DEMO.replace("id: bad\n", f"id: {here}\n", 1))
        next(n for n in data["nodes"] if n["id"] == "act-now")["start_tree"] = there
        write_tree(root, data)
    (root / "scenarios" / "a.yaml").write_text(yaml.safe_dump({"tree": "a", "scenarios": [
        {"name": "round", "case": "Round and round.", "answers": {"emergency": "yes"},
         "then": {"b": {"emergency": "yes"}, "c": {"emergency": "yes"}},
         "expected": "act-now"}]}), encoding="utf-8")
    with deadline(30):
        pack = load_pack(root)
        result = run_scenario(pack, "a", pack.scenarios_for("a")[0])
    assert sorted(pack.trees) == ["demo", "household"]
    for tree_id in "abc":
        assert any(p.path == f"rules/trees/{tree_id}.yaml" and p.line
                   and "continue with each other in a loop: a -> b -> c -> a" in p.message
                   for p in pack.errors)
    assert not result.passed and "did not load" in result.message


def test_a_scenario_naming_ten_thousand_people_is_named_not_walked(tmp_path: Path) -> None:
    root = make_rules(tmp_path)
    people = [f"Person {i}" for i in range(10_000)]
    nested: dict[str, Any] = {"basis": "public-task", "household": list(people),
                              "each-person": {p: {"category": "child", "child-harm": "yes"}
                                              for p in people},
                              "agencies": ["asc"], "each-agency": {"asc": {
                                  "what": ["welfare"], "how": "meeting"}}}
    flat: dict[str, Any] = {"basis": "public-task", "household": list(people)}
    for person in people:
        flat |= {f"category@{person}": "child", f"child-harm@{person}": "yes"}
    for name, answers in (("flat", flat), ("crowd", nested)):
        (root / "scenarios" / f"{name}.yaml").write_text(yaml.safe_dump({
            "tree": "household", "scenarios": [{"name": name, "case": "Everyone.",
                                                "answers": answers, "expected": "share"}]}),
            encoding="utf-8")
    start = time.perf_counter()
    with deadline(30):
        pack = load_pack(root)
        results = [run_scenario(pack, "household", s) for s in pack.scenarios_for("household")]
    assert sorted(pack.trees) == ["demo", "household"]
    named = [p for p in pack.errors if p.path.startswith("rules/scenarios/")]
    assert len(named) == 1 and named[0].path == "rules/scenarios/flat.yaml" and named[0].line
    assert "(the limit is 20,000)" in named[0].message
    assert [r.scenario.name for r in results] == ["crowd"]
    assert not results[0].passed and "name at most 12 people" in results[0].message
    assert time.perf_counter() - start < 5.0


# --- drafts of several people and of walks handed off ------------------------------------------


@pytest.fixture(scope="module")
def draft_rules(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The household tree, and a tree 'first' whose refusal hands off to the demonstration
    tree carrying the emergency answer."""
    root = make_rules(tmp_path_factory.mktemp("drafts"))
    first = yaml.safe_load(DEMO.replace("id: bad\n", "id: first\n", 1))
    next(n for n in first["nodes"] if n["id"] == "do-not-share").update(
        start_tree="demo", carries=[{"from": "emergency", "to": "emergency"}])
    write_tree(root, first)
    pack = load_pack(root)
    assert not pack.errors, pack.errors
    return pack


def _saved(pack: Any, folder: Path, kind: str) -> dict[str, Any]:
    from isp_wizard.engine.walk import walk
    from isp_wizard.store.drafts import DraftStore

    if kind == "people":
        session = walk(pack.trees["household"], HOUSEHOLD_ANSWERS, pack.partners)
    else:
        session = walk(pack.trees["first"], {"emergency": "no", "purpose": "no"}, pack.partners,
                       then={"demo": {"purpose": "no"}}, trees=pack.trees)
        assert len(session.walks) == 2
    store = DraftStore(folder)
    draft_id = store.save(session, details={"case_reference": "HOSTILE-1"})
    return dict(json.loads((folder / f"{draft_id}.json").read_text(encoding="utf-8")))


def _session(draft: dict[str, Any]) -> dict[str, Any]:
    return dict(draft["session"])


DraftEdit = Callable[[dict[str, Any]], object]
# name: (which draft, how it is damaged, what resuming must say: a note, or None if set aside)
DRAFT_CASES: dict[str, tuple[str, DraftEdit, str | None]] = {
    "unknown keys everywhere": ("people", lambda d: (
        d.update(colour="blue"), d["session"].update(extra={"a": 1}),
        d["session"]["answers"].update({"nonsense": "x", "ghost@Nobody": "y"})),
        "question 'ghost' (now removed) about Nobody: y"),
    "a person no longer listed": ("people", lambda d: d["session"]["answers"].update(
        household=["Adult A", "Partner"]),
        "“Which category?” about Child 1: child"),
    "a person renamed": ("people", lambda d: d["session"]["answers"].update(
        household=["Adult B", "Child 1", "Partner"]),
        "“Is it to prevent a crime?” about Adult A: yes"),
    "answers for someone never listed": ("people", lambda d: d["session"]["answers"].update(
        {"category@Ghost": "child"}), "“Which category?” about Ghost: child"),
    "the people list not a list": ("people", lambda d: d["session"]["answers"].update(
        household="Adult A"), "give a list"),
    "the people list of mappings": ("people", lambda d: d["session"]["answers"].update(
        household=[{"name": "A"}]), "give a list"),
    "ten thousand people": ("people", lambda d: d["session"]["answers"].update(
        household=[f"P{i}" for i in range(10_000)]), "name at most 12 people"),
    "a person's answer a mapping": ("people", lambda d: d["session"]["answers"].update(
        {"category@Child 1": {"x": 1}}), "no longer fits the rules"),
    "a label with a direction override": ("people", lambda d: d["session"]["answers"].update(
        household=["Adult A", "Child\u202e 1"]), "holds an invisible character"),
    "an earlier walk of a tree no longer in the rules": ("handoff", lambda d: d["session"][
        "earlier"][0]["tree"].update(id="vanished"), None),
    "earlier walks not a list": ("handoff", lambda d: d["session"].update(earlier="first"),
                                 None),
    "an earlier walk's tree a string": ("handoff", lambda d: d["session"]["earlier"][0].update(
        tree="first"), None),
    "an earlier walk's tree id a list": ("handoff", lambda d: d["session"]["earlier"][0][
        "tree"].update(id=["first"]), None),
    "an earlier walk's answers a list": ("handoff", lambda d: d["session"]["earlier"][0].update(
        answers=["emergency"]), None),
    "an earlier walk's answer a mapping": ("handoff", lambda d: d["session"]["earlier"][0][
        "answers"].update(emergency={"x": 1}), "no longer fits the rules"),
    "an earlier walk inside an earlier walk": ("handoff", lambda d: d["session"]["earlier"][0]
                                               .update(earlier=[{"tree": 1}]), ""),
    "a thousand earlier walks": ("handoff", lambda d: d["session"].update(
        earlier=[dict(d["session"]["earlier"][0]) for _ in range(1000)]),
        "no longer lead on to the tree you continued with"),
    "the walk after a string": ("handoff", lambda d: d["session"].update(later="demo"), None),
    "the walk after naming its tree as a string": ("handoff", lambda d: d["session"].update(
        later={"tree": "demo", "answers": {}, "position": 0}), ""),
    "the session format unknown": ("handoff", lambda d: d["session"].update(format=99), None),
    "the walks swapped to another tree": ("handoff", lambda d: d["session"]["earlier"][0][
        "tree"].update(id="household"), "no longer lead on to the tree you continued with"),
}


@pytest.mark.parametrize("case", list(DRAFT_CASES))
def test_a_damaged_draft_resumes_what_it_can_or_is_set_aside_with_a_message(
        case: str, draft_rules: Any, tmp_path: Path) -> None:
    from isp_wizard.errors import DraftError
    from isp_wizard.store.drafts import DraftStore

    kind, damage, says = DRAFT_CASES[case]
    folder = tmp_path / "drafts"
    good = _saved(draft_rules, folder, "people")["draft_id"]
    draft = _saved(draft_rules, folder, kind)
    damage(draft)
    (folder / f"{draft['draft_id']}.json").write_text(json.dumps(draft), encoding="utf-8")
    store = DraftStore(folder)
    with deadline(30):
        listed = [d.draft_id for d in store.list(draft_rules)]
        assert good in listed and draft["draft_id"] in listed
        if says is None:
            with pytest.raises(DraftError, match=r"could not be read .*; it was moved to"):
                store.load(draft["draft_id"], draft_rules)
            assert not (folder / f"{draft['draft_id']}.json").exists()
            assert len(list((folder / "quarantine").iterdir())) == 1, "kept, set aside"
        else:
            resumed = store.load(draft["draft_id"], draft_rules)
            assert says in " ".join(resumed.notes + resumed.session.notes), resumed.notes
            assert resumed.details == {"case_reference": "HOSTILE-1"}, "nothing typed is lost"
        assert store.load(good, draft_rules).session.outcome() is not None


@pytest.mark.parametrize("kind", ["people", "handoff"])
def test_a_truncated_draft_is_set_aside_and_the_others_still_list(
        kind: str, draft_rules: Any, tmp_path: Path) -> None:
    from isp_wizard.store.drafts import DraftStore

    folder = tmp_path / "drafts"
    good = _saved(draft_rules, folder, "people")["draft_id"]
    draft = _saved(draft_rules, folder, kind)
    path = folder / f"{draft['draft_id']}.json"
    text = path.read_text(encoding="utf-8")
    for cut in (len(text) // 3, len(text) - 2):
        path.write_text(text[:cut], encoding="utf-8")
        store = DraftStore(folder)
        assert [d.draft_id for d in store.list(draft_rules)] == [good]
        assert any("could not be read" in m for m in store.messages), store.messages


# --- decide --answers with answers nested per person or recipient --------------------------------

GOOD_PEOPLE = ("basis: public-task\nhousehold: [Adult A]\n"
               "each-person:\n  Adult A: {category: adult, adult-crime: 'yes'}\n")
# name: (answers file, what the one line must say)
ANSWER_CASES: dict[str, tuple[str, str]] = {
    "a person's answers as a word": ("basis: public-task\nhousehold: [A]\n"
                                     "each-person: {A: child}\n",
                                     "each-person: A: expected node id → answer"),
    "a section's answers as a list": ("basis: public-task\nhousehold: [A]\n"
                                      "each-person: [A]\n",
                                      "each-person: expected each person's or recipient's "
                                      "answers under their name"),
    "an answer nested three deep": ("basis: public-task\nhousehold: [A]\n"
                                    "each-person: {A: {category: {x: y}}}\n",
                                    "each-person: A: category: expected an answer"),
    "a section inside a person": ("basis: public-task\nhousehold: [A]\n"
                                  "each-person: {A: {category: child, "
                                  "each-person: {B: {category: adult}}}}\n",
                                  "each-person: A: each-person: expected an answer"),
    "a label that is a mapping": ("basis: public-task\nhousehold: [{name: A}]\n",
                                  "household: expected an answer (a word or a list of words)"),
    "an answer given flat and nested": ("basis: public-task\nhousehold: [A]\n"
                                        "category@A: child\n"
                                        "each-person: {A: {category: adult}}\n",
                                        "each-person: A: category: given twice"),
    "nesting under a question": ("basis: {A: {x: 'y'}}\n",
                                 "basis: answers nested under it, but it is not a repeated "
                                 "section (each node: each-agency, each-person)"),
    "nesting under an unknown node": ("basis: public-task\nhousehold: [A]\n"
                                      "nobody: {A: {category: child}}\n",
                                      "nobody: answers nested under it"),
    "a label with an escape sequence": ("basis: public-task\nhousehold: [A]\n"
                                        "each-person: {\"A\\e[2J\\nB\": {category: [[x]]}}\n",
                                        "each-person: A<U+001B>[2J B: category: expected"),
    "a label with a direction override": ("basis: public-task\n"
                                          "household: [\"Adult \\u202eA\"]\n",
                                          "holds an invisible character"),
    "the same person twice": ("basis: public-task\nhousehold: [Child 1, child  1]\n",
                              "is listed twice"),
    "no list at all": ("basis: public-task\nhousehold: Adult A\n", "give a list"),
    "answers for someone not listed": (GOOD_PEOPLE + '  "Ghost\\nB": {category: child}\n'
                                       "agencies: [asc]\neach-agency: {asc: {what: [welfare], "
                                       "how: meeting}}\n",
                                       "not on the route the other answers take, so the record "
                                       "would not show them: category@Ghost B"),
    "a recipient's answers under a person": (GOOD_PEOPLE + "agencies: [asc]\neach-agency: "
                                             "{Adult A: {what: [welfare], how: meeting}}\n",
                                             "no answer given for 'what@asc'"),
    "a later tree named with an escape sequence": (GOOD_PEOPLE + 'then: {"\\e[2J": [x]}\n',
                                                   "'then: {<U+001B>[2J: …}' must be a mapping"),
    "a later tree's answers nested wrong": (GOOD_PEOPLE + "then: {demo: {emergency: {A: 1}}}\n",
                                            "emergency: answers nested under it, but it is not a "
                                            "repeated section (each node: none in this tree)"),
}


@pytest.mark.parametrize("case", list(ANSWER_CASES))
def test_malformed_answers_per_person_exit_2_with_one_clear_line(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from isp_wizard.cli import main

    root = make_rules(tmp_path)
    text, says = ANSWER_CASES[case]
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "details.yaml").write_text("case_reference: HH-1\n", encoding="utf-8")
    with deadline(30):
        code = main(["--rules", str(root), "decide", "household", "--answers",
                     str(tmp_path / "answers.yaml"), "--details", str(tmp_path / "details.yaml"),
                     "--out", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("isp-wizard: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "\x1b" not in err and "\u202e" not in err
    assert says in err, err
    assert not (tmp_path / "out.pdf").exists()


# --- people's labels -----------------------------------------------------------------------------


@pytest.mark.parametrize(("labels", "problem"), [
    (["x" * 61], "keep each label under 60 characters"),
    (["x" * 10_000], "keep each label under 60 characters"),
    (["Child\u202e 1"], "holds an invisible character"),
    (["Child\u2066 1"], "holds an invisible character"),
    (["Child\x00"], "holds an invisible character"),
    (["\u200dChild 1"], "holds an invisible character"),
    (["Child 1\u200c"], "holds an invisible character"),
    (["Child \u200d1"], "holds an invisible character"),
    (["Child 1", "child  1"], "is listed twice"),
    (["Child 1", "Ｃhild 1"], "is listed twice"),
    (["AB", "A\u200dB"], "is listed twice"),
    (["  ", "A"], "each person needs a label"),
    ([f"P{i}" for i in range(10_000)], "name at most 12 people"),
    ([], "name at least 1 people"),
])
def test_a_label_that_would_mislead_or_cannot_be_told_apart_is_refused(
        labels: list[str], problem: str) -> None:
    from people_tree import PARTNERS, household_tree

    from isp_wizard.errors import InvalidAnswerError

    node = household_tree().compiled["household"]
    with pytest.raises(InvalidAnswerError, match=re.escape(problem)):
        node.check(labels, PARTNERS)


def test_labels_in_any_script_with_newlines_and_at_signs_are_kept() -> None:
    from people_tree import PARTNERS, household_tree

    node = household_tree().compiled["household"]
    given = ["مريم أحمد", "می\u200cخواهم", "👨\u200d👩\u200d👧", "Zoë a\u0301", "A@B",
             "Line\none", ") Tj %%EOF"]
    assert node.check(given, PARTNERS) == ["مريم أحمد", "می\u200cخواهم", "👨\u200d👩\u200d👧",
                                           "Zoë a\u0301", "A@B", "Line one", ") Tj %%EOF"]
