"""What the routes to a share outcome establish: the checks lint makes on a tree's legal grounds.

Every route to an outcome that shares must establish a UK GDPR Article 6 lawful basis (or that
what is shared is not personal data: anonymous, or about the dead); a route
that establishes special category data needs an Article 9 condition, and one that establishes
criminal offence data a DPA 2018 Schedule 1 paragraph (s10(5)). Grounds are collected as the
engine collects them: from the answers chosen on the route and from the outcome itself.

The search tries every answer the decision table tries, remembering only the answers that a
condition still ahead may test and which grounds are established so far, so it stays small.

A repeated section (``each``) is searched as one person's (or recipient's) pass: at each of its
``end`` nodes that shares, that person's route — the answers before the section and their own —
must establish the grounds above; the search then goes on after the section with the grounds
from before it (one person's data says nothing about the next). A share outcome reached after a
section about people rests on each person's grounds, checked at their ends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from isp_wizard.rulepack.condition_reads import tested_by_conditions
from isp_wizard.rulepack.conditions import Scope, asked_about, this_reads
from isp_wizard.rulepack.graph import reachable
from isp_wizard.rulepack.models import AnswerValue, Grounds, Partner
from isp_wizard.rulepack.nodes import Tested
from isp_wizard.rulepack.nodes.repeat import TABLE_PERSON
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.rulepack.sections import Section

LAWFUL_BASIS, SPECIAL, CRIMINAL, CONDITION, SCHEDULE_1, NOT_PERSONAL = 1, 2, 4, 8, 16, 32
PEOPLE_GROUNDED = 64  # a section about people was passed: each person's grounds were checked
MAX_STATES = 200_000


@dataclass(frozen=True)
class GroundsGap:
    """A share outcome some route reaches without the grounds it needs."""

    outcome: str
    message: str
    route: tuple[str, ...]


def bits(grounds: Grounds) -> int:
    found = 0
    if grounds.lawful_basis:
        found |= LAWFUL_BASIS
    if "special_category" in grounds.data:
        found |= SPECIAL
    if "criminal_offence" in grounds.data:
        found |= CRIMINAL
    if grounds.condition or grounds.schedule_1:
        found |= CONDITION
    if grounds.schedule_1:
        found |= SCHEDULE_1
    if "not_personal" in grounds.data:
        found |= NOT_PERSONAL
    return found


def gaps(loaded: LoadedTree, partners: Mapping[str, Partner], graph: dict[str, list[str]],
         sharing: frozenset[str]) -> list[GroundsGap] | None:
    """One gap per share outcome and missing ground, with a route that shows it; None when the
    tree is too large to search (lint then says so). ``graph`` must have no loops."""
    compiled = loaded.compiled
    live = _live_tests(loaded, graph)
    tested = tested_by_conditions(loaded)
    sections, owner = loaded.sections, loaded.section_of
    found: dict[tuple[str, str], GroundsGap] = {}
    seen: set[tuple[str, frozenset[tuple[str, object]], int, int]] = set()
    # (node, answers remembered, grounds so far, grounds before the section, route)
    stack: list[tuple[str, dict[str, AnswerValue], int, int, tuple[str, ...]]] = [
        (loaded.tree.start, {}, 0, 0, ())]
    while stack:
        node_id, known, have, stash, route = stack.pop()
        node = compiled.get(node_id)
        if node is None:
            continue
        key = (node_id, frozenset((k, _hashable(v)) for k, v in known.items()), have, stash)
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > MAX_STATES:
            return None
        outcome = node.outcome
        if outcome is not None:
            if outcome.decision in sharing and not have & PEOPLE_GROUNDED:
                for gap in _missing(outcome.id, have | bits(outcome.grounds), route, ""):
                    found.setdefault((gap.outcome, gap.message), gap)
            continue
        end = node.end
        if end is not None:
            section = sections.get(end.section)
            if section is None:
                continue
            if end.decision in sharing and section.about == "person":
                for gap in _missing(end.id, have | bits(end.grounds), route, "for a person "):
                    found.setdefault((gap.outcome, gap.message), gap)
            after = stash | (PEOPLE_GROUNDED if section.about == "person" else 0)
            stack.append((section.each.next, known, after, 0, (*route, f"{end.id}: (end)")))
            continue
        if node.each is not None:
            stack.append((node.each.start, known, have, have, (*route, f"{node.id}: (each)")))
            continue
        section = owner.get(node_id)
        for value, label in node.table_choices(partners, tested.get(node_id, Tested())):
            answers = dict(known)
            answers[node_id] = value
            seen_here, scope = _scoped(answers, section)
            target = node.next_id(seen_here, partners, scope)
            if target is None:
                continue
            added = 0
            for answer in node.chosen(value):
                added |= bits(answer.grounds)
            needed = live.get(target, frozenset())
            kept = {k: v for k, v in answers.items() if k in needed}
            stack.append((target, kept, have | added, stash,
                          (*route, f"{node_id}: {label}")))
    return sorted(found.values(), key=lambda g: (g.outcome, g.message))


def _scoped(answers: dict[str, AnswerValue],
            section: Section | None) -> tuple[dict[str, AnswerValue], Scope | None]:
    """What a condition inside ``section`` sees on the one pass the search makes: the item is
    the recipient the route chose at the list, or the one person the table walks."""
    if section is None:
        return answers, None
    listed = answers.get(section.each.over)
    item = listed[0] if isinstance(listed, list) and listed else TABLE_PERSON
    seen = dict(answers)
    seen[section.each.over] = item
    return seen, section.scope(item)


def _missing(node_id: str, have: int, route: tuple[str, ...],
             whose: str) -> Iterator[GroundsGap]:
    if not have & (LAWFUL_BASIS | NOT_PERSONAL):
        yield GroundsGap(node_id, f"establishes {whose}no UK GDPR Article 6 lawful basis", route)
    if have & SPECIAL and not have & CONDITION:
        yield GroundsGap(node_id, f"establishes special category data {whose}but no Article 9 "
                                  "condition", route)
    if have & CRIMINAL and not have & SCHEDULE_1:
        yield GroundsGap(node_id, f"establishes criminal offence data {whose}but no DPA 2018 "
                                  "Schedule 1 paragraph for its Article 10 condition", route)


def _live_tests(loaded: LoadedTree, graph: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """For each node, the answers some condition at it or after it may still test: only those
    need remembering there (the rest would only multiply the states)."""
    owner = loaded.section_of
    own: dict[str, set[str]] = {}
    for node_id, node in loaded.compiled.items():
        section = owner.get(node_id)
        each = section.each if section is not None else None
        own[node_id] = {asked for b in node.branches
                        for asked in (*asked_about(b.when), *this_reads(b.when, each))}
    return {node_id: frozenset(m for later in reachable(node_id, graph)
                               for m in own.get(later, ()))
            for node_id in graph}


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value
