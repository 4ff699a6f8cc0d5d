"""Finishing a walk: the record built, signed, and filed in the register, as one call.

The GUI's sign page and ``isp-wizard decide`` both end here, so a record made either way is made
the same way. The signed PDF is written next to its final place first; filing then moves it in and
appends the register entry, so a failure at any point leaves neither a stray PDF nor an entry.
"""

from __future__ import annotations

import datetime as dt
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
                replace: bool = False) -> FinishedRecord:
    """Build and sign the record of ``session``'s decision, then file it in the register.

    ``copy_to`` also writes the signed PDF there (``decide --out``); it is written before the
    record is filed and removed again if filing fails, so a copy never outlives a failed filing.
    """
    from isp_wizard.errors import RecordError
    from isp_wizard.fsutil import PRIVATE_FOLDER, make_folder
    from isp_wizard.services.filing import file_record
    from isp_wizard.services.records import create_signed_record, write_pdf

    if copy_to is not None and copy_to.exists() and not replace:
        raise RecordError(f"{copy_to} already exists; choose another name")
    records_dir = locations.records_for(training)
    make_folder(records_dir, mode=PRIVATE_FOLDER)  # records hold personal data
    unfiled = records_dir / f".unfiled-{uuid.uuid4().hex}.pdf"
    record = create_signed_record(session, pack, details, identity_path=identity_path,
                                  passphrase=passphrase, training=training, out_path=unfiled,
                                  cache_dir=locations.cache_dir, now=now)
    copied = False
    try:
        if copy_to is not None:
            write_pdf(copy_to, unfiled.read_bytes())
            copied = True
        entry = file_record(record, unfiled, locations=locations, training=training)
    except BaseException:
        if copied and copy_to is not None:
            copy_to.unlink(missing_ok=True)
        raise
    finally:
        unfiled.unlink(missing_ok=True)
    return FinishedRecord(record, records_dir / entry.pdf_path, entry)
