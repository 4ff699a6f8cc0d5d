"""Record format 1's pages, frozen: how records made before record format 2 were drawn.

``verify`` draws a record's pages again from its data and requires the signed pages to be that
drawing, so a record is always drawn by the layout of its own format. Do not change this module:
a format 1 record signed by an earlier version would no longer verify. New records use
``record.pdf``.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

from isp_wizard.record.fonts import BOLD, REGULAR, register_fonts
from isp_wizard.record.fonts import markup_formats_1_2 as markup
from isp_wizard.record.furniture import (
    SignatureBoxes,
    numbered_canvas,
    page_decoration,
)
from isp_wizard.record.model import DecisionRecord
from isp_wizard.record.places import SignaturePlaces
from isp_wizard.record.rendered import RenderedRecord
from isp_wizard.vocabulary import DECISIONS, RECORD_KINDS, SUBJECT_CATEGORIES

NOT_RECORDED = "Not recorded"
_DECISION_COLOURS = dict(zip(DECISIONS.keys(), ("#1b5e20", "#1b4f8a", "#8a1c1c", "#7a4a00"),
                             strict=True))  # format 1's banner colours, in DECISIONS' order


def render_record(record: DecisionRecord) -> RenderedRecord:
    """The record's pages as PDF bytes, and where its signatures go."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    buffer = BytesIO()
    margin = 18 * mm
    width, height = A4
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + 6 * mm, title=RECORD_KINDS.label("decision"),
        author=_plain(record.practitioner.name), subject=f"Record {record.record_id}",
        creator="isp-wizard", invariant=1,
    )
    frame = Frame(margin, margin + 6 * mm, width - 2 * margin, height - 2 * margin - 6 * mm,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    footer = (f"Record {record.record_id} · {record.tree.id} v{record.tree.version}"
              + (" · TRAINING" if record.training else ""))
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=page_decoration(record.training))])
    places: dict[str, Any] = {}
    story = _story(record, doc.width, places)
    doc.build(story, canvasmaker=numbered_canvas(footer, margin))
    pdf = buffer.getvalue()
    return RenderedRecord(pdf=pdf, pages=places["pages"],
                          places=SignaturePlaces(places["page"], places["decider"],
                                                 places["countersign"]))


def _plain(text: str) -> str:
    from isp_wizard.record.fonts import printable

    return " ".join(printable(text).split())[:200]


# --- the story ---------------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5,
                          splitLongWords=1, spaceAfter=2)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=15, leading=19,
                                spaceAfter=6),
        "decision": ParagraphStyle("decision", base, fontName=BOLD, fontSize=24, leading=29,
                                   textColor=HexColor("#ffffff")),
        "outcome": ParagraphStyle("outcome", base, fontSize=11.5, leading=15, spaceAfter=6),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12, leading=15,
                             spaceBefore=10, spaceAfter=4, textColor=HexColor("#1b3a5c")),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=10, leading=13,
                             spaceBefore=6, spaceAfter=1),
        "label": ParagraphStyle("label", base, fontName=BOLD, fontSize=8, leading=10,
                                textColor=HexColor("#555555"), spaceBefore=4, spaceAfter=0),
        "value": ParagraphStyle("value", base, leftIndent=8),
        "muted": ParagraphStyle("muted", base, leftIndent=8, textColor=HexColor("#777777")),
        "bullet": ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=4),
        "guidance": ParagraphStyle("guidance", base, leftIndent=8, spaceBefore=2),
        "guidance_item": ParagraphStyle("guidance_item", base, leftIndent=20, bulletIndent=10),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5,
                                textColor=HexColor("#444444")),
    }


