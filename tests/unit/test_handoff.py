"""A hand-off keeps the first walk: the shipped request → s115 route walked, carried answers not
asked again, Back into the first walk, drafts resumed exactly, and lint of the carries."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from isp_wizard.engine.session import Carried, Session
from isp_wizard.engine.walk import unused_answers, walk
from isp_wizard.errors import SessionError
from isp_wizard.rulepack import load_pack
from isp_wizard.store.drafts import DraftStore

REQUEST = {"emergency": "no", "request-type": "partnership", "requester": "police",
           "received": "2026-11-22", "identity": "yes", "in-writing": "yes"}
S115 = {"identifiable": "personal", "power": "s115", "purpose": "yes",
        "provision": "s17 and the ASB strategy (s6): joint action at the ASB case panel",
        "proportionate": "yes", "isa": "yes", "channel": "yes", "confidential": "no",
        "lawful-basis": "public-task", "sensitive": "none"}


def _handed_off(pack):  # type: ignore[no-untyped-def]
    first = walk(pack.tree("request"), REQUEST, pack.partners)
    assert first.hands_off_to == "s115"
    return first.hand_off(pack.tree("s115"))


def test_the_later_walk_starts_with_the_carried_answers_and_keeps_the_first(shipped_pack):  # type: ignore[no-untyped-def]
    later = _handed_off(shipped_pack)

    assert [w.tree.id for w in later.earlier] == ["request"]
    assert later.carried == {
        "emergency": Carried("request", "emergency"),
        "recipient": Carried("request", "requester"),
        "gateway-recipient": Carried("request", "requester"),
        "verified": Carried("request", "identity"),
    }
    assert later.answers["emergency"] == "no" and later.answers["recipient"] == "police"
    assert later.current.id == "identifiable"  # the emergency question is not asked again
    assert not later.can_back and later.can_back_into_earlier


def test_walking_on_passes_carried_questions_and_the_trail_marks_them(shipped_pack):  # type: ignore[no-untyped-def]
    later = _handed_off(shipped_pack)
    asked = []
    while not later.is_complete:
        asked.append(later.current.id)
        later.answer(S115[later.current.id])
    assert "recipient" not in asked and "verified" not in asked and "emergency" not in asked
    assert later.outcome().decision == "share"
    carried = {s.node_id: s.carried for s in later.explain() if s.carried}
    assert set(carried) == {"emergency", "recipient", "verified"}
    assert [s.node_id for s in later.asked()] == asked
    with pytest.raises(SessionError, match="carried over"):
        later.goto("recipient")


def test_back_from_the_first_question_returns_into_the_first_walk_and_keeps_the_second(shipped_pack):  # type: ignore[no-untyped-def]
    later = _handed_off(shipped_pack)
    later.answer("personal")
    later.answer("s115")
    later.back()
    later.back()
    assert later.current.id == "identifiable" and not later.can_back

    first = later.resume_earlier()
    assert first.tree.id == "request" and first.is_complete
    assert first.position == len(first.path) - 1  # at the hand-off outcome

    again = first.hand_off(shipped_pack.tree("s115"))
    assert again.answers["identifiable"] == "personal" and again.answers["power"] == "s115"
    assert again.current.id == "identifiable"


def test_a_changed_first_walk_carries_the_new_answer(shipped_pack):  # type: ignore[no-untyped-def]
    later = _handed_off(shipped_pack)
    first = later.resume_earlier()
    first.change("requester", "council")
    while not first.is_complete:
        first.answer(REQUEST.get(first.current.id))
    assert first.hands_off_to == "s115"
    again = first.hand_off(shipped_pack.tree("s115"))
    assert again.answers["recipient"] == "council"


def test_a_handed_off_draft_resumes_exactly(shipped_pack, tmp_path: Path):  # type: ignore[no-untyped-def]
    later = _handed_off(shipped_pack)
    for node_id in ("identifiable", "power", "purpose"):
        later.answer(S115[node_id])
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(later, details={"case_reference": "CASE-H"}, training=False)

    resumed = store.load(draft_id, shipped_pack)
    session = resumed.session
    assert resumed.notes == []
    assert session.tree.id == "s115" and [w.tree.id for w in session.earlier] == ["request"]
    assert session.answers == later.answers and session.carried == later.carried
    assert session.position == later.position and session.current.id == "provision"
    assert session.earlier[0].answers == later.earlier[0].answers
    assert resumed.details == {"case_reference": "CASE-H"}

    # gone back into the first walk and saved there: the second walk is kept in the draft
    first = session.resume_earlier()
    draft_2 = store.save(first, training=False)
    back = store.load(draft_2, shipped_pack).session
    assert back.tree.id == "request" and back.later is not None
    assert back.hand_off(shipped_pack.tree("s115")).answers == later.answers


def test_a_session_from_an_older_version_still_resumes(shipped_pack):  # type: ignore[no-untyped-def]
    one = Session(shipped_pack.tree("s115"), shipped_pack.partners)
    one.answer("no")
    data = one.to_json()
    assert data["format"] == 1 and "earlier" not in data
    assert Session.from_json(data, shipped_pack.tree("s115")).answers == {"emergency": "no"}


def test_scenario_answers_follow_the_hand_off(shipped_pack):  # type: ignore[no-untyped-def]
    session = walk(shipped_pack.tree("request"), REQUEST, shipped_pack.partners,
                   then={"s115": S115}, trees=shipped_pack.trees)
    assert session.tree.id == "s115" and session.outcome().decision == "share"
    assert unused_answers(session, REQUEST, {"s115": S115}) == []
    assert unused_answers(session, REQUEST, {"s115": {**S115, "emergency": "no"}}) \
        == ["s115:emergency"]  # carried: an answer given for it is not used
    stops = walk(shipped_pack.tree("request"), REQUEST, shipped_pack.partners)
    assert stops.outcome().node_id == "use-s115"


def test_triage_hands_off_without_asking_the_emergency_again(shipped_pack):  # type: ignore[no-untyped-def]
    triage = walk(shipped_pack.tree("triage"), {"emergency": "no", "direction": "own",
                                                "concern": "child"}, shipped_pack.partners)
    session = triage.hand_off(shipped_pack.tree("safeguarding"))
    assert session.current.id == "who" and session.carried["emergency"].tree == "triage"
    breach = walk(shipped_pack.tree("triage"), {"emergency": "no", "direction": "went-wrong"},
                  shipped_pack.partners).hand_off(shipped_pack.tree("breach"))
    assert breach.carried == {} and breach.current.id == "emergency"  # a different question


# --- lint --------------------------------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"


def _tree(tree_id: str, nodes: str) -> str:
    return textwrap.dedent(f"""\
        id: {tree_id}
        title: {tree_id.upper()}
        version: 1.0.0
        effective: 2026-01-01
        summary: A tree.
        start: a
        nodes:
        """) + textwrap.indent(textwrap.dedent(nodes), "  ")


def _problems(tmp_path: Path, carries: str, establishes: str = "") -> list[str]:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    (root / "trees" / "one.yaml").write_text(_tree("one", f"""\
        - id: a
          kind: question
          text: A?
          answers:
            - {{value: "yes", label: Y, next: go{establishes}}}
            - {{value: "no", label: N, next: go}}
        - id: go
          kind: outcome
          text: Go on
          start_tree: two
          carries: {carries}
        """), encoding="utf-8")
    (root / "trees" / "two.yaml").write_text(_tree("two", """\
        - id: a
          kind: question
          text: A again?
          answers: [{value: "yes", label: Y, next: o}, {value: "maybe", label: M, next: o}]
        - {id: d, kind: date, text: When?, next: o}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
        """), encoding="utf-8")
    pack = load_pack(root)
    return [p.message for p in pack.problems if p.path.endswith("one.yaml")]


def test_lint_accepts_a_carry_whose_answers_fit(tmp_path: Path) -> None:
    assert _problems(tmp_path, '[{from: a, to: a, values: {"yes": "yes"}}]') == []


@pytest.mark.parametrize(("carries", "says"), [
    ("[{from: nowhere, to: a}]", "there is no node 'nowhere' in 'one'"),
    ("[{from: a, to: nowhere}]", "there is no node 'nowhere' in 'two'"),
    ("[{from: a, to: a}]", "'no' would not be an answer of 'a' in 'two'"),
    ('[{from: a, to: a, values: {"yes": "perhaps"}}]', "'perhaps' is not an answer of 'a'"),
    ('[{from: a, to: a, values: {"never": "yes"}}]', "'never' is not an answer of 'a'"),
    ("[{from: a, to: d}]", "'a' is a question node and 'd' in 'two' is a date node"),
    ("[{from: go, to: a}]", "'go' takes no answer"),
])
def test_lint_refuses_a_carry_that_cannot_work(tmp_path: Path, carries: str, says: str) -> None:
    found = _problems(tmp_path, carries)
    assert any(says in m for m in found), found


def test_lint_refuses_an_unknown_agreement(tmp_path: Path) -> None:
    found = _problems(tmp_path, "[]", ", establishes: {isa: no-such-isa}")
    assert any("names unknown ISA 'no-such-isa'" in m for m in found), found


def test_a_record_after_triage_holds_the_triage_walk_that_chose_the_tree(shipped_pack):  # type: ignore[no-untyped-def]
    import datetime as dt

    from isp_wizard.record.model import DecisionRecord, Practitioner, RecordDetails, build_record

    bruising = next(s for s in shipped_pack.scenarios_for("safeguarding")
                    if s.name == "bruising reported to children's social care")
    triage = walk(shipped_pack.tree("triage"),
                  {"emergency": "no", "direction": "own", "concern": "child"},
                  shipped_pack.partners)
    session = walk(shipped_pack.tree("triage"), {"emergency": "no", "direction": "own",
                                                "concern": "child"}, shipped_pack.partners,
                   then={"safeguarding": {k: v for k, v in bruising.answers.items()
                                          if k != "emergency"}},
                   trees=shipped_pack.trees)
    assert session.outcome().node_id == bruising.expected
    record = build_record(session, shipped_pack, RecordDetails(case_reference="C-1"),
                          Practitioner(name="A", role="B", organisation="C"), training=True,
                          now=dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC))

    (earlier,) = record.earlier_walks
    assert earlier.tree.id == "triage" and earlier.handed_off_at == "go-safeguarding"
    assert [s.node_id for s in earlier.steps] == [s.node_id for s in triage.explain()]
    assert record.steps[0].node_id == "emergency" and record.steps[0].carried_from \
        == "triage:emergency"
    assert all(not s.carried_from for s in record.steps[1:])
    assert DecisionRecord.from_json(record.canonical_json()) == record
    # a record that was not handed off has neither field in its JSON (older records verify)
    single = build_record(walk(shipped_pack.tree("safeguarding"), bruising.answers,
                               shipped_pack.partners), shipped_pack,
                          RecordDetails(case_reference="C-2"),
                          Practitioner(name="A", role="B", organisation="C"), training=True,
                          now=dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC))
    raw = single.canonical_json().decode()
    assert "earlier_walks" not in raw and "carried_from" not in raw


def test_a_draft_whose_first_walk_no_longer_hands_off_resumes_there(shipped_pack, tmp_path):  # type: ignore[no-untyped-def]
    import json

    later = _handed_off(shipped_pack)
    later.answer("personal")
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.save(later, training=False)
    path = tmp_path / "drafts" / f"{draft_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    # as if the request tree had changed: the saved first walk now ends in a refusal
    document["session"]["earlier"][0]["answers"]["in-writing"] = "no"
    path.write_text(json.dumps(document), encoding="utf-8")

    resumed = store.load(draft_id, shipped_pack)
    assert resumed.session.tree.id == "request" and not resumed.session.earlier
    assert resumed.session.outcome().node_id == "ask-in-writing"
    assert any("no longer lead on" in note for note in resumed.notes)
    with pytest.raises(Exception, match="no longer continues"):
        Session.from_json(document["session"], shipped_pack.tree("s115"),
                          shipped_pack.partners, trees=shipped_pack.trees)
