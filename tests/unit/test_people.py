"""One decision about several people and several recipients: the rule format, lint, the
engine's repeated sections, drafts and the decision table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from people_tree import (
    HOUSEHOLD_ANSWERS,
    PARTNERS,
    household_nodes,
    household_tree,
    pack_for,
)
from pydantic import ValidationError

from isp_wizard.engine.diff import RouteChange
from isp_wizard.engine.routes import render_table, route_table
from isp_wizard.engine.session import Session
from isp_wizard.engine.walk import walk
from isp_wizard.errors import InvalidAnswerError, ScenarioError
from isp_wizard.rulepack.lint import lint_tree
from isp_wizard.rulepack.models import Scenario, ThisHas

TODAY = dt.date(2026, 11, 29)


def lint(nodes: list[dict[str, Any]] | None = None) -> list[str]:
    loaded = household_tree(nodes)
    return [p.message for p in lint_tree(loaded, pack_for(loaded), TODAY)]


def changed(node_id: str, **fields: Any) -> list[dict[str, Any]]:
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == node_id:
            node.update(fields)
    return nodes


# --- the walk ------------------------------------------------------------------------------------


def test_each_person_and_each_recipient_is_asked_in_turn_under_their_own_keys() -> None:
    session = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS)
    assert session.path == [
        "basis", "household",
        "category@Adult A", "adult-crime@Adult A",
        "category@Child 1", "child-harm@Child 1",
        "category@Partner", "offence@Partner",
        "agencies", "what@asc", "how@asc", "what@housing", "how@housing", "limited@housing",
        "share"]
    session.goto("child-harm@Child 1")
    about = session.current_about
    assert about is not None and (about.about, about.item, about.name) == \
        ("person", "Child 1", "Child 1")
    session.goto("how@asc")
    assert session.current_about is not None
    assert session.current_about.name == "Adult social care"
    assert session.current.id == "how"


def test_the_outcome_holds_each_persons_grounds_and_each_recipients_share() -> None:
    outcome = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS).outcome()
    assert outcome is not None
    people = {p.about.item: p for p in outcome.people}
    assert people["Adult A"].category == "adult"
    assert people["Adult A"].grounds.schedule_1 == ["dpa-2018-sch1-para10"]
    assert people["Adult A"].grounds.lawful_basis == ["uk-gdpr-6-1-e"]
    assert people["Child 1"].grounds.schedule_1 == ["dpa-2018-sch1-para18"]
    assert people["Partner"].category == "alleged_perpetrator"
    assert people["Partner"].grounds.data == ["criminal_offence"]
    assert "dpa-2018-sch1-para18" not in people["Adult A"].grounds.ids()
    recipients = {r.about.item: r for r in outcome.recipients}
    assert recipients["asc"].receives == ("The welfare picture", "The fire-risk facts")
    assert recipients["asc"].channel == ("Meeting",)
    assert recipients["housing"].receives == ("The fire-risk facts",)
    assert recipients["housing"].conditions == ("Only the fire-risk facts, nothing else",)
    assert outcome.grounds.power == ["cda-1998-s115"]
    assert outcome.grounds.schedule_1 == []  # each person's condition is theirs alone


def test_a_this_condition_follows_the_person_or_recipient_being_asked_about() -> None:
    session = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS)
    assert "limited@housing" in session.path  # housing is no relevant authority
    assert "limited@asc" not in session.path


def test_a_refusal_carries_no_ones_grounds() -> None:
    nodes = changed("share", decision="do_not_share", grounds={})
    outcome = walk(household_tree(nodes), HOUSEHOLD_ANSWERS, PARTNERS).outcome()
    assert outcome is not None and outcome.people
    assert all(not p.grounds for p in outcome.people)


def test_removing_a_person_drops_only_their_answers() -> None:
    session = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS)
    before = dict(session.answers)
    dropped = session.change("household", ["Adult A", "Partner"])
    assert sorted(dropped) == ["category@Child 1", "child-harm@Child 1"]
    assert {k: v for k, v in before.items() if "Child 1" not in k and k != "household"} == \
        {k: v for k, v in session.answers.items() if k != "household"}
    assert session.is_complete


def test_adding_a_person_keeps_everyone_elses_answers_and_asks_about_the_new_one() -> None:
    session = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS)
    before = dict(session.answers)
    assert session.change("household", ["Adult A", "Child 1", "Partner", "Child 2"]) == []
    assert session.current_key == "category@Adult A"
    assert all(session.answers[k] == v for k, v in before.items() if k != "household")
    assert not session.is_complete
    assert "category@Child 2" in session.path


def test_changing_one_persons_answer_drops_only_their_stale_answer() -> None:
    session = walk(household_tree(), HOUSEHOLD_ANSWERS, PARTNERS)
    dropped = session.change("category@Child 1", "adult")
    assert dropped == ["child-harm@Child 1"]
    assert session.current_key == "adult-crime@Child 1"
    assert session.answers["offence@Partner"] == "yes"
    assert session.answers["what@housing"] == ["fire-risk"]


def test_a_several_people_session_saves_and_resumes_exactly() -> None:
    tree = household_tree()
    session = walk(tree, HOUSEHOLD_ANSWERS, PARTNERS)
    session.goto("adult-crime@Adult A")
    saved = json.loads(json.dumps(session.to_json()))
    resumed = Session.from_json(saved, tree, PARTNERS)
    assert resumed.answers == session.answers
    assert resumed.path == session.path
    assert resumed.position == session.position
    assert resumed.outcome() == session.outcome()


def test_people_labels_are_checked() -> None:
    node = household_tree().compiled["household"]
    assert node.check([" Adult  A ", "Child 1"], PARTNERS) == ["Adult A", "Child 1"]
    for bad in (["A", "a"], [""], "Adult A", ["x" * 61], ["A\u200b"], []):
        with pytest.raises(InvalidAnswerError):
            node.check(bad, PARTNERS)


def test_recipients_must_be_listed_partners_each_once() -> None:
    node = household_tree().compiled["agencies"]
    assert node.check(["housing", "asc"], PARTNERS) == ["housing", "asc"]
    for bad in (["nobody"], ["asc", "asc"], [], "asc"):
        with pytest.raises(InvalidAnswerError):
            node.check(bad, PARTNERS)


def test_a_missing_answer_names_the_person() -> None:
    answers = dict(HOUSEHOLD_ANSWERS)
    del answers["child-harm@Child 1"]
    with pytest.raises(ScenarioError, match=r"child-harm@Child 1.*about Child 1"):
        walk(household_tree(), answers, PARTNERS)


def test_answers_may_be_given_nested_per_person() -> None:
    nested = Scenario.model_validate({
        "name": "n", "case": "c", "expected": "share",
        "answers": {"basis": "public-task", "household": ["Adult A"],
                    "each-person": {"Adult A": {"category": "adult", "adult-crime": True}}}})
    assert nested.answers == {"basis": "public-task", "household": ["Adult A"],
                              "category@Adult A": "adult", "adult-crime@Adult A": "true"}


# --- the format and lint -------------------------------------------------------------------------


def test_the_household_tree_is_lint_clean() -> None:
    assert lint() == []


def test_this_conditions_say_what_they_test() -> None:
    ThisHas.model_validate({"this": "person", "attribute": "category", "in": ["child"]})
    with pytest.raises(ValidationError, match="exactly one"):
        ThisHas.model_validate({"this": "person", "attribute": "category"})
    with pytest.raises(ValidationError, match="no attribute"):
        ThisHas.model_validate({"this": "person", "attribute": "relevant_authority", "is": True})


def test_lint_refuses_a_person_route_that_reaches_no_condition() -> None:
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == "adult-crime":
            node["answers"][0]["grounds"] = {"data": ["special_category"]}
    problems = lint(nodes)
    assert any("'person-share' shares" in p and "for a person but no Article 9" in p
               and "adult-crime: Yes" in p for p in problems), problems


def test_lint_refuses_a_person_route_with_no_lawful_basis() -> None:
    nodes = household_nodes()
    nodes[0]["answers"][0]["grounds"] = {}
    problems = lint(nodes)
    assert any("for a person no UK GDPR Article 6" in p for p in problems), problems


def test_lint_checks_criminal_offence_data_per_person() -> None:
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == "offence":
            node["answers"][0]["grounds"] = {"data": ["criminal_offence"],
                                             "condition": ["uk-gdpr-6-1-e"]}
    assert any("criminal offence data for a person but no DPA 2018 Schedule 1" in p
               for p in lint(nodes))


def test_lint_refuses_entering_a_section_from_outside_and_outcomes_inside() -> None:
    nodes = household_nodes()
    nodes[0]["answers"][1]["next"] = "child-harm"  # a shortcut into the section
    nodes.append({"id": "inside", "kind": "outcome", "text": "x", "decision": "seek_advice"})
    for node in nodes:
        if node["id"] == "child-harm":
            node["answers"][1]["next"] = "inside"
    problems = lint(nodes)
    assert any("'child-harm' is inside section 'each-person' but 'basis' leads into it"
               in p for p in problems), problems
    assert any("outcome 'inside' is inside section 'each-person'" in p for p in problems)


def test_lint_refuses_this_outside_a_section_and_of_the_wrong_kind() -> None:
    nodes = changed("basis", branches=[{"when": {"this": "person", "attribute": "label",
                                                 "is": "x"}, "next": "household"}])
    assert any("tests 'this person' outside a repeated section" in p for p in lint(nodes))
    nodes = changed("child-harm", branches=[{"when": {"this": "recipient",
                                                      "attribute": "id", "is": "asc"},
                                             "next": "person-no"}])
    assert any("tests 'this recipient' in a section about each person" in p
               for p in lint(nodes))


def test_lint_checks_what_a_section_names() -> None:
    assert any("not something it can name" in p
               for p in lint(changed("each-person", receives="category")))
    assert any("names 'what' as its category, which is not one of its questions" in p
               for p in lint(changed("each-person", category="what")))
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == "category":
            node["answers"].append({"value": "family", "label": "Family", "next": "person-no"})
    assert any("offers 'family', which is not a person category" in p for p in lint(nodes))
    assert any("repeats over 'basis', which is not a people or recipients question" in p
               for p in lint(changed("each-person", over="basis")))


def test_lint_refuses_a_section_before_its_list() -> None:
    nodes = changed("basis", answers=[
        {"value": "public-task", "label": "P", "next": "each-person",
         "grounds": {"lawful_basis": ["uk-gdpr-6-1-e"]}},
        {"value": "none", "label": "N", "next": "no-share"}])
    for node in nodes:
        if node["id"] == "household":
            node["next"] = "agencies"
    assert any("repeats over 'household', which no route asks before it" in p
               for p in lint(nodes))


def test_an_end_of_another_section_is_refused() -> None:
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == "limited":
            node["answers"][1]["next"] = "person-no"
    assert any("reaches end 'person-no', which closes 'each-person'" in p for p in lint(nodes))


# --- the decision table and diff -----------------------------------------------------------------


def test_the_table_lists_each_section_one_person_at_a_time_and_says_what_it_leaves_out() -> None:
    tree = household_tree()
    table = route_table(tree, PARTNERS)
    notes = {o.node_id: o for o in table.omitted}
    assert set(notes) == {"each-person", "each-agency"}
    people = next(t for t in table.sections if t.each == "each-person")
    agencies = next(t for t in table.sections if t.each == "each-agency")
    assert len(people.passes) == 5  # child yes/no, adult yes/no, perpetrator
    assert notes["each-person"].listed == 5 and notes["each-person"].total == 125
    # the recipients the conditions tell apart (relevant authority or not) each get their passes
    assert {p.item.about.item for p in agencies.passes} == {"police", "housing"}
    assert len(table.routes) == 2  # the rest of the tree: share, or no lawful basis
    text = render_table(tree, table, "md")
    assert "## Each person: one person at a time" in text
    assert "a decision about 3 people combines 3 of them, 5^3 = 125 ways" in text
    child = next(p for p in people.passes if p.item.end == "person-share"
                 and "dpa-2018-sch1-para18" in p.item.grounds.ids())
    assert child.item.grounds.lawful_basis == ["uk-gdpr-6-1-e"]  # from before the section
    for found in people.passes + agencies.passes:  # each pass is what a session reaches
        session = Session(tree, PARTNERS, dict(found.answers))
        assert session.item_outcomes()[-1] == found.item
    for route in table.routes:
        again = walk(tree, dict(route.answers), PARTNERS).outcome()
        assert again == route.outcome


def test_the_table_of_a_household_stays_a_size_a_person_can_review() -> None:
    from isp_wizard.rulepack import load_pack

    pack = load_pack(Path(__file__).resolve().parents[2] / "rules")
    table = route_table(pack.trees["safeguarding"], pack.partners)
    assert len(table.routes) < 6000
    assert {t.each for t in table.sections} == {"each-person", "each-recipient"}
    assert all(0 < len(t.passes) < 1000 for t in table.sections)


def test_a_diff_names_the_person_whose_result_changed() -> None:
    tree = household_tree()
    old = walk(tree, HOUSEHOLD_ANSWERS, PARTNERS).outcome()
    nodes = household_nodes()
    for node in nodes:
        if node["id"] == "adult-crime":
            node["answers"][0]["next"] = "person-no"
    new = walk(household_tree(nodes), HOUSEHOLD_ANSWERS, PARTNERS).outcome()
    assert old is not None and new is not None
    what = RouteChange((), (), old, new).what
    assert what == ["each-person for Adult A: person-share (share) → person-no (do_not_share)"]


def test_in_the_shipped_household_route_para_18_is_only_for_children_and_adults_at_risk() -> None:
    from isp_wizard.rulepack import load_pack

    pack = load_pack(Path(__file__).resolve().parents[2] / "rules")
    table = route_table(pack.trees["safeguarding"], pack.partners)
    people = next(t for t in table.sections if t.each == "each-person")
    para18 = [p.item for p in people.passes if "dpa-2018-sch1-para18" in p.item.grounds.ids()]
    assert para18 and {i.category for i in para18} == {"child", "adult_at_risk"}
    for found in people.passes:
        item = found.item
        if item.decision in ("share", "share_with_conditions"):
            assert item.grounds.lawful_basis, item
            if "criminal_offence" in item.grounds.data:
                assert item.category == "alleged_perpetrator"
                assert item.grounds.schedule_1 == ["dpa-2018-sch1-para10"]
            if item.category == "adult":  # no care and support needs: para 10 or agreement
                assert set(item.grounds.ids()) & {"dpa-2018-sch1-para10", "uk-gdpr-9-2-a"}
        else:
            assert not item.grounds.ids() or item.decision == "share"


def test_at_a_shipped_panel_s115_goes_only_to_relevant_authorities_with_their_caveat() -> None:
    from isp_wizard.rulepack import load_pack

    pack = load_pack(Path(__file__).resolve().parents[2] / "rules")
    table = route_table(pack.trees["s115"], pack.partners)
    agencies = next(t for t in table.sections if t.each == "each-panel-agency")
    sent = [p.item for p in agencies.passes if p.item.decision in ("share",
                                                                    "share_with_conditions")]
    assert sent
    for item in sent:
        partner = pack.partners[item.about.item]
        assert partner.relevant_authority is True, item
        assert "cda-1998-s115" in item.grounds.power
        assert item.receives and item.channel
        caveat = any("legal services confirmed" in c for c in item.conditions)
        assert caveat == (not partner.confirmed), item
    refused = {p.item.about.item for p in agencies.passes if p.item.end == "panel-not-relevant"}
    assert {pid for pid in refused if pack.partners[pid].relevant_authority is not True}


def test_rules_diff_walks_each_persons_routes_and_names_the_person(tmp_path: Path) -> None:
    import shutil

    import yaml

    from isp_wizard.engine.diff import diff_packs, diff_text
    from isp_wizard.rulepack import load_pack

    shipped = Path(__file__).resolve().parents[2] / "rules"
    folders = []
    for name, nodes in (("old", household_nodes()), ("new", household_nodes())):
        root = tmp_path / name
        shutil.copytree(shipped, root)
        if name == "new":  # an adult preventing a crime no longer shares
            for node in nodes:
                if node["id"] == "adult-crime":
                    node["answers"][0]["next"] = "person-no"
        tree = {"id": "household", "title": "A household", "version": "1.0.0",
                "effective": "2026-01-01", "summary": "Several people.", "start": "basis",
                "nodes": nodes}
        (root / "trees" / "household.yaml").write_text(yaml.safe_dump(tree, sort_keys=False),
                                                       encoding="utf-8")
        folders.append(root)
    diff = diff_packs(load_pack(folders[0]), load_pack(folders[1]))
    household = next(t for t in diff.trees if t.tree_id == "household")
    text = diff_text(diff)
    assert household.changes, text
    assert "each-person for a person: person-share (share) → person-no (do_not_share)" in text
    assert "Is it to prevent a crime? → Yes" in text
    others = [t for t in diff.trees if t.tree_id != "household"]
    assert all(not t.routes_changed for t in others)
