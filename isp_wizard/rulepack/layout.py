"""A layered (Sugiyama-style) drawing of a tree: where each box, edge and answer label goes.

A pure function of the tree, with no Qt, so the SVG writer, the PNG export and the GUI's tree map
all draw the same picture. The steps are the classic ones:

1. rank the nodes by longest path from the roots (back edges of a loop are turned round);
2. give every edge its own label layer between two node layers, and break long edges into
   chains of virtual points, so labels are laid out like small boxes and never sit on each other;
3. order each layer by barycentre sweeps, keeping the order with the fewest crossings;
4. place each layer's boxes as close as possible to the mean of their neighbours, subject to a
   minimum gap (an isotonic regression, so boxes in a layer can never overlap).

Text sizes are estimated from character counts with a generous average width, so the boxes fit
the text in any ordinary sans-serif font.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from isp_wizard.rulepack.conditions import ConditionVisitor
from isp_wizard.rulepack.models import (
    AllOf,
    AnswerIs,
    AnyOf,
    Condition,
    NotOf,
    PartnerHas,
    ThisHas,
    Tree,
)
from isp_wizard.rulepack.nodes import AnyNode, compile_node

FONT_SIZE = 13.0
LABEL_FONT_SIZE = 11.5
CHAR_WIDTH = 0.6  # of the font size: generous for DejaVu Sans / Arial / Segoe UI
LINE_HEIGHT = 1.35
WRAP_CHARS = 30
LABEL_WRAP_CHARS = 22
MAX_LINES = 5
PAD_X = 10.0
PAD_Y = 8.0
NODE_GAP = 28.0  # least horizontal gap between two boxes in a layer
LAYER_GAP = 16.0  # vertical gap between a node layer and a label layer
MARGIN = 24.0
SWEEPS = 12


@dataclass(frozen=True)
class NodeBox:
    """A node's box; ``x`` and ``y`` are its top-left corner."""

    id: str
    kind: str
    decision: str | None
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    emergency: bool = False

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def overlaps(self, other: NodeBox) -> bool:
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)


@dataclass(frozen=True)
class EdgePath:
    """An edge drawn as a polyline from the bottom of ``source`` to the top of ``target``."""

    source: str
    target: str
    label: str
    label_lines: tuple[str, ...]
    points: tuple[tuple[float, float], ...]
    label_box: tuple[float, float, float, float] | None  # x, y, width, height
    via: str


@dataclass(frozen=True)
class Layout:
    tree_id: str
    title: str
    nodes: dict[str, NodeBox]
    edges: tuple[EdgePath, ...]
    width: float
    height: float
    font_size: float = FONT_SIZE
    label_font_size: float = LABEL_FONT_SIZE

    @property
    def line_height(self) -> float:
        return self.font_size * LINE_HEIGHT

    @property
    def label_line_height(self) -> float:
        return self.label_font_size * LINE_HEIGHT


# --- text -------------------------------------------------------------------------------------


