"""Checks a schema cannot make: ids that point nowhere, dead ends, loops, stale reviews.

Each check returns Problems; errors make a tree unusable (it is skipped), warnings and notes
are shown but the tree still loads. Notes list unconfirmed legal facts for ``--strict``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

from isp_wizard.rulepack.conditions import asked_about
from isp_wizard.rulepack.graph import find_cycles, reachable, steps_to_outcome
from isp_wizard.rulepack.grounds import gaps
from isp_wizard.rulepack.handoffs import handoff_problems
from isp_wizard.rulepack.nodes import LintContext, compile_node
from isp_wizard.rulepack.pack import LoadedTree, RulePack, display_path
from isp_wizard.rulepack.problems import Problem
from isp_wizard.rulepack.section_lint import nodes_before, section_problems
from isp_wizard.rulepack.yamlio import SCENARIO_KEY
from isp_wizard.vocabulary import RECORD_KINDS, SHARING_DECISIONS


def lint_pack(pack: RulePack, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    for loaded in pack.trees.values():
        problems += lint_tree(loaded, pack, today)
    problems += _lint_catalogues(pack)
    problems += _lint_scenarios(pack)
    problems += _lint_tree_links(pack)
    problems += handoff_problems(pack)
    return problems


def _lint_tree_links(pack: RulePack) -> list[Problem]:
    """Outcomes that continue with another tree (``start_tree``) must never lead back: a tree
    continuing with itself, or A with B and B with A, would walk the practitioner in circles."""
    links: dict[str, list[str]] = {}
    for tree_id, loaded in pack.trees.items():
        links[tree_id] = list(dict.fromkeys(o.start_tree for o in loaded.outcomes
                                            if o.start_tree and o.start_tree in pack.trees))
    problems: list[Problem] = []
    for cycle in find_cycles(links):
        for tree_id, target in itertools.pairwise(cycle):  # each tree in the loop
            loaded = pack.trees[tree_id]
            node = next((o.id for o in loaded.outcomes if o.start_tree == target), None)
            problems.append(Problem(loaded.display, loaded.line(node) if node else None,
                                    "the trees continue with each other in a loop: "
                                    + " -> ".join(cycle)))
    return problems


def lint_tree(loaded: LoadedTree, pack: RulePack, today: dt.date) -> list[Problem]:
    """Every problem of one tree: each node's own, then the shape of the whole."""

    def at(node_id: str | None, message: str, severity: str = "error") -> Problem:
        line = loaded.line(node_id) if node_id else None
        return Problem(loaded.display, line, message, severity)  # type: ignore[arg-type]

    tree = loaded.tree
    problems = [at(node_id, m) for node_id, m in _node_problems(loaded, pack)]
    graph = _graph(loaded)
    problems += (at(node_id, m) for node_id, m in _shape_problems(loaded, graph))
    before = nodes_before(graph) if loaded.sections and not find_cycles(graph) else None
    problems += (at(node_id, m) for node_id, m in section_problems(loaded, graph, before))
    problems += _outcome_kind_problems(loaded, at)
    if tree.record_kind == "decision":
        problems += _grounds_problems(loaded, pack, graph, at)
    review = tree.governance.next_review
    if review and review < today:
        problems.append(at(None, f"tree {tree.id!r} was due for review on {review.isoformat()}",
                           "warning"))
    return problems


def _node_problems(loaded: LoadedTree, pack: RulePack) -> Iterator[tuple[str | None, str]]:
    """Repeated ids, a missing start, and what each node finds wrong with itself."""
    seen: set[str] = set()
    for spec in loaded.tree.nodes:
        if spec.id in seen:
            yield spec.id, f"duplicate node id {spec.id!r}"
        seen.add(spec.id)
    if loaded.tree.start not in loaded.nodes:
        yield None, f"start node {loaded.tree.start!r} does not exist"
    ctx = LintContext(nodes=loaded.compiled, references=pack.references,
                      contacts=pack.contacts, partners=pack.partners,
                      trees=set(pack.trees) | set(pack.skipped))
    for spec in loaded.tree.nodes:
        node = compile_node(spec)
        for edge in node.edges():
            if edge.target not in loaded.nodes:
                yield node.id, f"node {node.id!r} leads to unknown node {edge.target!r}"
        yield from ((node.id, m) for m in node.problems(ctx))


def _graph(loaded: LoadedTree) -> dict[str, list[str]]:
    """As ``graph.successors``, but every node listed, repeated ids too."""
    targets: dict[str, dict[str, None]] = {}  # ordered sets: a node may have very many edges
    for spec in loaded.tree.nodes:
        seen = targets.setdefault(spec.id, {})
        for edge in compile_node(spec).edges():
            if edge.target in loaded.nodes:
                seen.setdefault(edge.target)
    return {node_id: list(seen) for node_id, seen in targets.items()}


