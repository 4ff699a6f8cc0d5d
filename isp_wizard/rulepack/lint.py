"""Checks a schema cannot make: ids that point nowhere, dead ends, loops, stale reviews.

Each check returns Problems; errors make a tree unusable (it is skipped), warnings and notes
are shown but the tree still loads. Notes list unconfirmed legal facts for ``--strict``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isp_wizard.rulepack.conditions import Collect, asked_about
from isp_wizard.rulepack.graph import (
    edges,
    find_cycles,
    reachable,
    steps_to_outcome,
)
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AnswerIs,
    Condition,
    MultiNode,
    Node,
    OutcomeNode,
    PartnerHas,
    PartnerNode,
    QuestionNode,
)
from isp_wizard.rulepack.pack import LoadedTree, RulePack, display_path
from isp_wizard.rulepack.problems import Problem
from isp_wizard.rulepack.yamlio import SCENARIO_KEY
from isp_wizard.vocabulary import SHARING_DECISIONS


def lint_pack(pack: RulePack, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    for loaded in pack.trees.values():
        problems += lint_tree(loaded, pack, today)
    problems += _lint_catalogues(pack)
    problems += _lint_scenarios(pack)
    return problems


def lint_tree(loaded: LoadedTree, pack: RulePack, today: dt.date) -> list[Problem]:
    tree = loaded.tree

    def at(node_id: str | None, message: str, severity: str = "error") -> Problem:
        line = loaded.line(node_id) if node_id else None
        return Problem(loaded.display, line, message, severity)  # type: ignore[arg-type]

    problems: list[Problem] = []
    seen: set[str] = set()
    for node in tree.nodes:
        if node.id in seen:
            problems.append(at(node.id, f"duplicate node id {node.id!r}"))
        seen.add(node.id)
    nodes = loaded.nodes
    if tree.start not in nodes:
        problems.append(at(None, f"start node {tree.start!r} does not exist"))

    graph: dict[str, list[str]] = {}  # as graph.successors(tree), from one pass over edges
    for node in tree.nodes:
        targets = graph.setdefault(node.id, [])
        for edge in edges(node):
            if edge.target not in nodes:
                problems.append(at(node.id, f"node {node.id!r} leads to unknown node "
                                            f"{edge.target!r}"))
            elif edge.target not in targets:
                targets.append(edge.target)
        problems += (at(node.id, m) for m in _unknown_ids(node, pack))
        if isinstance(node, QuestionNode | MultiNode):
            if not node.answers:
                problems.append(at(node.id, f"question {node.id!r} has no answers"))
            if isinstance(node, MultiNode) and node.min_choices > len(node.answers):
                problems.append(at(node.id, f"question {node.id!r} asks for at least "
                                            f"{node.min_choices} choices but offers "
                                            f"{len(node.answers)}"))
            values = [a.value for a in node.answers]
            for dup in {v for v in values if values.count(v) > 1}:
                problems.append(at(node.id, f"question {node.id!r} has answer {dup!r} twice"))
            if not node.next:
                for answer in node.answers:
                    if not answer.next:
                        problems.append(at(node.id, f"answer {answer.value!r} of {node.id!r} "
                                                    "leads nowhere (give it a 'next')"))
        elif not isinstance(node, OutcomeNode) and not node.next:
            problems.append(at(node.id, f"node {node.id!r} leads nowhere (give it a 'next')"))
        if not isinstance(node, OutcomeNode):
            for branch in node.branches:
                problems += (at(node.id, m) for m in _condition_problems(branch.when, loaded,
                                                                         pack))
        if isinstance(node, OutcomeNode):
            if node.decision in SHARING_DECISIONS and not node.legal_basis:
                problems.append(at(node.id, f"outcome {node.id!r} decides {node.decision!r} "
                                            "but names no legal_basis"))
            if node.start_tree and node.start_tree not in pack.trees \
                    and node.start_tree not in pack.skipped:
                problems.append(at(node.id, f"outcome {node.id!r} continues with unknown tree "
                                            f"{node.start_tree!r}"))

    if tree.start in graph:
        reached = reachable(tree.start, graph)
        for node in tree.nodes:
            if node.id not in reached:
                problems.append(at(node.id, f"node {node.id!r} cannot be reached from the start"))
    can_finish = set(steps_to_outcome(tree, graph))
    for node in tree.nodes:
        if node.id not in can_finish:
            problems.append(at(node.id, f"no route from {node.id!r} reaches an outcome"))
    cycles = find_cycles(graph)
    for cycle in cycles:
        problems.append(at(cycle[0], "the route loops: " + " -> ".join(cycle)))
    if not cycles:
        for node_id, asked in _conditions_never_seeing(tree.nodes, graph):
            problems.append(at(node_id, f"a condition at {node_id!r} asks about {asked!r}, "
                                        "which no route passes before it: it can never see "
                                        "that answer"))

    review = tree.governance.next_review
    if review and review < today:
        problems.append(at(None, f"tree {tree.id!r} was due for review on {review.isoformat()}",
                           "warning"))
    return problems


def _conditions_never_seeing(nodes: list[Node],
                             graph: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """Conditions see only the answers on the route so far: one about a node that no route
    passes before its own can never see that answer. Needs a graph without loops."""
    indegree = dict.fromkeys(graph, 0)
    for targets in graph.values():
        for target in targets:
            indegree[target] += 1
    bit = {node_id: 1 << i for i, node_id in enumerate(graph)}
    before = dict.fromkeys(graph, 0)  # a bit set: every node some route passes before this one
    ready = [n for n, d in indegree.items() if d == 0]
    while ready:  # in topological order, so a node's predecessors are complete when it is ready
        current = ready.pop()
        for target in graph[current]:
            before[target] |= before[current] | bit[current]
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    for node in nodes:
        for branch in getattr(node, "branches", ()):
            for asked in dict.fromkeys(asked_about(branch.when)):
                if asked != node.id and asked in bit and not before[node.id] & bit[asked]:
                    yield node.id, asked


def _unknown_ids(node, pack: RulePack) -> Iterator[str]:  # type: ignore[no-untyped-def]
    refs = list(node.refs)
    consult = list(node.consult)
    if isinstance(node, OutcomeNode):
        refs += node.legal_basis
    if isinstance(node, QuestionNode | MultiNode):
        for answer in node.answers:
            refs += answer.legal_basis
            consult += answer.consult
    for ref in dict.fromkeys(refs):
        if ref not in pack.references:
            yield f"node {node.id!r} cites unknown reference {ref!r}"
    for contact in dict.fromkeys(consult):
        if contact not in pack.contacts:
            yield f"node {node.id!r} names unknown contact {contact!r}"


def _condition_problems(cond: Condition, loaded: LoadedTree,
                        pack: RulePack | None = None) -> Iterator[str]:
    return ConditionProblems(loaded, pack).visit(cond)


class ConditionProblems(Collect[str]):
    """What is wrong with a condition: the nodes it asks about, and the values it tests for."""

    def __init__(self, loaded: LoadedTree, pack: RulePack | None) -> None:
        self.nodes = loaded.nodes
        self.partners = pack.partners if pack is not None else {}

    def answer(self, cond: AnswerIs) -> Iterator[str]:
        target = self.nodes.get(cond.answer_of)
        if target is None:
            yield f"a condition asks about unknown node {cond.answer_of!r}"
        elif isinstance(target, QuestionNode | MultiNode):
            values = {a.value for a in target.answers}
            wanted = cond.in_ if cond.in_ is not None else [cond.is_ or cond.includes or ""]
            for value in wanted:
                if value not in values:
                    yield f"a condition tests {cond.answer_of!r} for {value!r}, not one of its " \
                          "answers"
            if isinstance(target, MultiNode) and cond.is_ is not None:
                yield f"a condition tests several-choice question {cond.answer_of!r} with " \
                      "'is', which never holds; use 'includes' or 'in'"

    def partner(self, cond: PartnerHas) -> Iterator[str]:
        target = self.nodes.get(cond.partner_of)
        if not isinstance(target, PartnerNode):
            yield f"a condition asks for the partner chosen at {cond.partner_of!r}, which is " \
                  "not a partner question"
        if cond.attribute == "id" and cond.is_ != OTHER_PARTNER and cond.is_ not in self.partners:
            yield f"a condition tests for unknown partner {cond.is_!r}"


def _lint_catalogues(pack: RulePack) -> list[Problem]:
    problems: list[Problem] = []

    def at(catalogue: str, item_id: str, message: str, severity: str = "error") -> Problem:
        line = pack.catalogue_lines.get(catalogue, {}).get(item_id)
        return Problem(display_path(pack.root, pack.root / f"{catalogue}.yaml"), line, message,
                       severity)  # type: ignore[arg-type]

    for partner in pack.partners.values():
        for isa in partner.isas:
            if isa not in pack.isas:
                problems.append(at("partners", partner.id,
                                   f"partner {partner.id!r} names unknown ISA {isa!r}"))
        if not partner.confirmed:
            problems.append(at("partners", partner.id, f"partner {partner.id!r}: s115 status "
                               f"not confirmed ({partner.s115_source or 'no source'})", "note"))
    for agreement in pack.isas.values():
        for party in agreement.parties:
            if party not in pack.partners:
                problems.append(at("isas", agreement.id,
                                   f"ISA {agreement.id!r} names unknown partner {party!r}"))
    for ref in pack.references.values():
        if not ref.confirmed:
            problems.append(at("references", ref.id, f"reference {ref.id!r} is not confirmed: "
                               f"{ref.note or ref.title}", "note"))
    return problems


def _lint_scenarios(pack: RulePack) -> list[Problem]:
    problems: list[Problem] = []
    for group in pack.scenario_sets:
        loaded = pack.trees.get(group.tree)
        if loaded is None:
            if group.tree not in pack.skipped:
                problems.append(Problem(group.display, None,
                                        f"scenarios are for unknown tree {group.tree!r}"))
            continue
        for scenario in group.scenarios:
            expected = loaded.nodes.get(scenario.expected)
            if not isinstance(expected, OutcomeNode):
                line = group.lines.get(SCENARIO_KEY + scenario.name)
                problems.append(Problem(group.display, line, f"scenario {scenario.name!r} "
                                        f"expects {scenario.expected!r}, not an outcome of "
                                        f"{group.tree!r}"))
    return problems
