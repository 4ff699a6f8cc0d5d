"""What every compiled node offers, and the parts that routed nodes (all but outcomes) share.

A node object wraps its validated definition (``spec``, the pydantic model of the file format) and
answers every question the engine, lint, the decision table and the drawings ask of a node: which
answers it takes, where it leads, what its answers are called, what is wrong with it. Nothing
outside ``rulepack/nodes`` switches on a node's kind.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.conditions import Holds, Scope
from isp_wizard.rulepack.models import (
    Answer,
    AnswerIs,
    AnswerValue,
    Branch,
    EachNode,
    EndNode,
    NodeBase,
    OutcomeNode,
    Partner,
    PartnerHas,
    Routed,
)
from isp_wizard.rulepack.nodes.condition_lint import ConditionProblems

S = TypeVar("S", bound=NodeBase)
R = TypeVar("R", bound=Routed)
Choice = tuple[AnswerValue, str]
"""An answer the decision table tries, and how the table shows it."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    via: str  # "answer", "branch" or "next"


@dataclass(frozen=True)
class Tested:
    """What the tree's conditions read of one node's answer: the partner attributes they test
    and the values they compare it with (the decision table tries each)."""

    attributes: frozenset[str] = frozenset()
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Omission:
    """Answers the decision table does not try at one node, how many, and why."""

    node_id: str
    text: str
    listed: int
    total: int
    reason: str

    @property
    def left_out(self) -> int:
        return self.total - self.listed


@dataclass(frozen=True)
class LintContext:
    """What a node's own checks look up: the tree's other nodes and the pack's catalogues."""

    nodes: Mapping[str, CompiledNode[Any]]
    references: Container[str]
    contacts: Container[str]
    partners: Container[str]
    trees: Container[str]


class CompiledNode(Generic[S]):
    """A node of a tree with its behaviour. Subclasses set ``kind`` and override what differs."""

    kind: ClassVar[str]
    is_outcome: ClassVar[bool] = False
    """The walk ends here."""
    on_trail: ClassVar[bool] = True
    """Its answer is a step of the record's trail and of the decision table."""
    takes_answer: ClassVar[bool] = True
    """The user answers it (a guidance page is only read)."""
    lists: ClassVar[str | None] = None
    """"person" or "recipient" for a node whose answer lists people or recipients."""

    def __init__(self, spec: S) -> None:
        self.spec = spec

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec.id!r})"

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def text(self) -> str:
        return self.spec.text

    # --- answers ---------------------------------------------------------------------------

    @property
    def answers(self) -> Sequence[Answer]:
        """The answers offered to choose from (none for a node answered in words)."""
        return ()

    @property
    def blank(self) -> AnswerValue | None:
        """The answer a headless walk gives when none is given, or None if one is needed."""
        return None

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        """``value`` made canonical for this node, or InvalidAnswerError saying what is wrong."""
        raise InvalidAnswerError(f"{self.kind} {self.id!r} takes no answer")

    def chosen(self, value: AnswerValue | None) -> list[Answer]:
        """The offered answers that ``value`` picks (they may add legal bases and conditions)."""
        return []

    def labels(self, value: AnswerValue, partners: Mapping[str, Partner]) -> list[str]:
        """An answer in words, for the trail and the review page."""
        return [str(value) if value != "" else "(left blank)"]

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        """The answers the decision table tries here: one for each way the route can go on
        (``tested`` says what the tree's conditions read of this node's answer)."""
        return iter(())

    def table_omission(self) -> Omission | None:
        """What the decision table leaves out here, if anything."""
        return None

    # --- where it leads --------------------------------------------------------------------

    @property
    def branches(self) -> Sequence[Branch]:
        return ()

    def edges(self) -> Iterator[Edge]:
        """Every way out: the answers' own ``next``, the branches, the default ``next``."""
        return iter(())

    def next_id(self, answers: Mapping[str, AnswerValue], partners: Mapping[str, Partner],
                scope: Scope | None = None) -> str | None:
        """The node that follows, given this node's answer (already in ``answers``); ``scope``
        is the person or recipient a repeated section is being asked about."""
        return None

    # --- an outcome's parts ----------------------------------------------------------------

    @property
    def outcome(self) -> OutcomeNode | None:
        """The outcome's definition, for the node that ends a walk."""
        return None

    @property
    def each(self) -> EachNode | None:
        """The definition of a repeated section's ``each`` node."""
        return None

    @property
    def end(self) -> EndNode | None:
        """The definition of a node that ends one pass through a repeated section."""
        return None

    @property
    def decision(self) -> str | None:
        return None

    @property
    def emergency(self) -> bool:
        return False

    # --- lint ------------------------------------------------------------------------------

    def problems(self, ctx: LintContext) -> Iterator[str]:
        """What is wrong with this node that the schema cannot see."""
        yield from self._unknown_ids(ctx)

    def cited(self) -> Iterator[str]:
        """Reference ids this node cites."""
        yield from self.spec.refs

    def named(self) -> Iterator[str]:
        """Contact ids this node names."""
        yield from self.spec.consult

    def answer_test_problems(self, cond: AnswerIs) -> Iterator[str]:
        """What is wrong with a condition that tests this node's answer."""
        return iter(())

    def partner_test_problems(self, cond: PartnerHas) -> Iterator[str]:
        """What is wrong with a condition that tests the partner chosen here."""
        yield f"a condition asks for the partner chosen at {cond.partner_of!r}, which is not " \
              "a partner question"

    def _unknown_ids(self, ctx: LintContext) -> Iterator[str]:
        for ref in dict.fromkeys(self.cited()):
            if ref not in ctx.references:
                yield f"node {self.id!r} cites unknown reference {ref!r}"
        for contact in dict.fromkeys(self.named()):
            if contact not in ctx.contacts:
                yield f"node {self.id!r} names unknown contact {contact!r}"


class RoutedNode(CompiledNode[R]):
    """A node that leads on: its branches first, then its answer's ``next``, then its own."""

    @property
    def branches(self) -> Sequence[Branch]:
        return self.spec.branches

    def answer_edges(self) -> Iterator[Edge]:
        return iter(())

    def answer_next(self, value: AnswerValue | None) -> str | None:
        return None

    def edges(self) -> Iterator[Edge]:
        yield from self.answer_edges()
        for index, branch in enumerate(self.spec.branches, start=1):
            yield Edge(self.id, branch.next, f"condition {index}", "branch")
        if self.spec.next:
            yield Edge(self.id, self.spec.next, "", "next")

    def next_id(self, answers: Mapping[str, AnswerValue], partners: Mapping[str, Partner],
                scope: Scope | None = None) -> str | None:
        if self.spec.branches:
            holds = Holds(answers, partners, scope)
            for branch in self.spec.branches:
                if holds.visit(branch.when):
                    return branch.next
        return self.answer_next(answers.get(self.id)) or self.spec.next

    def problems(self, ctx: LintContext) -> Iterator[str]:
        yield from super().problems(ctx)
        yield from self.route_problems()
        check = ConditionProblems(ctx)
        for branch in self.spec.branches:
            yield from check.visit(branch.when)

    def route_problems(self) -> Iterator[str]:
        if not self.spec.next:
            yield f"node {self.id!r} leads nowhere (give it a 'next')"


def words_needed(value: AnswerValue | None) -> str:
    if not isinstance(value, str):
        raise InvalidAnswerError("an answer in words is needed")
    return value
