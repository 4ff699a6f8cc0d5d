"""Hostile drafts and answers files, generated (hypothesis): a saved several-people or
handed-off draft with any part of it replaced by other JSON resumes what it can or is set aside
with a message, never an exception of another kind; a ``decide --answers`` file of any nested
shape ends with exit 2 and one line, never a traceback."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from hostile_rules import FIXTURE, deadline, make_rules, write_tree
from people_tree import HOUSEHOLD_ANSWERS

from isp_wizard.engine.walk import walk
from isp_wizard.errors import DraftError
from isp_wizard.rulepack import RulePack, load_pack
from isp_wizard.store.drafts import DraftStore

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["household", "demo", "first", "Adult A",
                                               "category@Child 1", "yes", "no", "format"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=10) | st.sampled_from(["tree", "id", "answers", "position", "earlier",
                                                "later", "format", "sha256"]),
        inner, max_size=4),
    max_leaves=12)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RulePack]:
    root = make_rules(tmp_path_factory.mktemp("fuzz"))
    first = yaml.safe_load((FIXTURE / "trees" / "demo.yaml").read_text(encoding="utf-8"))
    first["id"] = "first"
    next(n for n in first["nodes"] if n["id"] == "do-not-share").update(
        start_tree="demo", carries=[{"from": "emergency", "to": "emergency"}])
    write_tree(root, first)
    pack = load_pack(root)
    assert not pack.errors, pack.errors
    return root, pack


@pytest.fixture(scope="module")
def drafts(rules: tuple[Path, RulePack], tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, dict[str, Any]]:
    pack = rules[1]
    folder = tmp_path_factory.mktemp("saved")
    store = DraftStore(folder)
    people = walk(pack.trees["household"], HOUSEHOLD_ANSWERS, pack.partners)
    people.goto("category@Child 1")
    handed = walk(pack.trees["first"], {"emergency": "no", "purpose": "no"}, pack.partners,
                  then={"demo": {"purpose": "no"}}, trees=pack.trees)
    saved = {}
    for name, session in (("people", people), ("handoff", handed)):
        draft_id = store.save(session, details={"case_reference": "F-1"})
        saved[name] = json.loads((folder / f"{draft_id}.json").read_text(encoding="utf-8"))
    return saved


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (keys and indexes)."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _places(value, (*path, i))
    return found


@SETTINGS
@given(which=st.sampled_from(["people", "handoff"]), data=st.data())
def test_a_draft_with_any_part_replaced_resumes_or_is_set_aside(
        which: str, data: st.DataObject, drafts: dict[str, dict[str, Any]],
        rules: tuple[Path, RulePack], tmp_path_factory: pytest.TempPathFactory) -> None:
    pack = rules[1]
    document = copy.deepcopy(drafts[which])
    session_places = [p for p in _places(document) if p[:1] == ("session",) and len(p) > 1]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(session_places))
        holder: Any = document
        for step in path[:-1]:  # an earlier change may have replaced part of the way
            if (isinstance(holder, dict) and step in holder) or (
                    isinstance(holder, list) and isinstance(step, int) and step < len(holder)):
                holder = holder[step]
            else:
                holder = None
                break
        if isinstance(holder, dict) or (isinstance(holder, list) and isinstance(path[-1], int)
                                        and path[-1] < len(holder)):
            if isinstance(holder, dict) and data.draw(st.booleans()):
                holder.pop(path[-1], None)
            else:
                holder[path[-1]] = data.draw(JSON)
    folder = tmp_path_factory.mktemp("drafts")
    draft_id = document["draft_id"]
    (folder / f"{draft_id}.json").write_text(json.dumps(document), encoding="utf-8")
    store = DraftStore(folder)
    with deadline(20):
        listed = store.list(pack)
        if not listed:
            return  # set aside while listing, with a message
        assert store.messages == []
        try:
            resumed = store.load(draft_id, pack)
        except DraftError as exc:
            assert str(exc)
            return
        assert resumed.details == {"case_reference": "F-1"}
        session = resumed.session
        assert session.current_key in session.path
        session.to_json()  # and it saves again


ANSWER = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    | st.sampled_from(["public-task", "child", "yes", "Adult A", "asc", "meeting"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["Adult A", "asc", "category", "child-harm", "what", "x@y", "\x1b[2J",
                         "\u202e"]) | st.text(max_size=6), inner, max_size=3),
    max_leaves=10)
KEYS = st.sampled_from(["basis", "household", "each-person", "agencies", "each-agency",
                        "category@Adult A", "then", "nobody", "what@asc"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(KEYS, ANSWER, min_size=1, max_size=6))
def test_decide_with_answers_of_any_shape_exits_2_in_one_line(
        answers: dict[str, Any], rules: tuple[Path, RulePack],
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    from isp_wizard.cli import main

    work = tmp_path_factory.mktemp("answers")
    (work / "answers.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True),
                                       encoding="utf-8")
    (work / "details.yaml").write_text("case_reference: F-2\n", encoding="utf-8")
    with deadline(20):
        code = main(["--rules", str(rules[0]), "decide", "household", "--answers",
                     str(work / "answers.yaml"), "--details", str(work / "details.yaml"),
                     "--out", str(work / "out.pdf")])
    err = capsys.readouterr().err
    assert code == 2, err  # no identity here: at best the walk ends asking for one
    assert err.startswith("isp-wizard: ") and err.count("\n") == 1, err
    assert "\x1b" not in err and "\u202e" not in err