def wrap(text: str, width: int, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return tuple(lines)


def text_width(lines: tuple[str, ...], font_size: float) -> float:
    return max((len(line) for line in lines), default=0) * font_size * CHAR_WIDTH


class Describe(ConditionVisitor[str]):
    """A short plain reading of a branch condition, for an edge label."""

    def answer(self, cond: AnswerIs) -> str:
        if cond.includes is not None:
            return f"{cond.answer_of} includes {cond.includes}"
        if cond.in_ is not None:
            return f"{cond.answer_of} is {' or '.join(cond.in_)}"
        return f"{cond.answer_of} is {cond.is_}"

    def partner(self, cond: PartnerHas) -> str:
        is_ = cond.is_
        value = "unknown" if is_ is None else ("yes" if is_ else "no") if isinstance(is_, bool) \
            else is_
        return f"{cond.partner_of} {cond.attribute.replace('_', ' ')}: {value}"

    def this_has(self, cond: ThisHas) -> str:
        value = " or ".join(cond.in_) if cond.in_ is not None else \
            ("yes" if cond.is_ else "no") if isinstance(cond.is_, bool) else str(cond.is_)
        return f"this {cond.this}'s {cond.attribute.replace('_', ' ')} is {value}"

    def all_of(self, cond: AllOf) -> str:
        return " and ".join(self.visit(c) for c in cond.all)

    def any_of(self, cond: AnyOf) -> str:
        return " or ".join(self.visit(c) for c in cond.any)

    def not_of(self, cond: NotOf) -> str:
        return f"not ({self.visit(cond.not_)})"


def describe(cond: Condition) -> str:
    """A short plain reading of a branch condition, for an edge label."""
    return Describe().visit(cond)


@dataclass
class _Edge:
    source: str
    target: str
    labels: list[str]
    via: str
    reversed: bool = False


def _tree_edges(compiled: list[AnyNode]) -> list[_Edge]:
    """The tree's edges, one per (source, target) pair, with the answers that take it."""
    known = {n.id for n in compiled}
    merged: dict[tuple[str, str], _Edge] = {}
    for node in compiled:
        has_choices = bool(node.answers)
        branches = node.branches
        for edge in node.edges():
            if edge.target not in known or edge.target == edge.source:
                continue
            if edge.via == "branch":
                index = int(edge.label.split()[-1]) - 1
                label = "if " + describe(branches[index].when)
            elif edge.via == "next":
                label = "otherwise" if has_choices or branches else ""
            else:
                label = edge.label
            key = (edge.source, edge.target)
            if key in merged:
                if label and label not in merged[key].labels:
                    merged[key].labels.append(label)
            else:
                merged[key] = _Edge(edge.source, edge.target, [label] if label else [], edge.via)
    return list(merged.values())


# --- the layout -------------------------------------------------------------------------------


@dataclass
class _Vertex:
    key: str
    width: float
    height: float
    real: bool
    x: float = 0.0
    ups: list[str] = field(default_factory=list)
    downs: list[str] = field(default_factory=list)


def layout_tree(tree: Tree) -> Layout:
    """Lay out ``tree`` top to bottom, the start node at the top."""
    compiled = [compile_node(n) for n in tree.nodes]
    order = _dfs_order(tree.start, compiled)
    tree_edges = _tree_edges(compiled)
    _turn_back_edges(order, tree_edges)
    rank = _ranks(order, tree_edges)

    vertices: dict[str, _Vertex] = {}
    layers: dict[int, list[str]] = defaultdict(list)
    boxes_text: dict[str, tuple[str, ...]] = {}
    for node_id in order:
        node = next(n for n in compiled if n.id == node_id)
        lines = wrap(node.text, WRAP_CHARS)
        boxes_text[node_id] = lines
        width = max(text_width(lines, FONT_SIZE), 60.0) + 2 * PAD_X
        height = len(lines) * FONT_SIZE * LINE_HEIGHT + 2 * PAD_Y
        vertices[node_id] = _Vertex(node_id, width, height, True)
        layers[2 * rank[node_id]].append(node_id)

    chains: list[tuple[_Edge, list[str], tuple[str, ...]]] = []
    for number, edge in enumerate(tree_edges):
        top, bottom = (edge.target, edge.source) if edge.reversed else (edge.source, edge.target)
        label_lines = wrap(" / ".join(edge.labels), LABEL_WRAP_CHARS, 3) if edge.labels else ()
        chain = [top]
        for layer in range(2 * rank[top] + 1, 2 * rank[bottom]):
            key = f"\0{number}:{layer}"
            if layer == 2 * rank[top] + 1 and label_lines:
                width = text_width(label_lines, LABEL_FONT_SIZE) + 8
                height = len(label_lines) * LABEL_FONT_SIZE * LINE_HEIGHT + 4
            else:
                width, height = 6.0, 0.0
            vertices[key] = _Vertex(key, width, height, False)
            layers[layer].append(key)
            chain.append(key)
        chain.append(bottom)
        for upper, lower in itertools.pairwise(chain):
            vertices[upper].downs.append(lower)
            vertices[lower].ups.append(upper)
        chains.append((edge, chain, label_lines))

    depth = max(layers) + 1 if layers else 0
    rows = [layers.get(i, []) for i in range(depth)]
    rows = _order_layers(rows, vertices)
    ys = _layer_tops(rows, vertices)
    _place(rows, vertices)
    _straighten(rows, vertices, [chain[1:-1] for _, chain, _ in chains])

    left = min((v.x - v.width / 2 for v in vertices.values()), default=0.0)
    shift = MARGIN - left
    for vertex in vertices.values():
        vertex.x += shift
    width = max((v.x + v.width / 2 for v in vertices.values()), default=0.0) + MARGIN
    height = (ys[-1] + max((vertices[k].height for k in rows[-1]), default=0.0) + MARGIN
              if rows else 2 * MARGIN)

    layer_of = {key: i for i, row in enumerate(rows) for key in row}
    nodes: dict[str, NodeBox] = {}
    for node in compiled:
        v = vertices[node.id]
        nodes[node.id] = NodeBox(
            id=node.id, kind=node.kind,
            decision=node.decision,
            lines=boxes_text[node.id], x=v.x - v.width / 2, y=ys[layer_of[node.id]],
            width=v.width, height=v.height,
            emergency=node.emergency)
    paths = [_edge_path(edge, chain, label_lines, vertices, nodes, ys, layer_of)
             for edge, chain, label_lines in chains]
    return Layout(tree.id, tree.title, nodes, tuple(paths), width, height)


def _dfs_order(start: str, compiled: list[AnyNode]) -> list[str]:
    """Nodes in depth-first order from the start, answers in the order written; then the rest."""
    node_ids = [n.id for n in compiled]
    succ = {n.id: [e.target for e in n.edges() if e.target in node_ids] for n in compiled}
    seen: list[str] = []
    seen_set: set[str] = set()
    for root in [start, *node_ids]:
        if root in seen_set or root not in succ:
            continue
        stack = [root]
        while stack:
            node_id = stack.pop()
            if node_id in seen_set:
                continue
            seen.append(node_id)
            seen_set.add(node_id)
            stack.extend(reversed([t for t in succ[node_id] if t not in seen_set]))
    return seen


def _turn_back_edges(order: list[str], tree_edges: list[_Edge]) -> None:
    """Mark the edges that close a loop (lint forbids loops, but a map must still draw)."""
    succ: dict[str, list[_Edge]] = defaultdict(list)
    for edge in tree_edges:
        succ[edge.source].append(edge)
    state: dict[str, int] = {}
    for root in order:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node_id, it = stack[-1]
            step = next(it, None)
            if step is None:
                state[node_id] = 2
                stack.pop()
            elif state.get(step.target) == 1:
                step.reversed = True
            elif step.target not in state:
                state[step.target] = 1
                stack.append((step.target, iter(succ[step.target])))


def _ranks(order: list[str], tree_edges: list[_Edge]) -> dict[str, int]:
    """Longest-path ranks over the edges as turned: every edge points down at least one rank."""
    preds: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(order, 0)
    succ: dict[str, list[str]] = defaultdict(list)
    for edge in tree_edges:
        a, b = (edge.target, edge.source) if edge.reversed else (edge.source, edge.target)
        preds[b].append(a)
        succ[a].append(b)
        indegree[b] += 1
    rank: dict[str, int] = {}
    ready = [n for n in order if indegree[n] == 0]
    while ready:
        node_id = ready.pop(0)
        rank[node_id] = max((rank[p] + 1 for p in preds[node_id]), default=0)
        for nxt in succ[node_id]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    for node_id in order:  # only if turning failed to remove a loop
        rank.setdefault(node_id, 0)
    return rank


def _crossings(upper: list[str], lower: list[str], vertices: dict[str, _Vertex]) -> int:
    position = {key: i for i, key in enumerate(lower)}
    pairs = [(i, position[d]) for i, key in enumerate(upper) for d in vertices[key].downs
             if d in position]
    count = 0
    for a in range(len(pairs)):
        for b in range(a + 1, len(pairs)):
            (u1, l1), (u2, l2) = pairs[a], pairs[b]
            if (u1 - u2) * (l1 - l2) < 0:
                count += 1
    return count


def _total_crossings(rows: list[list[str]], vertices: dict[str, _Vertex]) -> int:
    return sum(_crossings(rows[i], rows[i + 1], vertices) for i in range(len(rows) - 1))


def _order_layers(rows: list[list[str]], vertices: dict[str, _Vertex]) -> list[list[str]]:
    best = [list(r) for r in rows]
    best_count = _total_crossings(best, vertices)
    current = [list(r) for r in rows]
    for sweep in range(SWEEPS):
        down = sweep % 2 == 0
        indices = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        for i in indices:
            fixed = current[i - 1] if down else current[i + 1]
            position = {key: p for p, key in enumerate(fixed)}

            def barycentre(key: str, index: int, position: dict[str, int] = position,
                           down: bool = down) -> float:
                v = vertices[key]
                links = [position[k] for k in (v.ups if down else v.downs) if k in position]
                return sum(links) / len(links) if links else float(index)

            row = current[i]
            row[:] = [k for _, k in sorted(((barycentre(k, j), j), k)
                                           for j, k in enumerate(row))]
        count = _total_crossings(current, vertices)
        if count < best_count:
            best, best_count = [list(r) for r in current], count
        if best_count == 0:
            break
    return best


def _layer_tops(rows: list[list[str]], vertices: dict[str, _Vertex]) -> list[float]:
    ys: list[float] = []
    y = MARGIN
    for row in rows:
        ys.append(y)
        height = max((vertices[k].height for k in row), default=0.0)
        y += height + LAYER_GAP
    return ys


def _place(rows: list[list[str]], vertices: dict[str, _Vertex]) -> None:
    """Horizontal centres: each box pulled towards its neighbours, never closer than NODE_GAP."""
    for row in rows:
        x = 0.0
        for i, key in enumerate(row):
            if i:
                x += _gap(vertices[row[i - 1]], vertices[key])
            vertices[key].x = x
    for sweep in range(8):
        down = sweep % 2 == 0
        indices = range(1, len(rows)) if down else range(len(rows) - 2, -1, -1)
        for i in indices:
            row = rows[i]
            wanted = []
            for key in row:
                v = vertices[key]
                links = v.ups if down else v.downs
                others = v.downs if down else v.ups
                pulls = [vertices[k].x for k in links] or [vertices[k].x for k in others]
                wanted.append(sum(pulls) / len(pulls) if pulls else v.x)
            for key, x in zip(row, _pack(row, wanted, vertices), strict=True):
                vertices[key].x = x
    for _ in range(2):  # settle: each box between the boxes above and below it
        for row in rows:
            wanted = []
            for key in row:
                v = vertices[key]
                pulls = [vertices[k].x for k in v.ups + v.downs]
                wanted.append(sum(pulls) / len(pulls) if pulls else v.x)
            for key, x in zip(row, _pack(row, wanted, vertices), strict=True):
                vertices[key].x = x


def _straighten(rows: list[list[str]], vertices: dict[str, _Vertex],
                chains: list[list[str]]) -> None:
    """Line up the virtual points of each long edge where that crowds no neighbour."""
    where = {key: (i, j) for i, row in enumerate(rows) for j, key in enumerate(row)}
    for chain in chains:
        start = 0
        while start < len(chain) - 1:  # the longest vertical run from here, then the next
            best, best_x = start + 1, vertices[chain[start]].x
            for x in sorted({vertices[k].x for k in chain[start:]}):
                end = start
                while end < len(chain) and _fits(rows, vertices, where[chain[end]], x):
                    end += 1
                if end > best:
                    best, best_x = end, x
            for key in chain[start:best]:
                vertices[key].x = best_x
            start = best


def _fits(rows: list[list[str]], vertices: dict[str, _Vertex], at: tuple[int, int],
          x: float) -> bool:
    i, j = at
    row, v = rows[i], vertices[rows[i][j]]
    if j > 0 and x - vertices[row[j - 1]].x < _gap(vertices[row[j - 1]], v) - 0.01:
        return False
    return not (j + 1 < len(row) and vertices[row[j + 1]].x - x < _gap(v, vertices[row[j + 1]]) - 0.01)


def _gap(a: _Vertex, b: _Vertex) -> float:
    gap = NODE_GAP if a.real or b.real else 10.0
    return a.width / 2 + b.width / 2 + gap


def _pack(row: list[str], wanted: list[float], vertices: dict[str, _Vertex]) -> list[float]:
    """The positions nearest ``wanted`` (least squares) that keep the row's order and gaps."""
    offsets = [0.0]
    for i in range(1, len(row)):
        offsets.append(offsets[-1] + _gap(vertices[row[i - 1]], vertices[row[i]]))
    targets = [w - o for w, o in zip(wanted, offsets, strict=True)]
    blocks: list[list[float]] = []  # [mean, count]
    for t in targets:  # pool adjacent violators: the best non-decreasing fit
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    fitted: list[float] = []
    for mean, count in blocks:
        fitted += [mean] * int(count)
    return [f + o for f, o in zip(fitted, offsets, strict=True)]


def _edge_path(edge: _Edge, chain: list[str], label_lines: tuple[str, ...],
               vertices: dict[str, _Vertex], nodes: dict[str, NodeBox], ys: list[float],
               layer_of: dict[str, int]) -> EdgePath:
    top, bottom = nodes[chain[0]], nodes[chain[-1]]
    points = [(vertices[chain[0]].x, top.y + top.height)]
    layer_bottom = ys[layer_of[chain[0]] + 1] - LAYER_GAP
    if layer_bottom > points[0][1]:  # a shorter box: drop clear of its taller neighbours first
        points.append((points[0][0], layer_bottom))
    label_box = None
    for key in chain[1:-1]:
        v = vertices[key]
        layer = layer_of[key]
        y_top = ys[layer]
        if label_lines and label_box is None:
            label_box = (v.x - v.width / 2, y_top, v.width, v.height)
        points.append((v.x, y_top))
        points.append((v.x, ys[layer + 1] - LAYER_GAP))
    points.append((vertices[chain[-1]].x, bottom.y))
    if edge.reversed:
        points.reverse()
    return EdgePath(edge.source, edge.target, " / ".join(edge.labels), label_lines,
                    tuple(points), label_box, edge.via)
