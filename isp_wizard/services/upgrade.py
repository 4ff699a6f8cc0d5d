"""Bringing records to long-term validation (PAdES B-LT, then B-LTA) when a TSA can be reached.

Records are signed offline; ``upgrade_record`` adds validation data and a document time-stamp
(``record.ltv``) to one record, ``upgrade_filed`` to every filed record that is due (not yet
time-stamped, a signature added since, or the last time-stamp's certificate expiring within a
year). A filed PDF is replaced the way a countersignature replaces it: the register records the
upgrade as a time-stamp event first (``services.filed.replace_filed``). When the TSA is down,
slow or answers garbage, nothing changes and the result says the upgrade is pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import RecordError

if TYPE_CHECKING:
    from isp_wizard.folders import Locations
    from isp_wizard.record.ltv import TsaConfig
    from isp_wizard.store.register import RegisterEntry


@dataclass(frozen=True)
class Upgraded:
    """What happened to one record: its new ``level`` (None: unchanged), or why it is
    ``pending``; ``event`` is the register's entry when the filed PDF was upgraded."""

    path: Path
    level: str | None = None
    pending: str = ""
    event: RegisterEntry | None = None


def upgrade_record(path: Path, *, tsa: TsaConfig, where: Locations,
                   trust_roots: Sequence[Path], crls: Sequence[Path] = (),
                   now: dt.datetime | None = None, force: bool = False) -> Upgraded:
    """Upgrade the record at ``path`` in place (recorded in the register when it is the filed
    PDF). RecordError when the record does not verify: an altered record is never time-stamped."""
    from isp_wizard.record.ltv import TimestampUnavailableError, level_of, load_crls, upgrade
    from isp_wizard.record.verify import _load_roots, verify_record
    from isp_wizard.services.filed import filed_record_at, replace_filed
    from isp_wizard.services.records import write_pdf
    from isp_wizard.store.register import timestamp_entry

    now = now or dt.datetime.now(dt.UTC)
    report = verify_record(path, trust_roots=trust_roots, crls=crls)
    if not report.ok:
        raise RecordError(f"{path} does not verify, so it was not time-stamped: "
                          + "; ".join(report.all_problems))
    original = path.read_bytes()
    try:
        new = upgrade(original, tsa, trust_roots=_load_roots(trust_roots),
                      crls=load_crls(crls), now=now, force=force)
    except TimestampUnavailableError as exc:
        return Upgraded(path, pending=str(exc))
    if new is None:
        return Upgraded(path)
    level = level_of(new)
    filed = filed_record_at(path, report, where)
    if filed is None:
        write_pdf(path, new)
        return Upgraded(path, level)
    authority = _authority(new)
    event = replace_filed(
        filed, original, new,
        lambda before, after: timestamp_entry(filed.entry, authority=authority, level=level,
                                              when=now, prev_pdf_sha256=before,
                                              pdf_sha256=after),
        locations=where, what="time-stamped")
    return Upgraded(path, level, event=event)


def upgrade_filed(where: Locations, *, tsa: TsaConfig, trust_roots: Sequence[Path],
                  crls: Sequence[Path] = (), training: bool = False,
                  now: dt.datetime | None = None, force: bool = False) -> list[Upgraded]:
    """Every filed record that is due, oldest first. Once the TSA cannot be reached the rest
    are left pending without trying again."""
    from isp_wizard.record.ltv import upgrade_need
    from isp_wizard.store.pdfcheck import resolve_pdf
    from isp_wizard.store.register import open_register

    register_path = where.register_for(training)
    if not register_path.exists():
        return []
    with open_register(register_path, create=False, read_only=True) as register:
        entries = register.records()
    now = now or dt.datetime.now(dt.UTC)
    done: list[Upgraded] = []
    unreachable = ""
    for entry in entries:
        path = resolve_pdf(entry, where.records_for(training))
        try:
            if not force and not upgrade_need(path.read_bytes(), now=now).needed:
                continue
        except Exception as exc:  # an unreadable PDF is register verify's to report
            done.append(Upgraded(path, pending=f"cannot be read ({exc})"))
            continue
        if unreachable:
            done.append(Upgraded(path, pending=unreachable))
            continue
        try:
            result = upgrade_record(path, tsa=tsa, where=where, trust_roots=trust_roots,
                                    crls=crls, now=now, force=force)
        except RecordError as exc:  # altered, or not the filed version: not time-stamped
            done.append(Upgraded(path, pending=str(exc)))
            continue
        if result.pending:
            unreachable = result.pending
        done.append(result)
    return done


def _authority(data: bytes) -> str:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    stamps = PdfFileReader(BytesIO(data), strict=False).embedded_timestamp_signatures
    if not stamps:
        return "time-stamping authority"
    subject = stamps[-1].signer_cert.subject.native
    return str(subject.get("common_name") or subject.get("organization_name") or "TSA")
