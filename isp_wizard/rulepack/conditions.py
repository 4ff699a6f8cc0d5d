"""Branch conditions walked one way: a visitor with one method per kind of condition.

Everything that reads a condition — the engine deciding where a route goes, lint checking what it
asks about, the decision table grouping partners, the tree map describing an edge — is a
``ConditionVisitor``. The kinds of condition are switched on here, in ``visit``, and nowhere else:
a new kind of condition adds a method to the visitor, and mypy then names every visitor that
lacks it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AllOf,
    AnswerIs,
    AnswerValue,
    AnyOf,
    Condition,
    EachNode,
    NotOf,
    Partner,
    PartnerHas,
    ThisHas,
)

T = TypeVar("T")
U = TypeVar("U")


class ConditionVisitor(ABC, Generic[T]):
    """Override one method per kind; ``visit`` calls the right one. Combinations get the
    condition itself and visit their parts as they need (so evaluation can stop early)."""

    def visit(self, cond: Condition) -> T:
        method: Callable[[Any], T] = getattr(self, _METHODS[type(cond)])
        return method(cond)

    @abstractmethod
    def answer(self, cond: AnswerIs) -> T: ...

    @abstractmethod
    def partner(self, cond: PartnerHas) -> T: ...

    @abstractmethod
    def this_has(self, cond: ThisHas) -> T: ...

    @abstractmethod
    def all_of(self, cond: AllOf) -> T: ...

    @abstractmethod
    def any_of(self, cond: AnyOf) -> T: ...

    @abstractmethod
    def not_of(self, cond: NotOf) -> T: ...


_METHODS: dict[type, str] = {
    AnswerIs: ConditionVisitor.answer.__name__,
    PartnerHas: ConditionVisitor.partner.__name__,
    ThisHas: ConditionVisitor.this_has.__name__,
    AllOf: ConditionVisitor.all_of.__name__,
    AnyOf: ConditionVisitor.any_of.__name__,
    NotOf: ConditionVisitor.not_of.__name__,
}


class Collect(ConditionVisitor[Iterator[U]]):
    """A visitor that gathers something from each test, through all/any/not, in written order;
    subclasses say what each test gives."""

    def all_of(self, cond: AllOf) -> Iterator[U]:
        for part in cond.all:
            yield from self.visit(part)

    def any_of(self, cond: AnyOf) -> Iterator[U]:
        for part in cond.any:
            yield from self.visit(part)

    def not_of(self, cond: NotOf) -> Iterator[U]:
        yield from self.visit(cond.not_)


class AskedAbout(Collect[str]):
    """The ids of the nodes whose answers a condition reads."""

    def answer(self, cond: AnswerIs) -> Iterator[str]:
        yield cond.answer_of

    def partner(self, cond: PartnerHas) -> Iterator[str]:
        yield cond.partner_of

    def this_has(self, cond: ThisHas) -> Iterator[str]:
        return iter(())  # reads the section's person or recipient (see ``this_reads``)


class ThisTests(Collect[ThisHas]):
    """The ``this`` tests in a condition."""

    def answer(self, cond: AnswerIs) -> Iterator[ThisHas]:
        return iter(())

    def partner(self, cond: PartnerHas) -> Iterator[ThisHas]:
        return iter(())

    def this_has(self, cond: ThisHas) -> Iterator[ThisHas]:
        yield cond


def this_reads(cond: Condition, each: EachNode | None) -> Iterator[str]:
    """The section questions a condition's ``this`` tests read (a person's category and role
    are their answers there); nothing outside a section."""
    for test in ThisTests().visit(cond):
        node_id = getattr(each, test.attribute, None) if each is not None else None
        if isinstance(node_id, str) and test.this == "person":
            yield node_id
        elif each is not None and test.this == "recipient":
            yield each.over


@dataclass(frozen=True)
class Scope:
    """The person or recipient a repeated section is being asked about: the section (its
    ``each`` node) and the item (a person's label, or a recipient's partner id)."""

    each: EachNode
    item: str
    about: str  # "person" or "recipient": what the list at ``each.over`` holds


def asked_about(cond: Condition) -> Iterator[str]:
    return AskedAbout().visit(cond)


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

    def __init__(self, answers: Mapping[str, AnswerValue], partners: Mapping[str, Partner],
                 scope: Scope | None = None):
        self.answers = answers
        self.partners = partners
        self.scope = scope

    def this_has(self, cond: ThisHas) -> bool:
        """Outside a section (or in a section over the other kind of list) it never holds."""
        scope = self.scope
        if scope is None or scope.about != cond.this:
            return False
        if cond.this == "recipient":
            value: object = partner_attribute(scope.item, cond.attribute, self.partners)
        elif cond.attribute == "label":
            value = scope.item
        else:
            node_id = getattr(scope.each, cond.attribute)
            value = self.answers.get(node_id) if node_id else None
        if cond.in_ is not None:
            return isinstance(value, str) and value in cond.in_
        return value == cond.is_

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
          partners: Mapping[str, Partner], scope: Scope | None = None) -> bool:
    return Holds(answers, partners, scope).visit(cond)
