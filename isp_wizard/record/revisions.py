"""Where each signature's revision of a PDF ends, and the SHA-256 of the file as it was then.

A countersignature is an incremental update: the file the decision maker signed is a prefix of
the countersigned one. The register's countersignature event names the PDF's SHA-256 before and
after; these prefixes are what they must match, so a register or an export cannot claim an event
that the PDF does not hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from isp_wizard.errors import NotARecordError


@dataclass(frozen=True)
class SignedRevision:
    """One signature: its field, the byte offset its signed revision ends at, and the SHA-256
    of the file up to there (the file as it was when this signature was made)."""

    field: str
    end: int
    sha256: str
    kind: str = "signature"  # or "timestamp": a document time-stamp (long-term validation)

    @property
    def is_timestamp(self) -> bool:
        return self.kind == "timestamp"


def signed_revisions(data: bytes) -> list[SignedRevision]:
    """Every signature in ``data``, oldest first. NotARecordError if the file cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
        found = []
        for sig in embedded:
            byte_range = sig.sig_object["/ByteRange"]
            end = int(byte_range[2]) + int(byte_range[3])
            kind = "timestamp" if str(sig.sig_object.get("/Type", "")) == "/DocTimeStamp" \
                else "signature"
            found.append((str(sig.field_name), end, kind))
    except Exception as exc:  # pyHanko raises many kinds on broken files
        raise NotARecordError(f"not a readable signed PDF ({exc})") from exc
    return [SignedRevision(name, end, hashlib.sha256(data[:end]).hexdigest(), kind)
            for name, end, kind in found if 0 < end <= len(data)]
