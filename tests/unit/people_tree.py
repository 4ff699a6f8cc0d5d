"""A small tree about several people and several recipients, shared by the tests of issue 18."""

from __future__ import annotations

from typing import Any

from isp_wizard.rulepack import LoadedTree
from isp_wizard.rulepack.models import Partner, Tree

PARTNERS = {
    "police": Partner(id="police", name="Police", type="police", relevant_authority=True),
    "housing": Partner(id="housing", name="Housing", type="housing", relevant_authority=False),
    "asc": Partner(id="asc", name="Adult social care", type="council", relevant_authority=True),
}


def answer(value: str, nxt: str, **extra: Any) -> dict[str, Any]:
    return {"value": value, "label": value.replace("-", " ").capitalize(), "next": nxt, **extra}


def household_nodes() -> list[dict[str, Any]]:
    """Start → basis → people → per person (category, risk/para) → recipients → per recipient
    (what, channel) → share."""
    return [
        {"id": "basis", "kind": "question", "text": "Lawful basis?", "answers": [
            answer("public-task", "household",
                   grounds={"lawful_basis": ["uk-gdpr-6-1-e"]}),
            answer("none", "no-share")]},
        {"id": "household", "kind": "people", "text": "Who does this concern?",
         "next": "each-person"},
        {"id": "each-person", "kind": "each", "text": "Each person", "over": "household",
         "start": "category", "next": "agencies", "category": "category"},
        {"id": "category", "kind": "question", "text": "Which category?",
         "branches": [{"when": {"this": "person", "attribute": "category", "is": "child"},
                       "next": "child-harm"}],
         "answers": [answer("child", "child-harm"), answer("adult", "adult-crime"),
                     answer("alleged_perpetrator", "offence")]},
        {"id": "child-harm", "kind": "question", "text": "Is the child at risk of harm?",
         "answers": [answer("yes", "person-share",
                            grounds={"data": ["special_category"],
                                     "schedule_1": ["dpa-2018-sch1-para18"]}),
                     answer("no", "person-no")]},
        {"id": "adult-crime", "kind": "question", "text": "Is it to prevent a crime?",
         "answers": [answer("yes", "person-share",
                            grounds={"data": ["special_category"],
                                     "schedule_1": ["dpa-2018-sch1-para10"]}),
                     answer("no", "person-no")]},
        {"id": "offence", "kind": "question", "text": "Alleged offences?",
         "answers": [answer("yes", "person-share",
                            grounds={"data": ["criminal_offence"],
                                     "schedule_1": ["dpa-2018-sch1-para10"]})]},
        {"id": "person-share", "kind": "end", "section": "each-person", "text": "Share",
         "decision": "share"},
        {"id": "person-no", "kind": "end", "section": "each-person", "text": "Not theirs",
         "decision": "do_not_share"},
        {"id": "agencies", "kind": "recipients", "text": "To whom?", "next": "each-agency"},
        {"id": "each-agency", "kind": "each", "text": "Each recipient", "over": "agencies",
         "start": "what", "next": "share", "receives": "what", "channel": "how"},
        {"id": "what", "kind": "multi", "text": "What does it receive?", "min_choices": 1,
         "next": "how",
         "answers": [{"value": "welfare", "label": "The welfare picture"},
                     {"value": "fire-risk", "label": "The fire-risk facts"}]},
        {"id": "how", "kind": "question", "text": "How is it sent?",
         "branches": [{"when": {"this": "recipient", "attribute": "relevant_authority",
                                "is": False}, "next": "limited"}],
         "answers": [answer("secure-email", "agency-end"), answer("meeting", "agency-end")]},
        {"id": "limited", "kind": "question", "text": "Only what the fire risk needs?",
         "answers": [answer("yes", "agency-end",
                            conditions=["Only the fire-risk facts, nothing else"]),
                     answer("no", "agency-no")]},
        {"id": "agency-no", "kind": "end", "section": "each-agency", "text": "Do not send",
         "decision": "do_not_share"},
        {"id": "agency-end", "kind": "end", "section": "each-agency", "text": "Send it",
         "decision": "share_with_conditions"},
        {"id": "share", "kind": "outcome", "text": "Share as set out.",
         "decision": "share_with_conditions", "grounds": {"power": ["cda-1998-s115"]}},
        {"id": "no-share", "kind": "outcome", "text": "Do not share.",
         "decision": "do_not_share"},
    ]


def household_tree(nodes: list[dict[str, Any]] | None = None) -> LoadedTree:
    tree = Tree.model_validate({
        "id": "household", "title": "Household", "version": "1.0.0",
        "effective": "2026-01-01", "summary": "Several people, several recipients.",
        "start": "basis", "nodes": nodes or household_nodes()})
    return LoadedTree.from_tree(tree)


HOUSEHOLD_ANSWERS: dict[str, Any] = {
    "basis": "public-task",
    "household": ["Adult A", "Child 1", "Partner"],
    "category@Adult A": "adult", "adult-crime@Adult A": "yes",
    "category@Child 1": "child", "child-harm@Child 1": "yes",
    "category@Partner": "alleged_perpetrator", "offence@Partner": "yes",
    "agencies": ["asc", "housing"],
    "what@asc": ["welfare", "fire-risk"], "how@asc": "meeting",
    "what@housing": ["fire-risk"], "how@housing": "secure-email", "limited@housing": "yes",
}


REFERENCE_IDS = ("uk-gdpr-6-1-e", "dpa-2018-sch1-para18", "dpa-2018-sch1-para10",
                 "cda-1998-s115")


def pack_for(loaded: LoadedTree) -> Any:
    """A pack holding the tree, the partners above and the references it cites."""
    from pathlib import Path

    from isp_wizard.rulepack import RulePack
    from isp_wizard.rulepack.models import Reference

    refs = {r: Reference(id=r, title=r, citation=r) for r in REFERENCE_IDS}
    return RulePack(root=Path("."), trees={loaded.id: loaded}, references=refs,
                    partners=dict(PARTNERS))
