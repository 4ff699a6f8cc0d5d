"""A tree's static shape: which node can lead to which, and drawings of it as Mermaid or DOT."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from isp_wizard.rulepack.models import MultiNode, Node, OutcomeNode, QuestionNode, Tree
from isp_wizard.vocabulary import DECISIONS


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    via: str  # "answer", "branch" or "next"


def edges(node: Node) -> Iterator[Edge]:
    """Every way out of ``node``: its answers' ``next``, its branches, its default ``next``."""
    if isinstance(node, OutcomeNode):
        return
    if isinstance(node, QuestionNode | MultiNode):
        for answer in node.answers:
            if answer.next:
                yield Edge(node.id, answer.next, answer.label, "answer")
    for index, branch in enumerate(node.branches, start=1):
        yield Edge(node.id, branch.next, f"condition {index}", "branch")
    if node.next:
        yield Edge(node.id, node.next, "", "next")


def successors(tree: Tree) -> dict[str, list[str]]:
    known = {n.id for n in tree.nodes}
    result: dict[str, list[str]] = {}
    for node in tree.nodes:
        targets = [e.target for e in edges(node) if e.target in known]
        result[node.id] = list(dict.fromkeys(targets))
    return result


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


def steps_to_outcome(tree: Tree, graph: dict[str, list[str]] | None = None) -> dict[str, int]:
    """For each node, the fewest steps still needed to reach an outcome (for progress bars).

    ``graph`` is ``successors(tree)`` when the caller has it already (lint does).
    """
    graph = successors(tree) if graph is None else graph
    back = reverse(graph)
    dist = {n.id: 0 for n in tree.nodes if isinstance(n, OutcomeNode)}
    queue = deque(dist)
    while queue:
        node = queue.popleft()
        for prev in back[node]:
            if prev not in dist:
                dist[prev] = dist[node] + 1
                queue.append(prev)
    return dist


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_mermaid(tree: Tree) -> str:
    lines = ["flowchart TD"]
    for node in tree.nodes:
        label = _short(node.text).replace('"', "'")
        if isinstance(node, OutcomeNode):
            lines.append(f'  {_mid(node.id)}(["{label}"])')
            colour = DECISIONS.colour(node.decision)
            lines.append(f"  style {_mid(node.id)} fill:{colour},color:#ffffff")
        else:
            lines.append(f'  {_mid(node.id)}["{label}"]')
    for node in tree.nodes:
        for edge in edges(node):
            label = _short(edge.label, 30).replace('"', "'").replace("|", "/")
            arrow = f"-->|{label}|" if label else "-->"
            lines.append(f"  {_mid(edge.source)} {arrow} {_mid(edge.target)}")
    return "\n".join(lines) + "\n"


def _mid(node_id: str) -> str:
    return "n_" + node_id.replace("-", "_").replace(".", "_")


def to_dot(tree: Tree) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"digraph {q(tree.id)} {{", "  rankdir=TB;", "  node [fontname=\"DejaVu Sans\"];"]
    for node in tree.nodes:
        if isinstance(node, OutcomeNode):
            colour = DECISIONS.colour(node.decision)
            lines.append(f"  {q(node.id)} [label={q(_short(node.text))}, shape=box, "
                         f"style=\"rounded,filled\", fillcolor={q(colour)}, fontcolor=white];")
        else:
            lines.append(f"  {q(node.id)} [label={q(_short(node.text))}, shape=box];")
    for node in tree.nodes:
        for edge in edges(node):
            lines.append(f"  {q(edge.source)} -> {q(edge.target)} [label={q(_short(edge.label, 30))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
