"""Finishing a walk: the record built, signed, and filed in the register, as one call.

The GUI's sign page and ``isp-wizard decide`` both end here, so a record made either way is made
the same way. The signed PDF is written under a hidden staging name in the records folder first
(its name carries this process's id, so the next start sweeps it if the process is killed);
filing then moves it in and appends the register entry, so a failure at any point leaves neither
a stray PDF nor an entry. A copy elsewhere (``decide --out``) is written only once the record is
filed: a copy never exists for a record that is not in the register.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.folders import Locations
    from isp_wizard.record.model import DecisionRecord, RecordDetails
    from isp_wizard.rulepack.pack import RulePack
    from isp_wizard.store.register import RegisterEntry


@dataclass(frozen=True)
class FinishedRecord:
    record: DecisionRecord
    pdf_path: Path
    entry: RegisterEntry


def finish_walk(session: Session, pack: RulePack, details: RecordDetails, *,
                identity_path: Path, passphrase: str, training: bool, locations: Locations,
                now: dt.datetime | None = None, copy_to: Path | None = None,
                replace: bool = False, require_approved: bool = False) -> FinishedRecord:
    """Build and sign the record of ``session``'s decision, then file it in the register.

    ``copy_to`` also writes the signed PDF there (``decide --out``), after the record is filed;
    if that copy cannot be written the record is still filed and RecordError says so.
    ``require_approved`` (the ``require_approved_rules`` setting) refuses a real record made
    under rules whose governance is not in order, naming what is missing.
    """
    from isp_wizard.errors import RecordError
    from isp_wizard.fsutil import PRIVATE_FOLDER, make_folder
    from isp_wizard.services.filing import file_record
    from isp_wizard.services.records import create_signed_record, write_pdf
    from isp_wizard.store.leftovers import leftovers_of, note_pending

    if copy_to is not None and copy_to.exists() and not replace:
        raise RecordError(f"{copy_to} already exists; choose another name")
    records_dir = locations.records_for(training)
    make_folder(records_dir, mode=PRIVATE_FOLDER)  # records hold personal data
    unfiled = records_dir / f".unfiled.pid{os.getpid()}.{uuid.uuid4().hex}.pdf"
    try:
        record = create_signed_record(session, pack, details, identity_path=identity_path,
                                      passphrase=passphrase, training=training,
                                      out_path=unfiled, cache_dir=locations.cache_dir, now=now,
                                      require_approved=require_approved)
        entry = file_record(record, unfiled, locations=locations, training=training)
    finally:
        unfiled.unlink(missing_ok=True)
    filed = records_dir / entry.pdf_path
    if copy_to is not None:
        for leftover in leftovers_of(copy_to):  # a killed earlier save of the same copy
            leftover.unlink(missing_ok=True)
        try:
            note = note_pending(records_dir, copy_to)  # so a kill mid-copy is swept later
            try:
                write_pdf(copy_to, filed.read_bytes())
            finally:
                note.unlink(missing_ok=True)
        except (RecordError, OSError) as exc:
            raise RecordError(f"the record {record.record_id} is signed and filed in the "
                              f"register ({filed}), but the copy could not be written: "
                              f"{exc}") from exc
    return FinishedRecord(record, filed, entry)
