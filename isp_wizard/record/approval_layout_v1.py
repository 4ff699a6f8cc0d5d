"""Rules approval format 1's pages, frozen: how approval records made before approval format 2
were drawn.

``verify`` draws a record's pages again from its data and requires the signed pages to be that
drawing, so an approval is always drawn by the layout of its own format. Do not change this
module: a format 1 approval signed by an earlier version would no longer verify. New approvals
use ``record.approval_pdf``.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from isp_wizard.record.approval import RulesApproval
from isp_wizard.record.fonts import register_fonts
from isp_wizard.record.furniture import SignatureBoxes, numbered_canvas, page_decoration
from isp_wizard.record.layout_v2 import _p, _styles
from isp_wizard.record.places import SignaturePlaces
from isp_wizard.record.rendered import RenderedRecord
from isp_wizard.vocabulary import RECORD_KINDS


def render_approval(record: RulesApproval) -> RenderedRecord:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate

    register_fonts()
    buffer = BytesIO()
    margin = 18 * mm
    width, height = A4
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + 6 * mm, title=RECORD_KINDS.label("rules_approval"),
        author=record.practitioner.name[:200], subject=f"Record {record.record_id}",
        creator="isp-wizard", invariant=1,
    )
    frame = Frame(margin, margin + 6 * mm, width - 2 * margin, height - 2 * margin - 6 * mm,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    footer = (f"Rules approval {record.record_id}"
              + (" · TRAINING" if record.training else ""))
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=page_decoration(record.training))])
    s = _styles()
    places: dict[str, Any] = {}
    story: list[Any] = [_p(RECORD_KINDS.label("rules_approval"), s["title"])]
    if record.training:
        story.append(_p("This is a training record. It approves nothing.", s["body"]))
    who = record.practitioner
    story += [
        _p(f"Approved by {who.name}, {record.approver_role} ({who.organisation}) on "
           f"{record.approved_on.isoformat()}. Next review by "
           f"{record.next_review.isoformat()}.", s["outcome"]),
        _p("Decision trees", s["h2"]),
    ]
    for tree in record.trees:
        state = "APPROVED" if tree.approved else "not approved by this record"
        story.append(_p(f"{tree.id} “{tree.title}” version {tree.version} — {state}. "
                        f"SHA-256 {tree.sha256}", s["bullet"], bullet="•"))
    story.append(_p("Catalogues", s["h2"]))
    for cat in record.catalogues:
        version = f"version {cat.version}" if cat.version else "(no version given)"
        story.append(_p(f"{cat.name}.yaml {version}: SHA-256 {cat.sha256}", s["bullet"],
                        bullet="•"))
    story.append(_p(f"Legal facts confirmed ({len(record.confirmed)})", s["h2"]))
    for item in record.confirmed:
        by = f" — confirmed by {item.confirmed_by}" if item.confirmed_by else \
            " — confirmed (who confirmed it is not recorded)"
        story.append(_p(f"{item.catalogue}: {item.id} — {item.title}{by}", s["bullet"],
                        bullet="•"))
    story.append(_p(f"Still unconfirmed ({len(record.unconfirmed)})", s["h2"]))
    if not record.unconfirmed:
        story.append(_p("Nothing: every legal fact the rules mark has been confirmed.",
                        s["body"]))
    for item in record.unconfirmed:
        note = f" Note: {item.note}" if item.note else ""
        story.append(_p(f"{item.catalogue}: {item.id} — {item.title}.{note}", s["bullet"],
                        bullet="•"))
    story.append(_p("About this record", s["h2"]))
    facts = [
        f"Record id: {record.record_id}",
        f"Created: {record.created_utc.strftime('%Y-%m-%d %H:%M:%S')} UTC "
        f"({record.created_local.isoformat()})",
        f"SHA-256 over every tree's and catalogue's SHA-256: {record.manifest_sha256}",
        f"Made with isp-wizard {record.app_version}; record format {record.schema_version}",
        "The record's data is attached to this PDF as record.json and is covered by the "
        "signature. Check it with: isp-wizard verify FILE.pdf",
    ]
    story += [_p(f, s["small"]) for f in facts]
    story.append(KeepTogether([
        _p("Signatures", s["h2"]),
        _p("The approver's digital signature (left) seals this record; any change after "
           "signing is detectable. A second approver may countersign (right).", s["small"]),
        SignatureBoxes(doc.width, places, labels=("Approved by", "Second approver")),
    ]))
    doc.build(story, canvasmaker=numbered_canvas(footer, margin))
    return RenderedRecord(pdf=buffer.getvalue(), pages=places["pages"],
                          places=SignaturePlaces(places["page"], places["decider"],
                                                 places["countersign"]))
