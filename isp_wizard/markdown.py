"""The one reader of the rules' Markdown: guidance, help and notes as a small block structure.

The app (gui/markdown.py, through ``to_html``) and the signed record (record/pdf.py) both draw
from ``parse``'s blocks, so what a council writes has the same paragraphs, lists, emphasis and
links on screen and on paper. markdown-it-py reads CommonMark with raw HTML switched off: HTML in
rule text shows as typed. Qt-free and light: markdown-it is imported on first use only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from html import escape as _html_escape
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

BlockKind = Literal["paragraph", "heading", "item"]


@dataclass(frozen=True)
class Span:
    """A run of text with one look."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph, a heading (``level`` 1–6) or a list item (``level`` = depth, from 1).

    A paragraph inside a list item (its second paragraph onwards) has the item's depth as level.
    """

    kind: BlockKind
    spans: tuple[Span, ...]
    level: int = 0
    number: int | None = None  # an ordered list item's number; None for a bullet

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@cache
def _reader() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def parse(text: str) -> tuple[Block, ...]:
    """Markdown as blocks; single line breaks inside a paragraph become spaces."""
    blocks: list[Block] = []
    lists: list[list[int | None]] = []  # per open list: [next number or None for bullets]
    item_started: list[bool] = []  # per open list item: has its first paragraph been taken?
    heading = 0
    for token in _reader().parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_started.append(False)
        elif kind == "list_item_close":
            item_started.pop()
            if lists and lists[-1][0] is not None:
                lists[-1][0] = int(lists[-1][0]) + 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind in ("inline", "code_block", "fence"):
            spans = _spans(token.children or []) if kind == "inline" else (
                Span(token.content.rstrip("\n"), code=True),)
            if not spans:
                continue
            if heading:
                blocks.append(Block("heading", spans, heading))
            elif item_started and not item_started[-1]:
                item_started[-1] = True
                blocks.append(Block("item", spans, len(lists), lists[-1][0] if lists else None))
            else:
                blocks.append(Block("paragraph", spans, len(lists)))
    return tuple(blocks)


def _spans(children: list[Any]) -> tuple[Span, ...]:
    spans: list[Span] = []
    strong = emphasis = 0
    link: list[str] = []

    def add(text: str, *, code: bool = False) -> None:
        span = Span(text, strong > 0, emphasis > 0, code, link[-1] if link else None)
        last = spans[-1] if spans else None
        if last is not None and replace(last, text=span.text) == span:
            spans[-1] = replace(last, text=last.text + text)
        elif text:
            spans.append(span)

    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, code=True)
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            link.append(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            link.pop()
        elif kind == "image":
            add(child.content or str(child.attrGet("src") or ""))
    return tuple(spans)


def spans_html(spans: tuple[Span, ...]) -> str:
    """Spans as an HTML fragment (escaped)."""
    out = []
    for span in spans:
        part = _html_escape(span.text, quote=False).replace("\n", "<br>")
        if span.code:
            part = f"<code>{part}</code>"
        if span.emphasis:
            part = f"<i>{part}</i>"
        if span.strong:
            part = f"<b>{part}</b>"
        if span.link is not None:
            part = f'<a href="{_html_escape(span.link)}">{part}</a>'
        out.append(part)
    return "".join(out)


def to_html(blocks: tuple[Block, ...]) -> str:
    """Blocks as HTML (what the app's text views are given)."""
    out: list[str] = []
    open_lists: list[str] = []  # "ul" or "ol", one per depth

    def close_to(depth: int) -> None:
        while len(open_lists) > depth:
            out.append(f"</{open_lists.pop()}>")

    for block in blocks:
        if block.kind == "item":
            tag = "ul" if block.number is None else "ol"
            close_to(block.level)
            if len(open_lists) == block.level and open_lists and open_lists[-1] != tag:
                close_to(block.level - 1)
            while len(open_lists) < block.level:
                start = f' start="{block.number}"' if block.number not in (None, 1) else ""
                out.append(f"<{tag}{start}>")
                open_lists.append(tag)
            out.append(f"<li>{spans_html(block.spans)}</li>")
            continue
        close_to(0 if block.kind == "heading" else block.level)
        if block.kind == "heading":
            out.append(f"<h{block.level}>{spans_html(block.spans)}</h{block.level}>")
        else:
            out.append(f"<p>{spans_html(block.spans)}</p>")
    close_to(0)
    return "".join(out)


def markdown_html(text: str) -> str:
    """Markdown text straight to HTML."""
    return to_html(parse(text))
