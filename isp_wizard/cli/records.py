"""``isp-wizard decide | verify | countersign``: signed records headless."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from isp_wizard.cli.options import (
    ask_passphrase,
    identity_option,
    identity_path,
    passphrase_options,
)
from isp_wizard.errors import InputFileError, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decide = commands.add_parser("decide", help="answers + details → a signed PDF record")
    decide.add_argument("tree", nargs="?", help="tree id (not needed with --scenario)")
    decide.add_argument("--answers", type=Path, metavar="A.yaml",
                        help="node id → answer, as in a scenario's answers")
    decide.add_argument("--scenario", metavar="TREE:NAME", help="take the answers from a scenario")
    decide.add_argument("--details", type=Path, required=True, metavar="D.yaml",
                        help="the record's details (case_reference at least)")
    decide.add_argument("--out", type=Path, required=True, metavar="PDF")
    decide.add_argument("--training", dest="training_record", action="store_true",
                        help="a watermarked training record")
    decide.add_argument("--force", action="store_true", help="replace an existing PDF")
    decide.add_argument("--no-register", action="store_true",
                        help="only write --out; do not file the record in the register")
    identity_option(decide)
    passphrase_options(decide)
    decide.set_defaults(handler=cmd_decide)

    verify = commands.add_parser("verify", help="check a record's signatures and data")
    verify.add_argument("pdf", type=Path)
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument("--trust", type=Path, action="append", metavar="CA.pem",
                        help="trust this CA (instead of the configured trust anchors)")
    verify.add_argument("--allow-untrusted", action="store_true",
                        help="exit 0 for an intact record even if a signer is not trusted here "
                             "(the result line still says NOT TRUSTED)")
    verify.add_argument("--require-trusted", action="store_true",
                        help=argparse.SUPPRESS)  # the default now; kept for old scripts
    verify.add_argument("--require-registered", action="store_true",
                        help="exit 1 unless the record is filed in this machine's register")
    verify.add_argument("--crl", type=Path, action="append", metavar="CA.crl",
                        help="use this CRL (instead of the configured ones and trust/*.crl)")
    verify.add_argument("--at", type=_date_arg, metavar="DATE",
                        help="validate as of this date (YYYY-MM-DD, or a full ISO time, UTC)")
    verify.set_defaults(handler=cmd_verify)

    records = commands.add_parser("records", help="filed records: long-term validation")
    records_sub = records.add_subparsers(dest="records_command", metavar="ACTION", required=True)
    upgrade = records_sub.add_parser(
        "upgrade", help="time-stamp records with the configured TSA (PAdES B-LT, then B-LTA)")
    upgrade.add_argument("pdf", type=Path, nargs="*",
                         help="these records (default: every filed record that is due)")
    upgrade.add_argument("--tsa", metavar="URL", help="the time-stamping authority (default: "
                         "settings 'timestamp_url')")
    upgrade.add_argument("--renew", action="store_true",
                         help="add an archival time-stamp now even if none is due")
    upgrade.set_defaults(handler=cmd_records_upgrade)

    counter = commands.add_parser("countersign", help="add a manager's signature to a record")
    counter.add_argument("pdf", type=Path, metavar="PDF|RECORD_ID",
                         help="the record's PDF, or the id of a record in the register")
    counter.add_argument("--out", type=Path, help="write here instead of updating the file")
    identity_option(counter)
    passphrase_options(counter)
    counter.set_defaults(handler=cmd_countersign)


# --- decide ------------------------------------------------------------------------------------


def cmd_decide(args: argparse.Namespace) -> int:
    from isp_wizard.cli.rules import load
    from isp_wizard.engine.walk import unused_answers, walk
    from isp_wizard.services.finish import finish_walk
    from isp_wizard.services.records import create_signed_record

    training = bool(args.training_record or getattr(args, "training", False))
    pack = load(args.where, None)
    tree_id, answers, then = _answers(args, pack)
    tree = pack.tree(tree_id)
    details = _details(args.details)
    session = walk(tree, answers, pack.partners, then=then, trees=pack.trees)
    unused = unused_answers(session, answers, then)
    if unused:
        raise UsageError("these answers are not on the route the other answers take, so the "
                         "record would not show them: " + _listed(unused))
    if session.hands_off_to is not None:
        target = session.hands_off_to
        raise UsageError(f"the route continues with the tree {target!r}: give its answers under "
                         f"'then: {{{target}: {{…}}}}' in the answers file (or the scenario), "
                         "and the record will hold both walks")
    identity = identity_path(args)
    if not identity.exists():
        from isp_wizard.errors import MissingIdentityError

        raise MissingIdentityError(
            f"no signing identity at {identity}; create one with 'isp-wizard identity create' "
            "or import your organisation's with 'isp-wizard identity import FILE.p12'")
    _warn_expiry(identity)
    passphrase = ask_passphrase(args, f"Passphrase for {identity}: ")
    if args.no_register:
        record = create_signed_record(session, pack, details, identity_path=identity,
                                      passphrase=passphrase, training=training,
                                      out_path=args.out, cache_dir=args.where.cache_dir,
                                      replace=args.force,
                                      require_approved=args.settings.require_approved_rules)
    else:
        finished = finish_walk(session, pack, details, identity_path=identity,
                               passphrase=passphrase, training=training,
                               locations=args.where, copy_to=args.out, replace=args.force,
                               require_approved=args.settings.require_approved_rules)
        record = finished.record
    print(f"Signed record written to {args.out}")
    if not args.no_register:
        register = "training register" if training else "register"
        print(f"  filed in the {register} as {finished.pdf_path}")
    print(f"  decision: {record.decision_label}")
    print(f"  record id: {record.record_id}")
    if not args.no_register:
        _upgrade_new_record(args, finished.pdf_path)
    if training:
        print("  training record (watermarked)")
    return 0


def _warn_expiry(identity: Path) -> None:
    import sys

    from isp_wizard.cli.identities import expiry_warning

    warning = expiry_warning(identity)
    if warning:
        print(f"isp-wizard: {warning}", file=sys.stderr)


def _upgrade_new_record(args: argparse.Namespace, path: Path) -> None:
    """Time-stamp the filed record when a TSA is configured; one line either way. Signing never
    waits on it: the record is filed already, and 'records upgrade' (or the next sync) catches up."""
    from isp_wizard.cli.terminal import safe
    from isp_wizard.errors import WizardError
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.upgrade import upgrade_record

    tsa = configured_tsa(args)
    if tsa is None:
        return
    trust = default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
    try:
        done = upgrade_record(path, tsa=tsa, where=args.where, trust_roots=trust,
                              crls=configured_crls(args))
    except WizardError as exc:
        print(f"  time-stamp pending: {safe(str(exc))}")
        return
    if done.level:
        print(f"  time-stamped: PAdES {done.level}")
        if args.out is not None:
            from isp_wizard.services.records import write_pdf

            write_pdf(args.out, path.read_bytes())  # the copy is the filed version
    elif done.pending:
        print(f"  time-stamp pending ('isp-wizard records upgrade' later): {safe(done.pending)}")


Later = dict[str, dict[str, Any]]


def _answers(args: argparse.Namespace, pack: Any) -> tuple[str, dict[str, Any], Later]:
    """The first tree, its answers, and the answers for the trees a hand-off continues with
    (``then: {TREE: {node: answer}}``, as in a scenario)."""
    if args.scenario:
        if args.answers:
            raise UsageError("give --answers or --scenario, not both")
        tree_id, _, name = args.scenario.partition(":")
        if not name:
            raise UsageError("--scenario takes TREE:NAME")
        if args.tree and args.tree != tree_id:
            raise UsageError(f"the scenario is for {tree_id!r}, not {args.tree!r}")
        found = [s for s in pack.scenarios_for(tree_id) if s.name == name]
        if not found:
            names = ", ".join(s.name for s in pack.scenarios_for(tree_id)) or "none"
            raise UsageError(f"no scenario {name!r} for tree {tree_id!r} (scenarios: {names})")
        return tree_id, dict(found[0].answers), {t: dict(a) for t, a in found[0].then.items()}
    if not args.tree or not args.answers:
        raise UsageError("give a TREE and --answers A.yaml, or --scenario TREE:NAME")
    data = _read_yaml(args.answers)
    if not isinstance(data, dict):
        raise InputFileError(f"{args.answers}: expected a mapping of node id → answer")
    later = data.pop("then", None) if isinstance(data.get("then"), dict) else None
    then: Later = {}
    for tree_id, given in (later or {}).items():
        if not isinstance(given, dict):
            from isp_wizard.printable import shown

            raise InputFileError(f"{args.answers}: 'then: {{{shown(tree_id, 80)}: …}}' must be a "
                                 "mapping of node id → answer for that tree")
        then[str(tree_id)] = {str(k): _as_answer(v)
                              for k, v in _flat(args, given, pack, str(tree_id)).items()}
    return args.tree, {str(k): _as_answer(v)
                       for k, v in _flat(args, data, pack, args.tree).items()}, then


def _flat(args: argparse.Namespace, data: dict[Any, Any], pack: Any, tree_id: str
          ) -> dict[Any, Any]:
    """Answers given nested per person or recipient, as node@item → answer."""
    from isp_wizard.rulepack.models import flat_answers

    loaded = pack.trees.get(tree_id)
    problem = _shape_problem(data, set(loaded.sections) if loaded is not None else None)
    if problem:
        raise InputFileError(f"{args.answers}: {problem}")
    flat = flat_answers(data)
    assert isinstance(flat, dict)
    return flat


_SCALARS = (str, int, float, bool, dt.date)


def _listed(keys: list[str], most: int = 10) -> str:
    """Keys for a one-line message: escaped, each cut short, at most ``most`` of them."""
    from isp_wizard.printable import shown

    named = ", ".join(shown(k, 80) for k in keys[:most])
    return named + (f" and {len(keys) - most} more" if len(keys) > most else "")


def _shape_problem(data: dict[Any, Any], sections: set[str] | None) -> str:
    """What is wrong with the shape of an answers mapping, in one line ("" if nothing): each
    answer is a word or a list of words; answers nested per person or recipient stand under a
    repeated section (``each`` node) of the tree, each person's as node id → answer, and are
    not given a second time as ``node@person``. Keys are shown escaped, each at most 80
    characters, so the message stays one readable line."""
    from isp_wizard.printable import shown

    for key, value in data.items():
        name = shown(key, 80)
        if isinstance(value, dict):
            if sections is not None and key not in sections:
                known = ", ".join(sorted(sections)) or "none in this tree"
                return (f"{name}: answers nested under it, but it is not a repeated section "
                        f"(each node: {known}); give it a word or a list")
            for item, own in value.items():
                whom = f"{name}: {shown(item, 80)}"
                if not isinstance(own, dict):
                    return f"{whom}: expected node id → answer for that person or recipient"
                for node_id, given in own.items():
                    said = f"{whom}: {shown(node_id, 80)}"
                    if not _is_answer(given):
                        return f"{said}: expected an answer (a word or a list of words)"
                    if f"{node_id}@{item}" in data:
                        return f"{said}: given twice (also as '{shown(node_id, 80)}@…')"
        elif sections is not None and key in sections:
            return (f"{name}: expected each person's or recipient's answers under their name "
                    "(name → node id → answer)")
        elif value is not None and not _is_answer(value):
            return f"{name}: expected an answer (a word or a list of words)"
    return ""


def _is_answer(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, _SCALARS) for v in value)
    return isinstance(value, _SCALARS)


def _as_answer(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return [_as_answer(v) for v in value]
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _details(path: Path) -> Any:
    from pydantic import ValidationError

    from isp_wizard.record.model import RecordDetails

    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected a mapping of field → value")
    try:
        return RecordDetails.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise InputFileError(f"{path}: {where}: {first['msg']}") from None


def _read_yaml(path: Path) -> Any:
    import hashlib

    from isp_wizard.rulepack.problems import ProblemsFound
    from isp_wizard.rulepack.yamlio import parse, read_bytes

    try:
        raw = read_bytes(path, str(path))
        return parse(raw, path, str(path), hashlib.sha256(raw).hexdigest()).data
    except ProblemsFound as exc:
        raise InputFileError("; ".join(str(p) for p in exc.problems)) from None


# --- verify and countersign --------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0: the record holds and every signer is trusted here; 1: altered (or not the
    version filed in the register); 2: not a record, or the file cannot be read, or its pages
    could not be compared (this installation draws with other library versions than records
    are); 3: intact, but a signer is not trusted here (0 with ``--allow-untrusted``)."""
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.verification import describe, verify_pdf

    trust = args.trust if args.trust is not None else \
        default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
    crls = args.crl if args.crl is not None else configured_crls(args)
    verdict = verify_pdf(args.pdf, trust_roots=trust, locations=args.where, crls=crls,
                         at=args.at, allow_untrusted=bool(args.allow_untrusted),
                         require_registered=args.require_registered)
    if args.json:
        assert verdict.report is not None
        filed = verdict.filed
        print(json.dumps({**verdict.report.to_json(), "result": verdict.result,
                          "exit_code": verdict.code,
                          "register": filed.to_json() if filed else None},
                         indent=2, ensure_ascii=True))
    else:
        print(describe(verdict))
    return verdict.code


