"""The board's monitoring report as a PDF: a summary paragraph, then a chart and a table for
each count, drawn with reportlab's own graphics (no other plotting stack). A short table sits
beside its chart; a long one (many partners, many rules versions) goes under it, full width, and
runs on over as many pages as it needs with its header repeated.

reportlab is imported inside the functions: this module is reachable from the CLI and the GUI,
which must start without it. Every label is escaped before it reaches a Paragraph, although the
statistics hold only catalogue names, counts and dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from isp_wizard.errors import ReportError
from isp_wizard.services.report_charts import (
    CHART_WIDTH,
    DECISION_COLOURS,
    TABLE_WIDTH,
    hbar_chart,
    vbar_chart,
)
from isp_wizard.services.report_stats import Counts, ReportStats, by_time, summary_text

TITLE = "Information sharing: monitoring report"
FOOTER_NOTE = "Counts and categories only: this report holds no personal data."
BESIDE_AT_MOST = 330
"""The tallest table (in points) put beside its chart; a taller one goes under it, so it can
run on to the next page (a table inside a row of another table cannot)."""
UNDER_WIDTH = 400
TIME_HEADINGS = {"month": "Records by month", "quarter": "Records by quarter",
                 "year": "Records by year"}
TIME_INTROS = {"quarter": "Over a period this long, records are counted by calendar quarter.",
               "year": "Over a period this long, records are counted by calendar year."}


def _fonts() -> tuple[str, str]:
    """The shipped Unicode TTF (DejaVu Sans) when present, else reportlab's Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from isp_wizard.folders import assets_dir

    fonts = assets_dir() / "fonts"
    regular, bold = fonts / "DejaVuSans.ttf", fonts / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return "Helvetica", "Helvetica-Bold"
    registered = pdfmetrics.getRegisteredFontNames()
    try:
        if "ReportSans" not in registered:
            pdfmetrics.registerFont(TTFont("ReportSans", str(regular)))
        if "ReportSans-Bold" not in registered:
            pdfmetrics.registerFont(TTFont("ReportSans-Bold", str(bold)))
    except Exception:  # a damaged font file must not stop the report
        return "Helvetica", "Helvetica-Bold"
    return "ReportSans", "ReportSans-Bold"


