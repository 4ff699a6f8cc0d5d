"""A register entry bound to the record signed inside its PDF.

Anyone who can edit a register file can recompute its hash chain; nobody can re-sign a record.
So each filed record's entry is checked against the record its decision maker signed (id,
decision, case reference, tree, practitioner, dates), and each event on it (a
countersignature) against the signatures the PDF actually holds: who signed, and the PDF's
SHA-256 before and after (each signature's revision is a prefix of the file). Trust is reported
apart: who signed with an identity that the trust anchors passed in do not vouch for.

These checks work on a record's entries whatever register they come from (SQLite, a server
register, a JSON export), so ``register verify`` and ``register merge`` share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import WizardError
from isp_wizard.store.chain import Finding

if TYPE_CHECKING:
    from isp_wizard.record.revisions import SignedRevision
    from isp_wizard.record.verify import VerificationReport
    from isp_wizard.store.pdfs import PdfStore
    from isp_wizard.store.register import RegisterEntry

COMPARED = ("record_id", "created_utc", "tree_id", "tree_version", "tree_sha256", "decision",
            "case_reference", "practitioner", "review_date", "training")
"""The entry's fields that must say what the signed record says."""


@dataclass
class Binding:
    """What checking one record's PDF against its entries found."""

    problems: list[str] = field(default_factory=list)
    untrusted: list[str] = field(default_factory=list)  # "Name (certificate ab12…)"
    signers: list[str] = field(default_factory=list)  # "Name (certificate ab12…), trusted"

    @property
    def holds(self) -> bool:
        return not self.problems


def signer_text(name: str, fingerprint: str) -> str:
    return f"{name} (certificate {fingerprint[:16]}…)" if fingerprint else name


def check_record_pdf(pdf: Path, history: Sequence[RegisterEntry], *,
                     trust_roots: Sequence[Path],
                     report: VerificationReport | None = None) -> Binding:
    """Check the PDF at ``pdf`` (the record's current one) against the record's entry and its
    events (``history``, in the order written); ``report`` is the PDF's verification when the
    caller has it already."""
    from isp_wizard.record.revisions import signed_revisions
    from isp_wizard.record.verify import verify_record

    found = Binding()
    entry, events = history[0], list(history[1:])
    try:
        if report is None:
            report = verify_record(pdf, trust_roots=list(trust_roots))
        revisions = signed_revisions(pdf.read_bytes())
    except (WizardError, OSError) as exc:
        found.problems.append(f"the PDF is not a record that verifies: {exc}")
        return found
    if report.altered or report.record is None:
        found.problems.append("its signatures do not verify: "
                              + ("; ".join(report.all_problems) or "no signature holds"))
    elif not report.ok:
        found.problems.append(f"it could not be checked in full here: {report.pages_not_compared}")
    for sig in report.signatures:
        who = signer_text(sig.signer.name, sig.signer.certificate_fingerprint)
        found.signers.append(f"{who}, {'trusted' if sig.trusted else 'NOT TRUSTED here'}")
        if not sig.trusted:
            found.untrusted.append(who)
    if report.record is not None:
        found.problems += _entry_against_record(entry, report)
    if not revisions:
        found.problems.append("the PDF holds no signature")
        return found
    if entry.pdf_sha256 != revisions[0].sha256:
        found.problems.append("the register's SHA-256 for the filed record is not that of the "
                              "PDF its decision maker signed")
    found.problems += _events_against_signatures(events, revisions, report)
    return found


def _entry_against_record(entry: RegisterEntry, report: VerificationReport) -> list[str]:
    from isp_wizard.store.register import entry_from_record

    assert report.record is not None
    signed = entry_from_record(report.record, pdf_path=entry.pdf_path,
                               pdf_sha256=entry.pdf_sha256)
    differ = [name for name in COMPARED if getattr(signed, name) != getattr(entry, name)]
    if not differ:
        return []
    return [f"the entry does not match the record signed in its PDF ({', '.join(differ)} "
            "differ): the register was altered"]


