"""The parts of a record's first pages about several people and several recipients (format 3).

A decision about a household or a multi-agency meeting prints, after the decision's own
grounds, what is shared with whom (each recipient under its own heading: what it receives, how,
on what conditions) and each person under their own heading (their category, the decision for
their information, the Article 6 basis and the Article 9/10 condition for it). A record about
one person and one recipient has neither, and looks as it always did.
"""

from __future__ import annotations

from typing import Any

from isp_wizard.record.model import (
    DATA_LABELS,
    GROUND_HEADINGS,
    DecisionRecord,
    RecordGrounds,
    RecordPerson,
    RecordRecipient,
)
from isp_wizard.vocabulary import DECISIONS, PERSON_CATEGORIES, SHARING_DECISIONS

WITH_WHOM_HEADING = "What is shared with whom"
PEOPLE_HEADING = "Each person, and the grounds for sharing their information"


def several_parts(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    """What is shared with whom, then each person: empty for a record about one of each."""
    from reportlab.platypus import KeepTogether

    out: list[Any] = []
    if record.recipients:
        blocks = [_recipient(r, record, s) for r in record.recipients]
        blocks[0] = [_p(WITH_WHOM_HEADING, s["h2"]), *blocks[0]]  # never a heading alone
        out += [KeepTogether(block) for block in blocks]
    if record.people:
        blocks = [_person(p, record, s) for p in record.people]
        blocks[0] = [_p(PEOPLE_HEADING, s["h2"]), *blocks[0]]
        out += [KeepTogether(block) for block in blocks]
    return out


def _decided(decision: str, text: str) -> str:
    label = DECISIONS.label(decision)
    return label if " ".join(text.split()).rstrip(".").casefold() == label.casefold() \
        else f"{label} — {text}"


def shared_with_names(record: DecisionRecord) -> str:
    """The recipients the information actually goes to, for the first page's 'Shared with'."""
    return ", ".join(r.name for r in record.recipients if r.decision in SHARING_DECISIONS)


def _recipient(recipient: RecordRecipient, record: DecisionRecord,
               s: dict[str, Any]) -> list[Any]:
    out = [_p(recipient.name, _heading(s))]
    sends = recipient.decision in SHARING_DECISIONS and record.decision in SHARING_DECISIONS
    out += _line("Decision for this recipient",
                 _decided(recipient.decision, recipient.text), s)
    if sends:
        out += _line("Receives", "; ".join(recipient.receives) or "Not recorded", s)
        out += _line("How it is sent", "; ".join(recipient.channel) or "Not recorded", s)
    else:
        out += _line("Receives", "Nothing", s)
    if recipient.conditions:
        out.append(_p("Conditions for this recipient", s["label"]))
        out += [_bullet(c, s) for c in recipient.conditions]
    return out


def _person(person: RecordPerson, record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    category = PERSON_CATEGORIES.label(person.category) if person.category else ""
    out = [_p(f"{person.label}" + (f" — {category}" if category else ""), _heading(s))]
    if person.role:
        out += _line("Role in the case", "; ".join(person.role), s)
    out += _line("Decision for their information",
                 _decided(person.decision, person.text), s)
    grounds = person.grounds
    if record.decision not in SHARING_DECISIONS or person.decision not in SHARING_DECISIONS:
        grounds = RecordGrounds()
    if grounds.data:
        involved = " and ".join(DATA_LABELS.get(d, d) for d in grounds.data)
        out.append(_p(f"Their route established that {involved} is involved.", s["value"]))
    for heading, roles in GROUND_HEADINGS:
        refs = [ref for role in roles for ref in getattr(grounds, role)]
        if heading.startswith("Condition") and grounds.data and not refs:
            out += [_p(heading, s["label"]), _p("No condition was recorded.", s["muted"])]
        elif refs:
            out.append(_p(heading, s["label"]))
            for ref in refs:
                cite = f" — {ref.citation}" if ref.citation else ""
                out.append(_p(f"{ref.title}{cite}", s["value"]))
    if person.conditions:
        out.append(_p("Conditions for their information", s["label"]))
        out += [_bullet(c, s) for c in person.conditions]
    return out


def _line(label: str, value: str, s: dict[str, Any]) -> list[Any]:
    return [_p(label, s["label"]), _p(value, s["value"])]


def _heading(s: dict[str, Any]) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("item", s["h3"], fontSize=10.5, leading=13.5, spaceBefore=8)


def _p(text: str, style: Any) -> Any:
    from isp_wizard.record.pdf import _p as paragraph

    return paragraph(text, style)


def _bullet(text: str, s: dict[str, Any]) -> Any:
    from isp_wizard.record.pdf import _bullet as bullet

    return bullet(text, s)
