"""A tree's words as a PDF for reviewers: the blocks of ``rulepack/text.py`` drawn with the
record's fonts (so every script the rules are written or translated in prints), page numbers and
the tree's id and version on every page. Not signed: it is a reading copy, not a record."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from isp_wizard.record.fonts import REGULAR, markup, register_fonts
from isp_wizard.record.furniture import numbered_canvas
from isp_wizard.record.pdf import _styles, item_style, markdown_blocks
from isp_wizard.rulepack.pack import LoadedTree, RulePack
from isp_wizard.rulepack.text import Block, tree_blocks


def blocks_pdf(blocks: list[Block], *, title: str, footer: str) -> bytes:
    """``blocks`` drawn on A4 pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register_fonts()
    s = _styles()
    styles = {1: s["title"], 2: s["h2"], 3: s["h3"]}
    item = {level: ParagraphStyle(f"item{level}", s["bullet"], leftIndent=14 + 14 * level,
                                  bulletIndent=4 + 14 * level) for level in range(3)}
    note = ParagraphStyle("note", s["muted"], leftIndent=0, fontName=REGULAR)
    story: list[Any] = []
    for block in blocks:
        if block.kind == "heading":
            story.append(Paragraph(markup(block.text, keep_lines=False),
                                   styles.get(block.level, s["h3"])))
        elif block.kind == "note":
            story.append(Paragraph(markup(block.text, keep_lines=False), note))
        elif block.kind == "item":
            story.append(Paragraph(markup(block.text, keep_lines=False),
                                   item[min(block.level, 2)], bulletText="•"))
        else:
            for bullet, text, level in markdown_blocks(block.text):
                style = item_style(s["guidance_item"], level) if bullet else s["body"]
                story.append(Paragraph(text, style, bulletText=bullet))
    buffer = BytesIO()
    margin = 18 * mm
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin + 6 * mm, title=title,
                            creator="isp-wizard", invariant=1)
    doc.build(story, canvasmaker=numbered_canvas(footer, margin))
    return buffer.getvalue()


def tree_text_pdf(tree: LoadedTree, pack: RulePack | None = None) -> bytes:
    """What ``rules text TREE --format pdf`` writes."""
    t = tree.tree
    return blocks_pdf(tree_blocks(tree, pack), title=f"{t.title}: all the text",
                      footer=f"Tree {t.id} v{t.version} · reading copy, not a record")
