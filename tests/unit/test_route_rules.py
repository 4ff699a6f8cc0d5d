"""The rules that must hold on every route of every shipped tree.

Checked over every route the decision tables list (``isp-wizard rules table TREE --format json``
prints the same ``Route.to_json()`` data), not over hand-picked cases. References are recognised
by their citation in ``references.yaml``, so a new reference is classified without editing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from isp_wizard.engine.routes import routes
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    DateNode,
    PartnerNode,
    TextNode,
)

S115 = "cda-1998-s115"
SPECIAL_VALUES = {"special", "both"}
CRIMINAL_VALUES = {"criminal", "both"}
# Nodes that ask what kinds of information are involved: every node whose id ends in "sensitive"
# (UK GDPR special category and criminal offence data; "le-sensitive" asks about sensitive
# processing under DPA 2018 Part 3).
SENSITIVE_SUFFIX = "sensitive"
LAW_ENFORCEMENT_SENSITIVE = "le-sensitive"


@pytest.fixture(scope="module")
def route_data(shipped_pack) -> dict[str, list[dict]]:
    """Every tree's routes as the JSON the decision tables are made from."""
    return {tree_id: [r.to_json() for r in routes(loaded, shipped_pack.partners)]
            for tree_id, loaded in shipped_pack.trees.items()}


def _refs_citing(pack, pattern: str) -> set[str]:
    return {r.id for r in pack.references.values() if re.search(pattern, r.citation)}


@pytest.fixture(scope="module")
def kinds(shipped_pack) -> dict[str, set[str]]:
    return {
        "art6": _refs_citing(shipped_pack, r"Article 6\(1\)"),
        "art9": _refs_citing(shipped_pack, r"Article 9\(2\)"),
        "art10": _refs_citing(shipped_pack, r"Article 10\b"),
        "sch1": _refs_citing(shipped_pack, r"Schedule 1, Part [123], paragraph \d+"),
        "part3": _refs_citing(shipped_pack, r"Data Protection Act 2018, section 35"),
        "sch8": _refs_citing(shipped_pack, r"Data Protection Act 2018, Schedule 8"),
    }


def _all_routes(route_data) -> Iterator[tuple[str, dict]]:
    for tree_id, found in route_data.items():
        for route in found:
            yield tree_id, route


def _where(tree_id: str, route: dict) -> str:
    answers = "; ".join(f"{s['node']}={s['value']}" for s in route["steps"])
    return f"{tree_id}: {answers} -> {route['outcome']['node']}"


def test_the_reference_kinds_are_found(kinds) -> None:
    # Guards the tests below against passing because a citation pattern matched nothing.
    assert {"uk-gdpr-6-1-e", "uk-gdpr-6-1-d"} <= kinds["art6"]
    assert "uk-gdpr-9-2-g" in kinds["art9"]
    assert "uk-gdpr-10" in kinds["art10"]
    assert {"dpa-2018-sch1-para10", "dpa-2018-sch1-para18"} <= kinds["sch1"]
    assert "dpa-2018-sch1-part4" not in kinds["sch1"]
    assert kinds["part3"] == {"dpa-2018-s35"} and kinds["sch8"] == {"dpa-2018-sch8"}
    assert {"uk-gdpr-9-2-f", "uk-gdpr-9-2-c"} <= kinds["art9"]


def test_every_tree_has_routes_of_each_kind(route_data) -> None:
    decisions = {r["outcome"]["decision"] for _, r in _all_routes(route_data)}
    assert {"share", "share_with_conditions", "do_not_share", "seek_advice"} <= decisions
    assert all(len(found) >= 5 for found in route_data.values())


