"""Walking every route of a tree for the decision table, repeated sections apart.

Routes are walked depth first, in the order the tree lists its answers, on an explicit stack (a
tree of any depth is tabulated). A repeated section is walked on its own, for one person (or one
recipient of each kind the tree's conditions tell apart): its passes are listed in a table of
their own, and the routes through the rest of the tree pass it with one of them (one that shares,
where there is one). Combining every person's passes would multiply the table past reading; the
table says how many combinations that leaves out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from isp_wizard.engine.session import ItemOutcome, Outcome, Session
from isp_wizard.errors import RulesError
from isp_wizard.rulepack.condition_reads import tested_by_conditions
from isp_wizard.rulepack.models import AnswerValue, Partner
from isp_wizard.rulepack.nodes import AnyNode, Choice, Omission, Tested
from isp_wizard.rulepack.nodes.repeat import TABLE_PERSON as TABLE_ITEM
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.rulepack.sections import Section, scoped_key
from isp_wizard.vocabulary import SHARING_DECISIONS

MAX_ROUTES = 20_000
COMBINED_PEOPLE = 3
"""How many people the table's note on combinations counts with (a household, say)."""


@dataclass(frozen=True)
class RouteStep:
    node: str
    text: str
    value: AnswerValue
    label: str


@dataclass(frozen=True)
class Route:
    steps: tuple[RouteStep, ...]
    outcome: Outcome
    answers: tuple[tuple[str, AnswerValue], ...]

    def to_json(self) -> dict[str, object]:
        outcome: dict[str, object] = {
            "node": self.outcome.node_id, "decision": self.outcome.decision,
            "legal_basis": list(self.outcome.legal_basis),
            "grounds": self.outcome.grounds.model_dump(exclude_defaults=True),
            "conditions": list(self.outcome.conditions),
            "consult": list(self.outcome.consult),
            "start_tree": self.outcome.start_tree}
        for name, items in (("people", self.outcome.people),
                            ("recipients", self.outcome.recipients)):
            if items:
                outcome[name] = [item_json(i) for i in items]
        return {
            "steps": [{"node": s.node, "text": s.text, "value": s.value, "label": s.label}
                      for s in self.steps],
            "outcome": outcome,
        }


def item_json(item: ItemOutcome) -> dict[str, object]:
    data: dict[str, object] = {
        "section": item.about.section, "item": item.about.item, "name": item.about.name,
        "end": item.end, "decision": item.decision,
        "grounds": item.grounds.model_dump(exclude_defaults=True),
        "conditions": list(item.conditions)}
    for name in ("category", "role", "receives", "channel"):
        value = getattr(item, name)
        if value:
            data[name] = list(value) if isinstance(value, tuple) else value
    return data




@dataclass(frozen=True)
class PassRoute:
    """One person's (or one recipient's) way through a repeated section, and its result."""

    steps: tuple[RouteStep, ...]
    item: ItemOutcome
    answers: tuple[tuple[str, AnswerValue], ...]
    """The answers, as a session keeps them, from the start to the end of this pass."""


@dataclass(frozen=True)
class SectionTable:
    """The routes of one repeated section, one person (or recipient) at a time."""

    each: str
    text: str
    about: str
    passes: list[PassRoute]


Leaf = Callable[[AnyNode, dict[str, AnswerValue], list[RouteStep]], bool]


