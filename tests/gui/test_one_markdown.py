"""The app and the signed record read a tree's Markdown help the same way.

One parser (isp_wizard.markdown) feeds both; this reads back what each side really drew — Qt's
text document after ``setHtml`` and reportlab's parsed paragraph fragments — and compares the
paragraphs, list items (bullet or number, depth), bold, italic and links.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QFont, QTextDocument, QTextListFormat

from isp_wizard.gui.markdown import as_html, help_md
from isp_wizard.markdown import parse
from isp_wizard.record.fonts import BOLD, ITALIC
from isp_wizard.record.pdf import _styles, item_style, markdown_blocks

HELP = """If the person is at **immediate risk**, call *999* first.
Then tell your [safeguarding lead](https://example.org/lead).

Before you share, check:

- the request names a **lawful basis**
- the information is *the minimum needed*
  - nested: only what the partner asked for
- the record says why — see <https://ico.org.uk/share>

1. Ask the family, unless that would increase the risk.
2. Write down what you decided and **why**.

Raw <b>HTML</b> shows as typed."""

BULLETS = (QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
           QTextListFormat.Style.ListSquare)
Run = tuple[str, bool, bool, str | None]  # text, bold, italic, link
Shape = tuple[str, int, tuple[Run, ...]]  # bullet ("" for a paragraph, "•", "2."), depth, runs


def merged(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        if out and out[-1][1:] == run[1:]:
            out[-1] = (out[-1][0] + run[0], *run[1:])
        elif run[0]:
            out.append(run)
    return tuple(out)


def from_parser(text: str) -> list[Shape]:
    shapes = []
    for block in parse(text):
        bullet = "" if block.kind != "item" else ("•" if block.number is None else
                                                 f"{block.number}.")
        runs = [(s.text, s.strong, s.emphasis, s.link) for s in block.spans]
        shapes.append((bullet, 0 if block.kind == "heading" else block.level, merged(runs)))
    return shapes


def from_qt(text: str) -> list[Shape]:
    doc = QTextDocument()
    doc.setHtml(as_html(text))
    shapes = []
    block = doc.begin()
    while block.isValid():
        text_list = block.textList()
        bullet, depth = "", 0
        if text_list is not None:
            depth = text_list.format().indent()
            style = text_list.format().style()
            bullet = "•" if style in BULLETS else text_list.itemText(block)
        runs: list[Run] = []
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            link = fmt.anchorHref() if fmt.isAnchor() else None
            runs.append((frag.text(), fmt.fontWeight() >= QFont.Weight.Bold.value,
                         fmt.fontItalic(), link or None))
            it += 1
        if runs:
            shapes.append((bullet, depth, merged(runs)))
        block = block.next()
    return shapes


def from_pdf(text: str) -> list[Shape]:
    from reportlab.platypus import Paragraph

    styles = _styles()
    shapes = []
    for bullet, markup, level in markdown_blocks(text):
        style = item_style(styles["guidance_item"], level) if bullet else styles["guidance"]
        para = Paragraph(markup, style, bulletText=bullet)
        runs: list[Run] = []
        for frag in para.frags:
            link = None
            if frag.us_lines:
                link = frag.text  # a link's text; its address follows it when it differs
            runs.append((frag.text, frag.fontName == BOLD, frag.fontName == ITALIC, link))
        # " <address>" after an underlined run is that link's address, not text of its own
        fixed: list[Run] = []
        for run in merged(runs):
            found = re.fullmatch(r" <(\S+)>(.*)", run[0], re.S)
            if fixed and fixed[-1][3] is not None and found and not run[3]:
                fixed[-1] = (*fixed[-1][:3], found.group(1))
                run = (found.group(2), *run[1:])
            fixed.append(run)
        shapes.append((bullet or "", level if bullet else 0, merged(fixed)))
    return shapes


@pytest.mark.parametrize("text", [HELP, help_md(
    help_text=HELP, why="It decides *which* law applies.", refs=[], consult=[],
    references={}, contacts={})], ids=["guidance", "help panel"])
def test_the_app_and_the_record_draw_the_same_structure(qapp, text: str) -> None:
    parsed = from_parser(text)
    qt = from_qt(text)
    pdf = from_pdf(text)
    # headings are bold paragraphs on the record; compare the text runs without the heading look
    headings = {i for i, block in enumerate(parse(text)) if block.kind == "heading"}
    flat = [(b, d, tuple((r[0], False, r[2], r[3]) for r in runs)) if i in headings
            else (b, d, runs) for i, (b, d, runs) in enumerate(parsed)]

    def plain(shapes: list[Shape]) -> list[Shape]:
        return [(b, d, tuple((r[0], False, r[2], r[3]) for r in runs)) if i in headings
                else (b, d, runs) for i, (b, d, runs) in enumerate(shapes)]

    assert plain(qt) == flat
    assert plain(pdf) == flat
    kinds = {bullet for bullet, _, _ in parsed}
    assert {"", "•", "1.", "2."} <= kinds
    runs = [run for _, _, r in parsed for run in r]
    assert any(bold for _, bold, _, _ in runs) and any(italic for _, _, italic, _ in runs)
    assert ("safeguarding lead", False, False, "https://example.org/lead") in runs
    assert any(depth == 2 for _, depth, _ in parsed)
    assert any(r[0] == "Raw <b>HTML</b> shows as typed." for r in runs)