def test_s115_is_cited_only_for_a_relevant_authority(shipped_pack, route_data) -> None:
    cited = 0
    for tree_id, route in _all_routes(route_data):
        if S115 not in route["outcome"]["legal_basis"]:
            continue
        cited += 1
        loaded = shipped_pack.trees[tree_id]
        chosen = [s["value"] for s in route["steps"]
                  if isinstance(loaded.node(s["node"]), PartnerNode)]
        # several agencies at once: each one the information goes to (one per route here)
        chosen += [r["item"] for r in route["outcome"].get("recipients", [])
                   if r["decision"] in ("share", "share_with_conditions")]
        assert chosen, f"s115 cited with no recipient chosen: {_where(tree_id, route)}"
        for partner_id in chosen:
            partner = shipped_pack.partners.get(partner_id)
            assert partner is not None and partner.relevant_authority is True, \
                f"s115 cited for {partner_id}: {_where(tree_id, route)}"
    assert cited, "no route cites s115 at all"


@pytest.mark.parametrize("partner_id", ["bridge-renewal-trust", "nhs-trust", "school",
                                        "housing-association", "idva-service",
                                        OTHER_PARTNER])
def test_s115_never_cited_when_each_non_authority_is_chosen(shipped_pack, partner_id) -> None:
    # Routes with a catalogue of just this organisation, so that grouping partners by the
    # attributes a tree tests cannot hide one behind another.
    partners = {k: v for k, v in shipped_pack.partners.items() if k == partner_id}
    if partner_id != OTHER_PARTNER:
        assert partners[partner_id].relevant_authority is not True
    for tree_id, loaded in shipped_pack.trees.items():
        for route in routes(loaded, partners):
            data = route.to_json()
            picked = {s["value"] for s in data["steps"]
                      if isinstance(loaded.node(s["node"]), PartnerNode)}
            if partner_id in picked:
                assert S115 not in data["outcome"]["legal_basis"], _where(tree_id, data)


def _kinds_of_information(route: dict) -> set[str]:
    """The answers given on the route to the questions about kinds of information."""
    return {s["value"] for s in route["steps"] if s["node"].endswith(SENSITIVE_SUFFIX)
            and s["node"] != LAW_ENFORCEMENT_SENSITIVE}


def test_sharing_outcomes_cite_article_6_and_the_conditions_the_route_established(
        route_data, kinds) -> None:
    # Every share names a lawful basis: a UK GDPR Article 6 basis, or for a competent authority
    # acting for law enforcement, DPA 2018 s35 (Part 3). Where the route has established special
    # category or criminal offence information, the matching Article 9 / Article 10 condition
    # is cited, and Article 9(2)(g) and Article 10 always come with a Schedule 1 paragraph.
    # Part 3 sensitive processing needs a Schedule 8 condition instead.
    checked = sensitive = law_enforcement = 0
    for tree_id, route in _all_routes(route_data):
        outcome = route["outcome"]
        if outcome["decision"] not in ("share", "share_with_conditions"):
            continue
        checked += 1
        basis = set(outcome["legal_basis"])
        where = _where(tree_id, route)
        if "not_personal" in outcome["grounds"].get("data", []):
            # anonymous figures, or information only about the dead, are not personal data: no
            # lawful basis is needed, but the route must have checked that nobody can be
            # recognised, or that everyone it is about has died
            answers = {s["node"]: s["value"] for s in route["steps"]}
            assert answers.get("disclosure-control") == "yes" or "no" in (
                answers.get("living"), answers.get("crime-living")), where
            # and, not being personal data, it rests on no UK GDPR basis, condition or exemption
            grounds = outcome["grounds"]
            assert not any(grounds.get(role) for role in
                           ("lawful_basis", "condition", "schedule_1", "exemption")), where
            continue
        assert basis & (kinds["art6"] | kinds["part3"]), f"no lawful basis: {where}"
        if basis & kinds["part3"]:
            law_enforcement += 1
            assert not basis & (kinds["art9"] | kinds["art10"] | kinds["sch1"]), \
                f"UK GDPR conditions on a Part 3 route: {where}"
            answers = {s["node"]: s["value"] for s in route["steps"]}
            if answers.get(LAW_ENFORCEMENT_SENSITIVE) == "yes":
                assert basis & kinds["sch8"], f"sensitive processing without Schedule 8: {where}"
            continue
        values = _kinds_of_information(route)
        if values & SPECIAL_VALUES:
            sensitive += 1
            assert basis & kinds["art9"], f"special category without Article 9: {where}"
        if values & CRIMINAL_VALUES:
            sensitive += 1
            assert basis & kinds["art10"], f"criminal offence data without Article 10: {where}"
            assert basis & kinds["sch1"], f"criminal offence data without Schedule 1: {where}"
        if basis & (kinds["art10"] | {"uk-gdpr-9-2-g"}):
            assert basis & kinds["sch1"], f"Article 9(2)(g)/10 without Schedule 1: {where}"
    assert checked and sensitive and law_enforcement


