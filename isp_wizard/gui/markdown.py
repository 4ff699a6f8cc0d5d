"""Markdown for the help panel and the review page, built from the rule pack's catalogues.

Rule text is Markdown written by the partnership; anything a practitioner typed is escaped
before it is put into Markdown, so it shows as typed and cannot add links or formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from isp_wizard.gui.translations import translate

if TYPE_CHECKING:
    from isp_wizard.rulepack.models import Contact, Reference

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@lru_cache(maxsize=512)
def as_html(md: str) -> str:
    """Rule Markdown as HTML for a text view: read by the same parser as the signed record.

    Kept by its text: a question's help is the same each time the question is shown, and
    Markdown is imported only when the first help is drawn (not for Home's first paint)."""
    from isp_wizard.markdown import markdown_html

    return markdown_html(md)




JUDGEMENT = "This wizard supports your professional judgement; it does not replace it."


def once(text: str) -> str:
    """Rule text without the judgement sentence: the window's footer already says it once."""
    return text.replace(JUDGEMENT + " ", "").replace(" " + JUDGEMENT, "") \
        .replace(JUDGEMENT, "").strip()


def escape(text: str) -> str:
    """Plain text made safe to put inside Markdown."""
    return _SPECIAL.sub(r"\\\1", text)


def references_md(ids: Iterable[str], references: Mapping[str, Reference]) -> str:
    lines = []
    for ref_id in ids:
        ref = references.get(ref_id)
        if ref is None:
            lines.append(f"- {escape(ref_id)}")
            continue
        line = f"- **{ref.title}** — {ref.citation}."
        if ref.summary:
            line += f" {ref.summary}"
        if not ref.confirmed:
            line += " " + translate(
                "Help", "*(Not yet confirmed by the partnership's legal adviser.)*")
        if ref.url:
            line += f" <{ref.url}>"
        lines.append(line)
    return "\n".join(lines)


def contacts_md(ids: Iterable[str], contacts: Mapping[str, Contact]) -> str:
    lines = []
    for contact_id in ids:
        contact = contacts.get(contact_id)
        if contact is None:
            lines.append(f"- {escape(contact_id)}")
            continue
        parts = [f"**{contact.role}**"]
        if contact.name:
            parts.append(contact.name)
        if contact.how:
            parts.append(contact.how)
        line = "- " + " — ".join(parts)
        if contact.when:
            line += ". " + translate("Help", "Ask when") + f": {contact.when}"
        if contact.placeholder:
            line += " " + translate(
                "Help", "*(placeholder: your council fills this in, in rules/contacts.yaml)*")
        lines.append(line)
    return "\n".join(lines)


def help_sections(*, help_text: str, why: str, consult: Iterable[str],
                  contacts: Mapping[str, Contact]) -> list[tuple[str, str]]:
    """The help beside a question before its law, as (heading, Markdown): guidance, why it is
    asked, whom to ask (who can help comes before the citations, which can run long)."""
    sections = []
    help_text = once(help_text)
    if help_text:
        sections.append((translate("Help", "Guidance"), help_text))
    if why.strip():
        sections.append((translate("Help", "Why we ask"), why.strip()))
    consult = list(consult)
    if consult:
        sections.append((translate("Help", "Whom to ask"), contacts_md(consult, contacts)))
    return sections


def law_heading() -> str:
    return translate("Help", "The law and guidance")


def no_help() -> str:
    return translate("Help", "There is no extra guidance for this question. If you are unsure, "
                             "ask your information governance lead.")


def help_md(*, help_text: str, why: str, refs: Iterable[str], consult: Iterable[str],
            references: Mapping[str, Reference], contacts: Mapping[str, Contact]) -> str:
    """The help beside a question as one Markdown text: guidance, why it is asked, whom to
    ask, the law (the tree map's and the scenario result's panels)."""
    sections = [f"### {heading}\n\n{text}" for heading, text in help_sections(
        help_text=help_text, why=why, consult=consult, contacts=contacts)]
    refs = list(refs)
    if refs:
        sections.append(f"### {law_heading()}\n\n" + references_md(refs, references))
    if not sections:
        sections.append(no_help())
    return "\n\n".join(sections)


@lru_cache(maxsize=512)
def html_and_links(md: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Rule Markdown as HTML whose links are words only, and its links as (words, address):
    the page shows each link as a link of its own after the text, as a screen reader can
    reach it (anchors inside a rich text are not links to it)."""
    from dataclasses import replace

    from isp_wizard.markdown import parse, to_html

    blocks = []
    links: list[tuple[str, str]] = []
    for block in parse(md):
        spans = []
        last: str | None = None
        for span in block.spans:
            if span.link is not None:
                if span.link == last and links:  # one link in several looks ("**the** code")
                    links[-1] = (links[-1][0] + span.text, span.link)
                else:
                    links.append((span.text, span.link))
                last = span.link
                span = replace(span, link=None)
            else:
                last = None
            spans.append(span)
        blocks.append(replace(block, spans=tuple(spans)))
    unique = dict.fromkeys((" ".join(words.split()), url) for words, url in links)
    return to_html(tuple(blocks)), tuple(unique)
