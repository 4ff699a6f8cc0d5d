"""Record format 2's pages, frozen: how records of format 2 were drawn.

``verify`` draws a record's pages again from its data and requires the signed pages to be that
drawing, so a record is always drawn by the layout of its own format. Do not change this module:
a format 2 record signed by an earlier version would no longer verify. New records use
``record.pdf``.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any, NamedTuple

from isp_wizard.markdown import Span, parse
from isp_wizard.record.fonts import BOLD, REGULAR, register_fonts
from isp_wizard.record.fonts import markup_formats_1_2 as markup
from isp_wizard.record.furniture import (
    SignatureBoxes,
    numbered_canvas,
    page_decoration,
)
from isp_wizard.record.model import (
    DATA_LABELS,
    GROUND_HEADINGS,
    PRINCIPLES_HEADING,
    DecisionRecord,
    RecordGrounds,
)
from isp_wizard.record.places import SignaturePlaces
from isp_wizard.record.rendered import RenderedRecord, document_info
from isp_wizard.vocabulary import (
    OUTCOMES,
    RECORD_KINDS,
    SHARING_DECISIONS,
    SUBJECT_CATEGORIES,
)

NOT_RECORDED = "Not recorded"


def render_record(record: DecisionRecord) -> RenderedRecord:
    """The record's pages as PDF bytes, and where its signatures go."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    info = document_info(record)
    buffer = BytesIO()
    margin = 18 * mm
    width, height = A4
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + 6 * mm, title=info.title, author=info.author,
        subject=info.subject, keywords=",".join(info.keywords), creator=info.creator,
        producer=info.producer, invariant=1,
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


class GuidanceBlock(NamedTuple):
    bullet: str | None  # "•", "2." or None for a paragraph
    text: str  # reportlab paragraph markup
    level: int = 0  # list depth (0 outside lists)


def markdown_blocks(text: str) -> list[GuidanceBlock]:
    """The rules' guidance as paragraph markup, one per block.

    Read by the same parser as the app's help (isp_wizard.markdown), so paragraphs, lists,
    emphasis and links are the same on the record. A record carries no live links: a link's
    text is underlined and its address follows it when the two differ.
    """
    out: list[GuidanceBlock] = []
    for block in parse(text):
        body = spans_markup(block.spans)
        if block.kind == "heading":
            out.append(GuidanceBlock(None, f"<b>{body}</b>" if "<" not in body else body))
        elif block.kind == "item":
            bullet = "•" if block.number is None else f"{block.number}."
            out.append(GuidanceBlock(bullet, body, block.level))
        else:
            out.append(GuidanceBlock(None, body, block.level))
    return out


def item_style(base: Any, level: int) -> Any:
    """``base`` moved right for a nested list (level 2 onwards)."""
    from reportlab.lib.styles import ParagraphStyle

    if level <= 1:
        return base
    step = 12 * (level - 1)
    return ParagraphStyle(f"{base.name}{level}", base, leftIndent=base.leftIndent + step,
                          bulletIndent=base.bulletIndent + step)


def spans_markup(spans: tuple[Span, ...]) -> str:
    """Spans as reportlab markup; bold and italic only where no fallback font is in the run."""
    parts = []
    for span in spans:
        part = markup(span.text)
        plain = "<" not in part
        if span.emphasis and plain:
            part = f"<i>{part}</i>"
        if span.strong and plain:
            part = f"<b>{part}</b>"
        if span.link is not None:
            part = f"<u>{part}</u>"
            if span.link != span.text:
                part += f" &lt;{markup(span.link)}&gt;"
        parts.append(part)
    return "".join(parts)


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

    title = RECORD_KINDS.label(record.record_kind)
    if record.training:
        title += " (training)"
    out: list[Any] = [_p(title, s["title"])]
    banner = Table([[_p(record.decision_label.upper(), s["decision"])]], colWidths=[width])
    banner.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(OUTCOMES.colour(record.decision))),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    out += [banner, _spacer(6)]
    if record.record_kind == "breach":
        out.append(_p(breach_headline(record), s["h2"]))
    out += _notices(record, width, s)
    out.append(_p(record.outcome.text, s["outcome"]))
    if record.outcome.emergency:
        out.append(_p("Emergency route: act first, record afterwards.", s["h3"]))
    out += _field("Case reference", record.case_reference, s)
    out += _what_and_with_whom(record, s)
    if record.record_kind == "breach":
        out += _breach_facts(record, s)
    who = record.practitioner
    out += _field("Decided by", ", ".join(x for x in (who.name, who.role, who.organisation)
                                          if x.strip()), s)
    out += _field("Date and time", _when(record.created_local, record.created_utc), s)
    out += _field("Decision tree", f"{record.tree.title} (version {record.tree.version})", s)
    out += _grounds(record, s)
    if record.outcome.conditions:
        out.append(_p("What must happen now" if record.record_kind == "breach"
                      else "Conditions of sharing", s["h2"]))
        out += [_bullet(c, s) for c in record.outcome.conditions]
    if record.outcome.consult:
        out.append(_p("Whom to consult", s["h2"]))
        for contact in record.outcome.consult:
            text = " — ".join(x for x in (contact.role, contact.name, contact.how) if x.strip())
            out.append(_bullet(text, s))
    if record.details.reasons.strip():
        out += _field("Reasons for the decision", record.details.reasons, s)
    return out