def test_seek_advice_names_a_contact_from_the_catalogue(shipped_pack, route_data) -> None:
    for tree_id, route in _all_routes(route_data):
        outcome = route["outcome"]
        if outcome["decision"] == "seek_advice":
            assert outcome["consult"], f"no contact named: {_where(tree_id, route)}"
            unknown = set(outcome["consult"]) - set(shipped_pack.contacts)
            assert not unknown, f"unknown contacts {unknown}: {_where(tree_id, route)}"


def test_every_outcome_says_to_record_the_decision_and_reasons(shipped_pack,
                                                              route_data) -> None:
    for tree_id, route in _all_routes(route_data):
        node = shipped_pack.trees[tree_id].node(route["outcome"]["node"])
        text = node.text.lower()
        assert "record" in text and "reason" in text, _where(tree_id, route)


def test_emergency_routes_reach_an_outcome_within_three_questions(shipped_pack,
                                                                  route_data) -> None:
    for tree_id, found in route_data.items():
        loaded = shipped_pack.trees[tree_id]
        emergency = [r for r in found if loaded.node(r["outcome"]["node"]).emergency]
        assert emergency, f"{tree_id} has no emergency route"
        for route in emergency:
            assert len(route["steps"]) <= 3, _where(tree_id, route)
            # a breach record's emergency outcome is its own: danger first
            assert route["outcome"]["decision"] in ("share", "share_with_conditions",
                                                    "danger_first")


def test_not_sure_leads_to_advice_naming_a_contact(shipped_pack, route_data) -> None:
    # After "Not sure" the route may only note facts for the record (text or date pages, such as
    # the time a breach became known) before it ends at advice: no further decisions.
    # The one exception: unsure whether a breach puts anyone in danger, the practitioner is told
    # to phone the DPO and duty manager at once (an information page naming them), and the
    # breach is then still contained and assessed, as UK GDPR Article 33 requires.
    seen = 0
    for tree_id, route in _all_routes(route_data):
        loaded = shipped_pack.trees[tree_id]
        steps = route["steps"]
        for index, step in enumerate(steps):
            if step["value"] != "unsure":
                continue
            seen += 1
            where = _where(tree_id, route)
            assert step["label"] == "Not sure", where
            if (tree_id, step["node"]) == ("breach", "emergency"):
                # information pages take no answer, so the route's steps skip them: check that
                # the page follows the time of awareness for exactly this answer
                assert [s["node"] for s in steps[index + 1:index + 3]] == \
                    ["aware-date", "aware-time"], where
                answers = {s["node"]: s["value"] for s in steps}
                assert loaded.compiled["aware-time"].next_id(answers, shipped_pack.partners) \
                    == "urgent-call", where
                assert {"dpo", "duty-manager", "emergency-services"} <= \
                    set(loaded.node("urgent-call").consult), where
                break
            later = [loaded.node(s["node"]) for s in steps[index + 1:]]
            assert all(isinstance(n, TextNode | DateNode) for n in later), \
                f"a 'Not sure' answer leads on to further questions: {where}"
            advice = "dpo_to_assess" if tree_id == "breach" else "seek_advice"
            assert route["outcome"]["decision"] == advice, where
            assert route["outcome"]["consult"], where
    assert seen


