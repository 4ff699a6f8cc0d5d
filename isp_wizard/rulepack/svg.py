"""A tree map as a standalone SVG: the layered layout drawn with boxes, arrows and a legend.

Only plain SVG elements are used (no markers, filters or CSS), so Qt's SVG renderer, browsers
and office software all draw it the same. Arrowheads are drawn as small triangles.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from isp_wizard.rulepack.layout import Layout, NodeBox, layout_tree
from isp_wizard.rulepack.models import Tree
from isp_wizard.vocabulary import OUTCOMES

FONT = "DejaVu Sans, Segoe UI, Arial, Helvetica, sans-serif"
DECISION_COLOURS = {t.key: t.colour for t in (*OUTCOMES, OUTCOMES.fallback)}
DECISION_NAMES = {t.key: t.short for t in (*OUTCOMES, OUTCOMES.fallback)}
INK = "#1d1d1f"
EDGE = "#55595f"
ROUTE = "#e07b00"
QUESTION_FILL = "#ffffff"
OTHER_FILL = "#eef1f5"
HEADER = 48.0
LEGEND = 44.0


def outcome_colour(decision: str | None) -> str:
    return OUTCOMES.colour(decision)


def route_edges(route: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(route))


def tree_svg(tree: Tree, route: Sequence[str] = (), current: str | None = None) -> str:
    return layout_svg(layout_tree(tree), route, current)


def layout_svg(layout: Layout, route: Sequence[str] = (), current: str | None = None) -> str:
    """The whole map; nodes in ``route`` and the edges between them are lit."""
    lit_nodes = set(route)
    lit_edges = route_edges(route)
    width = max(layout.width, legend_width(), len(layout.title) * 11.5 + 2 * MARGIN_X)
    height = layout.height + HEADER + LEGEND
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">',
        f"<title>{escape(layout.title)}</title>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        _text(layout.title, MARGIN_X, 30, 18, INK, bold=True),
        f'<g transform="translate(0,{HEADER:.0f})">',
    ]
    for edge in sorted(layout.edges, key=lambda e: (e.source, e.target) in lit_edges):
        lit = (edge.source, edge.target) in lit_edges
        colour = ROUTE if lit else EDGE
        stroke = 3.0 if lit else 1.4
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in edge.points)
        dash = ' stroke-dasharray="6,4"' if edge.via == "branch" else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                   f'stroke-width="{stroke}"{dash}/>')
        out.append(_arrow(edge.points, colour))
        if edge.label_box is not None:
            x, y, w, h = edge.label_box
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                       f'rx="3" fill="#ffffff" stroke="{colour}" stroke-width="0.8"/>')
            line_h = layout.label_line_height
            for i, line in enumerate(edge.label_lines):
                out.append(_text(line, x + w / 2, y + 2 + line_h * (i + 0.78),
                                 layout.label_font_size, INK, anchor="middle", bold=lit))
    for box in layout.nodes.values():
        out.extend(_node(box, layout, box.id in lit_nodes, box.id == current))
    out.append("</g>")
    out.extend(_legend(layout.height + HEADER + 12))
    out.append("</svg>")
    return "\n".join(out) + "\n"


MARGIN_X = 24.0


def _node(box: NodeBox, layout: Layout, lit: bool, current: bool) -> list[str]:
    outcome = box.kind == "outcome"
    fill = outcome_colour(box.decision) if outcome else (
        QUESTION_FILL if box.kind in ("question", "multi") else OTHER_FILL)
    ink = "#ffffff" if outcome else INK
    stroke = ROUTE if lit else ("#2b2b2b" if not outcome else fill)
    width = 4.5 if current else (3.0 if lit else 1.2)
    radius = 14 if outcome else 4
    dash = ' stroke-dasharray="5,3"' if box.kind == "info" and not lit else ""
    parts = [f'<g id={quoteattr("node-" + box.id)}>',
             f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
             f'height="{box.height:.1f}" rx="{radius}" fill="{fill}" stroke="{stroke}" '
             f'stroke-width="{width}"{dash}/>']
    line_h = layout.line_height
    top = box.y + (box.height - line_h * len(box.lines)) / 2
    for i, line in enumerate(box.lines):
        parts.append(_text(line, box.x + box.width / 2, top + line_h * (i + 0.78),
                           layout.font_size, ink, anchor="middle"))
    parts.append("</g>")
    return parts


def _arrow(points: Sequence[tuple[float, float]], colour: str) -> str:
    (x1, y1), (x2, y2) = points[-2], points[-1]
    for earlier in reversed(points[:-1]):
        if earlier != points[-1]:
            x1, y1 = earlier
            break
    angle = math.atan2(y2 - y1, x2 - x1)
    size = 9.0
    left = (x2 - size * math.cos(angle - 0.4), y2 - size * math.sin(angle - 0.4))
    right = (x2 - size * math.cos(angle + 0.4), y2 - size * math.sin(angle + 0.4))
    return (f'<polygon points="{x2:.1f},{y2:.1f} {left[0]:.1f},{left[1]:.1f} '
            f'{right[0]:.1f},{right[1]:.1f}" fill="{colour}"/>')


def legend_width() -> float:
    return MARGIN_X * 2 + 80 + sum(22 + len(name) * 7.2 + 18 for name in DECISION_NAMES.values())


def _legend(y: float) -> list[str]:
    parts = [_text("Outcomes:", MARGIN_X, y + 16, 12, INK, bold=True)]
    x = MARGIN_X + 80
    for decision, name in DECISION_NAMES.items():
        parts.append(f'<rect x="{x:.1f}" y="{y + 4:.1f}" width="16" height="16" rx="4" '
                     f'fill="{outcome_colour(decision)}"/>')
        parts.append(_text(name, x + 22, y + 16, 12, INK))
        x += 22 + len(name) * 7.2 + 18
    return parts


def _text(text: str, x: float, y: float, size: float, colour: str, *,
          anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} '
            f'font-size="{size:g}" fill="{colour}" text-anchor="{anchor}"{weight}>'
            f"{escape(text)}</text>")
