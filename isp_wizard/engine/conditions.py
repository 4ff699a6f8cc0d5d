"""Where a node leads, given the answers so far: declarative conditions, never evaluated code."""

from __future__ import annotations

from collections.abc import Mapping

from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AllOf,
    AnswerIs,
    AnswerValue,
    AnyOf,
    Condition,
    MultiNode,
    Node,
    NotOf,
    OutcomeNode,
    Partner,
    PartnerHas,
    QuestionNode,
)


def partner_attribute(partner_id: str | None, attribute: str,
                      partners: Mapping[str, Partner]) -> object:
    """An attribute of the chosen partner; an unlisted ("other") one is unknown (None)."""
    if attribute == "id":
        return partner_id
    partner = partners.get(partner_id or "")
    if partner is None:
        return "other" if attribute == "type" and partner_id == OTHER_PARTNER else None
    return getattr(partner, attribute)


def holds(cond: Condition, answers: Mapping[str, AnswerValue],
          partners: Mapping[str, Partner]) -> bool:
    if isinstance(cond, AllOf):
        return all(holds(c, answers, partners) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(holds(c, answers, partners) for c in cond.any)
    if isinstance(cond, NotOf):
        return not holds(cond.not_, answers, partners)
    if isinstance(cond, PartnerHas):
        value = answers.get(cond.partner_of)
        chosen = value if isinstance(value, str) else None
        return partner_attribute(chosen, cond.attribute, partners) == cond.is_
    assert isinstance(cond, AnswerIs)
    value = answers.get(cond.answer_of)
    if value is None:
        return False
    chosen = value if isinstance(value, list) else [value]
    if cond.includes is not None:
        return cond.includes in chosen
    if cond.in_ is not None:
        return any(v in cond.in_ for v in chosen)
    return value == cond.is_


def next_node(node: Node, answers: Mapping[str, AnswerValue],
              partners: Mapping[str, Partner]) -> str | None:
    """The id of the node that follows ``node``, whose answer is already in ``answers``."""
    if isinstance(node, OutcomeNode):
        return None
    for branch in node.branches:
        if holds(branch.when, answers, partners):
            return branch.next
    value = answers.get(node.id)
    if isinstance(node, QuestionNode):
        answer = next((a for a in node.answers if a.value == value), None)
        if answer is not None and answer.next:
            return answer.next
    elif isinstance(node, MultiNode) and isinstance(value, list):
        for answer in node.answers:
            if answer.value in value and answer.next:
                return answer.next
    return node.next
