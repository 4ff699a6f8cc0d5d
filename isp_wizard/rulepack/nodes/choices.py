"""Questions answered by choosing from a list: one answer (``question``) or several (``multi``)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from math import comb
from typing import TypeVar

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.lookalike import lookalikes
from isp_wizard.rulepack.models import (
    Answer,
    AnswerIs,
    AnswerValue,
    MultiNode,
    Partner,
    QuestionNode,
)
from isp_wizard.rulepack.nodes.base import Choice, Edge, Omission, RoutedNode, Tested

C = TypeVar("C", QuestionNode, MultiNode)
MAX_COMBINATIONS = 256
"""The most combinations of a several-choice question's answers the decision table tries."""


class _Choosing(RoutedNode[C]):
    """What both kinds of choice share: offered answers, each of which may lead on."""

    @property
    def answers(self) -> Sequence[Answer]:
        return self.spec.answers

    def values(self) -> list[str]:
        return [a.value for a in self.spec.answers]

    def answer_edges(self) -> Iterator[Edge]:
        for answer in self.spec.answers:
            if answer.next:
                yield Edge(self.id, answer.next, answer.label, "answer")

    def labels(self, value: AnswerValue, partners: Mapping[str, Partner]) -> list[str]:
        return [a.label for a in self.chosen(value)] or ["(none of these)"]

    def cited(self) -> Iterator[str]:
        yield from super().cited()
        for answer in self.spec.answers:
            yield from answer.grounds.ids()

    def named(self) -> Iterator[str]:
        yield from super().named()
        for answer in self.spec.answers:
            yield from answer.consult

    def route_problems(self) -> Iterator[str]:
        if not self.spec.answers:
            yield f"question {self.id!r} has no answers"
        values = self.values()
        counts = Counter(values)  # one pass: a question may have very many answers
        for dup in (v for v, n in counts.items() if n > 1):
            yield f"question {self.id!r} has answer {dup!r} twice"
        for group in lookalikes(counts):
            shown = " and ".join(ascii(v) for v in group)
            yield (f"question {self.id!r} has answers that look the same but differ ({shown}): "
                   "use values that read differently")
        if not self.spec.next:
            for answer in self.spec.answers:
                if not answer.next:
                    yield f"answer {answer.value!r} of {self.id!r} leads nowhere (give it a 'next')"

    def answer_test_problems(self, cond: AnswerIs) -> Iterator[str]:
        values = set(self.values())
        wanted = cond.in_ if cond.in_ is not None else [cond.is_ or cond.includes or ""]
        for value in wanted:
            if value not in values:
                yield f"a condition tests {cond.answer_of!r} for {value!r}, not one of its answers"


class CompiledQuestion(_Choosing[QuestionNode]):
    """One answer from a list."""

    kind = "question"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        allowed = self.values()
        if not isinstance(value, str) or value not in allowed:
            raise InvalidAnswerError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def chosen(self, value: AnswerValue | None) -> list[Answer]:
        return [a for a in self.spec.answers if a.value == value]

    def answer_next(self, value: AnswerValue | None) -> str | None:
        return next((a.next for a in self.spec.answers if a.value == value), None)

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        for answer in self.spec.answers:
            yield answer.value, answer.label


class CompiledMulti(_Choosing[MultiNode]):
    """Any number of answers from a list (at least ``min_choices``)."""

    kind = "multi"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswerError("choose from the list")
        allowed = self.values()
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise InvalidAnswerError(f"{unknown[0]!r} is not one of: {', '.join(allowed)}")
        if len(set(value)) < self.spec.min_choices:
            raise InvalidAnswerError(f"choose at least {self.spec.min_choices}")
        return [v for v in allowed if v in value]

    def chosen(self, value: AnswerValue | None) -> list[Answer]:
        if not isinstance(value, list):
            return []
        return [a for a in self.spec.answers if a.value in value]

    def answer_next(self, value: AnswerValue | None) -> str | None:
        """The first chosen answer (in the order written) that names a ``next``."""
        return next((a.next for a in self.chosen(value) if a.next), None)

    def _table_sizes(self) -> list[int]:
        """How many answers the table's combinations hold: every size while they number at most
        ``MAX_COMBINATIONS``; past that the smallest sizes that fit, and all answers together."""
        n, least = len(self.spec.answers), self.spec.min_choices
        sizes: list[int] = []
        count = 0
        for size in range(least, n + 1):
            count += comb(n, size)
            if count > MAX_COMBINATIONS:
                return sizes + ([n] if n >= least and n not in sizes else [])
            sizes.append(size)
        return sizes

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        for size in self._table_sizes():
            for combo in itertools.combinations(self.spec.answers, size):
                yield [a.value for a in combo], "; ".join(a.label for a in combo) or "(none)"

    def table_omission(self) -> Omission | None:
        n, least = len(self.spec.answers), self.spec.min_choices
        total = sum(comb(n, size) for size in range(least, n + 1))
        sizes = self._table_sizes()
        listed = sum(comb(n, size) for size in sizes)
        if listed == total:
            return None
        upto = max((s for s in sizes if s < n), default=least)
        reason = (f"its {n} answers make {total:,} combinations; the table tries those of "
                  f"{least} to {upto} answers and all {n} together ({listed:,}), at most "
                  f"{MAX_COMBINATIONS:,} per question, so that it stays a size a person can "
                  "review")
        return Omission(self.id, self.text, listed, total, reason)

    def route_problems(self) -> Iterator[str]:
        yield from super().route_problems()
        if self.spec.min_choices > len(self.spec.answers):
            yield f"question {self.id!r} asks for at least {self.spec.min_choices} choices but " \
                  f"offers {len(self.spec.answers)}"

    def answer_test_problems(self, cond: AnswerIs) -> Iterator[str]:
        yield from super().answer_test_problems(cond)
        if cond.is_ is not None:
            yield f"a condition tests several-choice question {cond.answer_of!r} with 'is', " \
                  "which never holds; use 'includes' or 'in'"