def _shape_problems(loaded: LoadedTree,
                    graph: dict[str, list[str]]) -> Iterator[tuple[str | None, str]]:
    """Nodes no route reaches, nodes no route leaves for an outcome, loops, blind conditions."""
    tree = loaded.tree
    if tree.start in graph:
        reached = reachable(tree.start, graph)
        for node in tree.nodes:
            if node.id not in reached:
                yield node.id, f"node {node.id!r} cannot be reached from the start"
    can_finish = set(steps_to_outcome(loaded.compiled.values(), graph))
    for node in tree.nodes:
        if node.id not in can_finish:
            yield node.id, f"no route from {node.id!r} reaches an outcome"
    cycles = find_cycles(graph)
    for cycle in cycles:
        yield cycle[0], "the route loops: " + " -> ".join(cycle)
    if not cycles:
        for node_id, asked in _conditions_never_seeing(loaded, graph):
            yield node_id, f"a condition at {node_id!r} asks about {asked!r}, which no route " \
                           "passes before it: it can never see that answer"


def _outcome_kind_problems(loaded: LoadedTree, at: Callable[..., Problem]) -> list[Problem]:
    """A tree's outcomes speak its record kind's vocabulary (a breach is not 'share'), and a
    breach tree's clock names nodes that exist."""
    kind = loaded.tree.record_kind
    allowed = RECORD_KINDS.get(kind).outcomes
    problems = []
    for node in loaded.compiled.values():
        outcome = node.outcome
        if outcome is not None and outcome.decision and allowed is not None \
                and outcome.decision not in allowed:
            problems.append(at(node.id, f"outcome {node.id!r} reaches {outcome.decision!r}, "
                                        f"which a {kind} record cannot: use one of "
                                        + ", ".join(allowed.keys())))
    clock = loaded.tree.breach_clock
    if clock is not None:
        for node_id in (clock.date, clock.time):
            if node_id and node_id not in loaded.nodes:
                problems.append(at(None, f"breach_clock names unknown node {node_id!r}"))
    return problems


def _grounds_problems(loaded: LoadedTree, pack: RulePack, graph: dict[str, list[str]],
                      at: Callable[..., Problem]) -> list[Problem]:
    """Routes to a share outcome without a lawful basis, or with special category or criminal
    offence data but no condition (see ``rulepack.grounds``); grounds on an outcome that shares
    nothing, which no record prints."""
    problems = []
    for node in loaded.compiled.values():
        outcome = node.outcome
        if outcome is not None and outcome.grounds and outcome.decision not in SHARING_DECISIONS:
            problems.append(at(node.id, f"outcome {node.id!r} decides "
                                        f"{outcome.decision or 'to continue'!r}, which shares "
                                        "nothing, but names grounds: they are not printed (cite "
                                        "what explains the decision in 'refs')", "warning"))
    if find_cycles(graph):
        return problems  # reported already; the routes cannot be searched
    found = gaps(loaded, pack.partners, graph, SHARING_DECISIONS)
    if found is None:
        return [*problems, at(None, "the tree has too many routes to check its legal grounds",
                              "warning")]
    return problems + [at(gap.outcome, f"{_what(loaded, gap.outcome)} {gap.outcome!r} shares, "
                                       f"but a route to it {gap.message}: "
                                       + ", ".join(gap.route))
                       for gap in found]


def _what(loaded: LoadedTree, node_id: str) -> str:
    node = loaded.compiled.get(node_id)
    return "end" if node is not None and node.end is not None else "outcome"


def _conditions_never_seeing(loaded: LoadedTree,
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
    for spec in loaded.tree.nodes:
        for branch in compile_node(spec).branches:
            for asked in dict.fromkeys(asked_about(branch.when)):
                if asked != spec.id and asked in bit and not before[spec.id] & bit[asked]:
                    yield spec.id, asked


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


def placeholder_contacts(pack: RulePack) -> list[Problem]:
    """Contacts still marked as placeholders, as notes (``rules validate --strict`` lists them:
    a record naming one says so, and ``require_approved_rules`` refuses it)."""
    return [Problem(display_path(pack.root, pack.root / "contacts.yaml"),
                    pack.catalogue_lines.get("contacts", {}).get(contact.id),
                    f"contact {contact.id!r} ({contact.role}) is a placeholder: give the real "
                    "person or service and set placeholder: false", "note")
            for contact in pack.contacts.values() if contact.placeholder]


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
            line = group.lines.get(SCENARIO_KEY + scenario.name)
            unknown = [t for t in scenario.then if t not in pack.trees and t not in pack.skipped]
            if unknown:
                problems.append(Problem(group.display, line, f"scenario {scenario.name!r} "
                                        f"gives answers for unknown tree {unknown[0]!r}"))
            # with answers for later trees, the walk ends in the last of them
            last = pack.trees.get(list(scenario.then)[-1]) if scenario.then else loaded
            if last is None:
                continue
            expected = last.compiled.get(scenario.expected)
            if expected is None or not expected.is_outcome:
                problems.append(Problem(group.display, line, f"scenario {scenario.name!r} "
                                        f"expects {scenario.expected!r}, not an outcome of "
                                        f"{last.id!r}"))
    return problems
