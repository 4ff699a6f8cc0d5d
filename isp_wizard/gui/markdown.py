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


def help_md(*, help_text: str, why: str, refs: Iterable[str], consult: Iterable[str],
            references: Mapping[str, Reference], contacts: Mapping[str, Contact]) -> str:
    """The help panel beside a question: guidance, why it is asked, whom to ask, the law."""
    sections = []
    help_text = once(help_text)
    if help_text:
        sections.append("### " + translate("Help", "Guidance") + f"\n\n{help_text}")
    if why.strip():
        sections.append("### " + translate("Help", "Why we ask") + f"\n\n{why.strip()}")
    refs, consult = list(refs), list(consult)
    if consult:  # who can help comes before the citations, which can run long
        sections.append("### " + translate("Help", "Whom to ask") + "\n\n"
                        + contacts_md(consult, contacts))
    if refs:
        sections.append("### " + translate("Help", "The law and guidance") + "\n\n"
                        + references_md(refs, references))
    if not sections:
        sections.append(translate(
            "Help", "There is no extra guidance for this question. If you are unsure, "
                           "ask your information governance lead."))
    return "\n\n".join(sections)