class Tabulator:
    def __init__(self, tree: LoadedTree, partners: Mapping[str, Partner],
                 max_routes: int = MAX_ROUTES) -> None:
        self.tree, self.partners, self.max_routes = tree, partners, max_routes
        self.tested = tested_by_conditions(tree)
        self.omitted: dict[str, Omission] = {}
        self.passes: dict[str, list[PassRoute]] = {}
        self.chosen: dict[str, PassRoute] = {}

    def routes(self) -> list[Route]:
        found: list[Route] = []

        def leaf(node: AnyNode, answers: dict[str, AnswerValue],
                 steps: list[RouteStep]) -> bool:
            if not node.is_outcome:
                return False
            given = self.session_answers(answers)
            outcome = Session(self.tree, self.partners, dict(given)).outcome()
            assert outcome is not None
            found.append(Route(tuple(steps), outcome, tuple(given.items())))
            if len(found) > self.max_routes:
                raise RulesError(f"tree {self.tree.id!r} has more than {self.max_routes} "
                                 "routes")
            return True

        if self.tree.tree.start in self.tree.nodes:
            self.walk(self.tree.tree.start, {}, leaf, None)
        return found

    def sections(self) -> list[SectionTable]:
        return [SectionTable(each_id, self.tree.sections[each_id].each.text,
                             self.tree.sections[each_id].about, passes)
                for each_id, passes in self.passes.items()]

    def walk(self, start: str, answers: dict[str, AnswerValue], leaf: Leaf,
             section: Section | None) -> None:
        steps: list[RouteStep] = []
        # Each frame: the node, its remaining choices, and whether its current choice added a step.
        stack: list[tuple[AnyNode, Iterator[Choice], list[bool]]] = []
        fixed = set(answers)

        def enter(node_id: str) -> None:
            node = self.tree.compiled[node_id]
            if not leaf(node, answers, steps):
                stack.append((node, self.choices(node, answers, section), [False]))

        enter(start)
        while stack:
            node, choices, stepped = stack[-1]
            if node.id not in fixed:
                answers.pop(node.id, None)  # undo this node's previous choice
            if stepped[0]:
                steps.pop()
                stepped[0] = False
            choice = next(choices, None)
            if choice is None:
                stack.pop()
                continue
            value, label = choice
            answers[node.id] = value
            if node.on_trail or node.each is not None:
                steps.append(RouteStep(node.id, node.text, value, label))
                stepped[0] = True
            nxt = self.next(node, answers)
            if nxt is not None and nxt in self.tree.nodes and nxt not in answers:
                enter(nxt)

    def choices(self, node: AnyNode, answers: dict[str, AnswerValue],
                section: Section | None) -> Iterator[Choice]:
        each = node.each
        if each is not None:
            passes = self.section_passes(each.id, answers)
            if not passes:
                return  # nobody can be listed (no partners to receive it): no way through
            self.chosen.setdefault(each.id, next(
                (p for p in passes if p.item.decision in SHARING_DECISIONS), passes[0]))
            about = self.tree.sections[each.id].about
            yield "", (f"each {about} in turn: {len(passes)} route(s) for one {about}, "
                       f"listed under “{each.text}” below")
            return
        if node.lists is not None and section is None:
            whom = "people" if node.lists == "person" else "recipients"
            yield [TABLE_ITEM], f"(the {whom} listed; each one's questions are listed apart)"
            return
        yield from node.table_choices(self.partners, self.tested.get(node.id, Tested()))
        omission = node.table_omission()
        if omission is not None:
            self.omitted.setdefault(node.id, omission)

    def next(self, node: AnyNode, answers: Mapping[str, AnswerValue]) -> str | None:
        if node.each is not None:
            return node.each.next
        owner = self.tree.section_of.get(node.id)
        if owner is None:
            return node.next_id(answers, self.partners)
        item = answers.get(owner.each.over)
        return node.next_id(answers, self.partners,
                            owner.scope(item if isinstance(item, str) else TABLE_ITEM))

    def section_passes(self, each_id: str,
                       context: Mapping[str, AnswerValue]) -> list[PassRoute]:
        """The section's passes, walked once (with the answers of the first route that
        reaches it), for one person, or one recipient of each kind its conditions tell apart."""
        if each_id in self.passes:
            return self.passes[each_id]
        section = self.tree.sections[each_id]
        found: list[PassRoute] = []
        self.passes[each_id] = found
        prefix = self.session_answers(context)
        over = self.tree.compiled.get(section.each.over)
        items: list[tuple[str, str]] = [(TABLE_ITEM, f"one {section.about}")]
        if over is not None and section.about == "recipient":
            tested = self.tested.get(section.each.over, Tested())
            items = [(v[0], label) for v, label in over.table_choices(self.partners, tested)
                     if isinstance(v, list) and v]
        for item, label in items:
            self.walk(section.each.start, {section.each.over: item},
                      self._pass_leaf(section, prefix, item, label, found), section)
        return found

    def _pass_leaf(self, section: Section, prefix: Mapping[str, AnswerValue], item: str,
                   label: str, found: list[PassRoute]) -> Leaf:
        def leaf(node: AnyNode, answers: dict[str, AnswerValue],
                 steps: list[RouteStep]) -> bool:
            if node.end is None:
                return False
            given = dict(prefix)
            given[section.each.over] = [item]
            given.update((scoped_key(k, item), v) for k, v in answers.items()
                         if k in section.nodes)
            ends = Session(self.tree, self.partners, dict(given)).item_outcomes()
            if ends:
                first = RouteStep(section.each.id, section.each.text, item, label)
                found.append(PassRoute((first, *steps), ends[-1], tuple(given.items())))
            if len(found) > self.max_routes:
                raise RulesError(f"section {section.each.id!r} has more than "
                                 f"{self.max_routes} routes")
            return True

        return leaf

    def session_answers(self, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
        """The table's answers as a session keeps them: each section passed by its chosen
        pass (its list and its own answers)."""
        given: dict[str, AnswerValue] = {}
        for node_id, value in answers.items():
            node = self.tree.compiled[node_id]
            if node.each is None and node_id not in self.tree.section_of:
                given[node_id] = value
        for node_id in answers:
            node = self.tree.compiled[node_id]
            chosen = self.chosen.get(node_id)
            if node.each is not None and chosen is not None:
                for key, own in chosen.answers:
                    if key == node.each.over or "@" in key:
                        given[key] = own
        return given

    def combinations(self) -> None:
        """What the table leaves out for each section: several people's passes combined."""
        for each_id, passes in self.passes.items():
            section = self.tree.sections[each_id]
            count, n = len(passes), COMBINED_PEOPLE
            if count == 0:
                continue
            whom = "people" if section.about == "person" else "recipients"
            reason = (f"the questions asked once per {section.about} are listed for one "
                      f"{section.about} at a time ({count} routes, under “{section.each.text}”"
                      f"); a decision about {n} {whom} combines {n} of them, {count}^{n} = "
                      f"{count ** n:,} ways, which the table does not list (each is made of "
                      "routes it does list)")
            self.omitted[each_id] = Omission(each_id, section.each.text, count, count ** n,
                                             reason)
