"""The overall decision about several people or recipients is never more permissive than each
person's and each recipient's own result: a signed record cannot say "share" above a list of
"share nothing"."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
from pathlib import Path
from typing import Any

import pytest
from people_tree import HOUSEHOLD_ANSWERS, PARTNERS, household_tree

from isp_wizard.engine.overall import held_to_items
from isp_wizard.engine.session import Outcome
from isp_wizard.engine.walk import walk
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.sign import sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack
from isp_wizard.vocabulary import SHARING_DECISIONS

RULES = Path(__file__).resolve().parents[2] / "rules"
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)

NOBODY = {  # every person's pass ends "share nothing"
    "category@Adult A": "adult", "adult-crime@Adult A": "no",
    "category@Child 1": "child", "child-harm@Child 1": "no",
}


def household(**answers: Any) -> dict[str, Any]:
    base = {k: v for k, v in HOUSEHOLD_ANSWERS.items() if "Partner" not in k}
    return {**base, "household": ["Adult A", "Child 1"], **answers}


def outcome_of(answers: dict[str, Any]) -> Outcome:
    outcome = walk(household_tree(), answers, PARTNERS).outcome()
    assert outcome is not None
    return outcome


def consistent(outcome: Outcome) -> bool:
    """No section whose passes all refuse under a sharing decision."""
    if outcome.decision not in SHARING_DECISIONS:
        return True
    return all(any(i.decision in SHARING_DECISIONS for i in items)
               for items in (outcome.people, outcome.recipients) if items)


def test_when_no_person_may_be_shared_about_the_decision_does_not_share() -> None:
    outcome = outcome_of(household(**NOBODY))
    assert outcome.node_id == "share"  # the route reached the sharing outcome …
    assert outcome.decision == "do_not_share"  # … but nobody's result allows it
    assert outcome.text.startswith("Do not share: no one listed")
    assert not outcome.grounds.ids() and not outcome.conditions and not outcome.refs
    assert [p.decision for p in outcome.people] == ["do_not_share", "do_not_share"]
    assert all(not p.grounds.ids() for p in outcome.people)


def test_when_one_person_may_be_shared_about_the_decision_shares_naming_who() -> None:
    outcome = outcome_of(household(**{**NOBODY, "child-harm@Child 1": "yes"}))
    assert outcome.decision == "share_with_conditions"
    assert outcome.grounds.power == ["cda-1998-s115"]
    shared = [p.about.name for p in outcome.people if p.decision in SHARING_DECISIONS]
    assert shared == ["Child 1"]
    child = next(p for p in outcome.people if p.about.item == "Child 1")
    assert "dpa-2018-sch1-para18" in child.grounds.ids()


def test_when_no_recipient_may_receive_it_the_decision_does_not_share() -> None:
    answers = household(**{"agencies": ["housing"], "limited@housing": "no"})
    answers = {k: v for k, v in answers.items() if not k.endswith("@asc")}
    outcome = outcome_of(answers)
    assert [r.decision for r in outcome.recipients] == ["do_not_share"]
    assert outcome.decision == "do_not_share"
    assert "none of the recipients" in outcome.text
    assert outcome.people and all(p.decision == "do_not_share" for p in outcome.people)
    assert all(p.text == "Nothing is shared about them: none of the recipients may be sent "
               "the information." and not p.grounds.ids() and not p.conditions
               for p in outcome.people)


def test_a_recipient_whose_own_pass_shares_is_held_to_a_decision_that_shares_nothing() -> None:
    unheld = walk(household_tree(), household(**{**NOBODY, "child-harm@Child 1": "yes"}),
                  PARTNERS).outcome()
    assert unheld is not None
    sending = [r for r in unheld.recipients if r.decision in SHARING_DECISIONS]
    assert sending and all(r.receives for r in sending)  # what is held below would be sent …
    outcome = outcome_of(household(**NOBODY))
    assert outcome.decision == "do_not_share"
    held = [r for r in outcome.recipients if r.about.item in {s.about.item for s in sending}]
    assert held and all(r.decision == "do_not_share" for r in held)  # … but is not
    for recipient in held:
        assert recipient.text == ("Nothing is sent: no one listed may have their information "
                                  "shared.")
        assert recipient.receives == () and recipient.channel == ()
        assert not recipient.conditions and not recipient.grounds.ids()
    assert all(i.decision not in SHARING_DECISIONS
               for i in outcome.people + outcome.recipients)


def test_a_decision_that_stands_leaves_each_result_as_its_pass_ended() -> None:
    outcome = outcome_of(household(**{**NOBODY, "child-harm@Child 1": "yes"}))
    assert outcome.decision in SHARING_DECISIONS
    assert not any(i.text.startswith("Nothing is") for i in outcome.people + outcome.recipients)


def test_a_person_awaiting_advice_makes_the_decision_wait_for_advice() -> None:
    assert held_to_items("share", [("person", ["do_not_share", "seek_advice"])]) == (
        "seek_advice", "Seek advice before sharing: no one listed may have their information "
        "shared (each result is below).", "person")
    assert held_to_items("share", [("person", ["share"]), ("recipient", ["do_not_share"])]) == (
        "do_not_share", "Do not share: none of the recipients may be sent the information "
        "(each result is below).", "recipient")
    assert held_to_items("share", [("person", ["do_not_share", "share"])]) is None
    assert held_to_items("do_not_share", [("person", ["do_not_share"])]) is None
    assert held_to_items("share", []) is None


def test_every_combination_of_results_in_the_example_tree_is_consistent() -> None:
    for adult, child, limited in itertools.product(("yes", "no"), ("yes", "no"), ("yes", "no")):
        outcome = outcome_of(household(**{
            **NOBODY, "adult-crime@Adult A": adult, "child-harm@Child 1": child,
            "limited@housing": limited}))
        assert consistent(outcome), (adult, child, limited)
        shares = "yes" in (adult, child)
        assert (outcome.decision in SHARING_DECISIONS) == shares


def test_no_shipped_scenario_or_table_route_shares_above_a_list_that_shares_nothing() -> None:
    from isp_wizard.engine.routes import route_table

    pack = load_pack(RULES)
    for tree_id in ("safeguarding", "s115", "request"):
        tree = pack.tree(tree_id)
        for scenario in pack.scenarios_for(tree_id):
            session = walk(tree, scenario.answers, pack.partners)
            outcome = session.outcome() if session.is_complete else None
            assert outcome is None or consistent(outcome), (tree_id, scenario.name)
        for route in route_table(tree, pack.partners).routes:
            assert consistent(route.outcome), (tree_id, route.outcome.node_id)


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("overall") / "me.p12"
    create_identity(path, name="Sam Ortiz", role="Housing officer", organisation="Example Council",
                    passphrase="pass phrase")
    return load_identity(path, "pass phrase")


def test_a_signed_household_record_where_nobody_is_shared_says_do_not_share(
        identity, tmp_path: Path) -> None:
    pack = load_pack(RULES)
    tree = pack.tree("safeguarding")
    answers = {
        "emergency": "no", "who": "household", "household-basis": "public-task",
        "household": ["Baby", "Ex-partner"],
        "person-category@Baby": "child", "child-risk@Baby": "no",
        "person-category@Ex-partner": "alleged_perpetrator",
        "perpetrator-info@Ex-partner": "nothing",
        "household-recipients": ["police"],
        "recipient-receives@police": ["risk-summary"], "recipient-channel@police": "meeting",
        "household-proportionate": "yes",
    }
    session = walk(tree, answers, pack.partners)
    record = build_record(session, pack, RecordDetails(case_reference="MARAC-12"),
                          identity.practitioner, training=False, now=NOW)
    assert record.outcome.decision == "do_not_share"
    rendered = render_record(record)
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), identity,
                                    rendered.places, cache_dir=tmp_path / "cache"))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = " ".join(first.split())
    headline = words[:words.index("Case reference")]  # the banner and the decision's words
    assert headline.startswith("Information sharing decision record DO NOT SHARE")
    assert "Do not share: no one listed may have their information shared" in headline
    assert "Share with conditions" not in headline and "SHARE WITH" not in headline
    assert words.count("Do not share — Share nothing about this person.") == 2
    police = record.recipients[0]
    assert (police.decision, police.receives, police.channel) == ("do_not_share", (), ())
    whole = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    assert "Share with conditions" not in whole and "SHARE WITH" not in whole
    assert ("Do not share — Nothing is sent: no one listed may have their information shared."
            in whole)
    assert "Receives Nothing" in whole
    report = verify_record(pdf, trust_roots=[])
    assert report.json_intact and report.json_matches_pages, report.all_problems()
