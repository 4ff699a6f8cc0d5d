"""Filed records and the register: finding a record's entry, checking a PDF against it, and
recording a countersignature of the filed PDF as an event in the register.

A filed record's PDF lives in the records folder as ``<record id>.pdf``; the register holds its
entry and any events on it (countersignatures), the last of which gives the PDF's current
SHA-256. A copy of a record elsewhere is only a copy: countersigning it leaves the register alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isp_wizard.folders import Locations
    from isp_wizard.record.model import Practitioner
    from isp_wizard.record.verify import VerificationReport
    from isp_wizard.store.register import RegisterEntry

MATCHES = "matches"
DIFFERS = "differs"
NOT_REGISTERED = "not-registered"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class FiledRecord:
    """A record in the register: its entry, its events, and where its PDF is filed."""

    entry: RegisterEntry
    history: tuple[RegisterEntry, ...]
    pdf_path: Path

    @property
    def current_sha256(self) -> str:
        return self.history[-1].pdf_sha256


def find_filed(record_id: str, training: bool, locations: Locations) -> FiledRecord | None:
    """The record's entry in the real or training register, or None if it is not there."""
    from isp_wizard.store.pdfcheck import resolve_pdf
    from isp_wizard.store.register import open_register

    register_path = locations.register_for(training)
    if not register_path.exists():
        return None
    with open_register(register_path, create=False) as register:
        history = register.history(record_id)
    records = [e for e in history if e.is_record]
    if not records:
        return None
    return FiledRecord(records[0], tuple(history),
                       resolve_pdf(records[0], locations.records_for(training)))


def filed_pdf_for_id(record_id: str, locations: Locations) -> Path | None:
    """Where the record with this id is filed (real register first, then training)."""
    for training in (False, True):
        filed = find_filed(record_id, training, locations)
        if filed is not None:
            return filed.pdf_path
    return None


def filed_record_at(path: Path, report: VerificationReport, locations: Locations
                    ) -> FiledRecord | None:
    """The filed record when ``path`` is its filed PDF itself; None for a copy elsewhere."""
    record = report.record
    if record is None:
        return None
    filed = find_filed(record.record_id, record.training, locations)
    if filed is None or filed.pdf_path.resolve() != path.resolve():
        return None
    return filed


@dataclass(frozen=True)
class RegisterCheck:
    """How a PDF compares with the register its record belongs in."""

    status: str  # MATCHES, DIFFERS, NOT_REGISTERED or UNAVAILABLE
    register: str  # "register" or "training register"
    message: str

    @property
    def differs(self) -> bool:
        return self.status == DIFFERS

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "register": self.register, "message": self.message}


def check_against_register(path: Path, report: VerificationReport, locations: Locations
                           ) -> RegisterCheck | None:
    """Look the record up in the register its ``training`` names and compare the PDF with the
    filed one (its latest version). None when the PDF holds no readable record."""
    from isp_wizard.errors import RegisterError
    from isp_wizard.store.pdfcheck import file_sha256

    record = report.record
    if record is None:
        return None
    label = "training register" if record.training else "register"
    try:
        filed = find_filed(record.record_id, record.training, locations)
    except RegisterError as exc:
        return RegisterCheck(UNAVAILABLE, label, f"the {label} could not be read: {exc}")
    if filed is None:
        return RegisterCheck(NOT_REGISTERED, label, f"not in this {label}")
    actual = file_sha256(path)
    if actual == filed.current_sha256:
        return RegisterCheck(MATCHES, label, f"filed in the {label}, PDF matches")
    return RegisterCheck(DIFFERS, label, f"filed in the {label}, but this PDF differs from the "
                         f"filed one ({_how_it_differs(actual, filed)})")


def _how_it_differs(actual: str, filed: FiledRecord) -> str:
    for later in filed.history[1:]:
        if later.prev_pdf_sha256 == actual:
            return (f"this is the version from before its {later.kind} by {later.practitioner} "
                    f"on {later.created_utc}")
    return (f"SHA-256 {actual[:16]}… here, {filed.current_sha256[:16]}… filed at "
            f"{filed.pdf_path}")


def record_countersignature(filed: FiledRecord, original: bytes, signed: bytes,
                            countersigner: Practitioner, *, locations: Locations,
                            now: dt.datetime | None = None) -> RegisterEntry:
    """Replace the filed PDF (``original``, as read) with its countersigned version ``signed``
    and chain the event in the register (``replace_filed``)."""
    from isp_wizard.store.register import countersignature_entry

    def event(before: str, after: str) -> RegisterEntry:
        return countersignature_entry(filed.entry, countersigner=countersigner,
                                      when=now or dt.datetime.now(dt.UTC),
                                      prev_pdf_sha256=before, pdf_sha256=after)

    return replace_filed(filed, original, signed, event, locations=locations,
                         what="countersigned")


def replace_filed(filed: FiledRecord, original: bytes, new: bytes,
                  event: Callable[[str, str], RegisterEntry], *, locations: Locations,
                  what: str) -> RegisterEntry:
    """Replace the filed PDF (``original``, as read) with ``new`` and chain ``event(SHA-256
    before, SHA-256 after)`` in the register.

    The new PDF is written beside the filed one first; the event is appended (the register
    checks, under its write lock, that the PDF it follows is still the current one); only then
    does the new PDF take the filed one's place. If the append fails, nothing has changed.
    """
    from isp_wizard.errors import RecordError
    from isp_wizard.store.pdfcheck import file_sha256
    from isp_wizard.store.register import open_register

    training = filed.entry.training
    with open_register(locations.register_for(training), create=False) as register:
        current = register.current_pdf_sha256(filed.entry.record_id)
        before = hashlib.sha256(original).hexdigest()
        if before != current or file_sha256(filed.pdf_path) != before:
            raise RecordError(f"{filed.pdf_path} differs from the PDF filed in the register, so "
                              f"it was not {what}; run 'isp-wizard register verify'")
        entry = event(before, hashlib.sha256(new).hexdigest())
        staged = stage_pdf(filed.pdf_path, new)
        try:
            appended = register.append(entry)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    _place(staged, filed.pdf_path)
    return appended


def stage_pdf(target: Path, data: bytes) -> Path:
    """``data`` written durably, owner-only, under a hidden name beside ``target``."""
    import os
    import tempfile

    from isp_wizard.errors import RecordError

    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp")
    except OSError as exc:
        raise RecordError(f"cannot write to {target.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o600)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise RecordError(f"cannot write {target}: {exc.strerror}") from exc
    return Path(name)


def _place(staged: Path, target: Path) -> None:
    """Rename the staged PDF over ``target`` and flush the folder's entries to disk."""
    import os

    from isp_wizard.errors import RecordError
    from isp_wizard.fsutil import fsync_folder

    try:
        os.replace(staged, target)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise RecordError(f"{target} could not be replaced: {exc.strerror}; the register "
                          "already records the change, so 'isp-wizard register "
                          "verify' will report this PDF as altered") from exc
    fsync_folder(target.parent)
