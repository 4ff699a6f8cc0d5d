"""Where a node leads, given the answers so far: declarative conditions, never evaluated code."""

from __future__ import annotations

from collections.abc import Mapping

from isp_wizard.rulepack.conditions import ConditionVisitor
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


class Holds(ConditionVisitor[bool]):
    """Whether a condition holds for the answers given so far."""

    def __init__(self, answers: Mapping[str, AnswerValue], partners: Mapping[str, Partner]):
        self.answers = answers
        self.partners = partners

    def all_of(self, cond: AllOf) -> bool:
        return all(self.visit(c) for c in cond.all)

    def any_of(self, cond: AnyOf) -> bool:
        return any(self.visit(c) for c in cond.any)

    def not_of(self, cond: NotOf) -> bool:
        return not self.visit(cond.not_)

    def partner(self, cond: PartnerHas) -> bool:
        value = self.answers.get(cond.partner_of)
        chosen = value if isinstance(value, str) else None
        return partner_attribute(chosen, cond.attribute, self.partners) == cond.is_

    def answer(self, cond: AnswerIs) -> bool:
        value = self.answers.get(cond.answer_of)
        if value is None:
            return False
        chosen = value if isinstance(value, list) else [value]
        if cond.includes is not None:
            return cond.includes in chosen
        if cond.in_ is not None:
            return any(v in cond.in_ for v in chosen)
        return value == cond.is_


def holds(cond: Condition, answers: Mapping[str, AnswerValue],
          partners: Mapping[str, Partner]) -> bool:
    return Holds(answers, partners).visit(cond)


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
