"""``isp-wizard identity … | ca …``: practitioners' signing identities and the organisation CA."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.cli.options import (
    ask_passphrase,
    identity_option,
    identity_path,
    passphrase_options,
    person_options,
)
from isp_wizard.errors import UsageError

if TYPE_CHECKING:
    from isp_wizard.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    identity = commands.add_parser("identity", help="your signing identity (key + certificate)")
    sub = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="make a key and a self-signed certificate")
    person_options(create)
    create.add_argument("--force", action="store_true", help="replace an existing identity")
    identity_option(create)
    passphrase_options(create)
    create.set_defaults(handler=cmd_identity_create)
    imp = sub.add_parser("import", help="take the .p12 your organisation issued")
    imp.add_argument("file", type=Path)
    imp.add_argument("--force", action="store_true", help="replace an existing identity")
    identity_option(imp)
    passphrase_options(imp)
    imp.set_defaults(handler=cmd_identity_import)
    show = sub.add_parser("show", help="whose identity is in use")
    identity_option(show)
    show.set_defaults(handler=cmd_identity_show)

    ca = commands.add_parser("ca", help="the organisation's signing CA (for IG leads)")
    ca_sub = ca.add_subparsers(dest="ca_command", metavar="ACTION", required=True)
    init = ca_sub.add_parser("init", help="create the organisation's signing CA")
    init.add_argument("--name", required=True, help="e.g. 'Example Council Records Signing CA'")
    init.add_argument("--org", required=True)
    init.add_argument("--ca-dir", type=Path)
    init.add_argument("--no-trust", action="store_true",
                      help="do not add the CA to this machine's trust anchors")
    passphrase_options(init)
    init.set_defaults(handler=cmd_ca_init)
    issue = ca_sub.add_parser("issue", help="issue a practitioner's identity (.p12)")
    person_options(issue)
    issue.add_argument("--out", type=Path, required=True, metavar="FILE.p12")
    issue.add_argument("--ca-dir", type=Path)
    passphrase_options(issue, prefix="ca-", what="the CA's passphrase")
    passphrase_options(issue, what="the new identity's passphrase")
    issue.set_defaults(handler=cmd_ca_issue)
    revoke = ca_sub.add_parser("revoke", help="revoke a practitioner's identity (then publish "
                               "a CRL with 'ca crl')")
    revoke.add_argument("certificate", type=Path, metavar="CERT.pem",
                        help="the identity's certificate (the .pem beside its .p12)")
    revoke.add_argument("--reason", default="unspecified",
                        help="affiliation_changed (left), key_compromise (lost laptop, "
                             "leaked passphrase), superseded (re-issued), "
                             "cessation_of_operation, certificate_hold, unspecified")
    revoke.add_argument("--date", metavar="YYYY-MM-DD[THH:MM]",
                        help="revoked from this time (default: now); records signed before "
                             "it stay valid")
    revoke.add_argument("--ca-dir", type=Path)
    revoke.set_defaults(handler=cmd_ca_revoke)
    crl = ca_sub.add_parser("crl", help="publish the signed list of revoked identities (CRL)")
    crl.add_argument("--out", type=Path, required=True, metavar="FILE.crl",
                     help="e.g. the rules folder's trust/ or a shared drive")
    crl.add_argument("--days", type=int, default=30,
                     help="until the next update (default 30): publish again before then")
    crl.add_argument("--ca-dir", type=Path)
    passphrase_options(crl, prefix="ca-", what="the CA's passphrase")
    crl.set_defaults(handler=cmd_ca_crl)



def cmd_identity_create(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import create_identity

    path = identity_path(args)
    if path.exists() and not args.force:
        raise UsageError(f"{path} already holds an identity (use --force to replace it)")
    passphrase = ask_passphrase(args, "Choose a passphrase: ", confirm=True)
    who = create_identity(path, name=args.name, role=args.role, organisation=args.org,
                          email=args.email, passphrase=passphrase, replace=args.force)
    print(f"Identity created: {path}")
    _print_person(who)
    print("Keep the passphrase safe: it cannot be recovered.")
    return 0


def cmd_identity_import(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import import_identity

    path = identity_path(args)
    if path.exists() and not args.force:
        raise UsageError(f"{path} already holds an identity (use --force to replace it)")
    passphrase = ask_passphrase(args, f"Passphrase for {args.file}: ")
    who = import_identity(args.file, path, passphrase)
    print(f"Identity imported to {path}")
    _print_person(who)
    return 0


def cmd_identity_show(args: argparse.Namespace) -> int:
    from isp_wizard.record.identity import certificate_expiry, identity_summary

    path = identity_path(args)
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
    warning = expiry_warning(path)
    if warning:
        print(warning)
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
        return Path(args.ca_dir)
    return Path(args.where.ca_dir)


def cmd_ca_init(args: argparse.Namespace) -> int:
    from isp_wizard.record.ca import init_ca

    folder = _ca_dir(args)
    passphrase = ask_passphrase(args, "Choose a passphrase for the CA: ", confirm=True)
    summary = init_ca(folder, name=args.name, organisation=args.org, passphrase=passphrase)
    print(f"Signing CA created in {folder}")
    print(f"  certificate: {summary.certificate_path}")
    print(f"  SHA-256: {summary.fingerprint}")
    if not args.no_trust:
        _trust(args.settings, summary.certificate_path)
        print("  this machine now trusts records signed by identities it issues")
    print("Give the certificate (not the .p12) to every machine that verifies records: add it "
          "to settings 'trust_anchors' or ship it in the rules folder under trust/.")
    return 0


def _trust(settings: Settings, pem: Path) -> None:
    from isp_wizard.paths import settings_path

    if str(pem) not in settings.trust_anchors:
        settings.trust_anchors.append(str(pem))
        try:
            settings.save(settings_path())
        except OSError as exc:
            print(f"isp-wizard: could not update the settings: {exc}", file=sys.stderr)


def cmd_ca_issue(args: argparse.Namespace) -> int:
    from isp_wizard.record.ca import issue_identity

    folder = _ca_dir(args)
    ca_passphrase = ask_passphrase(args, "CA passphrase: ", prefix="ca-")
    passphrase = ask_passphrase(args, f"Passphrase for {args.name}'s identity: ", confirm=True)
    if args.out.exists():
        raise UsageError(f"{args.out} already exists")
    who = issue_identity(folder, ca_passphrase, args.out, name=args.name, role=args.role,
                         organisation=args.org, email=args.email, passphrase=passphrase)
    print(f"Identity issued: {args.out}")
    _print_person(who)
    print("Hand it over with its passphrase separately; they import it with "
          "'isp-wizard identity import FILE.p12'.")
    return 0


def cmd_ca_revoke(args: argparse.Namespace) -> int:
    import datetime as dt

    from isp_wizard.record.ca import revoke_identity

    when = None
    if args.date:
        try:
            when = dt.datetime.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date: not a date: {args.date!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    done = revoke_identity(_ca_dir(args), args.certificate, reason=args.reason, when=when)
    print(f"Revoked: {done.name} (certificate {done.fingerprint[:16]}…) from "
          f"{done.date:%Y-%m-%d %H:%M} UTC, reason: {done.reason.replace('_', ' ')}")
    print("Publish it with 'isp-wizard ca crl --out FILE.crl' where verifiers look (the rules "
          "folder's trust/, or a file in settings 'crl_files').")
    return 0


def cmd_ca_crl(args: argparse.Namespace) -> int:
    from isp_wizard.record.ca import publish_crl, revocations

    folder = _ca_dir(args)
    passphrase = ask_passphrase(args, "CA passphrase: ", prefix="ca-")
    next_update = publish_crl(folder, passphrase, args.out, days=args.days)
    print(f"CRL written to {args.out}: {len(revocations(folder))} revoked identit"
          f"{'y' if len(revocations(folder)) == 1 else 'ies'}; next update due "
          f"{next_update:%Y-%m-%d}")
    return 0


def expiry_warning(path: Path, now: Any = None) -> str | None:
    """A warning when the identity at ``path`` expires within 60 days (or has expired)."""
    import datetime as dt

    from isp_wizard.record.identity import expires_soon

    now = now or dt.datetime.now(dt.UTC)
    expiry = expires_soon(path, now)
    if expiry is None:
        return None
    left = expiry - now
    what = (f"expired on {expiry:%Y-%m-%d}" if left.total_seconds() <= 0
            else f"expires on {expiry:%Y-%m-%d} ({left.days} days)")
    return (f"Your signing identity {what}: ask your information governance lead for a new "
            "one ('isp-wizard ca issue'), then 'isp-wizard identity import FILE.p12 --force'; "
            "records you signed stay valid.")