def _date_arg(text: str) -> Any:
    import datetime as dt

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    if len(text) <= 10:  # a day: as of its end
        value = value.replace(hour=23, minute=59, second=59)
    return value


def configured_crls(args: argparse.Namespace) -> list[Path]:
    """The CRLs in settings ('crl_files') and the rules folder's trust/*.crl."""
    from isp_wizard.record.ltv import default_crl_paths

    return default_crl_paths(args.settings.crl_files, args.where.rules_dir)


def configured_tsa(args: argparse.Namespace, url: str | None = None) -> Any:
    """The TSA from ``url`` or settings ('timestamp_url'); None when there is none."""
    from isp_wizard.record.ltv import TsaConfig

    url = url or args.settings.timestamp_url
    if not url:
        return None
    return TsaConfig(url, timeout=float(max(1, args.settings.timestamp_timeout_s)))


def cmd_records_upgrade(args: argparse.Namespace) -> int:
    """Exit 0: every record due was upgraded (or none was due); 1: some are still pending."""
    from isp_wizard.cli.terminal import safe
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.upgrade import upgrade_filed, upgrade_record

    tsa = configured_tsa(args, args.tsa)
    if tsa is None:
        raise UsageError("no time-stamping authority: give --tsa URL or set 'timestamp_url' in "
                         "the settings")
    trust = default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
    crls = configured_crls(args)
    training = bool(getattr(args, "training", False))
    if args.pdf:
        done = [upgrade_record(p, tsa=tsa, where=args.where, trust_roots=trust, crls=crls,
                               force=args.renew) for p in args.pdf]
    else:
        done = upgrade_filed(args.where, tsa=tsa, trust_roots=trust, crls=crls,
                             training=training, force=args.renew)
    pending = [d for d in done if d.pending]
    for item in done:
        if item.level:
            where = "; recorded in the register" if item.event else ""
            print(f"{safe(str(item.path))}: now PAdES {item.level}{where}")
        elif item.pending:
            print(f"{safe(str(item.path))}: upgrade pending: {safe(item.pending)}")
        else:
            print(f"{safe(str(item.path))}: nothing due")
    if not done:
        print("No record is due for a time-stamp.")
    return 1 if pending else 0


def cmd_countersign(args: argparse.Namespace) -> int:
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.filed import filed_pdf_for_id
    from isp_wizard.services.records import countersign_record

    pdf = args.pdf
    if not pdf.exists() and pdf.suffix.lower() != ".pdf" and len(pdf.parts) == 1:
        found = filed_pdf_for_id(str(pdf), args.where)
        if found is None:
            raise InputFileError(f"{pdf}: no such file, and no record with this id in the "
                                 "register")
        pdf = found
    identity = identity_path(args)
    _warn_expiry(identity)
    passphrase = ask_passphrase(args, f"Passphrase for {identity}: ")
    trust = default_trust_roots(args.settings.trust_anchors, args.where.rules_dir)
    done = countersign_record(pdf, identity_path=identity, passphrase=passphrase,
                              where=args.where, trust_roots=trust, out_path=args.out)
    print(f"Countersigned by {done.countersigner.name}: {args.out or pdf}")
    if done.event is not None:
        register = "training register" if done.event.training else "register"
        print(f"  recorded in the {register} (record {done.event.record_id})")
    else:
        print("  this is not the PDF filed in the register, so only this file was "
              "countersigned; the register is unchanged")
    return 0 if done.report.ok else 1
