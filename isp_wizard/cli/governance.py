"""``isp-wizard report`` (the board's monitoring report) and ``register merge`` (one register for
the partnership from many laptops' exports). ``register merge`` is attached to the store area's
``register`` command by ``add_merge_command``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_wizard.services.merge import ExportResult


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help="the board's monitoring report (PDF) for a period",
        description="Build the partnership board's monitoring report from the register: counts "
                    "and categories only, no personal data.")
    report.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD",
                        help="first day of the period (UTC)")
    report.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD",
                        help="last day of the period (UTC), included")
    report.add_argument("--out", type=Path, required=True, metavar="PDF",
                        help="where to write the report")
    report.add_argument("--as-of", dest="as_of", type=_date, metavar="YYYY-MM-DD",
                        help="count overdue reviews as at this date (default: the last day)")
    report.add_argument("--register", dest="register_path", type=Path, metavar="FILE",
                        help="report on this register (default: this app's register)")
    from isp_wizard.cli.server import add_server_option

    add_server_option(report)
    report.add_argument("--records", dest="records_dir", type=Path, metavar="DIR",
                        help="the register's records folder (default: this app's, or "
                             "'records' beside --register)")
    report.set_defaults(handler=cmd_report)


def add_merge_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``register merge EXPORT...``: called by the store area's CLI with its ``register`` parser."""
    merge = sub.add_parser(
        "merge", help="merge JSON exports from other laptops into one register; exit 1 if any "
                      "export is refused",
        description="Merge register exports (each a JSON export with its signed PDFs beside it) "
                    "into one partnership register. Every export's hash chain, every PDF's "
                    "SHA-256 and signatures are checked; an export with any problem is refused "
                    "whole; records already there are skipped.")
    merge.add_argument("exports", nargs="+", type=Path, metavar="EXPORT",
                       help="a JSON export made with 'register export --json'")
    merge.add_argument("--into", type=Path, metavar="FILE",
                       help="the partnership register (default: this app's register)")
    merge.add_argument("--records", dest="records_dir", type=Path, metavar="DIR",
                       help="where the merged PDFs go (default: this app's records folder, or "
                            "'records' beside --into)")
    merge.add_argument("--without-pdfs", action="store_true",
                       help="accept entries whose PDF is not in the export (their signatures "
                            "cannot be checked; they are counted and reported)")
    merge.add_argument("--allow-untrusted", action="store_true",
                       help="take records signed by identities no trust anchor here vouches "
                            "for (self-made ones); they are listed as untrusted")
    merge.set_defaults(handler=cmd_register_merge)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _places(args: argparse.Namespace, given: Path | None) -> tuple[Path, Path]:
    """The register and records folder: given ones, else this app's real (not training) ones."""
    from isp_wizard.errors import UsageError

    if args.training:
        raise UsageError("the monitoring report and the partnership register use real records "
                         "only; leave out --training")
    if given is not None:
        return given, args.records_dir or given.parent / "records"
    where = args.where
    return where.register_path, args.records_dir or where.records_dir


def cmd_report(args: argparse.Namespace) -> int:
    from isp_wizard.services.monitoring import make_monitoring_report

    where = args.where
    if args.server is not None:  # the partnership's register: its PDFs are on the server
        from isp_wizard.cli.server import open_server

        server = open_server(args.server, args.settings)
        try:
            made = make_monitoring_report(server, None, where.rules_dir, args.start, args.end,
                                          args.out, as_of=args.as_of,
                                          cache_dir=where.cache_dir)
        finally:
            server.close()
    else:
        register_path, records_dir = _places(args, args.register_path)
        made = make_monitoring_report(register_path, records_dir, where.rules_dir,
                                      args.start, args.end, args.out, as_of=args.as_of,
                                      cache_dir=where.cache_dir)
    for note in made.notes:
        print(f"isp-wizard: {note}", file=sys.stderr)
    stats = made.stats
    print(f"Wrote {made.path}: {stats.total:,} records from {stats.start} to {stats.end}, "
          f"{stats.breaches:,} breaches, {stats.overdue:,} past their review date.")
    return 0


def cmd_register_merge(args: argparse.Namespace) -> int:
    from isp_wizard.services.merge import merge_exports
    from isp_wizard.store.register import open_register

    register_path, records_dir = _places(args, args.into)
    missing = [str(p) for p in args.exports if not p.is_file()]
    if missing:
        from isp_wizard.errors import InputFileError

        raise InputFileError(f"no such export: {', '.join(missing)}")
    from isp_wizard.record.verify import default_trust_roots

    with open_register(register_path) as register:
        result = merge_exports(args.exports, register, records_dir,
                               require_pdfs=not args.without_pdfs,
                               trust_roots=default_trust_roots(args.settings.trust_anchors,
                                                               args.where.rules_dir),
                               allow_untrusted=args.allow_untrusted, progress=_print_result)
    refused = len(result.refused)
    print(f"Merged {len(result.exports) - refused} of {len(result.exports)} exports into "
          f"{register_path}: {result.added:,} records added, {result.duplicates:,} already "
          f"there" + (f"; {refused} refused (nothing from them was added)" if refused else "")
          + ".")
    return 1 if refused else 0


def _print_result(result: ExportResult) -> None:
    from isp_wizard.services.merge import PROBLEMS_SHOWN

    if result.refused:
        count = len(result.problems)
        print(f"{result.path}: REFUSED, {count} problem{'s' if count != 1 else ''}:")
        for problem in result.problems[:PROBLEMS_SHOWN]:
            print(f"  {problem}")
        if count > PROBLEMS_SHOWN:
            print(f"  … and {count - PROBLEMS_SHOWN} more")
        return
    parts = [f"{result.entries:,} entries", f"{result.added:,} added",
             f"{result.duplicates:,} already there",
             f"{result.signatures_checked:,} signatures checked"]
    if result.events_added:
        parts.append(f"{result.events_added:,} countersignatures added")
    if result.pdfs_not_supplied:
        parts.append(f"{result.pdfs_not_supplied:,} without their PDF (signature not checked)")
    if result.training_skipped:
        parts.append(f"{result.training_skipped:,} training records left out")
    print(f"{result.path}: {', '.join(parts)}; from {result.source}")
    if result.untrusted:
        print(f"  UNTRUSTED: {len(result.untrusted):,} records signed by identities no trust "
              "anchor here vouches for (taken because of --allow-untrusted):")
        for line in result.untrusted[:PROBLEMS_SHOWN]:
            print(f"    {line}")
