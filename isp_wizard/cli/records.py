"""``isp-wizard decide | verify | countersign | identity … | ca …``: signed records headless."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from isp_wizard.errors import InputFileError, UsageError


def register(commands: argparse._SubParsersAction) -> None:
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
    _identity_option(decide)
    _passphrase_options(decide)
    decide.set_defaults(handler=cmd_decide)

    verify = commands.add_parser("verify", help="check a record's signatures and data")
    verify.add_argument("pdf", type=Path)
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument("--trust", type=Path, action="append", metavar="CA.pem",
                        help="trust this CA (instead of the configured trust anchors)")
    verify.add_argument("--require-trusted", action="store_true",
                        help="exit 1 unless every signer is trusted here")
    verify.add_argument("--require-registered", action="store_true",
                        help="exit 1 unless the record is filed in this machine's register")
    verify.set_defaults(handler=cmd_verify)

    counter = commands.add_parser("countersign", help="add a manager's signature to a record")
    counter.add_argument("pdf", type=Path, metavar="PDF|RECORD_ID",
                         help="the record's PDF, or the id of a record in the register")
    counter.add_argument("--out", type=Path, help="write here instead of updating the file")
    _identity_option(counter)
    _passphrase_options(counter)
    counter.set_defaults(handler=cmd_countersign)

    identity = commands.add_parser("identity", help="your signing identity (key + certificate)")
    sub = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="make a key and a self-signed certificate")
    _person_options(create)
    create.add_argument("--force", action="store_true", help="replace an existing identity")
    _identity_option(create)
    _passphrase_options(create)
    create.set_defaults(handler=cmd_identity_create)
    imp = sub.add_parser("import", help="take the .p12 your organisation issued")
    imp.add_argument("file", type=Path)
    imp.add_argument("--force", action="store_true", help="replace an existing identity")
    _identity_option(imp)
    _passphrase_options(imp)
    imp.set_defaults(handler=cmd_identity_import)
    show = sub.add_parser("show", help="whose identity is in use")
    _identity_option(show)
    show.set_defaults(handler=cmd_identity_show)

    ca = commands.add_parser("ca", help="the organisation's signing CA (for IG leads)")
    ca_sub = ca.add_subparsers(dest="ca_command", metavar="ACTION", required=True)
    init = ca_sub.add_parser("init", help="create the organisation's signing CA")
    init.add_argument("--name", required=True, help="e.g. 'Example Council Records Signing CA'")
    init.add_argument("--org", required=True)
    init.add_argument("--ca-dir", type=Path)
    init.add_argument("--no-trust", action="store_true",
                      help="do not add the CA to this machine's trust anchors")
    _passphrase_options(init)
    init.set_defaults(handler=cmd_ca_init)
    issue = ca_sub.add_parser("issue", help="issue a practitioner's identity (.p12)")
    _person_options(issue)
    issue.add_argument("--out", type=Path, required=True, metavar="FILE.p12")
    issue.add_argument("--ca-dir", type=Path)
    _passphrase_options(issue, prefix="ca-", what="the CA's passphrase")
    _passphrase_options(issue, what="the new identity's passphrase")
    issue.set_defaults(handler=cmd_ca_issue)


def _identity_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", type=Path, metavar="P12",
                        help="the identity file (default: yours in the user data folder)")


def _person_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True)
    parser.add_argument("--role", required=True)
    parser.add_argument("--org", required=True)
    parser.add_argument("--email", default="")


def _passphrase_options(parser: argparse.ArgumentParser, prefix: str = "",
                        what: str = "the passphrase") -> None:
    parser.add_argument(f"--{prefix}passphrase-env", metavar="VAR",
                        help=f"read {what} from this environment variable")
    parser.add_argument(f"--{prefix}passphrase-fd", type=int, metavar="N",
                        help=f"read {what} from this open file descriptor")


def _passphrase(args: argparse.Namespace, prompt: str, *, prefix: str = "",
                confirm: bool = False) -> str:
    from isp_wizard.record.passphrase import read_passphrase

    key = prefix.replace("-", "_")
    return read_passphrase(env=getattr(args, f"{key}passphrase_env"),
                           fd=getattr(args, f"{key}passphrase_fd"), prompt=prompt,
                           confirm=confirm)


def _identity_path(args: argparse.Namespace) -> Path:
    if args.identity is not None:
        return args.identity
    from isp_wizard.paths import locations

    return locations().identity_path


# --- decide ------------------------------------------------------------------------------------


def cmd_decide(args: argparse.Namespace) -> int:
    from isp_wizard.cli.rules import load
    from isp_wizard.engine.walk import walk
    from isp_wizard.paths import locations
    from isp_wizard.services.finish import finish_walk
    from isp_wizard.services.records import create_signed_record

    training = bool(args.training_record or getattr(args, "training", False))
    pack = load(None)
    tree_id, answers = _answers(args, pack)
    tree = pack.tree(tree_id)
    details = _details(args.details)
    session = walk(tree, answers, pack.partners)
    unused = [node for node in answers if node not in session.answers]
    if unused:
        raise UsageError("these answers are not on the route the other answers take, so the "
                         "record would not show them: " + ", ".join(unused))
    identity = _identity_path(args)
    if not identity.exists():
        from isp_wizard.errors import MissingIdentityError

        raise MissingIdentityError(
            f"no signing identity at {identity}; create one with 'isp-wizard identity create' "
            "or import your organisation's with 'isp-wizard identity import FILE.p12'")
    passphrase = _passphrase(args, f"Passphrase for {identity}: ")
    if args.no_register:
        record = create_signed_record(session, pack, details, identity_path=identity,
                                      passphrase=passphrase, training=training,
                                      out_path=args.out, replace=args.force)
    else:
        finished = finish_walk(session, pack, details, identity_path=identity,
                               passphrase=passphrase, training=training,
                               locations=locations(), copy_to=args.out, replace=args.force)
        record = finished.record
    print(f"Signed record written to {args.out}")
    if not args.no_register:
        register = "training register" if training else "register"
        print(f"  filed in the {register} as {finished.pdf_path}")
    print(f"  decision: {record.decision_label}")
    print(f"  record id: {record.record_id}")
    if training:
        print("  training record (watermarked)")
    return 0


def _answers(args: argparse.Namespace, pack: Any) -> tuple[str, dict[str, Any]]:
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
        return tree_id, dict(found[0].answers)
    if not args.tree or not args.answers:
        raise UsageError("give a TREE and --answers A.yaml, or --scenario TREE:NAME")
    data = _read_yaml(args.answers)
    if not isinstance(data, dict):
        raise InputFileError(f"{args.answers}: expected a mapping of node id → answer")
    return args.tree, {str(k): _as_answer(v) for k, v in data.items()}


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
    from isp_wizard.paths import locations
    from isp_wizard.record.verify import verify_record
    from isp_wizard.services.filed import MATCHES, check_against_register

    report = verify_record(args.pdf, trust_roots=args.trust)
    filed = check_against_register(args.pdf, report, locations())
    if args.json:
        print(json.dumps({**report.to_json(),
                          "register": filed.to_json() if filed else None},
                         indent=2, ensure_ascii=False))
    else:
        print(describe(report, filed, require_trusted=args.require_trusted))
    if not report.ok or (filed is not None and filed.differs):
        return 1
    if args.require_registered and (filed is None or filed.status != MATCHES):
        return 1
    return 1 if args.require_trusted and not report.trusted else 0


def describe(report: Any, filed: Any = None, *, require_trusted: bool = False) -> str:
    """The verification report in words."""
    lines = [f"{report.path}:"]
    record = report.record
    if record is not None:
        lines.append(f"  Record {record.record_id} · {record.decision_label} · case "
                     f"{_short(record.case_reference)}")
        if record.training:
            lines.append("  TRAINING record, not a real decision")
    for sig in report.signatures:
        who = ", ".join(x for x in (sig.signer.name, sig.signer.role, sig.signer.organisation)
                        if x)
        when = sig.signing_time.strftime("%Y-%m-%d %H:%M:%S %Z") if sig.signing_time else "?"
        state = "intact" if sig.ok else "NOT INTACT"
        trust = ("signed by a trusted identity" if sig.trusted
                 else "signed, but the signer is not trusted here")
        lines.append(f"  {sig.role_in_record.capitalize()}: {state}; {who}; {when}; {trust}")
    lines.append("  Record data: " + ("intact and matches the pages"
                                      if report.json_intact and report.json_matches_pages
                                      else "DOES NOT MATCH"))
    if filed is not None:
        lines.append(f"  Register: {filed.message}")
    for problem in report.all_problems:
        lines.append(f"  Problem: {problem}")
    lines.append("  Result: " + _result(report, filed, require_trusted))
    return "\n".join(lines)


def _result(report: Any, filed: Any, require_trusted: bool) -> str:
    if not report.ok:
        return "ALTERED — do not rely on this record"
    if filed is not None and filed.differs:
        return "the record is intact, but it is not the version filed in the register"
    if require_trusted and not report.trusted:
        return "intact, but not signed by a trusted identity"
    return "the record holds"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_countersign(args: argparse.Namespace) -> int:
    from isp_wizard.paths import locations
    from isp_wizard.services.filed import filed_pdf_for_id
    from isp_wizard.services.records import countersign_record

    pdf = args.pdf
    if not pdf.exists() and pdf.suffix.lower() != ".pdf" and len(pdf.parts) == 1:
        found = filed_pdf_for_id(str(pdf), locations())
        if found is None:
            raise InputFileError(f"{pdf}: no such file, and no record with this id in the "
                                 "register")
        pdf = found
    identity = _identity_path(args)
    passphrase = _passphrase(args, f"Passphrase for {identity}: ")
    done = countersign_record(pdf, identity_path=identity, passphrase=passphrase,
                              out_path=args.out)
    print(f"Countersigned by {done.countersigner.name}: {args.out or pdf}")
    if done.event is not None:
        register = "training register" if done.event.training else "register"
        print(f"  recorded in the {register} (record {done.event.record_id})")
    else:
        print("  this is not the PDF filed in the register, so only this file was "
              "countersigned; the register is unchanged")
    return 0 if done.report.ok else 1


# --- identity and CA ---------------------------------------------------------------------------


def cmd_identity_create(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import create_identity

    path = _identity_path(args)
    if path.exists() and not args.force:
        raise UsageError(f"{path} already holds an identity (use --force to replace it)")
    passphrase = _passphrase(args, "Choose a passphrase: ", confirm=True)
    who = create_identity(path, name=args.name, role=args.role, organisation=args.org,
                          email=args.email, passphrase=passphrase, replace=args.force)
    print(f"Identity created: {path}")
    _print_person(who)
    print("Keep the passphrase safe: it cannot be recovered.")
    return 0


def cmd_identity_import(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import import_identity

    path = _identity_path(args)
    if path.exists() and not args.force:
        raise UsageError(f"{path} already holds an identity (use --force to replace it)")
    passphrase = _passphrase(args, f"Passphrase for {args.file}: ")
    who = import_identity(args.file, path, passphrase)
    print(f"Identity imported to {path}")
    _print_person(who)
    return 0


def cmd_identity_show(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import certificate_expiry, identity_summary

    path = _identity_path(args)
    who = identity_summary(path)
    if who is None:
        print(f"No identity at {path}. Create one with 'isp-wizard identity create' or import "
              "your organisation's with 'isp-wizard identity import FILE.p12'.")
        return 1
    print(f"Identity: {path}")
    _print_person(who)
    expiry = certificate_expiry(path)
    if expiry is not None:
        print(f"  valid until: {expiry:%Y-%m-%d}")
    return 0


def _print_person(who: Any) -> None:
    print(f"  name: {who.name}")
    print(f"  role: {who.role}")
    print(f"  organisation: {who.organisation}")
    if who.email:
        print(f"  email: {who.email}")
    print(f"  certificate SHA-256: {who.certificate_fingerprint}")


def _ca_dir(args: argparse.Namespace) -> Path:
    if args.ca_dir is not None:
        return args.ca_dir
    from isp_wizard.paths import locations

    return locations().ca_dir


def cmd_ca_init(args: argparse.Namespace) -> int:
    from isp_wizard.record.ca import init_ca

    folder = _ca_dir(args)
    passphrase = _passphrase(args, "Choose a passphrase for the CA: ", confirm=True)
    summary = init_ca(folder, name=args.name, organisation=args.org, passphrase=passphrase)
    print(f"Signing CA created in {folder}")
    print(f"  certificate: {summary.certificate_path}")
    print(f"  SHA-256: {summary.fingerprint}")
    if not args.no_trust:
        _trust(summary.certificate_path)
        print("  this machine now trusts records signed by identities it issues")
    print("Give the certificate (not the .p12) to every machine that verifies records: add it "
          "to settings 'trust_anchors' or ship it in the rules folder under trust/.")
    return 0


def _trust(pem: Path) -> None:
    from isp_wizard.paths import load_settings, settings_path

    settings = load_settings()
    if str(pem) not in settings.trust_anchors:
        settings.trust_anchors.append(str(pem))
        try:
            settings.save(settings_path())
        except OSError as exc:
            print(f"isp-wizard: could not update the settings: {exc}", file=sys.stderr)


def cmd_ca_issue(args: argparse.Namespace) -> int:
    from isp_wizard.record.ca import issue_identity

    folder = _ca_dir(args)
    ca_passphrase = _passphrase(args, "CA passphrase: ", prefix="ca-")
    passphrase = _passphrase(args, f"Passphrase for {args.name}'s identity: ", confirm=True)
    if args.out.exists():
        raise UsageError(f"{args.out} already exists")
    who = issue_identity(folder, ca_passphrase, args.out, name=args.name, role=args.role,
                         organisation=args.org, email=args.email, passphrase=passphrase)
    print(f"Identity issued: {args.out}")
    _print_person(who)
    print("Hand it over with its passphrase separately; they import it with "
          "'isp-wizard identity import FILE.p12'.")
    return 0