def _story(record: DecisionRecord, width: float, places: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak

    s = _styles()
    story: list[Any] = []
    story += _first_page(record, width, s)
    story.append(PageBreak())
    story += _route(record, s)
    story += _details(record, s)
    story += _about(record, s)
    story += _signatures(record, width, s, places)
    return story


def _p(text: str, style: Any, *, raw: bool = False, bullet: str | None = None) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text if raw else markup(text), style, bulletText=bullet)


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def markdown_blocks(text: str) -> list[tuple[bool, str]]:
    """The rules' guidance (a little Markdown) as paragraph markup: (is a list item, markup).

    Single line breaks inside a paragraph are joined (YAML folds them), "- " lines are list
    items, and **bold** is kept when it does not straddle a font change.
    """
    blocks: list[tuple[bool, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        para: list[str] = []
        in_item = False
        for line in chunk.splitlines():
            stripped = line.strip()
            if stripped[:2] in ("- ", "* ") or re.match(r"^\d+[.)] ", stripped):
                if para:
                    blocks.append((False, " ".join(para)))
                    para = []
                blocks.append((True, re.sub(r"^(?:[-*]|\d+[.)]) ", "", stripped)))
                in_item = True
            elif in_item and stripped:
                blocks[-1] = (True, blocks[-1][1] + " " + stripped)  # a list item runs on
            elif stripped:
                para.append(stripped)
        if para:
            blocks.append((False, " ".join(para)))
    return [(item, _bold(markup(text, keep_lines=False))) for item, text in blocks]


def _bold(escaped: str) -> str:
    return _BOLD.sub(lambda m: m.group(1) if "<" in m.group(1) else f"<b>{m.group(1)}</b>",
                     escaped)


def _field(label: str, value: str, s: dict[str, Any]) -> list[Any]:
    shown = value.strip() if value else ""
    if shown:
        return [_p(label, s["label"]), _p(value, s["value"])]
    return [_p(label, s["label"]), _p(NOT_RECORDED, s["muted"])]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _date(value: dt.date | None) -> str:
    """British English whatever the machine's locale (strftime's %B follows it, and Windows
    has no %-d)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else ""


def _when(local: dt.datetime, utc: dt.datetime) -> str:
    """e.g. "25 November 2026 at 11:37 local time (10:37 UTC)", or "… at 10:37 UTC"."""
    if local.utcoffset() == dt.timedelta(0):
        return f"{_date(utc)} at {utc:%H:%M} UTC"
    return f"{_date(local)} at {local:%H:%M} local time ({utc:%H:%M} UTC)"


def _first_page(record: DecisionRecord, width: float, s: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    title = RECORD_KINDS.label("decision")
    if record.training:
        title += " (training)"
    out: list[Any] = [_p(title, s["title"])]
    banner = Table([[_p(record.decision_label.upper(), s["decision"])]], colWidths=[width])
    banner.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(_DECISION_COLOURS[record.decision])),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    out += [banner, _spacer(6), _p(record.outcome.text, s["outcome"])]
    if record.outcome.emergency:
        out.append(_p("Emergency route: act first, record afterwards.", s["h3"]))
    out += _field("Case reference", record.case_reference, s)
    who = record.practitioner
    out += _field("Decided by", ", ".join(x for x in (who.name, who.role, who.organisation)
                                          if x.strip()), s)
    out += _field("Date and time", _when(record.created_local, record.created_utc), s)
    out += _field("Decision tree", f"{record.tree.title} (version {record.tree.version})", s)
    out.append(_p("Legal basis", s["h2"]))
    if record.outcome.legal_basis:
        for ref in record.outcome.legal_basis:
            out.append(_p(ref.title, s["h3"]))
            if ref.citation:
                out.append(_p(ref.citation, s["value"]))
    else:
        out.append(_p("No legal basis for sharing applies to this decision.", s["muted"]))
    if record.outcome.conditions:
        out.append(_p("Conditions of sharing", s["h2"]))
        out += [_bullet(c, s) for c in record.outcome.conditions]
    if record.outcome.consult:
        out.append(_p("Whom to consult", s["h2"]))
        for contact in record.outcome.consult:
            text = " — ".join(x for x in (contact.role, contact.name, contact.how) if x.strip())
            out.append(_bullet(text, s))
    if record.details.reasons.strip():
        out += _field("Reasons for the decision", record.details.reasons, s)
    return out


def _bullet(text: str, s: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text), s["bullet"], bulletText="•")


def _spacer(height: float) -> Any:
    from reportlab.platypus import Spacer

    return Spacer(1, height)


def _route(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    out: list[Any] = [_p("How the decision was reached", s["h2"])]
    if not record.steps:
        out.append(_p("The decision was reached without questions.", s["muted"]))
    for number, step in enumerate(record.steps, 1):
        out.append(_p(f"{number}. {markup(step.question, keep_lines=False)}", s["h3"], raw=True))
        out.append(_p(f"<b>Answer:</b> {markup('; '.join(step.labels))}", s["value"], raw=True))
        if step.why.strip():
            out.append(_p(f"<b>Why this is asked:</b> {markup(step.why)}", s["value"], raw=True))
        if step.guidance.strip():
            blocks = markdown_blocks(step.guidance)
            first = blocks[0][1] if blocks and not blocks[0][0] else ""
            out.append(_p(f"<b>Guidance shown:</b> {first}", s["value"], raw=True))
            for is_item, text in blocks[1 if first else 0:]:
                if is_item:
                    out.append(_p(text, s["guidance_item"], raw=True, bullet="•"))
                else:
                    out.append(_p(text, s["guidance"], raw=True))
        for ref in step.refs:
            cite = f" — {markup(ref.citation)}" if ref.citation else ""
            out.append(_p(f"<b>Reference:</b> {markup(ref.title)}{cite}", s["value"], raw=True))
    out.append(_p(f"<b>Outcome reached:</b> {markup(record.decision_label)} — "
                  f"{markup(record.outcome.text)}", s["value"], raw=True))
    return out


def _details(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    d = record.details
    req = d.requested_by
    out: list[Any] = [_p("Details of the request and the decision", s["h2"])]
    about = SUBJECT_CATEGORIES.label(d.subject_category) if d.subject_category else ""
    if d.subject_description.strip():
        about = f"{about}: {d.subject_description}" if about else d.subject_description
    rows = [
        ("Case reference", d.case_reference),
        ("About whom", about),
        ("Requested by", ", ".join(x for x in (req.name, req.role, req.organisation)
                                   if x.strip())),
        ("Requester's contact", req.contact),
        ("Date the request was received", _date(d.date_received)),
        ("How the request was received", d.how_received),
        ("Information requested or to be shared", d.information),
        ("Purpose of sharing", d.purpose),
        ("Lawful basis and reasoning", d.lawful_basis_reasoning),
        ("Why sharing is necessary", d.why_necessary),
        ("Special category or criminal offence condition", d.special_category_condition),
        ("Information sharing agreement",
         f"{d.isa_title} ({d.isa_id})" if d.isa_title and d.isa_id else d.isa_title or d.isa_id),
    ]
    for label, value in rows:
        out += _field(label, value, s)
    out.append(_p("Advice taken", s["label"]))
    if not d.advice:
        out.append(_p(NOT_RECORDED, s["muted"]))
    for advice in d.advice:
        head = ", ".join(x for x in (advice.who, _date(advice.when)) if x.strip())
        out.append(_p(f"<b>{markup(head or 'Advice')}:</b> {markup(advice.what)}", s["value"],
                      raw=True))
    shared = ", ".join(x for x in (d.shared_with.person,
                                   d.shared_with.partner_name or d.shared_with.partner_id)
                       if x.strip())
    for label, value in [
        ("Shared with", shared),
        ("How it is sent, and security of the transfer", d.transfer_method),
        ("Retention and deletion", d.retention),
        ("Reasons for the decision", d.reasons),
        ("Review date", _date(d.review_date)),
        ("Notes", d.notes),
    ]:
        out += _field(label, value, s)
    return out


def _about(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    out: list[Any] = [_p("About this record", s["h2"])]
    facts = [
        f"Record id: {record.record_id}",
        f"Created: {record.created_utc.strftime('%Y-%m-%d %H:%M:%S')} UTC "
        f"({record.created_local.isoformat()})",
        f"Decision tree: {record.tree.id} “{record.tree.title}” version {record.tree.version}",
        f"Tree SHA-256: {record.tree.sha256 or 'not known'}",
        *(f"Catalogue {c.name}.yaml "
          f"{'version ' + c.version if c.version else '(no version given)'}: SHA-256 {c.sha256}"
          for c in record.catalogues),
        f"Made with isp-wizard {record.app_version}; record format {record.schema_version}",
        "The record's data is attached to this PDF as record.json and is covered by the "
        "signature. Check it with: isp-wizard verify FILE.pdf",
    ]
    if record.training:
        facts.insert(0, "This is a training record. It is not a real decision.")
    out += [_p(f, s["small"]) for f in facts]
    return out


def _signatures(record: DecisionRecord, width: float, s: dict[str, Any],
                places: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import KeepTogether

    block = SignatureBoxes(width, places)
    return [KeepTogether([
        _p("Signatures", s["h2"]),
        _p("The decision maker's digital signature (left) seals this record; any change "
           "after signing is detectable. A manager may countersign (right).", s["small"]),
        _spacer(4),
        block,
    ])]
