"""Changing an answer that adds a question before the routes join again keeps the answers
after the join; answers no route can reach any more are dropped."""

from __future__ import annotations

import pytest

from isp_wizard.engine.session import Session
from isp_wizard.rulepack import LoadedTree
from isp_wizard.rulepack.models import Tree


def _yes_no(node_id: str, yes: str, no: str) -> dict:
    return {"id": node_id, "kind": "question", "text": f"{node_id}?",
            "answers": [{"value": "yes", "label": "Yes", "next": yes},
                        {"value": "no", "label": "No", "next": no}]}


@pytest.fixture
def tree() -> LoadedTree:
    # direction: yes → confidential; no → check-request → confidential; "stop" ends at once.
    nodes = [
        {"id": "direction", "kind": "question", "text": "Proactive share?",
         "answers": [{"value": "yes", "label": "Yes", "next": "confidential"},
                     {"value": "no", "label": "No, a request", "next": "check-request"},
                     {"value": "stop", "label": "Stop", "next": "advice"}]},
        _yes_no("check-request", "confidential", "advice"),
        _yes_no("confidential", "proportionate", "proportionate"),
        _yes_no("proportionate", "share", "advice"),
        {"id": "share", "kind": "outcome", "text": "Share.", "decision": "share",
         "grounds": {"lawful_basis": ["art6"]}},
        {"id": "advice", "kind": "outcome", "text": "Ask.", "decision": "seek_advice"},
    ]
    return LoadedTree.from_tree(Tree.model_validate({
        "id": "t", "title": "T", "version": "1.0.0", "effective": "2026-01-01",
        "summary": "S", "start": "direction", "nodes": nodes}))


def walked(tree: LoadedTree) -> Session:
    session = Session(tree)
    for value in ("yes", "no", "yes"):
        session.answer(value)
    assert session.outcome() is not None
    return session


def test_an_inserted_question_keeps_the_answers_after_the_join(tree: LoadedTree) -> None:
    session = walked(tree)
    assert session.preview_change("direction", "no") == []

    assert session.change("direction", "no") == []

    assert session.current.id == "check-request"
    assert session.answers == {"direction": "no", "confidential": "no", "proportionate": "yes"}
    session.answer("yes")  # the new question; the route then runs on the kept answers
    assert session.path == ["direction", "check-request", "confidential", "proportionate",
                            "share"]


def test_answers_no_route_can_reach_are_dropped(tree: LoadedTree) -> None:
    session = walked(tree)
    assert sorted(session.preview_change("direction", "stop")) == ["confidential",
                                                                   "proportionate"]
    assert sorted(session.change("direction", "stop")) == ["confidential", "proportionate"]
    assert session.answers == {"direction": "stop"}


def test_a_saved_session_keeps_the_answers_still_ahead(tree: LoadedTree) -> None:
    session = walked(tree)
    session.change("direction", "no")
    restored = Session.from_json(session.to_json(), tree)
    assert restored.answers == session.answers
    assert restored.path == session.path