_BREACH_VERBS = {
    "danger_first": "call 999 first; the DPO decides on reporting by",
    "report_and_tell_people": "the DPO decides by",
    "likely_reportable": "the DPO decides by",
    "not_reportable": "the DPO confirms by",
    "dpo_to_assess": "the DPO decides by",
}


def breach_headline(record: DecisionRecord) -> str:
    """e.g. "Likely reportable to the ICO — the DPO decides by Thursday 3 December 2026 at
    14:30 (72 hours from awareness, local time)"."""
    verb = _BREACH_VERBS.get(record.decision, "the DPO decides by")
    deadline = record.report_deadline
    when = (f"{deadline:%A} {_date(deadline.date())} at {deadline:%H:%M} (72 hours from "
            "awareness, local time)") if deadline else \
        "72 hours from awareness (the time of awareness is not recorded)"
    return f"{record.decision_label} — {verb} {when}"


def _breach_facts(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    def moment(value: dt.datetime | None) -> str:
        return f"{_date(value.date())} at {value:%H:%M}" if value else ""

    d = record.details
    return (_field("Time of awareness (the 72 hours start)", moment(record.aware_at), s)
            + _field("When the DPO was told", moment(d.dpo_told_at), s)
            + _field("Who else was told", d.others_told, s))


def _notices(record: DecisionRecord, width: float, s: dict[str, Any]) -> list[Any]:
    """The governance facts an auditor must see first (``record.governance``)."""
    if not record.notices:
        return []
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    cells = [[_p("Status of the rules behind this record", s["h3"])]]
    cells += [[_p(notice, s["bullet"], bullet="!")] for notice in record.notices]
    box = Table(cells, colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#8a1c1c")),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor("#fff4f2")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return [box, _spacer(6)]


def _what_and_with_whom(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    """On a record that shares: with whom and what; on others, what was considered."""
    d = record.details
    if record.record_kind != "decision":
        return []
    shared = ", ".join(x for x in (d.shared_with.person,
                                   d.shared_with.partner_name or d.shared_with.partner_id)
                       if x.strip())
    if record.decision in SHARING_DECISIONS:
        shared = _both(shared, record.established.get("shared_with.partner_id", ""),
                       entered_includes=True)
        return _field("Shared with", shared, s) + _field("What is shared", d.information, s)
    return _field("Information considered", d.information, s) if d.information.strip() else []


def _grounds(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    """Each role of the grounds under its own heading; on a record that shares nothing, only
    the references that explain why."""
    outcome = record.outcome
    out: list[Any] = []
    grounds = outcome.grounds
    if record.decision not in SHARING_DECISIONS and record.record_kind == "decision":
        grounds = RecordGrounds()  # a refusal or a referral rests on no grounds
    for heading, roles in GROUND_HEADINGS:
        refs = [ref for role in roles for ref in getattr(grounds, role)]
        if heading.startswith("Condition") and grounds.data:
            involved = " and ".join(DATA_LABELS.get(d, d) for d in grounds.data)
            out += [_p(heading, s["h2"]), _p(f"The route established that {involved} is "
                                             "involved.", s["value"])]
            if not refs:
                out.append(_p("No condition was recorded.", s["muted"]))
        elif refs:
            out.append(_p(heading, s["h2"]))
        out += _references(refs, s)
    if outcome.refs:
        out.append(_p(PRINCIPLES_HEADING if grounds else "References", s["h2"]))
        out += _references(outcome.refs, s)
    return out


def _references(refs: Any, s: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for ref in refs:
        out.append(_p(ref.title, s["h3"]))
        if ref.citation:
            out.append(_p(ref.citation, s["value"]))
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
        answer = "Shown, and the practitioner went on" if step.kind == "info" \
            else "; ".join(step.labels)
        out.append(_p(f"<b>{'Step' if step.kind == 'info' else 'Answer'}:</b> "
                      f"{markup(answer)}", s["value"], raw=True))
        if step.why.strip():
            out.append(_p(f"<b>Why this is asked:</b> {markup(step.why)}", s["value"], raw=True))
        if step.guidance.strip():
            blocks = markdown_blocks(step.guidance)
            first = blocks[0][1] if blocks and blocks[0][0] is None else ""
            out.append(_p(f"<b>Guidance shown:</b> {first}", s["value"], raw=True))
            for bullet, text, level in blocks[1 if first else 0:]:
                if bullet:
                    out.append(_p(text, item_style(s["guidance_item"], level), raw=True,
                                  bullet=bullet))
                else:
                    out.append(_p(text, s["guidance"], raw=True))
        for ref in step.refs:
            cite = f" — {markup(ref.citation)}" if ref.citation else ""
            out.append(_p(f"<b>Reference:</b> {markup(ref.title)}{cite}", s["value"], raw=True))
        for contact in step.consult:
            text = " — ".join(x for x in (contact.role, contact.name, contact.how) if x.strip())
            out.append(_p(f"<b>Whom to ask:</b> {markup(text)}", s["value"], raw=True))
    out.append(_p(f"<b>Outcome reached:</b> {markup(record.decision_label)} — "
                  f"{markup(record.outcome.text)}", s["value"], raw=True))
    return out


def _both(entered: str, route: str, *, entered_includes: bool = False) -> str:
    """A details value and what the route established: the route's words where nothing was
    entered, both where the practitioner changed it."""
    entered, route = entered.strip(), route.strip()
    if not route or entered == route or (entered_includes and route in entered):
        return entered
    if not entered:
        return f"{route} (established by the answers)"
    return f"Entered: {entered}. The answers established: {route}."


def _breach_details(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    """A breach record's details: what happened and who knows, not a sharing request's."""
    d = record.details
    out: list[Any] = [_p("Details of the breach", s["h2"])]
    about = SUBJECT_CATEGORIES.label(d.subject_category) if d.subject_category else ""
    if d.subject_description.strip():
        about = f"{about}: {d.subject_description}" if about else d.subject_description
    for label, value in [
        ("Case reference", d.case_reference),
        ("Whose information", about),
        ("What happened, and what information", d.information),
        ("Time of awareness", f"{_date(record.aware_at.date())} at {record.aware_at:%H:%M}"
         if record.aware_at else ""),
        ("When the DPO was told", f"{_date(d.dpo_told_at.date())} at {d.dpo_told_at:%H:%M}"
         if d.dpo_told_at else ""),
        ("Who else was told", d.others_told),
        ("Reasons for what was done", d.reasons),
        ("Review date", _date(d.review_date)),
        ("Notes", d.notes),
    ]:
        out += _field(label, value, s)
    return out


def _details(record: DecisionRecord, s: dict[str, Any]) -> list[Any]:
    if record.record_kind == "breach":
        return _breach_details(record, s)
    d = record.details
    req = d.requested_by
    out: list[Any] = [_p("Details of the request and the decision", s["h2"])]
    about = SUBJECT_CATEGORIES.label(d.subject_category) if d.subject_category else ""
    if d.subject_description.strip():
        about = f"{about}: {d.subject_description}" if about else d.subject_description
    known = record.established
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
        ("Lawful basis and reasoning",
         _both(d.lawful_basis_reasoning, known.get("lawful_basis_reasoning", ""))),
        ("Why sharing is necessary", d.why_necessary),
        ("Special category or criminal offence condition",
         _both(d.special_category_condition, known.get("special_category_condition", ""))),
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
        ("Shared with", _both(shared, known.get("shared_with.partner_id", ""),
                              entered_includes=True)),
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
