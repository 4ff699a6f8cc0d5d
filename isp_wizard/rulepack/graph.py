"""A tree's static shape: which node can lead to which, how far each node is from an outcome,
and where the route loops. Drawings of it are in ``rulepack/export.py`` and ``svg.py``."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from isp_wizard.rulepack.models import Node, Tree
from isp_wizard.rulepack.nodes import AnyNode, Edge, compile_node


def edges(node: Node) -> Iterator[Edge]:
    """Every way out of ``node``: its answers' ``next``, its branches, its default ``next``."""
    return compile_node(node).edges()


def successors(tree: Tree | Iterable[AnyNode]) -> dict[str, list[str]]:
    """Each node's distinct next nodes (ids that name no node left out)."""
    nodes = compiled_nodes(tree)
    known = {n.id for n in nodes}
    result: dict[str, list[str]] = {}
    for node in nodes:
        targets = [e.target for e in node.edges() if e.target in known]
        result[node.id] = list(dict.fromkeys(targets))
    return result


def compiled_nodes(tree: Tree | Iterable[AnyNode]) -> list[AnyNode]:
    """The node objects of a tree definition, or the node objects given."""
    if isinstance(tree, Tree):
        return [compile_node(n) for n in tree.nodes]
    return list(tree)


def reachable(start: str, graph: dict[str, list[str]]) -> set[str]:
    seen = {start} if start in graph else set()
    queue = deque(seen)
    while queue:
        for nxt in graph[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def reverse(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    back: dict[str, list[str]] = {n: [] for n in graph}
    for source, targets in graph.items():
        for target in targets:
            back[target].append(source)
    return back


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle (as a list of node ids) per strongly connected loop, found without recursion."""
    colour: dict[str, int] = dict.fromkeys(graph, 0)  # 0 new, 1 on stack, 2 done
    cycles: list[list[str]] = []
    for root in graph:
        if colour[root]:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
            elif colour[child] == 0:
                colour[child] = 1
                stack.append((child, iter(graph[child])))
            elif colour[child] == 1:
                path = [n for n, _ in stack]
                cycles.append([*path[path.index(child):], child])
    return cycles


def steps_to_outcome(tree: Tree | Iterable[AnyNode],
                     graph: dict[str, list[str]] | None = None) -> dict[str, int]:
    """For each node, the fewest steps still needed to reach an outcome (for progress bars);
    inside a repeated section, to the end of the section.

    ``graph`` is ``successors(tree)`` when the caller has it already (lint does).
    """
    nodes = compiled_nodes(tree)
    graph = successors(nodes) if graph is None else graph
    back = reverse(graph)
    dist = {n.id: 0 for n in nodes if n.is_outcome or n.end is not None}
    queue = deque(dist)
    while queue:
        node = queue.popleft()
        for prev in back[node]:
            if prev not in dist:
                dist[prev] = dist[node] + 1
                queue.append(prev)
    return dist


def most_steps_to_outcome(tree: Tree | Iterable[AnyNode],
                          graph: dict[str, list[str]] | None = None) -> dict[str, int]:
    """For each node, the most steps an outcome can still be away: a progress bar measured
    against it never goes backwards (each answer takes at least one step off)."""
    nodes = compiled_nodes(tree)
    graph = successors(nodes) if graph is None else graph
    outcomes = {n.id for n in nodes if n.is_outcome or n.end is not None}
    most: dict[str, int] = {}

    def visit(node: str, seen: frozenset[str]) -> int:
        if node in most:
            return most[node]
        if node in outcomes:
            most[node] = 0
            return 0
        further = [visit(child, seen | {node}) for child in graph.get(node, [])
                   if child not in seen]
        most[node] = 1 + max(further, default=0)
        return most[node]

    for compiled in nodes:
        visit(compiled.id, frozenset())
    return most
