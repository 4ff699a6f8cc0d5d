"""The shipped rule pack in ``rules/``: it loads cleanly, its scenarios pass and cover every
outcome, every tree opens with the emergency check, and every "Not sure" leads to advice."""

from __future__ import annotations

import datetime as dt

import pytest

from isp_wizard.engine.routes import routes
from isp_wizard.engine.walk import run_all_scenarios
from isp_wizard.rulepack.lint import lint_pack
from isp_wizard.rulepack.models import DateNode, EndNode, OutcomeNode, QuestionNode, TextNode

TREES = {"triage", "safeguarding", "prevent", "s115", "request", "breach"}
JUDGEMENT = "supports your professional judgement"


def test_the_trees_are_there(shipped_pack) -> None:
    assert set(shipped_pack.trees) >= TREES
    assert "demo" not in shipped_pack.trees
    assert not shipped_pack.skipped


def test_no_lint_errors_or_warnings(shipped_pack) -> None:
    # Linted as of each tree's approval date, so that this test does not start failing the day a
    # review falls due (the review-date warning has its own test below).
    day = min(t.tree.governance.approved_on for t in shipped_pack.trees.values())
    problems = lint_pack(shipped_pack, today=day)
    serious = [str(p) for p in problems if p.severity in ("error", "warning")]
    assert serious == []
    assert not [p for p in shipped_pack.problems if p.severity == "error"]


def test_unconfirmed_items_are_flagged_for_legal_sign_off(shipped_pack) -> None:
    notes = [p.message for p in shipped_pack.problems if p.severity == "note"]
    assert any("cda-1998-s115-2" in m for m in notes)
    assert any("dpa-2018-sch2-para2" in m for m in notes)
    assert any("icb" in m for m in notes)


def test_every_scenario_passes(shipped_pack) -> None:
    results = run_all_scenarios(shipped_pack)
    failed = [f"{r.tree}: {r.scenario.name}: {r.message}" for r in results if not r.passed]
    assert results and failed == []


def test_at_least_six_scenarios_per_tree_and_every_outcome_reached(shipped_pack) -> None:
    reached: dict[str, set[str]] = {}
    for result in run_all_scenarios(shipped_pack):
        if result.passed:
            reached.setdefault(result.tree, set()).add(result.reached or "")
    for tree_id, loaded in shipped_pack.trees.items():
        assert len(shipped_pack.scenarios_for(tree_id)) >= 6, tree_id
        outcomes = {n.id for n in loaded.outcomes}
        missing = outcomes - reached.get(tree_id, set())
        assert not missing, f"{tree_id}: no scenario reaches {sorted(missing)}"


def test_every_tree_starts_with_the_emergency_check(shipped_pack) -> None:
    for tree_id, loaded in shipped_pack.trees.items():
        start = loaded.node(loaded.tree.start)
        assert isinstance(start, QuestionNode), tree_id
        assert start.id == "emergency", tree_id
        assert {a.value for a in start.answers} == {"yes", "no", "unsure"}, tree_id
        found = [r.to_json() for r in routes(loaded, shipped_pack.partners)]
        urgent = [r for r in found if r["steps"][0]["value"] == "yes"]
        assert urgent, tree_id
        for route in urgent:
            act = loaded.node(route["outcome"]["node"])
            assert isinstance(act, OutcomeNode) and act.emergency, tree_id
            # a breach record's emergency outcome is its own: danger first
            acting = ("danger_first",) if loaded.tree.record_kind == "breach" \
                else ("share", "share_with_conditions")
            assert act.decision in acting, tree_id
            assert "emergency-services" in act.consult, tree_id
            assert len(route["steps"]) <= 3, tree_id


