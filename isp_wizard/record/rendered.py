"""A record drawn as PDF pages before signing, and what its document information says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from isp_wizard.record.places import SignaturePlaces

if TYPE_CHECKING:
    from isp_wizard.record.approval import RulesApproval
    from isp_wizard.record.model import DecisionRecord


@dataclass(frozen=True)
class RenderedRecord:
    pdf: bytes
    pages: int
    places: SignaturePlaces


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's document information and XMP metadata: the same in both, dated by the record's
    own time (never the PDF library's fixed date)."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime
    creator: str
    producer: str
    """The library that writes the signed file (pyHanko): what both the information and the XMP
    metadata name once it is signed."""


def document_info(record: DecisionRecord) -> DocumentInfo:
    from pyhanko.pdf_utils.metadata.model import VENDOR

    from isp_wizard import __version__
    from isp_wizard.record.fonts import printable
    from isp_wizard.vocabulary import RECORD_KINDS

    def plain(text: str) -> str:
        return " ".join(printable(text).split())[:200]

    title = RECORD_KINDS.label(record.record_kind)
    return DocumentInfo(
        title=title + (" (training)" if record.training else ""),
        author=plain(record.practitioner.name),
        subject=plain(f"{record.decision_label} — case {record.case_reference} — record "
                      f"{record.record_id}"),
        keywords=tuple(k for k in (record.tree.id, record.decision, plain(record.case_reference),
                                   record.record_id, "training" if record.training else "")
                       if k),
        created=record.created_utc,
        creator=f"isp-wizard {__version__}",
        producer=VENDOR,
    )


def approval_info(record: RulesApproval) -> DocumentInfo:
    """A rules approval's document information (approval format 2 on)."""
    from pyhanko.pdf_utils.metadata.model import VENDOR

    from isp_wizard import __version__
    from isp_wizard.record.fonts import printable
    from isp_wizard.vocabulary import RECORD_KINDS

    title = RECORD_KINDS.label("rules_approval")
    return DocumentInfo(
        title=title + (" (training)" if record.training else ""),
        author=" ".join(printable(record.practitioner.name).split())[:200],
        subject=f"{title} — {record.approved_on.isoformat()} — record {record.record_id}",
        keywords=tuple(k for k in ("rules_approval", record.record_id,
                                   "training" if record.training else "") if k),
        created=record.created_utc,
        creator=f"isp-wizard {__version__}",
        producer=VENDOR,
    )
