"""The monitoring report's charts, drawn with reportlab's own graphics: a horizontal bar chart
for categories (largest at the top, at most ``MAX_BARS`` bars) and a column per month.

Chart labels are reportlab ``String`` objects, not markup, so they need no escaping; they are
shortened to fit, and the table beside each chart has them in full.
"""

from __future__ import annotations

from typing import Any

from isp_wizard.services.report_stats import Counts
from isp_wizard.vocabulary import DECISIONS

# Okabe–Ito: told apart by people with the common colour-vision differences.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")
DECISION_COLOURS = {t.short: t.fill for t in DECISIONS}
CHART_WIDTH = 255
TABLE_WIDTH = 225
MAX_BARS = 10
LABEL_CHARS = 24


def nice_axis(largest: int) -> tuple[int, int]:
    """A value-axis top and step in whole numbers: 1, 2 or 5 times a power of ten, about 5 ticks."""
    if largest <= 0:
        return 1, 1
    raw = largest / 5
    power = 1
    while power * 10 <= raw:
        power *= 10
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = -(-largest // step) * step
    return top, step


def _short(label: str) -> str:
    """A chart label: without a trailing "(…)" aside, cut to fit (the table has it in full)."""
    if label.endswith(")") and " (" in label and not label.startswith("All others"):
        label = label[: label.index(" (")]
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _chart_rows(counts: Counts) -> Counts:
    """At most MAX_BARS bars: the rest are added up into one 'All others' bar."""
    if len(counts) <= MAX_BARS:
        return counts
    head, tail = counts[: MAX_BARS - 1], counts[MAX_BARS - 1:]
    return (*head, (f"All others ({len(tail)})", sum(n for _, n in tail)))


def _style_bars(chart: Any, font: str, label_anchor: str) -> None:
    """What both charts share: a whole-number value axis from nought (thousands with commas)
    on a light grid, a count at each bar's end anchored at ``label_anchor``, and plain bars in
    the first colour of the palette."""
    from reportlab.lib import colors

    top, step = nice_axis(max(chart.data[0], default=0))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v):,}"
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = label_anchor
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = colors.HexColor(PALETTE[0])


def hbar_chart(counts: Counts, font: str, colours: dict[str, str] | None = None,
               width: float = CHART_WIDTH) -> Any:
    """A horizontal bar chart, largest at the top, the count printed at each bar's end."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    rows = _chart_rows(counts)
    bar_space = 18
    height = max(60, bar_space * len(rows) + 30)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 118, 20
    chart.width, chart.height = width - chart.x - 22, height - 28
    chart.data = [tuple(n for _, n in rows)]
    chart.categoryAxis.categoryNames = [_short(label) for label, _ in rows]
    chart.categoryAxis.reverseDirection = 1  # first (largest) row at the top
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.tickLeft = 0
    _style_bars(chart, font, "w")
    chart.barLabelFormat = lambda v: f"{int(v):,}"
    chart.barLabels.dx = 3
    for i, (label, _) in enumerate(rows):
        if colours and label in colours:
            chart.bars[(0, i)].fillColor = colors.HexColor(colours[label])
    drawing.add(chart)
    return drawing


def vbar_chart(counts: Counts, font: str, width: float = CHART_WIDTH) -> Any:
    """A column per month (or quarter, or year), its count above it."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(width, 160)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 44, width - 62, 100
    chart.data = [tuple(n for _, n in counts)]
    every = -(-len(counts) // max(12, int(width // 21)))  # name one column in every few
    chart.categoryAxis.categoryNames = [label if i % every == 0 else ""
                                        for i, (label, _) in enumerate(counts)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    if len(counts) > 4:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    else:
        chart.categoryAxis.labels.boxAnchor = "n"
    _style_bars(chart, font, "s")
    chart.barLabelFormat = (lambda v: f"{int(v):,}" if v else "") if len(counts) <= 24 else None
    chart.barLabels.dy = 2
    drawing.add(chart)
    return drawing
