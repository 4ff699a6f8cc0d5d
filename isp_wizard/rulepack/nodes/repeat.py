"""Decisions about several people and several recipients.

``people`` lists who the decision concerns (labels the practitioner chooses), ``recipients`` the
partner organisations it goes to; an ``each`` node repeats a section of questions once per
person or recipient, and an ``end`` node closes one pass with the decision for that person's
data (or that recipient), the grounds and the conditions. The engine walks the repetition (see
``engine/session.py``); these objects say what each node takes and where it leads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.conditions import Scope, partner_attribute
from isp_wizard.rulepack.models import (
    AnswerValue,
    EachNode,
    EndNode,
    Partner,
    PartnerHas,
    PeopleNode,
    RecipientsNode,
)
from isp_wizard.rulepack.nodes.base import (
    Choice,
    CompiledNode,
    Edge,
    LintContext,
    RoutedNode,
    Tested,
)

TABLE_PERSON = "a person"
"""The one person the decision table and lint walk a people section for: each person's pass
through it is one of the routes they list."""


def _as_list(value: AnswerValue | None) -> list[str]:
    if isinstance(value, str):
        raise InvalidAnswerError("give a list (one entry per person or recipient)")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswerError("give a list (one entry per person or recipient)")
    return value


def _count_problem(count: int, least: int, most: int, what: str) -> str | None:
    if count < least:
        return f"name at least {least} {what}"
    if count > most:
        return f"name at most {most} {what}"
    return None


def _range_problems(node_id: str, least: int, most: int, what: str) -> Iterator[str]:
    """A list no answer can satisfy would stop every walk at this question."""
    if least > most:
        yield f"{node_id!r} asks for at least {least} {what} but allows at most {most}: no " \
              "answer could ever be given"


JOINERS = "\u200c\u200d"
"""Zero-width non-joiner and joiner: invisible, but part of how Persian and Kurdish words and
emoji sequences (a family, a flag) are written, so allowed between two visible characters."""


def _invisible(label: str) -> bool:
    """Whether ``label`` holds a control or format character (a direction override, say) that
    is not a joiner inside a word."""
    for i, ch in enumerate(label):
        if ch in JOINERS and 0 < i < len(label) - 1 \
                and not any(c.isspace() or c in JOINERS for c in (label[i - 1], label[i + 1])):
            continue
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return True
    return False


def _compared(label: str) -> str:
    """What two labels are compared by: letters that look the same (full-width, case) and the
    invisible joiners do not make two people."""
    plain = "".join(ch for ch in label if ch not in JOINERS)
    return unicodedata.normalize("NFKC", plain).casefold()


class CompiledPeople(RoutedNode[PeopleNode]):
    """Who the decision concerns: a list of short labels, each person once."""

    kind = "people"
    lists = "person"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        labels = [" ".join(v.split()) for v in _as_list(value)]
        seen: set[str] = set()
        for label in labels:
            if not label:
                raise InvalidAnswerError("each person needs a label (initials, or e.g. 'Child 1')")
            if len(label) > self.spec.label_max:
                raise InvalidAnswerError(f"keep each label under {self.spec.label_max} "
                                         "characters")
            if _invisible(label):
                raise InvalidAnswerError(f"the label {label!r} holds an invisible character")
            same = _compared(label)
            if same in seen:
                raise InvalidAnswerError(f"{label!r} is listed twice: give each person their "
                                         "own label")
            seen.add(same)
        problem = _count_problem(len(labels), self.spec.min_people, self.spec.max_people,
                                 "people")
        if problem:
            raise InvalidAnswerError(problem)
        return labels

    def labels(self, value: AnswerValue, partners: Mapping[str, Partner]) -> list[str]:
        return list(value) if isinstance(value, list) and value else ["(nobody named)"]

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        yield [TABLE_PERSON], "(the people named; each person's questions below)"

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        yield from _range_problems(self.id, self.spec.min_people, self.spec.max_people, "people")


class CompiledRecipients(RoutedNode[RecipientsNode]):
    """To whom it goes: partner organisations from partners.yaml, each once."""

    kind = "recipients"
    lists = "recipient"

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        chosen = _as_list(value)
        for pid in chosen:
            if pid not in partners:
                raise InvalidAnswerError(f"{pid!r} is not a partner organisation")
        if len(set(chosen)) != len(chosen):
            raise InvalidAnswerError("each recipient once")
        problem = _count_problem(len(chosen), self.spec.min_recipients,
                                 self.spec.max_recipients, "recipients")
        if problem:
            raise InvalidAnswerError(problem)
        return list(chosen)

    def labels(self, value: AnswerValue, partners: Mapping[str, Partner]) -> list[str]:
        if not isinstance(value, list) or not value:
            return ["(no recipient)"]
        return [partners[p].name if p in partners else p for p in value]

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        """One recipient per row, partners grouped by what the tree's conditions test of them
        (a walk with several recipients combines one such route per recipient)."""
        groups: dict[tuple[object, ...], list[str]] = {}
        for pid in partners:
            key = tuple(partner_attribute(pid, a, partners) for a in sorted(tested.attributes))
            groups.setdefault(key, []).append(pid)
        for members in groups.values():
            names = [partners[p].name for p in members]
            yield [members[0]], ("a recipient, any of: " + ", ".join(names)
                                 if len(names) > 1 else names[0])

    def partner_test_problems(self, cond: PartnerHas) -> Iterator[str]:
        return iter(())  # inside its section: the recipient being asked about

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        yield from _range_problems(self.id, self.spec.min_recipients, self.spec.max_recipients,
                                   "recipients")


class CompiledEach(CompiledNode[EachNode]):
    """A repeated section's entry: once per item of its list, then on to ``next``."""

    kind = "each"
    on_trail = False
    takes_answer = False

    @property
    def each(self) -> EachNode:
        return self.spec

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        raise InvalidAnswerError("a repeated section takes no answer of its own")

    def edges(self) -> Iterator[Edge]:
        yield Edge(self.id, self.spec.start, "for each", "each")
        yield Edge(self.id, self.spec.next, "after the last", "next")

    def next_id(self, answers: Mapping[str, AnswerValue], partners: Mapping[str, Partner],
                scope: Scope | None = None) -> str | None:
        """Into the section (the engine repeats it, and goes on at ``next`` after the last)."""
        return self.spec.start

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        over = ctx.nodes.get(self.spec.over)
        if over is None or over.lists is None:
            yield f"section {self.id!r} repeats over {self.spec.over!r}, which is not a " \
                  "people or recipients question"
            return
        wrong = ("receives", "channel") if over.lists == "person" else ("category", "role")
        for meaning in wrong:
            if getattr(self.spec, meaning):
                yield f"section {self.id!r} is about each {over.lists}: {meaning!r} is not " \
                      "something it can name"


class CompiledEnd(CompiledNode[EndNode]):
    """The end of one pass through a section: the decision for this person or recipient."""

    kind = "end"
    on_trail = False
    takes_answer = False

    @property
    def end(self) -> EndNode:
        return self.spec

    @property
    def decision(self) -> str | None:
        return self.spec.decision

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        raise InvalidAnswerError("the end of a section takes no answer")

    def cited(self) -> Iterator[str]:
        yield from super().cited()
        yield from self.spec.grounds.ids()

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        owner = ctx.nodes.get(self.spec.section)
        if owner is None or owner.each is None:
            yield f"end {self.id!r} closes section {self.spec.section!r}, which is not an " \
                  "each node"
