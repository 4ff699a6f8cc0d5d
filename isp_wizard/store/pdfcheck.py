"""Re-hashing the records folder against the register: PDFs altered, missing or unregistered.

A record's PDF must match its latest entry: the filed record's, or that of the last event on it
(a countersignature changes the PDF, and its event entry carries the new SHA-256).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.store.chain import Finding

if TYPE_CHECKING:
    from isp_wizard.store.register import RegisterEntry


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_pdf(entry: RegisterEntry, records_dir: Path) -> Path:
    path = Path(entry.pdf_path)
    return path if path.is_absolute() else records_dir / path


def latest_by_record(entries: Sequence[RegisterEntry], findings: list[Finding]
                     ) -> dict[str, RegisterEntry]:
    """Each record's latest entry, in the order the records were filed; an event that does not
    follow its record's previous PDF, or names no filed record, is added to ``findings``."""
    latest: dict[str, RegisterEntry] = {}
    for entry in entries:
        before = latest.get(entry.record_id)
        if entry.is_record:
            latest.setdefault(entry.record_id, entry)
            continue
        if before is None:
            findings.append(Finding(entry.record_id, "event-broken",
                                    f"a {entry.kind} is recorded for a record that is not in "
                                    "the register"))
            continue
        if entry.prev_pdf_sha256 != before.pdf_sha256:
            findings.append(Finding(entry.record_id, "event-broken",
                                    f"the {entry.kind} recorded on {entry.created_utc} does not "
                                    "follow the PDF the register held before it"))
        latest[entry.record_id] = entry
    return latest


def check_pdfs(entries: Sequence[RegisterEntry], records_dir: Path) -> list[Finding]:
    findings: list[Finding] = []
    # every version an entry names is expected (a merged countersignature is filed beside the
    # version before it); only each record's latest must match
    known = {resolve_pdf(e, records_dir).resolve() for e in entries}
    for entry in latest_by_record(entries, findings).values():
        path = resolve_pdf(entry, records_dir)
        try:
            actual = file_sha256(path)
        except FileNotFoundError:
            findings.append(Finding(entry.record_id, "pdf-missing",
                                    f"the signed PDF is missing: {path}"))
            continue
        except OSError as exc:
            findings.append(Finding(entry.record_id, "pdf-missing",
                                    f"the signed PDF cannot be read: {path}: {exc.strerror}"))
            continue
        if actual != entry.pdf_sha256:
            since = "it was filed" if entry.is_record else \
                f"its {entry.kind} of {entry.created_utc}"
            findings.append(Finding(entry.record_id, "pdf-altered",
                                    f"the signed PDF has changed since {since}: {path}"))
    if records_dir.is_dir():
        for pdf in sorted(records_dir.rglob("*.pdf")):
            if pdf.name.startswith(".") or pdf.resolve() in known:
                continue
            findings.append(Finding(pdf.stem, "unregistered-pdf",
                                    f"a PDF in the records folder has no register entry (its "
                                    f"entry was deleted, or filing it was interrupted): {pdf}"))
    return findings