def test_every_not_sure_answer_leads_to_advice_naming_a_contact(shipped_pack) -> None:
    # Statically: "Not sure" goes straight to a seek_advice outcome, or first through pages that
    # only note facts for the record (text or date). test_route_rules checks every route.
    count = 0
    for tree_id, loaded in shipped_pack.trees.items():
        for node in loaded.tree.nodes:
            if not isinstance(node, QuestionNode):
                continue
            for answer in node.answers:
                if answer.value != "unsure" and answer.label != "Not sure":
                    continue
                count += 1
                where = f"{tree_id}:{node.id}"
                assert (answer.value, answer.label) == ("unsure", "Not sure"), where
                target = loaded.node(answer.next or "")
                if isinstance(target, TextNode | DateNode):
                    continue
                # inside a section about each person: the end of that person's questions
                assert isinstance(target, OutcomeNode | EndNode), where
                advice = "dpo_to_assess" if loaded.tree.record_kind == "breach" \
                    else "seek_advice"
                assert target.decision == advice, where
                contacts = list(target.consult) + list(answer.consult)
                assert contacts and set(contacts) <= set(shipped_pack.contacts), where
                for branch in node.branches:
                    # a branch may divert only answers other than "Not sure"
                    assert "unsure" not in str(branch.when.model_dump()), where
    assert count >= 20


def test_governance_metadata_is_present(shipped_pack) -> None:
    for tree_id, loaded in shipped_pack.trees.items():
        gov = loaded.tree.governance
        assert gov.sources and gov.approved_by and gov.approved_on and gov.next_review, tree_id
        assert gov.approved_on < gov.next_review <= gov.approved_on + dt.timedelta(days=2 * 366)


def test_a_past_review_date_is_warned_about(shipped_pack) -> None:
    later = max(t.tree.governance.next_review for t in shipped_pack.trees.values())
    warned = [p for p in lint_pack(shipped_pack, today=later + dt.timedelta(days=1))
              if p.severity == "warning" and "review" in p.message]
    assert len(warned) == len(shipped_pack.trees)


def test_every_tree_says_it_supports_judgement(shipped_pack) -> None:
    for tree_id, loaded in shipped_pack.trees.items():
        start = loaded.node(loaded.tree.start)
        assert JUDGEMENT in " ".join(loaded.tree.summary.split()), tree_id
        assert JUDGEMENT in start.help, tree_id


@pytest.mark.parametrize("partner_id, status", [
    ("council", True), ("police", True), ("bridge-renewal-trust", False),
    ("nhs-trust", None), ("school", None), ("housing-association", None),
    ("idva-service", False)])
def test_partner_s115_status_and_source(shipped_pack, partner_id, status) -> None:
    partner = shipped_pack.partners[partner_id]
    assert partner.relevant_authority is status
    assert partner.s115_source and partner.channels


def test_every_partner_has_a_source_and_unconfirmed_ones_are_flagged(shipped_pack) -> None:
    for partner in shipped_pack.partners.values():
        assert partner.s115_source, partner.id
        if partner.relevant_authority is None:
            assert not partner.confirmed, partner.id


def test_contacts_a_council_must_fill_in_are_marked(shipped_pack) -> None:
    needed = {"dpo", "caldicott-guardian", "dsl", "prevent-lead", "legal", "ig-lead"}
    assert needed <= set(shipped_pack.contacts)
    for contact_id in needed:
        assert shipped_pack.contacts[contact_id].placeholder, contact_id


def test_every_cited_reference_has_a_citation_and_summary(shipped_pack) -> None:
    for ref in shipped_pack.references.values():
        assert ref.citation and ref.summary, ref.id
        if not ref.confirmed:
            assert ref.note, ref.id


def test_every_rule_file_points_editors_at_its_schema() -> None:
    from pathlib import Path

    rules = Path(__file__).resolve().parents[2] / "rules"
    expected = {"trees": "../schema/tree.schema.json",
                "scenarios": "../schema/scenarios.schema.json"}
    files = [*rules.glob("*.yaml"), *rules.glob("trees/*.yaml"), *rules.glob("scenarios/*.yaml")]
    assert len(files) >= 4 + 6 + 6
    for path in files:
        schema = expected.get(path.parent.name, f"schema/{path.stem}.schema.json")
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path
        assert (path.parent / schema).is_file(), path
