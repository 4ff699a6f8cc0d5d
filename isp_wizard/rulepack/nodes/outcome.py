"""Where a walk ends: a decision (or another tree to continue with), its legal basis and text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.models import AnswerValue, OutcomeNode, Partner
from isp_wizard.rulepack.nodes.base import CompiledNode, LintContext


class CompiledOutcome(CompiledNode[OutcomeNode]):
    kind = "outcome"
    is_outcome = True
    on_trail = False
    takes_answer = False

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        raise InvalidAnswerError("an outcome takes no answer")

    @property
    def outcome(self) -> OutcomeNode:
        return self.spec

    @property
    def decision(self) -> str | None:
        return self.spec.decision

    @property
    def emergency(self) -> bool:
        return self.spec.emergency

    def cited(self) -> Iterator[str]:
        yield from super().cited()
        yield from self.spec.grounds.ids()

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        spec = self.spec
        if spec.start_tree and spec.start_tree not in ctx.trees:
            yield f"outcome {self.id!r} continues with unknown tree {spec.start_tree!r}"