class _Builder:
    """Holds the styles while the story is put together."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

        self.font, self.bold = _fonts()
        base = getSampleStyleSheet()
        self.title = ParagraphStyle("ReportTitle", parent=base["Title"], fontName=self.bold,
                                    fontSize=17, leading=21, alignment=0, spaceAfter=2)
        self.subtitle = ParagraphStyle("ReportSub", parent=base["Normal"], fontName=self.font,
                                       fontSize=9, leading=12, textColor=colors.HexColor("#444444"))
        self.h2 = ParagraphStyle("ReportH2", parent=base["Heading2"], fontName=self.bold,
                                 fontSize=12, leading=15, spaceBefore=10, spaceAfter=4)
        self.body = ParagraphStyle("ReportBody", parent=base["Normal"], fontName=self.font,
                                   fontSize=9.5, leading=13.5)
        self.cell = ParagraphStyle("ReportCell", parent=self.body, fontSize=8, leading=10)
        self.cell_bold = ParagraphStyle("ReportCellBold", parent=self.cell, fontName=self.bold)
        self.note = ParagraphStyle("ReportNote", parent=self.body, fontSize=8, leading=10,
                                   textColor=colors.HexColor("#555555"))

    def p(self, text: str, style: Any) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text), style)

    def table(self, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
              widths: list[float], total: tuple[str, ...] | None = None) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        data = [[self.p(h, self.cell_bold) for h in header]]
        data += [[self.p(c, self.cell) for c in row] for row in rows]
        if total:
            data.append([self.p(c, self.cell_bold) for c in total])
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#7A8A99")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F6F6F6")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if total:
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.HexColor("#7A8A99")))
        table.setStyle(TableStyle(style))
        return table

    def counts_table(self, heading: str, counts: Counts, total: int | None = None,
                     width: float = TABLE_WIDTH) -> Any:
        if total is None:  # categories overlap (a record can name several): no total, no share
            return self.table((heading, "Records"), [(label, f"{n:,}") for label, n in counts],
                              [width - 55, 55])
        rows = [(label, f"{n:,}", _share(n, total)) for label, n in counts]
        return self.table((heading, "Records", "Share"), rows, [width - 100, 50, 50],
                          ("Total", f"{total:,}", ""))

    def chart_and_table(self, chart: Callable[[float], Any], column: str, counts: Counts,
                        total: int | None) -> tuple[list[Any], list[Any]]:
        """The chart (drawn by ``chart`` at a given width) with its table beside it when the
        table is short, else under it: (what is kept with the heading, what may run on over
        the pages after it)."""
        from reportlab.platypus import Spacer, Table, TableStyle

        table = self.counts_table(column, counts, total)
        if table.wrap(TABLE_WIDTH, 10**6)[1] > BESIDE_AT_MOST:
            return ([chart(UNDER_WIDTH), Spacer(1, 6)],
                    [self.counts_table(column, counts, total, UNDER_WIDTH)])
        outer = Table([[chart(CHART_WIDTH), table]], colWidths=[CHART_WIDTH + 10, TABLE_WIDTH + 4],
                      hAlign="LEFT")
        outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [outer], []

    def section(self, heading: str, intro: str, body: list[Any],
                after: list[Any] | None = None) -> list[Any]:
        """The heading kept on one page with ``body``; ``after`` follows, free to split."""
        from reportlab.platypus import KeepTogether, Spacer

        parts = [self.p(heading, self.h2)]
        if intro:
            parts += [self.p(intro, self.note), Spacer(1, 4)]
        return [KeepTogether(parts + body), *(after or [])]

    def counts_section(self, heading: str, intro: str, column: str, counts: Counts,
                       total: int | None, empty: str,
                       colours: dict[str, str] | None = None) -> list[Any]:
        if not counts or not any(n for _, n in counts):
            return self.section(heading, intro, [self.p(empty, self.body)])
        return self.section(heading, intro, *self.chart_and_table(
            lambda width: hbar_chart(counts, self.font, colours, width), column, counts, total))


def _share(n: int, total: int | None) -> str:
    return f"{n / total:.0%}" if total else ""


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def build_story(stats: ReportStats, generated: dt.datetime) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    b = _Builder()
    period = f"{stats.start:%d %B %Y} to {stats.end:%d %B %Y}"
    story: list[Any] = [
        b.p(TITLE, b.title),
        b.p(f"Period: {period} · built from the decision register on "
            f"{generated:%d %B %Y at %H:%M} UTC", b.subtitle),
        Spacer(1, 8),
        b.p(summary_text(stats), b.body),
        Spacer(1, 8),
    ]
    key = [
        ("Decision records in the period", f"{stats.total:,}"),
        ("Shared (with or without conditions)", f"{stats.shared:,}  ({_pct(stats.share_rate)})"),
        ("Declined (do not share)", f"{stats.declined:,}  ({_pct(stats.decline_rate)})"),
        ("Ended by seeking advice", f"{stats.seek_advice:,}"),
        ("Breaches recorded", f"{stats.breaches:,}"),
        (f"Past their review date on {stats.as_of:%d %b %Y}", f"{stats.overdue:,}"),
    ]
    story += b.section("Key figures", "Share and decline rates are of the records that "
                       "decided whether to share; seeking advice and breaches are counted "
                       "apart.", [b.table(("Measure", "Count"), key, [300, 130])])
    unit, over_time = by_time(stats)
    if any(n for _, n in over_time):
        story += b.section(TIME_HEADINGS[unit], TIME_INTROS.get(unit, ""), *b.chart_and_table(
            lambda width: vbar_chart(over_time, b.font, width), unit.capitalize(), over_time,
            stats.total))
    else:
        story += b.section(TIME_HEADINGS[unit], "", [b.p("No records in this period.", b.body)])
    story += b.counts_section(
        "Records by decision", "Breach records are counted in their own section.", "Decision",
        stats.by_decision, sum(n for _, n in stats.by_decision), "No decisions in this period.",
        DECISION_COLOURS)
    story += b.counts_section("Records by decision tree", "", "Tree", stats.by_tree,
                              stats.total, "No records in this period.")
    story += b.counts_section(
        "Records by partner organisation", "The organisation the information was shared with "
        "(the recipient), as chosen from the partnership's list; one typed in by hand is "
        "counted as not listed. Records that shared nothing name none.",
        "Partner", stats.by_partner, None, "No partner organisation was named in this period.")
    advice_intro = (f"{_count(stats.seek_advice, 'record')} ended by seeking advice. Whom the "
                    "rules sent the practitioner to (a record can name more than one role):")
    story += b.counts_section("Seeking advice: whom it went to", advice_intro, "Role",
                              stats.seek_advice_to, None,
                              "No record ended by seeking advice in this period.")
    if stats.seek_advice_by_tree:
        rows = [(label, f"{n:,}", _share(n, stats.seek_advice))
                for label, n in stats.seek_advice_by_tree]
        story.append(KeepTogether([
            Spacer(1, 6), b.p("Records ending by seeking advice, by tree:", b.note), Spacer(1, 3),
            b.table(("Tree", "Records", "Share"), rows, [300, 65, 65],
                    ("Total", f"{stats.seek_advice:,}", ""))]))
    story += b.counts_section("Breaches and their status", "", "Status",
                              stats.breaches_by_status, stats.breaches,
                              "No breach was recorded in this period.")
    story += b.counts_section(
        "Records past their review date",
        f"Real records made on or before {stats.as_of:%d %B %Y} whose review date had passed by "
        "then, whatever period they were made in.", "Tree", stats.overdue_by_tree,
        stats.overdue, f"No record was past its review date on {stats.as_of:%d %B %Y}.")
    versions = [(v.tree, v.version, v.sha256_prefix or "–", f"{v.records:,}")
                for v in stats.versions]
    versions_body = ([b.table(("Tree", "Version", "SHA-256 (first 12)", "Records"), versions,
                              [190, 70, 120, 60])] if versions
                     else [b.p("No records in this period.", b.body)])
    story += b.section("Rules versions in use", "Which version of each tree the period's "
                       "records were made with.", versions_body)
    if stats.details_unread:
        story += [Spacer(1, 8), b.p(
            f"{_count(stats.details_unread, 'record')} in the period could not be read (the PDF "
            "is missing or damaged; 'isp-wizard register verify' says which): counted everywhere "
            "except by partner, in seeking advice and in breach status.", b.note)]
    if stats.training_excluded:
        story += [Spacer(1, 8), b.p(f"{_count(stats.training_excluded, 'training record')} in "
                                    "the period left out of every figure.", b.note)]
    return story


def write_report(stats: ReportStats, out: Path, generated: dt.datetime | None = None) -> Path:
    """Write the report to ``out`` (atomically: a crash leaves no half-written PDF)."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from isp_wizard.fsutil import write_atomically

    generated = generated or dt.datetime.now(dt.UTC)
    out = Path(out)
    font = _fonts()[0]
    period = f"{stats.start:%d %b %Y} – {stats.end:%d %b %Y}"
    pdf = BytesIO()
    doc = SimpleDocTemplate(
        pdf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=18 * mm, title=TITLE, subject=f"Monitoring report, {period}",
        author="isp-wizard", creator="isp-wizard")
    doc.build(build_story(stats, generated), canvasmaker=_numbered_canvas(font, period))
    try:
        write_atomically(out, pdf.getvalue())
    except OSError as exc:
        raise ReportError(f"cannot write the report to {out}: {exc.strerror}") from exc
    return out


def _numbered_canvas(font: str, period: str) -> Any:
    """A canvas that prints 'page x of y' once the number of pages is known."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(font, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(18 * mm, 10 * mm, f"Monitoring report · {period} · {FOOTER_NOTE}")
                self.drawRightString(A4[0] - 18 * mm, 10 * mm,
                                     f"Page {self._pageNumber} of {len(self._pages)}")
                super().showPage()
            super().save()

    return NumberedCanvas