def _events_against_signatures(events: Sequence[RegisterEntry],
                               revisions: Sequence[SignedRevision],
                               report: VerificationReport) -> list[str]:
    """Each event against the PDF, in order from the decision maker's revision: a
    countersignature is the next signature (its signer, the file before and after it); a
    time-stamp event (``TIMESTAMP``) ends at a document time-stamp with no signature between;
    and nothing in the PDF after the decision maker's signature goes unrecorded."""
    from isp_wizard.store.register import TIMESTAMP, _practitioner_text

    problems: list[str] = []
    revs = list(revisions)
    later = revs[1:]
    signatures = [r for r in later if not r.is_timestamp]
    counters = [e for e in events if e.kind != TIMESTAMP]
    if len(counters) != len(signatures):
        problems.append(f"the register records {len(counters)} countersignature"
                        f"{'s' if len(counters) != 1 else ''} but the PDF holds "
                        f"{len(signatures)}")
    sigs = list(report.signatures)
    cursor = revs[0]
    signed = 0
    for event in events:
        what = f"the {event.kind or 'event'} recorded on {event.created_utc}"
        if event.kind == TIMESTAMP:
            ends = [r for r in later if r.end > cursor.end and r.sha256 == event.pdf_sha256]
            if event.prev_pdf_sha256 != cursor.sha256 or not ends or not ends[0].is_timestamp \
                    or any(not r.is_timestamp for r in later if cursor.end < r.end < ends[0].end):
                problems.append(f"{what} is not a time-stamp the PDF holds (the PDF before or "
                                "after it differs)")
                continue
            cursor = ends[0]
            continue
        following = [r for r in later if r.end > cursor.end]
        nxt = next((r for r in following if not r.is_timestamp), None)
        if nxt is None:
            continue  # counted above
        skipped = [r for r in following if r.end < nxt.end]
        if event.prev_pdf_sha256 != cursor.sha256 or event.pdf_sha256 != nxt.sha256:
            problems.append(f"{what} is not the signature the PDF holds (the PDF before or "
                            "after it differs)")
        elif skipped:
            problems.append(f"the PDF holds a time-stamp before {what} that the register does "
                            "not record")
        else:
            signed += 1
            if signed < len(sigs):
                signer = sigs[signed].signer
                if _practitioner_text(signer) != event.practitioner:
                    problems.append(f"{what} names {event.practitioner!r}, but the PDF was "
                                    "signed by "
                                    + signer_text(signer.name, signer.certificate_fingerprint))
        cursor = nxt
    unrecorded = [r for r in later if r.end > cursor.end and r.is_timestamp]
    if unrecorded:
        problems.append(f"the PDF holds {len(unrecorded)} time-stamp"
                        f"{'s' if len(unrecorded) != 1 else ''} the register does not record")
    return problems


@dataclass
class RegisterAudit:
    """Every filed record's PDF checked against its entries (``check_signed``)."""

    findings: list[Finding] = field(default_factory=list)
    untrusted: list[str] = field(default_factory=list)  # "record id: signer"
    checked: int = 0


def check_signed(entries: Sequence[RegisterEntry], pdfs: PdfStore, *,
                 trust_roots: Sequence[Path], require_trusted: bool = False) -> RegisterAudit:
    """Each record whose PDF is held as the register says (missing and altered PDFs are the
    hash check's findings) against the record and signatures inside it: ``not-as-signed``
    findings, and signers no trust anchor vouches for (findings only if ``require_trusted``)."""
    import hashlib
    import tempfile

    from isp_wizard.store.pdfs import FolderPdfs

    audit = RegisterAudit()
    histories: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        if entry.is_record and entry.record_id in histories:
            continue  # a second entry for the same id is the chain check's finding
        histories.setdefault(entry.record_id, []).append(entry)
    with tempfile.TemporaryDirectory(prefix="isp-wizard-verify-") as scratch:
        for rid, history in histories.items():
            if not history[0].is_record:
                continue
            latest = history[-1]
            try:
                data = pdfs.read(latest)
            except (OSError, WizardError):
                continue  # reported as missing by the hash check
            if hashlib.sha256(data).hexdigest() != latest.pdf_sha256:
                continue  # reported as altered by the hash check
            if isinstance(pdfs, FolderPdfs):
                path = pdfs.path(latest)
            else:
                path = Path(scratch) / "record.pdf"
                path.write_bytes(data)
            audit.checked += 1
            bound = check_record_pdf(path, history, trust_roots=trust_roots)
            audit.findings += [Finding(rid, "not-as-signed", p) for p in bound.problems]
            for who in bound.untrusted:
                audit.untrusted.append(f"{rid}: {who}")
                if require_trusted:
                    audit.findings.append(Finding(rid, "untrusted", f"signed by {who}, whom no "
                                                  "trust anchor here vouches for"))
    return audit
