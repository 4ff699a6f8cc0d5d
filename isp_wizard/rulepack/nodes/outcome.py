"""Where a walk ends: a decision (or another tree to continue with), its legal basis and text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.models import AnswerValue, OutcomeNode, Partner
from isp_wizard.rulepack.nodes.base import CompiledNode, LintContext
from isp_wizard.vocabulary import SHARING_DECISIONS


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
        yield from self.spec.legal_basis

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        spec = self.spec
        if spec.decision in SHARING_DECISIONS and not spec.legal_basis:
            yield f"outcome {self.id!r} decides {spec.decision!r} but names no legal_basis"
        if spec.start_tree and spec.start_tree not in ctx.trees:
            yield f"outcome {self.id!r} continues with unknown tree {spec.start_tree!r}"
