"""Making and countersigning signed records: the sequence the GUI and the CLI both run.

``create_signed_record`` unlocks the identity, builds the record, renders it, signs it and
writes it atomically and owner-only (``isp_wizard.fsutil``: a temporary file in the same folder,
fsync, rename): a crash, a full disk or a read-only folder never leaves half a PDF behind.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import RecordError
from isp_wizard.record.model import DecisionRecord, Practitioner, RecordDetails

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.folders import Locations
    from isp_wizard.record.identity import Identity
    from isp_wizard.record.verify import VerificationReport
    from isp_wizard.rulepack.pack import RulePack
    from isp_wizard.store.register import RegisterEntry


def create_signed_record(session: Session, pack: RulePack, details: RecordDetails, *,
                         identity_path: Path, passphrase: str, training: bool, out_path: Path,
                         cache_dir: Path, now: dt.datetime | None = None, replace: bool = False,
                         require_approved: bool = False) -> DecisionRecord:
    """Build, render, sign and write the record of ``session``'s decision to ``out_path``
    (``cache_dir`` keeps the signature stamp's font). ``require_approved`` refuses a real record
    whose rules are not approved (see ``record.governance``)."""
    from isp_wizard.record.identity import load_identity
    from isp_wizard.record.model import build_record
    from isp_wizard.record.pdf import render_record
    from isp_wizard.record.rendered import document_info
    from isp_wizard.record.sign import sign_new_record

    if out_path.exists() and not replace:
        raise RecordError(f"{out_path} already exists; choose another name")
    if session.outcome() is None:
        raise RecordError("the questions have not reached a decision yet")
    now = now or dt.datetime.now(dt.UTC)
    if require_approved:  # before the passphrase is tried: say what is missing first
        from isp_wizard.record.governance import governance_notices, refuse_unapproved

        refuse_unapproved(governance_notices(session, pack, now.astimezone().date()),
                          training=training)
    identity = load_identity(identity_path, passphrase)
    record = build_record(session, pack, details, identity.practitioner, training=training,
                          now=now, require_approved=require_approved)
    rendered = render_record(record)
    signed = sign_new_record(rendered.pdf, record.canonical_json(), identity, rendered.places,
                             cache_dir=cache_dir, created=record.created_utc,
                             info=document_info(record))
    write_pdf(out_path, signed)
    return record


@dataclass(frozen=True)
class Countersigned:
    countersigner: Practitioner
    report: VerificationReport
    event: RegisterEntry | None = None  # the register's entry, when the filed PDF was signed

    @property
    def in_register(self) -> bool:
        return self.event is not None


def countersign_record(path: Path, *, identity_path: Path, passphrase: str, where: Locations,
                       trust_roots: Sequence[Path], out_path: Path | None = None,
                       now: dt.datetime | None = None) -> Countersigned:
    """Add a manager's signature to the record at ``path`` (in place unless ``out_path``).

    In place on the PDF filed in the records folder, the countersignature is also recorded in the
    register (``services.filed``); a copy elsewhere, or ``out_path``, leaves the register alone.
    Nobody countersigns a record they signed as its decision maker.
    """
    from isp_wizard.record.identity import load_identity
    from isp_wizard.record.sign import countersign_pdf
    from isp_wizard.record.verify import verify_record
    from isp_wizard.services.filed import filed_record_at, record_countersignature

    before = verify_record(path, trust_roots=trust_roots)
    if not before.ok:
        raise RecordError("the record does not verify, so it cannot be countersigned: "
                          + "; ".join(before.all_problems))
    identity = load_identity(identity_path, passphrase)
    refuse_own_record(before, identity)
    filed = None if out_path is not None else filed_record_at(path, before, where)
    original = path.read_bytes()
    signed = countersign_pdf(original, identity, cache_dir=where.cache_dir)
    if filed is not None:
        event = record_countersignature(filed, original, signed, identity.practitioner,
                                        locations=where, now=now)
        return Countersigned(identity.practitioner, verify_record(path, trust_roots=trust_roots),
                             event)
    target = out_path or path
    write_pdf(target, signed)
    return Countersigned(identity.practitioner, verify_record(target, trust_roots=trust_roots))


def refuse_own_record(report: VerificationReport, identity: Identity) -> None:
    """RecordError when ``identity`` is the decision maker's: nobody countersigns themselves."""
    from isp_wizard.record.places import FIELD_DECIDER

    mine = identity.practitioner.certificate_fingerprint
    decider = {s.signer.certificate_fingerprint for s in report.signatures
               if s.field == FIELD_DECIDER}
    if report.record is not None:
        decider.add(report.record.practitioner.certificate_fingerprint)
    if mine and mine in decider:
        raise RecordError("you signed this record as its decision maker, so you cannot "
                          "countersign it: a countersignature must come from someone else, "
                          "such as your manager")


def write_pdf(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all, owner-only (a record holds personal data);
    RecordError with a plain reason."""
    from isp_wizard.fsutil import PRIVATE_FILE, PRIVATE_FOLDER, write_atomically

    try:
        write_atomically(path, data, mode=PRIVATE_FILE, folder_mode=PRIVATE_FOLDER)
    except OSError as exc:
        raise RecordError(_why_not_written(path, exc)) from exc


def _why_not_written(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"there is not enough disk space to write {path}; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write to {path.parent}: the folder is read-only or not yours"
    return f"cannot write {path}: {exc.strerror or exc}"
