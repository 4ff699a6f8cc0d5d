"""``isp-wizard partnership …``: the Partnership setup page's operations, headless.

Contacts, partners, agreements (isas.yaml), references and each tree's governance are edited
field by field; the change is checked as the page checks it, shown as a diff, and saved only
when confirmed (``--yes``), atomically, and only if the file has not changed meanwhile.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isp_wizard.cli.options import identity_option, passphrase_options
from isp_wizard.errors import UsageError

KIND_CHOICES = ("contacts", "partners", "isas", "references")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = commands.add_parser("partnership", help="edit contacts, partners, agreements, "
                              "references and trees' governance")
    sub = top.add_subparsers(dest="partnership_command", metavar="ACTION", required=True)

    def common(parser: argparse.ArgumentParser, *, writes: bool = True) -> None:
        parser.add_argument("--dir", type=Path, help="rules folder (default: in use)")
        if writes:
            parser.add_argument("--yes", action="store_true",
                                help="save without asking (the diff is still shown)")

    listing = sub.add_parser("list", help="the entries of a catalogue")
    listing.add_argument("kind", choices=KIND_CHOICES)
    common(listing, writes=False)
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one entry, field by field, as the page shows it")
    show.add_argument("kind", choices=(*KIND_CHOICES, "governance"))
    show.add_argument("id", help="the entry's id (the tree's id for governance)")
    common(show, writes=False)
    show.set_defaults(handler=cmd_show)

    edit = sub.add_parser("set", help="change fields of an entry: FIELD=VALUE … "
                          "(lists separated by ';', yes/no, dates YYYY-MM-DD)")
    edit.add_argument("kind", choices=(*KIND_CHOICES, "governance"))
    edit.add_argument("id")
    edit.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    common(edit)
    edit.set_defaults(handler=cmd_set)

    add = sub.add_parser("add", help="add an entry: id=… and its other fields")
    add.add_argument("kind", choices=KIND_CHOICES)
    add.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
    common(add)
    add.set_defaults(handler=cmd_add)

    unconfirmed = sub.add_parser("unconfirmed", help="every legal fact marked "
                                 "'confirmed: false', with its note")
    common(unconfirmed, writes=False)
    unconfirmed.set_defaults(handler=cmd_unconfirmed)

    confirm = sub.add_parser("confirm", help="mark a reference or a partner's s115 status "
                             "confirmed, and by whom")
    confirm.add_argument("kind", choices=("references", "partners"))
    confirm.add_argument("id")
    confirm.add_argument("--by", required=True, metavar="NAME_AND_ROLE",
                         help="who confirmed it, e.g. 'Sam Patel, legal services'")
    common(confirm, writes=False)
    confirm.set_defaults(handler=cmd_confirm)

    approve = sub.add_parser("approve", help="approve trees: their governance written and a "
                             "signed rules approval record filed in the register")
    approve.add_argument("trees", nargs="*", metavar="TREE", help="the trees (default: all)")
    approve.add_argument("--role", required=True, help="the role you approve in, e.g. "
                         "'Data Protection Officer'")
    approve.add_argument("--next-review", required=True, type=_date, metavar="YYYY-MM-DD")
    approve.add_argument("--approved-on", type=_date, metavar="YYYY-MM-DD")
    identity_option(approve)
    passphrase_options(approve)
    common(approve, writes=False)
    approve.set_defaults(handler=cmd_approve)

    remove = sub.add_parser("remove", help="remove an entry nothing else names")
    remove.add_argument("kind", choices=KIND_CHOICES)
    remove.add_argument("id")
    common(remove)
    remove.set_defaults(handler=cmd_remove)


def _date(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _pack(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from isp_wizard.rulepack import load_pack

    return load_pack(args.dir if args.dir is not None else args.where.rules_dir)


def _assignments(kind: str, pairs: list[str]) -> dict[str, object]:
    from isp_wizard.rulepack.editing import parse_field

    values: dict[str, object] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"{pair!r}: write FIELD=VALUE")
        values[name.strip()] = parse_field(kind, name.strip(), text)
    return values


def cmd_list(args: argparse.Namespace) -> int:
    from isp_wizard.cli.terminal import shown

    pack = _pack(args)
    for entry in getattr(pack, args.kind).values():
        label = getattr(entry, "name", "") or getattr(entry, "title", "") or \
            getattr(entry, "role", "")
        flag = "" if getattr(entry, "confirmed", True) else "  (unconfirmed)"
        print(f"{entry.id}\t{shown(label, 200)}{flag}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from isp_wizard.cli.terminal import shown
    from isp_wizard.rulepack.editing import entry_values, shown_field

    for name, value in entry_values(_pack(args), args.kind, args.id).items():
        print(f"{name}: {shown(shown_field(value), 2000)}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.editing import Change, entry_values

    pack = _pack(args)
    values = entry_values(pack, args.kind, args.id)
    values.update(_assignments(args.kind, args.fields))
    return _save(args, pack, Change(args.kind, args.id, values))


def cmd_add(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.editing import Change, blank_values

    pack = _pack(args)
    values = blank_values(args.kind)
    values.update(_assignments(args.kind, args.fields))
    return _save(args, pack, Change(args.kind, "", values))


def cmd_remove(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.editing import Change

    pack = _pack(args)
    if args.id not in getattr(pack, args.kind):
        raise UsageError(f"there is no {args.kind} entry {args.id!r}")
    return _save(args, pack, Change(args.kind, args.id, remove=True))


def _save(args: argparse.Namespace, pack, change) -> int:  # type: ignore[no-untyped-def]
    from isp_wizard.rulepack.editing import EditError, field_problems, propose, save

    problems = field_problems(pack, change)
    if problems:
        for name, message in problems.items():
            print(f"isp-wizard: {name + ': ' if name else ''}{message}", file=sys.stderr)
        print("isp-wizard: nothing was saved", file=sys.stderr)
        return 2
    try:
        proposal = propose(pack, change)
    except EditError as exc:
        print(f"isp-wizard: {exc}; nothing was saved", file=sys.stderr)
        return 2
    sys.stdout.write(proposal.diff)
    if not args.yes:
        if not sys.stdin.isatty():
            print("isp-wizard: not saved: add --yes to save this change", file=sys.stderr)
            return 1
        if input("Save this change? [y/N] ").strip().lower() not in ("y", "yes"):
            print("not saved")
            return 1
    try:
        save(proposal)
    except EditError as exc:
        print(f"isp-wizard: {exc}", file=sys.stderr)
        return 2
    print(f"saved {proposal.opened.path}")
    return 0


def cmd_unconfirmed(args: argparse.Namespace) -> int:
    from isp_wizard.cli.terminal import shown
    from isp_wizard.record.approval import facts

    _confirmed, unconfirmed = facts(_pack(args))
    for item in unconfirmed:
        print(f"{item.catalogue} {item.id}: {shown(item.title, 300)}")
        if item.note:
            print(f"    note: {shown(item.note, 2000)}")
    print(f"{len(unconfirmed)} unconfirmed")
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    from isp_wizard.rulepack.editing import EditError
    from isp_wizard.services.approval import confirm_item

    try:
        path = confirm_item(_pack(args), args.kind, args.id, args.by)
    except EditError as exc:
        print(f"isp-wizard: {exc}; nothing was saved", file=sys.stderr)
        return 2
    print(f"confirmed {args.kind} {args.id} in {path}")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from isp_wizard.cli.options import ask_passphrase, identity_path
    from isp_wizard.services.approval import approve_rules

    root = args.dir if args.dir is not None else args.where.rules_dir
    trees = args.trees or sorted(_pack(args).trees)
    identity = identity_path(args)
    if not identity.exists():
        raise UsageError(f"no signing identity at {identity}; create one with 'isp-wizard "
                         "identity create' or import yours with 'isp-wizard identity import'")
    passphrase = ask_passphrase(args, f"Passphrase for {identity}: ")
    done = approve_rules(root, trees, role=args.role, next_review=args.next_review,
                         approved_on=args.approved_on, identity_path=identity,
                         passphrase=passphrase, locations=args.where,
                         training=bool(getattr(args, "training", False)))
    record = done.record
    print(f"Rules approval {record.record_id} signed and filed in the register: "
          f"{done.pdf_path}")
    print(f"  approved: {', '.join(t.id + ' ' + t.version for t in record.trees if t.approved)}")
    print(f"  {len(record.confirmed)} legal facts confirmed, {len(record.unconfirmed)} still "
          "unconfirmed")
    return 0
