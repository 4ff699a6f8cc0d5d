"""Properties of the Session on random valid trees (hypothesis).

Trees are random DAGs of every node kind, with branches whose conditions test earlier answers
and partner attributes; each generated tree is first checked lint-clean, which also holds lint
to no false alarms on valid trees.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_wizard.engine.session import Session
from isp_wizard.rulepack import LoadedTree, RulePack
from isp_wizard.rulepack.graph import reachable, reverse, successors
from isp_wizard.rulepack.lint import lint_tree
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    DateNode,
    InfoNode,
    MultiNode,
    Node,
    OutcomeNode,
    Partner,
    PartnerNode,
    QuestionNode,
    Reference,
    TextNode,
    Tree,
)

PARTNERS = {
    "police": Partner(id="police", name="Police", type="police", relevant_authority=True),
    "school": Partner(id="school", name="A school", type="education", relevant_authority=False),
}
REFERENCES = {"r1": Reference(id="r1", title="R1", citation="Reference one")}
KINDS = ("question", "question", "question", "multi", "text", "date", "info", "partner")
DECISIONS = ("share", "share_with_conditions", "do_not_share", "seek_advice")
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def trees(draw: st.DrawFn) -> LoadedTree:
    size = draw(st.integers(min_value=2, max_value=14))
    outcomes = draw(st.integers(min_value=1, max_value=4))
    inner: list[dict[str, Any]] = []
    values: dict[str, list[str]] = {}

    def later(i: int) -> str:
        j = draw(st.integers(min_value=i + 1, max_value=size + outcomes - 1))
        return f"n{j}" if j < size else f"o{j - size}"

    for i in range(size):
        kind = draw(st.sampled_from(KINDS))
        node: dict[str, Any] = {"id": f"n{i}", "kind": kind, "text": f"Node {i}?"}
        if kind in ("question", "multi"):
            count = draw(st.integers(min_value=1, max_value=3))
            names = ["yes", "no", "unsure"][:count]
            values[node["id"]] = names
            node["answers"] = [{"value": v, "label": v.title()} for v in names]
            if kind == "question" or draw(st.booleans()):
                for answer in node["answers"]:
                    answer["next"] = later(i)
            if kind == "multi":
                node["min_choices"] = draw(st.integers(min_value=0, max_value=count))
                node.setdefault("next", later(i))
        else:
            node["next"] = later(i)
            if kind in ("text", "date"):
                node["required"] = draw(st.booleans())
        earlier = [n for n in inner if n["id"] in values or n["kind"] == "partner"]
        if earlier and draw(st.booleans()):
            node["branches"] = [{"when": draw(conditions(earlier, values)), "next": later(i)}
                                for _ in range(draw(st.integers(min_value=1, max_value=2)))]
        inner.append(node)
    ends = [{"id": f"o{j}", "kind": "outcome", "text": f"Outcome {j}.",
             "decision": DECISIONS[j % 4],
             **({"grounds": {"lawful_basis": ["r1"]}} if j % 4 < 2 else {})}
            for j in range(outcomes)]
    return _pruned(inner + ends)


def conditions(earlier: list[dict[str, Any]],
               values: dict[str, list[str]]) -> st.SearchStrategy[dict[str, Any]]:
    def leaf(node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        if node["kind"] == "partner":
            return st.sampled_from([
                {"partner-of": node["id"], "attribute": "relevant_authority", "is": True},
                {"partner-of": node["id"], "attribute": "id", "is": "police"},
            ])
        options = values[node["id"]]
        test = "includes" if node["kind"] == "multi" else st.sampled_from(["is", "in"])
        return st.builds(
            lambda t, v: {"answer-of": node["id"], t: [v] if t == "in" else v},
            st.just(test) if isinstance(test, str) else test, st.sampled_from(options))

    base = st.sampled_from(earlier).flatmap(leaf)
    return st.recursive(base, lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda x: {"not": x}, inner),
    ), max_leaves=3)


def _pruned(nodes: list[dict[str, Any]]) -> LoadedTree:
    """Drop the nodes no route reaches (and conditions about them): a valid tree has none."""
    spec = {"id": "fuzz", "title": "Fuzz", "version": "1.0.0", "effective": "2026-01-01",
            "summary": "Random.", "start": "n0", "nodes": nodes}
    kept = nodes
    while True:  # dropping a branch can leave more nodes unreached: repeat until nothing changes
        graph = successors(Tree.model_validate({**spec, "nodes": kept}))
        keep = reachable("n0", graph)
        back = reverse(graph)
        before = json.dumps(kept)
        kept = [n for n in kept if n["id"] in keep]
        for node in kept:
            if "branches" in node:
                # A condition can only see answers given before its node on some route.
                seen_before = reachable(node["id"], back) & keep
                node["branches"] = [b for b in node["branches"]
                                    if _mentions(b["when"]) <= seen_before]
        if json.dumps(kept) == before:
            break
    loaded = LoadedTree.from_tree(Tree.model_validate({**spec, "nodes": kept}))
    pack = RulePack(root=Path("fuzz"), trees={"fuzz": loaded}, references=REFERENCES,
                    partners=PARTNERS)
    problems = lint_tree(loaded, pack, dt.date(2026, 1, 1))
    assert problems == [], problems
    return loaded


def _mentions(cond: dict[str, Any]) -> set[str]:
    if "all" in cond or "any" in cond:
        return set().union(*(_mentions(c) for c in cond.get("all", cond.get("any"))))
    if "not" in cond:
        return _mentions(cond["not"])
    return {cond.get("answer-of") or cond["partner-of"]}


def answers_for(node: Node) -> st.SearchStrategy[Any]:
    if isinstance(node, QuestionNode):
        return st.sampled_from([a.value for a in node.answers])
    if isinstance(node, MultiNode):
        return st.lists(st.sampled_from([a.value for a in node.answers]), unique=True,
                        min_size=node.min_choices, max_size=len(node.answers))
    if isinstance(node, TextNode):
        text = st.text(min_size=1, max_size=20).filter(str.strip)
        return text if node.required else st.one_of(st.just(""), text)
    if isinstance(node, DateNode):
        dates = st.dates().map(dt.date.isoformat)
        return dates if node.required else st.one_of(st.just(""), dates)
    if isinstance(node, PartnerNode):
        return st.sampled_from([*PARTNERS, OTHER_PARTNER])
    assert isinstance(node, InfoNode)
    return st.none()


def state(session: Session) -> tuple[str, list[str], int]:
    return json.dumps(session.to_json(), sort_keys=True), list(session.path), session.position


def walk_randomly(data: st.DataObject, session: Session, check: Any = None) -> None:
    for _ in range(len(session.tree.nodes) + 1):
        if session.is_complete:
            return
        if check:
            check(session)
        session.answer(data.draw(answers_for(session.current)))
    raise AssertionError(f"no outcome after {len(session.tree.nodes)} answers: {session.path}")


@SETTINGS
@given(tree=trees(), data=st.data())
def test_random_walks_always_end_at_an_outcome(tree: LoadedTree, data: st.DataObject) -> None:
    session = Session(tree, PARTNERS)
    walk_randomly(data, session)
    outcome = session.outcome()
    assert outcome is not None
    assert isinstance(tree.node(outcome.node_id), OutcomeNode)
    assert session.path[-1] == outcome.node_id
    assert set(session.answers) == set(session.path[:-1])


@SETTINGS
@given(tree=trees(), data=st.data())
def test_saving_and_restoring_at_any_step_gives_the_same_session(
        tree: LoadedTree, data: st.DataObject) -> None:
    def round_trip(session: Session) -> None:
        if session.can_back and data.draw(st.booleans()):
            session.back()  # also restore from a step part-way back along the route
            restored = Session.from_json(json.loads(json.dumps(session.to_json())), tree,
                                         PARTNERS)
            assert state(restored) == state(session)
            session.forward()
        restored = Session.from_json(json.loads(json.dumps(session.to_json())), tree, PARTNERS)
        assert state(restored) == state(session)
        assert restored.current.id == session.current.id
        assert restored.notes == []

    session = Session(tree, PARTNERS)
    walk_randomly(data, session, round_trip)
    round_trip(session)
    assert Session.from_json(session.to_json(), tree, PARTNERS).outcome() == session.outcome()


@SETTINGS
@given(tree=trees(), data=st.data())
def test_back_then_forward_returns_the_same_state(tree: LoadedTree, data: st.DataObject) -> None:
    def back_and_forward(session: Session) -> None:
        if not session.can_back:
            return
        before = state(session)
        steps = data.draw(st.integers(min_value=1, max_value=session.position))
        for _ in range(steps):
            session.back()
        for _ in range(steps):
            session.forward()
        assert state(session) == before

    session = Session(tree, PARTNERS)
    walk_randomly(data, session, back_and_forward)
    back_and_forward(session)


@SETTINGS
@given(tree=trees(), data=st.data())
def test_changing_an_answer_drops_exactly_the_answers_off_the_new_route(
        tree: LoadedTree, data: st.DataObject) -> None:
    session = Session(tree, PARTNERS)
    walk_randomly(data, session)
    for _ in range(3):
        answered = [n for n in session.path if n in session.answers]
        if not answered:
            return
        node_id = data.draw(st.sampled_from(answered))
        value = data.draw(answers_for(tree.node(node_id)))
        before = dict(session.answers)
        preview = session.preview_change(node_id, value)
        dropped = session.change(node_id, value)
        assert set(dropped) == set(before) - set(session.answers)
        assert set(preview) == set(dropped)
        graph = successors(tree.tree)
        ahead = reachable(session.path[-1], graph)
        # Kept: the answers on the new route, and those at questions still ahead of it.
        assert set(session.answers) <= set(session.path) | ahead
        assert set(dropped) == {n for n in before if n not in set(session.path) | ahead}
        for other, old in before.items():
            if other != node_id and other in session.answers:
                assert session.answers[other] == old  # kept exactly as it was
        # The route is what answering from scratch with the kept answers gives.
        replay = Session(tree, PARTNERS)
        while replay.current.id in session.answers:
            replay.answer(session.answers[replay.current.id])
        on_route = {n: v for n, v in session.answers.items() if n in session.path}
        assert {n: v for n, v in replay.answers.items() if n in replay.path} == on_route
        assert replay.path == session.path
        walk_randomly(data, session)


@SETTINGS
@given(tree=trees())
def test_every_route_of_the_decision_table_is_what_a_session_reaches(tree: LoadedTree) -> None:
    from isp_wizard.engine.routes import routes
    from isp_wizard.engine.walk import walk

    found = routes(tree, PARTNERS)
    assert found, "a valid tree has at least one route"
    for route in found:
        session = walk(tree, dict(route.answers), PARTNERS)
        assert session.outcome() == route.outcome
        asked = [n for n in session.path[:-1] if not isinstance(tree.node(n), InfoNode)]
        assert [s.node for s in route.steps] == asked
    distinct = {json.dumps(r.answers) for r in found}
    assert len(distinct) == len(found), "no route twice"


# --- several people and recipients (repeated sections) ------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from people_tree import PARTNERS as HOUSEHOLD_PARTNERS  # noqa: E402
from people_tree import household_tree  # noqa: E402

HOUSEHOLD = household_tree()
LABELS = ("Adult A", "Child 1", "Child 2", "Partner", "Grandparent")


def household_answer(session: Session) -> st.SearchStrategy[Any]:
    node = session.current
    if node.kind == "people":
        return st.lists(st.sampled_from(LABELS), unique=True, min_size=1, max_size=4)
    if node.kind == "recipients":
        return st.lists(st.sampled_from(list(HOUSEHOLD_PARTNERS)), unique=True, min_size=1,
                        max_size=3)
    return answers_for(node)


def walk_household(data: st.DataObject, session: Session, check: Any = None) -> None:
    for _ in range(200):
        if session.is_complete:
            return
        if check:
            check(session)
        session.answer(data.draw(household_answer(session)))
    raise AssertionError(f"no outcome: {session.path}")


def _item(key: str) -> str | None:
    return key.partition("@")[2] or None


@SETTINGS
@given(data=st.data())
def test_changing_one_persons_answer_never_loses_anothers(data: st.DataObject) -> None:
    session = Session(HOUSEHOLD, HOUSEHOLD_PARTNERS)
    walk_household(data, session)
    for _ in range(4):
        scoped = [k for k in session.path if _item(k) and k in session.answers]
        if not scoped:
            return
        key = data.draw(st.sampled_from(scoped))
        session.goto(key)
        value = data.draw(household_answer(session))
        before = dict(session.answers)
        dropped = session.change(key, value)
        whose = _item(key)
        assert all(_item(k) == whose for k in dropped), dropped
        for other, old in before.items():
            if _item(other) not in (None, whose):
                assert session.answers.get(other) == old  # everyone else's, exactly
        walk_household(data, session)


@SETTINGS
@given(data=st.data())
def test_changing_the_list_keeps_every_answer_of_those_still_listed(
        data: st.DataObject) -> None:
    session = Session(HOUSEHOLD, HOUSEHOLD_PARTNERS)
    walk_household(data, session)
    for list_key in ("household", "agencies"):
        if list_key not in session.path:
            continue
        session.goto(list_key)
        new = data.draw(household_answer(session))
        before = dict(session.answers)
        dropped = session.change(list_key, new)
        for key, old in before.items():
            if _item(key) in new:
                assert session.answers.get(key) == old
        assert all(_item(k) not in new for k in dropped)
        walk_household(data, session)
        outcome = session.outcome()
        assert outcome is not None
        listed = [p.about.item for p in outcome.people]
        assert listed == [x for x in session.answers["household"] if x in listed]


@SETTINGS
@given(data=st.data())
def test_a_several_people_session_saves_and_resumes_exactly_at_any_step(
        data: st.DataObject) -> None:
    def round_trip(session: Session) -> None:
        if session.can_back and data.draw(st.booleans()):
            session.back()
            restored = Session.from_json(json.loads(json.dumps(session.to_json())), HOUSEHOLD,
                                         HOUSEHOLD_PARTNERS)
            assert state(restored) == state(session)
            session.forward()
        restored = Session.from_json(json.loads(json.dumps(session.to_json())), HOUSEHOLD,
                                     HOUSEHOLD_PARTNERS)
        assert state(restored) == state(session)
        assert restored.current_key == session.current_key
        assert restored.current_about == session.current_about

    session = Session(HOUSEHOLD, HOUSEHOLD_PARTNERS)
    walk_household(data, session, round_trip)
    round_trip(session)
    again = Session.from_json(session.to_json(), HOUSEHOLD, HOUSEHOLD_PARTNERS)
    assert again.outcome() == session.outcome()
