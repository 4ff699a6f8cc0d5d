"""The Session: answering, going back and forward, changing answers, outcomes, explain, JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from isp_wizard.engine.session import Session, check_answer
from isp_wizard.engine.walk import run_all_scenarios, run_scenario, walk
from isp_wizard.errors import (
    DraftError,
    InvalidAnswerError,
    NotReachedError,
    ScenarioError,
    SessionError,
)
from isp_wizard.rulepack import LoadedTree, load_pack
from isp_wizard.rulepack.models import Partner, Scenario, Tree

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"

PARTNERS = {
    "police": Partner(id="police", name="Police", type="police", relevant_authority=True),
    "charity": Partner(id="charity", name="A charity", type="voluntary", public_authority=False,
                       relevant_authority=False),
}


def make_tree(nodes: list[dict[str, Any]], start: str | None = None) -> LoadedTree:
    tree = Tree.model_validate({
        "id": "t", "title": "Test tree", "version": "1.0.0", "effective": "2026-01-01",
        "summary": "A tree for tests.", "start": start or nodes[0]["id"], "nodes": nodes,
    })
    return LoadedTree.from_tree(tree)


def q(node_id: str, *answers: tuple[str, str], **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": "question", "text": f"Question {node_id}?",
            "answers": [{"value": v, "label": v.title(), "next": n} for v, n in answers],
            **extra}


def out(node_id: str, decision: str = "do_not_share", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": "outcome", "text": f"Outcome {node_id}.",
            "decision": decision, **extra}


@pytest.fixture
def demo() -> LoadedTree:
    return load_pack(FIXTURE).trees["demo"]


# --- walking -------------------------------------------------------------------------------------


def test_a_new_session_starts_at_the_start_node(demo: LoadedTree) -> None:
    s = Session(demo)
    assert s.current.id == "emergency"
    assert s.path == ["emergency"]
    assert not s.is_complete and s.outcome() is None
    assert not s.can_back and not s.can_forward
    assert set(s.next_steps()) == {"act-now", "purpose"}


def test_answers_yes_and_no_are_text_and_lead_on(demo: LoadedTree) -> None:
    s = Session(demo)
    assert s.answer("no") == []
    assert s.current.id == "purpose"
    s.answer("yes")
    s.answer("the phone number")
    assert s.is_complete
    assert s.path == ["emergency", "purpose", "what", "share"]
    outcome = s.outcome()
    assert outcome is not None
    assert (outcome.node_id, outcome.decision, outcome.legal_basis) == \
        ("share", "share", ("uk-gdpr-6-1-e",))


def test_an_answer_that_is_not_offered_is_refused(demo: LoadedTree) -> None:
    s = Session(demo)
    with pytest.raises(InvalidAnswerError, match="not one of"):
        s.answer("maybe")
    with pytest.raises(InvalidAnswerError):
        s.answer(True)  # type: ignore[arg-type]
    assert s.answers == {} and s.current.id == "emergency"


def test_an_outcome_takes_no_answer(demo: LoadedTree) -> None:
    s = Session(demo)
    s.answer("yes")
    assert s.is_complete
    with pytest.raises(InvalidAnswerError):
        s.answer("yes")


def test_back_and_forward_keep_later_answers(demo: LoadedTree) -> None:
    s = Session(demo)
    s.answer("no")
    s.answer("yes")
    s.back()
    assert s.current.id == "purpose"
    assert s.answers == {"emergency": "no", "purpose": "yes"}
    s.back()
    assert s.current.id == "emergency"
    with pytest.raises(SessionError):
        s.back()
    s.forward()
    s.forward()
    assert s.current.id == "what"
    with pytest.raises(SessionError, match="answer this question first"):
        s.forward()


def test_answering_the_same_again_after_back_keeps_everything(demo: LoadedTree) -> None:
    s = Session(demo)
    for value in ("no", "yes", "things"):
        s.answer(value)
    s.goto("emergency")
    assert s.answer("no") == []
    assert s.current.id == "purpose"
    assert s.answers == {"emergency": "no", "purpose": "yes", "what": "things"}
    assert s.is_complete


def test_changing_an_answer_drops_what_is_no_longer_on_the_route(demo: LoadedTree) -> None:
    s = Session(demo)
    for value in ("no", "yes", "things"):
        s.answer(value)
    assert s.preview_change("purpose", "no") == ["what"]
    assert s.answers["what"] == "things"  # a preview changes nothing
    dropped = s.change("purpose", "no")
    assert dropped == ["what"]
    assert s.answers == {"emergency": "no", "purpose": "no"}
    assert s.path == ["emergency", "purpose", "do-not-share"]
    assert s.outcome().node_id == "do-not-share"  # type: ignore[union-attr]


def test_only_nodes_on_the_route_can_be_changed(demo: LoadedTree) -> None:
    s = Session(demo)
    s.answer("yes")
    with pytest.raises(NotReachedError):
        s.change("purpose", "no")
    with pytest.raises(NotReachedError):
        s.preview_change("what", "x")


def test_an_answer_from_an_abandoned_route_does_not_steer_the_new_one() -> None:
    # d routes on b's answer; after a is changed, b is no longer on the route, so its old
    # answer must not send d to e, and e's answer must be dropped with it.
    tree = make_tree([
        q("a", ("x", "b"), ("y", "d")),
        q("b", ("p", "d"), ("q", "d")),
        {"id": "d", "kind": "info", "text": "Read this.", "next": "o2",
         "branches": [{"when": {"answer-of": "b", "is": "p"}, "next": "e"}]},
        q("e", ("go", "o1")),
        out("o1"),
        out("o2"),
    ])
    s = Session(tree)
    for value in ("x", "p", None, "go"):
        s.answer(value)
    assert s.path == ["a", "b", "d", "e", "o1"]
    assert s.preview_change("a", "y") == ["b", "e"]
    dropped = s.change("a", "y")
    assert sorted(dropped) == ["b", "e"]
    assert s.path == ["a", "d", "o2"]
    assert set(s.answers) == {"a", "d"}
    assert s.outcome().node_id == "o2"  # type: ignore[union-attr]


# --- outcome and explain -------------------------------------------------------------------------


def test_answers_add_their_legal_basis_conditions_and_contacts_to_the_outcome() -> None:
    tree = make_tree([
        {"id": "a", "kind": "question", "text": "Why?", "refs": ["r-node"], "consult": ["c1"],
         "answers": [{"value": "risk", "label": "A risk", "next": "b",
                      "grounds": {"power": ["r1"]},
                      "conditions": ["minimum only"], "consult": ["c2"]}]},
        {"id": "b", "kind": "multi", "text": "Which?", "next": "o",
         "answers": [{"value": "m1", "label": "One",
                      "grounds": {"lawful_basis": ["r2"], "power": ["r1"]}},
                     {"value": "m2", "label": "Two", "conditions": ["secure email"]}]},
        out("o", "share_with_conditions", grounds={"lawful_basis": ["r0"]},
            conditions=["record it"],
            consult=["c0"]),
    ])
    s = Session(tree)
    s.answer("risk")
    s.answer(["m2", "m1"])
    outcome = s.outcome()
    assert outcome is not None
    assert outcome.grounds.lawful_basis == ["r0", "r2"]
    assert outcome.grounds.power == ["r1"]
    assert outcome.conditions == ("record it", "minimum only", "secure email")
    assert outcome.consult == ("c0", "c2")
    steps = s.explain()
    assert [st.node_id for st in steps] == ["a", "b"]
    assert steps[0].labels == ("A risk",)
    assert steps[0].refs == ("r-node", "r1")
    assert steps[0].consult == ("c1", "c2")
    assert steps[1].value == ["m1", "m2"]  # canonical: in the order the tree lists them
    assert steps[1].labels == ("One", "Two")


def test_explain_keeps_guidance_pages_passed_and_leaves_out_unanswered_nodes() -> None:
    tree = make_tree([
        {"id": "i", "kind": "info", "text": "Read me.", "next": "a"},
        q("a", ("x", "o")),
        out("o"),
    ])
    s = Session(tree)
    assert s.explain() == []
    s.answer()
    assert [(st.node_id, st.kind) for st in s.explain()] == [("i", "info")]
    s.answer("x")
    assert [(st.node_id, st.kind, st.value) for st in s.explain()] == [
        ("i", "info", "seen"), ("a", "question", "x")]


# --- answers by kind -----------------------------------------------------------------------------


KINDS = make_tree([
    {"id": "m", "kind": "multi", "text": "Which?", "min_choices": 1, "next": "o",
     "answers": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
    {"id": "t", "kind": "text", "text": "Say", "max_length": 5, "next": "o"},
    {"id": "t2", "kind": "text", "text": "Say", "required": False, "next": "o"},
    {"id": "d", "kind": "date", "text": "When", "next": "o"},
    {"id": "d2", "kind": "date", "text": "When", "required": False, "next": "o"},
    {"id": "p", "kind": "partner", "text": "Who", "next": "o"},
    {"id": "p2", "kind": "partner", "text": "Who", "allow_other": False, "next": "o"},
    {"id": "i", "kind": "info", "text": "Read", "next": "o"},
    out("o"),
])


@pytest.mark.parametrize(("node", "given", "expected"), [
    ("m", ["b", "a", "b"], ["a", "b"]),
    ("m", "a", ["a"]),
    ("t", "hello", "hello"),
    ("t2", "", ""),
    ("d", " 2026-03-04 ", "2026-03-04"),
    ("d2", "", ""),
    ("p", "police", "police"),
    ("p", "other", "other"),
    ("i", None, "seen"),
    ("i", "seen", "seen"),
])
def test_answers_are_made_canonical(node: str, given: Any, expected: Any) -> None:
    assert check_answer(KINDS.node(node), given, PARTNERS) == expected


@pytest.mark.parametrize(("node", "given", "message"), [
    ("m", [], "at least 1"),
    ("m", ["c"], "not one of"),
    ("m", [1], "choose from the list"),
    ("t", "   ", "required"),
    ("t", "toolong", "under 5"),
    ("t", None, "in words"),
    ("d", "", "required"),
    ("d", "04/03/2026", "not a date"),
    ("d", "2026-02-30", "not a date"),
    ("p", "unknown-org", "not a partner"),
    ("p2", "other", "not a partner"),
    ("i", "yes", "takes no answer"),
    ("o", "x", "takes no answer"),
])
def test_answers_that_do_not_fit_are_refused(node: str, given: Any, message: str) -> None:
    with pytest.raises(InvalidAnswerError, match=message):
        check_answer(KINDS.node(node), given, PARTNERS)


def test_labels_name_the_partner_or_say_it_is_not_listed() -> None:
    s = Session(KINDS, PARTNERS)
    assert s.labels(KINDS.node("p"), "police") == ["Police"]
    assert s.labels(KINDS.node("p"), "other") == ["Another organisation (not listed)"]
    assert s.labels(KINDS.node("t2"), "") == ["(left blank)"]
    assert s.labels(KINDS.node("m"), []) == ["(none of these)"]


def test_an_outcome_that_shares_nothing_carries_no_grounds_from_the_route() -> None:
    tree = make_tree([
        {"id": "a", "kind": "question", "text": "Power?", "consult": ["dpo"],
         "answers": [{"value": "yes", "label": "Yes", "next": "b",
                      "grounds": {"power": ["cda-s115"], "lawful_basis": ["art6"]}}]},
        {"id": "b", "kind": "question", "text": "Proportionate?",
         "answers": [{"value": "yes", "label": "Yes", "next": "share"},
                     {"value": "no", "label": "No", "next": "refuse"}]},
        out("share", "share", refs=["art5"]),
        out("refuse", "do_not_share", refs=["echr-8"]),
    ])
    shared = walk(tree, {"a": "yes", "b": "yes"}).outcome()
    refused = walk(tree, {"a": "yes", "b": "no"}).outcome()
    assert shared is not None and refused is not None
    assert (shared.grounds.power, shared.grounds.lawful_basis) == (["cda-s115"], ["art6"])
    assert not refused.grounds and refused.legal_basis == ()
    assert refused.refs == ("echr-8",)


def test_guidance_pages_passed_are_on_the_trail() -> None:
    tree = make_tree([
        {"id": "tell", "kind": "info", "text": "Tell your DPO now.", "consult": ["dpo"],
         "next": "o"},
        out("o", "seek_advice"),
    ])
    s = walk(tree, {"tell": "seen"})
    (step,) = s.explain()
    assert (step.node_id, step.kind, step.consult) == ("tell", "info", ("dpo",))
    assert step.labels == ("Shown to the practitioner, who continued",)


def test_partner_conditions_route_on_the_chosen_partners_attributes() -> None:
    tree = make_tree([
        {"id": "who", "kind": "partner", "text": "Who asks?", "next": "no-s115",
         "branches": [{"when": {"partner-of": "who", "attribute": "relevant_authority",
                                "is": True}, "next": "s115"}]},
        out("s115", "share", grounds={"power": ["cda-s115"]}),
        out("no-s115"),
    ])
    assert walk(tree, {"who": "police"}, PARTNERS).outcome().node_id == "s115"  # type: ignore[union-attr]
    assert walk(tree, {"who": "charity"}, PARTNERS).outcome().node_id == "no-s115"  # type: ignore[union-attr]
    assert walk(tree, {"who": "other"}, PARTNERS).outcome().node_id == "no-s115"  # type: ignore[union-attr]


# --- saving and restoring ------------------------------------------------------------------------


def test_json_round_trip_is_exact_at_every_step(demo: LoadedTree) -> None:
    s = Session(demo)
    for value in ("no", "yes", "things", None):
        data = json.loads(json.dumps(s.to_json()))
        restored = Session.from_json(data, demo)
        assert restored.to_json() == s.to_json()
        assert restored.path == s.path and restored.current.id == s.current.id
        if value is not None:
            s.answer(value)
    s.back()
    s.back()
    restored = Session.from_json(json.loads(json.dumps(s.to_json())), demo)
    assert restored.to_json() == s.to_json()
    assert restored.current.id == "purpose"
    assert restored.notes == []


def test_a_draft_for_another_tree_or_format_is_refused(demo: LoadedTree) -> None:
    good = Session(demo).to_json()
    for bad in ({**good, "format": 99}, {**good, "tree": {"id": "other"}},
                {"format": 1}, {**good, "position": "first"}, {**good, "tree": "demo"},
                {**good, "answers": ["emergency"]}):
        with pytest.raises(DraftError):
            Session.from_json(bad, demo)


def test_a_saved_answer_that_no_longer_fits(demo: LoadedTree) -> None:
    data = {"format": 1, "tree": {"id": "demo", "version": "0.9.0", "sha256": "old"},
            "answers": {"emergency": "no", "purpose": "perhaps"}, "position": 1}
    with pytest.raises(DraftError, match="purpose"):
        Session.from_json(data, demo)
    s = Session.from_json(data, demo, lenient=True)
    assert s.answers == {"emergency": "no"}
    assert s.current.id == "purpose"
    assert any("changed" in note for note in s.notes)
    assert any("no longer fits" in note for note in s.notes)


def test_saved_answers_off_the_route_are_refused_unless_lenient(demo: LoadedTree) -> None:
    data = {"format": 1, "tree": {"id": "demo", "sha256": demo.sha256},
            "answers": {"emergency": "yes", "purpose": "yes"}, "position": 1}
    with pytest.raises(DraftError, match="not on the route"):
        Session.from_json(data, demo)
    s = Session.from_json(data, demo, lenient=True)
    assert s.answers == {"emergency": "yes"} and s.is_complete


# --- headless walks and scenarios ----------------------------------------------------------------


def test_walk_fills_optional_text_and_info_pages_and_needs_the_rest() -> None:
    tree = make_tree([
        {"id": "i", "kind": "info", "text": "Read", "next": "t"},
        {"id": "t", "kind": "text", "text": "Notes", "required": False, "next": "a"},
        q("a", ("x", "o")),
        out("o"),
    ])
    s = walk(tree, {"a": "x"})
    assert s.answers == {"i": "seen", "t": "", "a": "x"}
    with pytest.raises(ScenarioError, match="no answer given for 'a'"):
        walk(tree, {})
    with pytest.raises(ScenarioError, match="does not fit"):
        walk(tree, {"a": "z"})


def test_scenarios_pass_and_fail_with_reasons() -> None:
    pack = load_pack(FIXTURE)
    results = run_all_scenarios(pack)
    assert [r.passed for r in results] == [True, True]
    wrong = Scenario(name="wrong", case="c", answers={"emergency": "no", "purpose": "no",
                                                      "what": "x"},
                     expected="share", expected_decision="share")
    result = run_scenario(pack, "demo", wrong)
    assert not result.passed
    assert result.reached == "do-not-share"
    assert "expected 'share', reached 'do-not-share'" in result.message
    assert "expected decision 'share'" in result.message
    assert "answers not on the route: what" in result.message
    missing = run_scenario(pack, "nope", wrong)
    assert not missing.passed and "did not load" in missing.message