# --- the breach tree (issue 9) -----------------------------------------------------------------


def test_every_breach_route_tells_the_dpo(route_data) -> None:
    assert route_data["breach"]
    for route in route_data["breach"]:
        assert "dpo" in route["outcome"]["consult"], _where("breach", route)


def test_every_breach_route_records_when_the_72_hour_clock_started(shipped_pack,
                                                                   route_data) -> None:
    loaded = shipped_pack.trees["breach"]
    assert isinstance(loaded.node("aware-date"), DateNode)
    assert isinstance(loaded.node("aware-time"), TextNode)
    assert loaded.node("aware-date").required and loaded.node("aware-time").required
    for route in route_data["breach"]:
        asked = [s["node"] for s in route["steps"]]
        assert "aware-date" in asked and "aware-time" in asked, _where("breach", route)


def test_breach_reports_cite_article_33_and_high_risk_ones_article_34(route_data) -> None:
    # UK GDPR breaches cite Article 33 (and Article 34 when the risk is high); law enforcement
    # data breaches cite DPA 2018 ss67-68 instead, never UK GDPR.
    decisions = set()
    regimes = set()
    for route in route_data["breach"]:
        outcome = route["outcome"]
        decisions.add(outcome["decision"])
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if outcome["decision"] not in ("likely_reportable", "report_and_tell_people"):
            continue
        where = _where("breach", route)
        regimes.add(answers["regime"])
        if answers["regime"] == "law-enforcement":
            assert "dpa-2018-s67-68" in outcome["legal_basis"], where
            assert not {"uk-gdpr-33", "uk-gdpr-34", "uk-gdpr-6-1-c"} & set(outcome["legal_basis"]), where
        else:
            assert "uk-gdpr-33" in outcome["legal_basis"], where
            assert ("uk-gdpr-34" in outcome["legal_basis"]) == \
                (answers.get("high-risk") == "yes"), where
    assert {"danger_first", "likely_reportable", "report_and_tell_people", "not_reportable",
            "dpo_to_assess"} <= decisions
    assert regimes == {"uk-gdpr", "nhs", "law-enforcement"}


