"""Repeated sections: the questions asked once per person or per recipient.

An ``each`` node repeats the questions from its ``start`` up to an ``end`` node of its own for
every item of the list given at its ``over`` node (a ``people`` node: labels; a ``recipients``
node: partner ids). The section is the set of nodes reachable from ``start`` without passing an
``end`` node; answers given inside it are kept per item, under the key ``node@item`` (node ids
never hold "@", so the key reads back unambiguously).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from isp_wizard.rulepack.conditions import Scope, ThisTests
from isp_wizard.rulepack.models import AnswerValue, EachNode
from isp_wizard.rulepack.nodes import AnyNode

ITEM_SEPARATOR = "@"


def scoped_key(node_id: str, item: str | None) -> str:
    """The key an answer is kept under: the node id, or ``node@item`` inside a section."""
    return node_id if item is None else f"{node_id}{ITEM_SEPARATOR}{item}"


def split_key(key: str) -> tuple[str, str | None]:
    """A key back into its node id and item (None outside a section)."""
    node_id, sep, item = key.partition(ITEM_SEPARATOR)
    return (node_id, item) if sep else (node_id, None)


@dataclass(frozen=True)
class Section:
    """One repeated section: its ``each`` node, what it repeats over, and its nodes."""

    each: EachNode
    about: str  # "person" or "recipient"
    nodes: frozenset[str]
    ends: frozenset[str]

    def scope(self, item: str) -> Scope:
        return Scope(self.each, item, self.about)


def find_sections(compiled: Mapping[str, AnyNode]) -> dict[str, Section]:
    """Each ``each`` node's section, by the each node's id (an each node whose ``over`` is not a
    list of people or recipients repeats over nothing: lint says so)."""
    found: dict[str, Section] = {}
    for node in compiled.values():
        each = node.each
        if each is None:
            continue
        over = compiled.get(each.over)
        about = over.lists if over is not None else None
        members: set[str] = set()
        ends: set[str] = set()
        stack = [each.start]
        while stack:
            node_id = stack.pop()
            member = compiled.get(node_id)
            if member is None or node_id in members or node_id in ends:
                continue
            if member.end is not None:
                ends.add(node_id)
                continue
            members.add(node_id)
            stack.extend(e.target for e in member.edges())
        found[node.id] = Section(each, about or "", frozenset(members), frozenset(ends))
    return found


def section_of(sections: Mapping[str, Section]) -> dict[str, Section]:
    """The section each section node (ends included) belongs to (the first, if several)."""
    owner: dict[str, Section] = {}
    for section in sections.values():
        for node_id in (*sorted(section.nodes), *sorted(section.ends)):
            owner.setdefault(node_id, section)
    return owner


def items_of(value: AnswerValue | None) -> list[str]:
    """The people or recipients a list question's answer names, in order."""
    return list(value) if isinstance(value, list) else []


def view(answers: Mapping[str, AnswerValue], section: Section,
         item: str) -> dict[str, AnswerValue]:
    """What a condition inside ``section`` sees for ``item``: the answers outside the section,
    this item's own answers under their plain node ids, and the item at the ``over`` node."""
    seen = {k: v for k, v in answers.items() if ITEM_SEPARATOR not in k}
    for key, value in answers.items():
        node_id, of = split_key(key)
        if of == item and node_id in section.nodes:
            seen[node_id] = value
    seen[section.each.over] = item
    return seen


def this_tests(cond_holder: AnyNode) -> Iterator[str]:
    """'person'/'recipient' for each ``this`` test in a node's branch conditions."""
    for branch in cond_holder.branches:
        for test in ThisTests().visit(branch.when):
            yield test.this
