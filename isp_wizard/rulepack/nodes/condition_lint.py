"""Lint of branch conditions: each test is checked by the node whose answer it reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from isp_wizard.rulepack.conditions import Collect
from isp_wizard.rulepack.models import OTHER_PARTNER, AnswerIs, PartnerHas, ThisHas

if TYPE_CHECKING:
    from isp_wizard.rulepack.nodes.base import LintContext


class ConditionProblems(Collect[str]):
    """What is wrong with a condition: the nodes it asks about, and the values it tests for."""

    def __init__(self, ctx: LintContext) -> None:
        self.ctx = ctx

    def answer(self, cond: AnswerIs) -> Iterator[str]:
        target = self.ctx.nodes.get(cond.answer_of)
        if target is None:
            yield f"a condition asks about unknown node {cond.answer_of!r}"
        else:
            yield from target.answer_test_problems(cond)

    def partner(self, cond: PartnerHas) -> Iterator[str]:
        target = self.ctx.nodes.get(cond.partner_of)
        if target is None:
            yield f"a condition asks for the partner chosen at {cond.partner_of!r}, which is " \
                  "not a partner question"
        else:
            yield from target.partner_test_problems(cond)
        if cond.attribute == "id" and cond.is_ != OTHER_PARTNER and \
                cond.is_ not in self.ctx.partners:
            yield f"a condition tests for unknown partner {cond.is_!r}"

    def this_has(self, cond: ThisHas) -> Iterator[str]:
        return iter(())  # where a 'this' test may stand is the section's check (rulepack.sections)
