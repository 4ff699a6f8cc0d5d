"""``isp-wizard drafts …`` and ``isp-wizard register …``: saved drafts and the decision register.

The global ``--training`` flag selects the training register and records folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.cli.terminal import shown
from isp_wizard.vocabulary import DECISIONS

if TYPE_CHECKING:
    from isp_wizard.paths import Locations
    from isp_wizard.rulepack.pack import RulePack
    from isp_wizard.store.register import Register, RegisterEntry

DECISION_KEYS = DECISIONS.keys()
READ_TIMEOUT_S = 3.0  # reading waits this long for another program's lock before saying so


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    drafts = commands.add_parser("drafts", help="list, show and discard saved drafts")
    sub = drafts.add_subparsers(dest="drafts_command", metavar="ACTION", required=True)
    sub.add_parser("list", help="every saved draft, most recent first") \
        .set_defaults(handler=cmd_drafts_list)
    show = sub.add_parser("show", help="the answers and details saved in a draft")
    show.add_argument("draft_id", metavar="ID")
    show.set_defaults(handler=cmd_drafts_show)
    discard = sub.add_parser("discard", help="delete a draft")
    discard.add_argument("draft_id", metavar="ID")
    discard.set_defaults(handler=cmd_drafts_discard)

    reg = commands.add_parser("register", help="the register of decisions: list, show, export, "
                                               "verify, due reviews, merge")
    sub = reg.add_subparsers(dest="register_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="records in the register, oldest first")
    listing.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                         help="only records made on or after this date")
    listing.add_argument("--tree", default="", help="only records from this tree (its id)")
    listing.add_argument("--decision", default="", choices=DECISION_KEYS,
                         help="only records with this decision")
    listing.add_argument("--case", default="",
                         help="only records whose case reference contains this (any case)")
    listing.set_defaults(handler=cmd_register_list)
    show = sub.add_parser("show", help="everything the register holds about one record")
    show.add_argument("record_id", metavar="ID")
    show.set_defaults(handler=cmd_register_show)
    export = sub.add_parser("export", help="write the register to a CSV or JSON file")
    fmt = export.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", type=Path, metavar="FILE", help="for spreadsheets and monitoring")
    fmt.add_argument("--json", type=Path, metavar="FILE",
                     help="with the hash chain, for audit and merging")
    export.set_defaults(handler=cmd_register_export)
    verify = sub.add_parser("verify", help="re-walk the hash chain and re-hash every PDF; "
                                           "exit 1 on findings")
    verify.add_argument("--chain-only", action="store_true", help="do not re-hash the PDFs")
    verify.add_argument("--hashes-only", action="store_true",
                        help="re-hash the PDFs but do not check each entry against the record "
                             "signed inside its PDF (faster, and weaker: an edited register "
                             "whose chain was recomputed passes)")
    verify.add_argument("--require-trusted", action="store_true",
                        help="a record signed by an identity no trust anchor vouches for is a "
                             "finding")
    verify.add_argument("--record", action="append", metavar="ID", default=[],
                        help="check only this record (repeatable): its PDF as 'isp-wizard "
                             "verify' does and its entry as above, reading no other PDF (what "
                             "the app's Verify selected runs); exit codes as 'verify'")
    verify.set_defaults(handler=cmd_register_verify)
    due = sub.add_parser("due", help="records whose review date is today or has passed")
    due.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                     help="count from this date instead of today")
    due.set_defaults(handler=cmd_register_due)
    from isp_wizard.cli.governance import add_merge_command  # register merge EXPORT...

    add_merge_command(sub)
    from isp_wizard.cli.server import add_server_option, add_sync_command  # register sync

    add_sync_command(sub)
    for parser in (listing, show, export, verify, due):
        add_server_option(parser)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _where(args: argparse.Namespace) -> Locations:
    where: Locations = args.where
    return where


# --- drafts ------------------------------------------------------------------------------------


def _draft_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from isp_wizard.store.drafts import DraftStore

    return DraftStore(_where(args).drafts_dir)


def _pack_or_none(args: argparse.Namespace) -> RulePack | None:
    from isp_wizard.errors import RulesError
    from isp_wizard.rulepack import load_pack

    where = _where(args)
    try:
        return load_pack(where.rules_dir, cache_dir=where.cache_dir)
    except RulesError as exc:
        print(f"isp-wizard: the rules cannot be loaded, so drafts are shown as saved: {exc}",
              file=sys.stderr)
        return None


def cmd_drafts_list(args: argparse.Namespace) -> int:
    store = _draft_store(args)
    drafts = store.list(_pack_or_none(args))
    for message in store.messages:
        print(f"isp-wizard: {message}", file=sys.stderr)
    if not drafts:
        print("No saved drafts.")
        return 0
    rows = [(d.draft_id, d.tree_id, d.case_reference or "-",
             d.updated.astimezone().strftime("%Y-%m-%d %H:%M"), str(d.answered),
             ("training " if d.training else "") + d.note) for d in drafts]
    _table(("draft", "tree", "case", "saved", "answers", "note"), rows)
    return 0


def cmd_drafts_show(args: argparse.Namespace) -> int:
    from isp_wizard.errors import DraftError

    store = _draft_store(args)
    document = store.read(args.draft_id, quarantine=False)  # a read command moves nothing
    tree = document["tree"]
    print(f"Draft:    {args.draft_id}{'  (training)' if document.get('training') else ''}")
    print(f"Tree:     {shown(tree.get('title') or tree['id'], 200)} ({shown(tree['id'], 100)} "
          f"{shown(tree.get('version', ''), 40)})")
    print(f"Saved:    {shown(document.get('updated', ''), 40)}")
    for key, value in (document.get("details") or {}).items():
        if value not in ("", None, [], {}):
            print(f"{key.replace('_', ' ').capitalize()}: {shown(value, 2000)}")
    pack = _pack_or_none(args)
    resumed = None
    if pack is not None:
        try:
            resumed = store.load(args.draft_id, pack, quarantine=False)
        except DraftError as exc:
            print(f"Note:     {exc}")
    if resumed is None:
        print("Answers (as saved):")
        for node_id, value in document["session"]["answers"].items():
            text = ", ".join(map(str, value)) if isinstance(value, list) else value
            print(f"  {shown(node_id, 100)}: {shown(text, 2000)}")
        return 0
    for note in resumed.notes:
        print(f"Note:     {note}")
    print("Answers:")
    for step in resumed.session.explain():
        print(f"  {step.text}\n    → {'; '.join(step.labels)}")
    current = resumed.session.current
    outcome = resumed.session.outcome()
    if outcome is not None:
        print(f"Reached:  {outcome.text}")
    else:
        print(f"Next:     {current.text}")
    return 0


def cmd_drafts_discard(args: argparse.Namespace) -> int:
    _draft_store(args).discard(args.draft_id)
    print(f"Discarded draft {args.draft_id}.")
    return 0


# --- register ----------------------------------------------------------------------------------


def _register(args: argparse.Namespace) -> Register | None:
    """The register chosen by ``--training`` (or ``--server``: the partnership's), or None
    when none has been made yet."""
    from isp_wizard.store.register import open_register

    if getattr(args, "server", None) is not None:
        from isp_wizard.cli.server import open_server

        return open_server(args.server, args.settings)

    path = _where(args).register_for(bool(args.training))
    if not path.exists():
        return None
    return open_register(path, create=False, timeout=READ_TIMEOUT_S, read_only=True)


def _label(args: argparse.Namespace) -> str:
    if getattr(args, "server", None) is not None:
        return "partnership register"
    return "training register" if args.training else "register"


def cmd_register_list(args: argparse.Namespace) -> int:
    from isp_wizard.store.register import RegisterFilter

    reg = _register(args)
    if reg is None:
        print(f"The {_label(args)} has no records yet.")
        return 0
    with reg:
        found = reg.records(RegisterFilter(since=args.since, tree=args.tree,
                                        decision=args.decision, case=args.case))
    _entries_table(found)
    print(f"{len(found)} record{'s' if len(found) != 1 else ''}")
    return 0


def cmd_register_show(args: argparse.Namespace) -> int:
    from isp_wizard.errors import RegisterError

    reg = _register(args)
    entry: RegisterEntry | None = None
    events: list[RegisterEntry] = []
    if reg is not None:
        with reg:
            entry = reg.get(args.record_id)
            events = reg.history(args.record_id)[1:] if entry else []
    if entry is None:
        raise RegisterError(f"there is no record {args.record_id!r} in the {_label(args)}")
    for name, value in entry.to_json().items():
        if name in ("kind", "prev_pdf_sha256"):  # only events carry these
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        print(f"{name.replace('_', ' ') + ':':<16} {shown(value, 2000)}")
    if reg is not None and reg.keeps_pdfs:
        print(f"{'PDF:':<16} held on the server ({shown(reg.location)})")
    else:
        where = _where(args).records_for(bool(args.training))
        pdf = Path(entry.pdf_path)
        print(f"{'PDF file:':<16} {shown(pdf if pdf.is_absolute() else where / pdf)}")
    for event in events:
        print(f"{shown(event.kind.capitalize()) + ':':<16} {shown(event.practitioner, 300)}, "
              f"{shown(event.created_utc, 40)}")
    if events:
        print(f"{'PDF now:':<16} SHA-256 {events[-1].pdf_sha256}")
    return 0


def cmd_register_export(args: argparse.Namespace) -> int:
    from isp_wizard.errors import StoreError
    from isp_wizard.store.register import open_register

    path = _where(args).register_for(bool(args.training))
    target = args.csv or args.json
    opened = _register(args) if args.server is not None else open_register(path, create=True)
    assert opened is not None
    with opened as reg:
        try:
            count = reg.export_csv(target) if args.csv else reg.export_json(target)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the export: {exc.strerror}") from exc
    print(f"Exported {count} record{'s' if count != 1 else ''} to {target}.")
    return 0


def cmd_register_verify(args: argparse.Namespace) -> int:
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.verification import verify_register

    where = _where(args)
    if args.record:
        return _verify_records(args)
    reg = _register(args)
    if reg is None:
        print(f"The {_label(args)} has no records yet: nothing to verify.")
        return 0
    pdfs = None if args.chain_only else \
        reg.pdfs if reg.keeps_pdfs else where.records_for(bool(args.training))
    with reg:
        if reg.keeps_pdfs and not reg.reads_everything():  # type: ignore[attr-defined]
            from isp_wizard.errors import UsageError

            raise UsageError(f"this login sees only its own organisation's entries of "
                             f"{reg.location}: verifying the whole chain needs the "
                             "partnership's auditor role (isp_auditor)")
        trust = default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
        verdict = verify_register(reg, pdfs, trust_roots=trust, hashes_only=args.hashes_only,
                                  require_trusted=args.require_trusted)
    for line in verdict.lines():
        print(shown(line, 2000))
    return verdict.code


def _verify_records(args: argparse.Namespace) -> int:
    """``register verify --record ID``: the check the app's Verify selected runs."""
    from isp_wizard.cli.records import configured_crls
    from isp_wizard.errors import UsageError
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.verification import describe, verify_filed

    if getattr(args, "server", None) is not None or args.chain_only or args.hashes_only:
        raise UsageError("--record checks records of this computer's register in full: it "
                         "cannot be combined with --server, --chain-only or --hashes-only")
    if not _where(args).register_for(bool(args.training)).exists():
        print(f"The {_label(args)} has no records yet: nothing to verify.")
        return 2
    trust = default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
    verdicts = verify_filed(args.record, training=bool(args.training), locations=_where(args),
                            trust_roots=trust, crls=configured_crls(args))
    print("\n\n".join(describe(v) for v in verdicts))
    codes = [v.code for v in verdicts]
    # the worst: altered, then not checked, then not trusted (as 'verify' ranks one record)
    return next((c for c in (1, 2, 3) if c in codes), 0)


def cmd_register_due(args: argparse.Namespace) -> int:
    reg = _register(args)
    today = args.today or dt.date.today()
    found: list[RegisterEntry] = []
    if reg is not None:
        with reg:
            found = reg.due(today)
    if not found:
        print(f"No reviews due on or before {today.isoformat()}.")
        return 0
    _table(("review date", "record", "case", "tree", "decision"),
           [(e.review_date, e.record_id, e.case_reference or "-", e.tree_id, e.decision)
            for e in found])
    print(f"{len(found)} review{'s' if len(found) != 1 else ''} due.")
    return 0


def _entries_table(entries: list[RegisterEntry]) -> None:
    if not entries:
        return
    _table(("record", "made (UTC)", "tree", "decision", "case", "review"),
           [(e.record_id, e.created_utc.replace("T", " ").rstrip("Z")[:16], e.tree_id,
             e.decision, e.case_reference or "-", e.review_date or "-") for e in entries])


def _table(headings: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    rows = [tuple(shown(cell, 200) for cell in row) for row in rows]
    widths = [max(len(str(x)) for x in column) for column in zip(headings, *rows, strict=False)]
    for row in (headings, *rows):
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        print(line.rstrip())
