"""The board's monitoring report from a register, in one call for the CLI and the GUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from isp_wizard.errors import RulesError, UsageError
from isp_wizard.services.report_stats import Catalogue, ReportStats


@dataclass(frozen=True)
class MonitoringReport:
    stats: ReportStats
    path: Path
    notes: tuple[str, ...] = ()


def make_monitoring_report(register_path: Path, records_dir: Path, rules_dir: Path,
                           start: dt.date, end: dt.date, out: Path, *,
                           as_of: dt.date | None = None, cache_dir: Path | None = None,
                           now: dt.datetime | None = None) -> MonitoringReport:
    """Count the register's records from ``start`` to ``end`` and write the PDF to ``out``."""
    from isp_wizard.services.report_pdf import write_report
    from isp_wizard.services.report_source import catalogue_from_pack, facts_from_entries
    from isp_wizard.services.report_stats import compute_stats
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
    if register_path.exists():
        with open_register(register_path, create=False) as register:
            entries = [e for e in register.entries() if e.is_record]
    else:
        entries = []
        notes.append(f"there is no register at {register_path} yet: the report is empty")
    facts = facts_from_entries(entries, records_dir, start, end, cache_dir=cache_dir,
                               catalogue=catalogue)
    stats = compute_stats(facts, start, end, catalogue, as_of=as_of)
    write_report(stats, out, generated=now)
    if stats.details_unread:
        notes.append(f"{stats.details_unread} records of the period could not be read from "
                     "their PDFs; run 'isp-wizard register verify'")
    return MonitoringReport(stats=stats, path=out, notes=tuple(notes))
