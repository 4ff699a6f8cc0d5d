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
    from isp_wizard.paths import Locations
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
                now: dt.datetime | None = None) -> FinishedRecord:
    """Build and sign the record of ``session``'s decision, then file it in the register."""
    from isp_wizard.services.filing import file_record
    from isp_wizard.services.records import create_signed_record

    records_dir = locations.records_for(training)
    records_dir.mkdir(parents=True, exist_ok=True)
    unfiled = records_dir / f".unfiled-{uuid.uuid4().hex}.pdf"
    record = create_signed_record(session, pack, details, identity_path=identity_path,
                                  passphrase=passphrase, training=training, out_path=unfiled,
                                  now=now)
    try:
        entry = file_record(record, unfiled, locations=locations, training=training)
    finally:
        unfiled.unlink(missing_ok=True)
    return FinishedRecord(record, records_dir / entry.pdf_path, entry)
