"""The board's monitoring report from a register, in one call for the CLI and the GUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import RulesError, UsageError
from isp_wizard.services.report_stats import Catalogue, ReportStats

if TYPE_CHECKING:
    from isp_wizard.store.pdfs import PdfStore
    from isp_wizard.store.register import Register


@dataclass(frozen=True)
class MonitoringReport:
    stats: ReportStats
    path: Path
    notes: tuple[str, ...] = ()


def make_monitoring_report(register: Path | Register, records: Path | PdfStore | None,
                           rules_dir: Path, start: dt.date, end: dt.date, out: Path, *,
                           as_of: dt.date | None = None, cache_dir: Path | None = None,
                           now: dt.datetime | None = None) -> MonitoringReport:
    """Count the register's records from ``start`` to ``end`` and write the PDF to ``out``.

    ``register`` is a laptop register's file or an open register (the partnership's server);
    ``records`` is where its PDFs are (a records folder or a PDF store; None: the register's own).
    """
    from isp_wizard.services.report_pdf import write_report
    from isp_wizard.services.report_source import catalogue_from_pack, facts_from_entries
    from isp_wizard.services.report_stats import compute_stats
    from isp_wizard.store.pdfs import FolderPdfs, as_pdf_store
    from isp_wizard.store.register import open_register

    if end < start:
        raise UsageError(f"the period ends ({end}) before it starts ({start})")
    notes: list[str] = []
    try:
        from isp_wizard.rulepack import load_pack

        catalogue = catalogue_from_pack(load_pack(rules_dir, cache_dir=cache_dir))
    except RulesError as exc:
        catalogue = Catalogue()
        notes.append(f"the rules could not be loaded, so trees are shown by id and partners as "
                     f"not listed: {exc}")
    pdfs = as_pdf_store(records)
    if not isinstance(register, Path):
        entries = [e for e in register.entries() if e.is_record]
        pdfs = pdfs or register.pdfs
    elif register.exists():
        with open_register(register, create=False) as opened:
            entries = [e for e in opened.entries() if e.is_record]
    else:
        entries = []
        notes.append(f"there is no register at {register} yet: the report is empty")
    if pdfs is None:  # a laptop register given without its folder: PDFs beside it
        where = register if isinstance(register, Path) else Path(register.location)
        pdfs = FolderPdfs(where.parent / "records")
    facts = facts_from_entries(entries, pdfs, start, end, cache_dir=cache_dir,
                               catalogue=catalogue)
    stats = compute_stats(facts, start, end, catalogue, as_of=as_of)
    write_report(stats, out, generated=now)
    if stats.details_unread:
        notes.append(f"{stats.details_unread} records of the period could not be read from "
                     "their PDFs; run 'isp-wizard register verify'")
    return MonitoringReport(stats=stats, path=out, notes=tuple(notes))