def test_a_processor_or_a_partners_breach_tells_the_controller(route_data) -> None:
    told = set()
    for route in route_data["breach"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        conditions = " ".join(route["outcome"]["conditions"])
        if answers.get("controller") == "processor":
            told.add("processor")
            assert "Article 33(2)" in conditions, _where("breach", route)
        if answers.get("controller") == "partner":
            told.add("partner")
            assert "Tell the partner" in conditions, _where("breach", route)
    assert told == {"processor", "partner"}


def test_a_processor_never_reports_or_tells_the_people_itself(route_data) -> None:
    # A processor tells the controller without undue delay (Art 33(2)); the controller decides
    # whether to report to the Commissioner and tell the people affected, so a processor's
    # record never ends in a reporting outcome of its own.
    reached = 0
    for route in route_data["breach"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("controller") != "processor":
            continue
        decision = route["outcome"]["decision"]
        assert decision not in ("report_and_tell_people", "likely_reportable", "not_reportable"), \
            _where("breach", route)
        if decision == "controller_to_assess":
            reached += 1
            assert "uk-gdpr-28" in route["outcome"]["grounds"]["power"], _where("breach", route)
    assert reached


def test_a_cut_down_or_overridden_share_is_never_unconditional(shipped_pack, route_data) -> None:
    # Answers that reduce what may be shared (only part, leaving out confidential material) or
    # need a countersignature (overriding a refusal, a one-off share with no agreement) must end
    # in share_with_conditions, never a plain share.
    flagged = 0
    for tree_id, route in _all_routes(route_data):
        values = {v for s in route["steps"]
                  for v in (s["value"] if isinstance(s["value"], list) else [s["value"]])}
        if values & {"partly", "not-justified", "one-off", "refused", "refuses", "not-asked",
                     "cannot"} and \
                route["outcome"]["decision"] in ("share", "share_with_conditions"):
            flagged += 1
            assert route["outcome"]["decision"] == "share_with_conditions", \
                _where(tree_id, route)
    assert flagged


@pytest.mark.parametrize("tree_id", ["safeguarding", "prevent", "s115", "request"])
def test_the_main_sharing_outcomes_are_reached_only_after_asking_about_sensitive_data(
        route_data, tree_id) -> None:
    # Keeps the Article 9/10 check above from passing vacuously: the general "share" outcomes
    # are reached only once the route has asked whether special category or criminal offence
    # information is involved.
    reached = 0
    for route in route_data[tree_id]:
        if route["outcome"]["node"] in ("share", "share-with-conditions"):
            reached += 1
            asked = {s["node"] for s in route["steps"]}
            assert any(n.endswith(SENSITIVE_SUFFIX) for n in asked), _where(tree_id, route)
    assert reached


def test_the_routes_checked_are_those_the_cli_prints(route_data, tmp_path) -> None:
    import json

    from isp_wizard.cli import main

    out = tmp_path / "s115.json"
    rules = Path(__file__).resolve().parents[2] / "rules"
    assert main(["rules", "table", "s115", "--dir", str(rules), "--format", "json",
                 "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["routes"] == route_data["s115"]


# --- issue 15: the law in the trees -----------------------------------------------------------


def test_a_request_is_answered_only_to_a_requester_the_practitioner_verified(route_data) -> None:
    # Nobody gets a share on their own say-so: every route that discloses to the requester has
    # the practitioner's own check of who is asking (a call-back in an emergency, the identity
    # check otherwise); an unverified emergency goes to the police on 999, never to the requester.
    shares = 0
    for route in route_data["request"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        node = route["outcome"]["node"]
        if route["outcome"]["decision"] not in ("share", "share_with_conditions"):
            continue
        shares += 1
        where = _where("request", route)
        if node == "emergency-call-999":
            assert answers.get("emergency-verified") == "no", where
            assert route["outcome"]["consult"][0] == "emergency-services", where
        elif "emergency-verified" in answers:
            assert answers["emergency-verified"] == "yes", where
        else:
            assert answers.get("identity") == "yes", where
    assert shares


def test_a_persons_own_request_and_the_press_never_reach_a_disclosure(route_data) -> None:
    seen = set()
    for route in route_data["request"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        kind = answers.get("request-type")
        if kind in ("own", "press"):
            seen.add(kind)
            assert route["outcome"]["decision"] in ("seek_advice", "do_not_share"), \
                _where("request", route)
            assert "requester" not in answers and "identity" not in answers
    assert seen == {"own", "press"}


def test_emergency_shares_cite_vital_interests_and_the_right_conditions(route_data) -> None:
    # Article 6(1)(d) with 6(1)(e) for public bodies; Schedule 1 para 18 and para 10 for the
    # special category and criminal offence information an emergency usually involves. Article
    # 9(2)(c) / para 30 (the person cannot consent) are only ever a fallback, never the condition.
    for tree_id, found in route_data.items():
        for route in found:
            if route["outcome"]["node"] not in ("emergency-share", "emergency-call-999",
                                                "breach-emergency"):
                continue
            basis = set(route["outcome"]["legal_basis"])
            where = _where(tree_id, route)
            assert {"uk-gdpr-6-1-d", "uk-gdpr-6-1-e"} <= basis, where
            assert {"dpa-2018-sch1-para18", "dpa-2018-sch1-para10", "uk-gdpr-10"} <= basis, where
            assert not basis & {"uk-gdpr-9-2-c", "dpa-2018-sch1-para30"}, where


def test_para_18_and_the_safeguarding_interest_only_protect_a_child_or_an_adult_at_risk(
        route_data) -> None:
    # Schedule 1 para 18 and the Annex 1 safeguarding condition cover children and adults with
    # care and support needs who cannot protect themselves; sharing about another adult (to
    # prevent a crime, or to plan a domestic abuse victim's safety) rests on para 10 or consent,
    # unless children are the ones being protected.
    checked = 0
    for route in route_data["safeguarding"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("adult-purpose") not in ("crime", "support") or \
                route["outcome"]["decision"] not in ("share", "share_with_conditions"):
            continue
        checked += 1
        basis = set(route["outcome"]["legal_basis"])
        assert not basis & {"dpa-2018-sch1-para18", "uk-gdpr-annex1-safeguarding"}, \
            _where("safeguarding", route)
    assert checked


def test_the_derived_condition_matches_the_route(route_data) -> None:
    # Without consent: para 18 when a child or an adult at risk is protected, para 10 when the
    # purpose is preventing crime; with consent: para 6 for a public body, explicit consent
    # otherwise. Never two of them, and never para 18 with the person's agreement.
    derived = {"share-para18": "dpa-2018-sch1-para18", "share-para10": "dpa-2018-sch1-para10",
               "share-para6": "dpa-2018-sch1-para6", "share-para6-conditions": "dpa-2018-sch1-para6"}
    seen = set()
    consent = {"agreement": "agreed", "wishes": "agrees", "attorney": "agrees"}
    for route in route_data["safeguarding"]:
        node = route["outcome"]["node"]
        if node not in derived:
            continue
        seen.add(node)
        answers = {s["node"]: s["value"] for s in route["steps"]}
        agreed = any(answers.get(k) == v for k, v in consent.items())
        where = _where("safeguarding", route)
        paras = {b for b in route["outcome"]["legal_basis"] if "sch1-para" in b}
        assert derived[node] in route["outcome"]["legal_basis"], where
        assert len(paras) == 1, where
        if node == "share-para18":
            assert not agreed, where
            assert answers.get("who") == "child" or answers.get("adult-purpose") in (
                "child-protection", "adult-safeguarding"), where
        elif node == "share-para10":
            assert not agreed and "crime" in (answers.get("purpose"), answers.get("adult-purpose")), where
        else:
            assert agreed, where
            assert (answers["lawful-basis"] == "public-task") == (node.startswith("share-para6")), where
    assert seen == set(derived)


def test_explicit_consent_is_the_condition_only_where_the_person_agreed(route_data) -> None:
    # Consent is Article 9(2)(a) for special category data and Schedule 1 para 29 for criminal
    # offence data (Article 10): para 29 is never the Schedule 1 paragraph of an Article 9
    # condition, a consent route never also claims 9(2)(g) (substantial public interest), and no
    # route where the person refused, was not asked or cannot decide rests on their consent.
    consent = {"agreement": "agreed", "wishes": "agrees", "attorney": "agrees"}
    seen = set()
    for tree_id, tree_routes in route_data.items():
        for route in tree_routes:
            grounds = route["outcome"].get("grounds") or {}
            conditions = set(grounds.get("condition", []))
            paras = set(grounds.get("schedule_1", []))
            data = set(grounds.get("data", []))
            where = _where(tree_id, route)
            if "dpa-2018-sch1-para29" in paras:
                assert "criminal_offence" in data and "uk-gdpr-10" in conditions, where
            if "uk-gdpr-9-2-a" in conditions:
                assert "special_category" in data and "uk-gdpr-9-2-g" not in conditions, where
            if tree_id != "safeguarding" or not (conditions & {"uk-gdpr-9-2-a"} or
                                                 "dpa-2018-sch1-para29" in paras):
                continue
            seen.add(route["outcome"]["node"])
            answers = {s["node"]: s["value"] for s in route["steps"]}
            assert any(answers.get(k) == v for k, v in consent.items()), where
            assert answers["lawful-basis"] != "public-task", where
    assert {"share-consent", "share-consent-conditions"} <= seen


def test_a_route_rests_special_category_data_on_one_article_9_point(route_data) -> None:
    # Explicit consent (a), legal claims and courts (f), substantial public interest (g) and
    # health or social care (h) are alternatives: a record that cites two of them for the same
    # information contradicts itself. A route that names a point must involve special category
    # data, and Schedule 1 para 2 goes with 9(2)(h) (or criminal offence data) only.
    points = {"uk-gdpr-9-2-a", "uk-gdpr-9-2-c", "uk-gdpr-9-2-f", "uk-gdpr-9-2-g", "uk-gdpr-9-2-h"}
    checked = 0
    for tree_id, route in _all_routes(route_data):
        grounds = route["outcome"].get("grounds") or {}
        cited = set(grounds.get("condition", [])) & points
        where = _where(tree_id, route)
        assert len(cited) <= 1, where
        if "dpa-2018-sch1-para2" in grounds.get("schedule_1", []):
            checked += 1
            assert cited <= {"uk-gdpr-9-2-h"}, where
            assert cited or "criminal_offence" in grounds.get("data", []), where
    assert checked


def test_a_capable_adults_refusal_stands_unless_the_law_allows_sharing(route_data) -> None:
    # An adult who can decide and refuses (or was not asked), where only they are at risk and
    # no reason the law accepts applies, is never shared about; where sharing goes ahead it is
    # conditional and the refusal (or why they were not asked) goes on the record.
    respected = 0
    for route in route_data["safeguarding"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("capacity") != "yes" or answers.get("wishes") not in ("refuses",
                                                                                 "not-asked"):
            continue
        decision = route["outcome"]["decision"]
        where = _where("safeguarding", route)
        if answers.get("adult-purpose") in ("adult-safeguarding", "support"):
            assert "override-check" in answers, where
            if answers["override-check"] == "no":
                respected += 1
                assert route["outcome"]["node"] == "capable-refusal", where
        if decision in ("share", "share_with_conditions"):
            assert decision == "share_with_conditions", where
            assert any("refus" in c or "did not ask" in c
                       for c in route["outcome"]["conditions"]), where
    assert respected


def test_adult_routes_ask_about_capacity_and_record_best_interests(route_data) -> None:
    checked = 0
    for route in route_data["safeguarding"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("who") != "adult":
            continue
        if route["outcome"]["decision"] in ("share", "share_with_conditions"):
            checked += 1
            where = _where("safeguarding", route)
            assert "capacity" in answers, where
            if answers["capacity"] == "no":
                assert "attorney" in answers, where
                if answers["attorney"] != "agrees":
                    assert answers.get("best-interests") == "yes", where
                    assert any("best interests" in c for c in route["outcome"]["conditions"]), where
    assert checked


def test_the_purpose_records_the_statutory_function_relied_on(route_data) -> None:
    seen = set()
    for route in route_data["safeguarding"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        basis = set(route["outcome"]["legal_basis"])
        if route["outcome"]["decision"] not in ("share", "share_with_conditions"):
            continue
        purpose = answers.get("purpose") or answers.get("adult-purpose")
        if purpose == "child-protection":
            seen.add("s47")
            assert "ca-1989-s47" in basis, _where("safeguarding", route)
        if purpose == "adult-safeguarding":
            seen.add("s42")
            assert "care-act-2014-s42" in basis, _where("safeguarding", route)
    assert seen == {"s47", "s42"}


def test_s115_asks_about_identifiability_first_and_nothing_more_for_anonymous_figures(
        route_data) -> None:
    anonymous = 0
    for route in route_data["s115"]:
        steps = [s["node"] for s in route["steps"]]
        if steps[0] != "emergency" or len(steps) < 2 or route["steps"][0]["value"] != "no":
            continue
        assert steps[1] == "identifiable", _where("s115", route)
        if route["steps"][1]["value"] == "anonymous":
            anonymous += 1
            assert set(steps) <= {"emergency", "identifiable", "disclosure-control"}, \
                _where("s115", route)
            assert route["outcome"]["decision"] in ("share", "seek_advice")
    assert anonymous


def test_an_unconfirmed_relevant_authority_is_relied_on_only_with_the_caveat_on_record(
        shipped_pack, route_data) -> None:
    # A partner whose s115 status the catalogue marks unconfirmed reaches s115 only after the
    # practitioner says legal services confirmed it, and the record then says so.
    caveated = 0
    for route in route_data["s115"]:
        if S115 not in route["outcome"]["legal_basis"]:
            continue
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if "recipient" not in answers:
            continue  # several agencies: each one's route is checked in tests/unit/test_people.py
        partner = shipped_pack.partners[answers["recipient"]]
        where = _where("s115", route)
        if not partner.confirmed:
            caveated += 1
            assert answers.get("status-check") == "yes", where
            assert any("legal services confirmed" in c for c in route["outcome"]["conditions"]), \
                where
        else:
            assert "status-check" not in answers, where
    assert caveated


def test_channel_support_is_shared_only_with_the_consent_the_act_requires(route_data) -> None:
    # CTSA 2015 s36(4)(b): the person's consent at 18 or over, a parent's or guardian's under 18;
    # a young person's own agreement never unlocks sharing with support providers.
    shared = set()
    for route in route_data["prevent"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if route["outcome"]["node"] != "support-share":
            continue
        where = _where("prevent", route)
        if answers["support-age"] == "yes":
            shared.add("under 18")
            assert answers.get("parent-consent") == "yes" and "support-consent" not in answers, where
        else:
            shared.add("adult")
            assert answers.get("support-consent") == "yes" and "parent-consent" not in answers, where
    assert shared == {"under 18", "adult"}


def test_identity_alone_never_leads_to_a_prevent_referral(route_data) -> None:
    seen = 0
    for route in route_data["prevent"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("prevent-matter") == "identity":
            seen += 1
            assert route["outcome"]["decision"] == "do_not_share", _where("prevent", route)
        if answers.get("prevent-matter") == "unclear":
            assert "checked" in answers or route["outcome"]["decision"] == "seek_advice"
    assert seen


def test_the_s38_duty_is_cited_only_for_a_schedule_7_panel_partner(route_data) -> None:
    cited = 0
    for route in route_data["prevent"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if "ctsa-2015-s38" in route["outcome"]["legal_basis"]:
            cited += 1
            assert answers.get("panel-partner") == "yes", _where("prevent", route)
    assert cited


def test_a_prevent_referral_says_channel_support_needs_consent(route_data) -> None:
    referrals = 0
    for route in route_data["prevent"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if answers.get("direction") == "refer" and \
                route["outcome"]["decision"] in ("share", "share_with_conditions"):
            referrals += 1
            assert any("parent's or guardian's if they are under 18" in c
                       for c in route["outcome"]["conditions"]), _where("prevent", route)
    assert referrals


def test_information_only_about_the_dead_is_disclosed_without_data_protection_grounds(
        route_data) -> None:
    # Data protection law protects the living only; the duty of confidence outlives them, so the
    # route still asks about confidentiality.
    seen = 0
    for route in route_data["request"]:
        answers = {s["node"]: s["value"] for s in route["steps"]}
        if route["outcome"]["node"] == "share-deceased":
            seen += 1
            where = _where("request", route)
            assert answers.get("living") == "no" and "confidential" in answers, where
            assert "not_personal" in route["outcome"]["grounds"].get("data", []), where
            assert "sensitive" not in answers, where
        elif answers.get("living") == "no":
            assert route["outcome"]["decision"] != "share", _where("request", route)
    assert seen
