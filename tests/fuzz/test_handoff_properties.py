"""Properties of hand-offs on the shipped trees (hypothesis): random walks from triage and from a
request follow every hand-off they reach; at any step the saved session resumes exactly (every
walk, the carried answers, the position); carried questions are never asked; and Back into the
earlier walk, then Continue, gives the same walk again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_wizard.engine.session import Session
from isp_wizard.rulepack import RulePack, load_pack
from isp_wizard.rulepack.models import OTHER_PARTNER

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(RULES)


def answers_for(node: Any, pack: RulePack) -> st.SearchStrategy[Any]:
    if node.kind == "question":
        return st.sampled_from([a.value for a in node.answers])
    if node.kind == "multi":
        return st.lists(st.sampled_from([a.value for a in node.answers]), unique=True,
                        min_size=max(1, node.spec.min_choices), max_size=len(node.answers))
    if node.kind == "text":
        return st.sampled_from(["14:30", "about 9.15", "A reason given in words"])
    if node.kind == "date":
        return st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).map(dt.date.isoformat)
    if node.kind == "partner":
        return st.sampled_from([*pack.partners, OTHER_PARTNER])
    if node.kind == "people":
        return st.lists(st.sampled_from(["Adult A", "Child 1", "Partner"]), unique=True,
                        min_size=1, max_size=3)
    if node.kind == "recipients":
        return st.lists(st.sampled_from(list(pack.partners)), unique=True, min_size=1,
                        max_size=2)
    return st.none()


def state(session: Session) -> str:
    return json.dumps([session.to_json(), session.path, session.position,
                       {k: str(v) for k, v in session.carried.items()}], sort_keys=True)


def handing_off_request(data: st.DataObject, pack: RulePack) -> Session:
    """A request walk that reaches one of its hand-offs (a random walk rarely does)."""
    from isp_wizard.engine.walk import walk

    answers = {"emergency": "no",
               "request-type": data.draw(st.sampled_from(["safeguarding", "prevent",
                                                          "partnership"])),
               "requester": data.draw(st.sampled_from([*pack.partners, OTHER_PARTNER])),
               "received": "2026-11-23", "identity": "yes",
               "in-writing": data.draw(st.sampled_from(["yes", "phone"]))}
    session = walk(pack.trees["request"], answers, pack.partners)
    assert session.hands_off_to is not None
    return session


def start(data: st.DataObject, pack: RulePack, first: str) -> Session:
    if first == "request handing off":
        return handing_off_request(data, pack)
    return Session(pack.trees[first], pack.partners)


def walk_on(data: st.DataObject, pack: RulePack, session: Session, check: Any) -> Session:
    """Answer at random until an outcome that does not hand off, following hand-offs."""
    for _ in range(400):
        if session.is_complete:
            target = session.hands_off_to
            if target is None:
                return session
            session = session.hand_off(pack.trees[target])
            continue
        node = session.current_node
        assert node.id not in session.carried  # a carried question is never asked
        check(session)
        session.answer(data.draw(answers_for(node, pack)))
    raise AssertionError("no outcome")


@SETTINGS
@given(data=st.data(), first=st.sampled_from(["triage", "request", "request handing off",
                                              "s115"]))
def test_a_handed_off_session_resumes_exactly_at_any_step(pack: RulePack, data: st.DataObject,
                                                           first: str) -> None:
    def round_trip(session: Session) -> None:
        saved = json.loads(json.dumps(session.to_json()))
        restored = Session.from_json(saved, session.tree, pack.partners, trees=pack.trees)
        assert state(restored) == state(session)
        assert [state(w) for w in restored.earlier] == [state(w) for w in session.earlier]
        assert restored.notes == []

    end = walk_on(data, pack, start(data, pack, first), round_trip)
    round_trip(end)
    for walk in end.earlier:
        assert walk.hands_off_to is not None
    trail = [s.node_id for s in end.asked()]
    assert not set(trail) & set(end.carried)


@SETTINGS
@given(data=st.data())
def test_back_into_the_earlier_walk_and_on_again_gives_the_same_walk(pack: RulePack,
                                                                     data: st.DataObject) -> None:
    def nothing(_session: Session) -> None:
        return None

    end = walk_on(data, pack, handing_off_request(data, pack), nothing)
    assert end.earlier
    before = state(end)
    earlier = end.resume_earlier()
    assert earlier.later is end and earlier.is_complete
    again = earlier.hand_off(pack.trees[end.tree.id])
    assert again.answers == end.answers and again.carried == end.carried
    assert again.current.id == end.path[next(i for i, n in enumerate(end.path)
                                             if n not in end.carried)]
    assert before == state(end)  # the walk handed back is untouched
