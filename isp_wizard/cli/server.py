"""``isp-wizard server …`` (setting up the partnership register on a PostgreSQL server, for
council IT) and ``isp-wizard register sync`` (sending this laptop's records to it).

The connection is read from the settings (``server configure`` writes it, never a password) or
given with ``--server`` as a libpq URI or ``key=value`` string. Passwords come from libpq's pgpass
or service file, or are asked for at the terminal; they are never saved by the app.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isp_wizard.settings import Settings
    from isp_wizard.store.postgres_register import PostgresRegister, ServerConnection


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = commands.add_parser(
        "server", help="set up the partnership register on a PostgreSQL server (for IT)",
        description="The partnership's shared register on PostgreSQL: create or upgrade its "
                    "schema, roles and policies; let a login role file records for an "
                    "organisation; save and test this laptop's connection to it.")
    sub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create or upgrade the register's schema, roles and "
                                       "policies (idempotent; run as the database's owner)")
    init.add_argument("url", metavar="URL", help="postgresql://… or 'host=… dbname=…'")
    init.set_defaults(handler=cmd_server_init)
    member = sub.add_parser("add-member", help="let a login role file records for an "
                                               "organisation (or read all, with --auditor)")
    member.add_argument("url", metavar="URL", help="postgresql://… as the database's owner")
    member.add_argument("role", metavar="ROLE", help="the PostgreSQL login role")
    member.add_argument("--organisation", default="", help="whose records the role files "
                                                           "and sees")
    member.add_argument("--auditor", action="store_true",
                        help="the partnership's IG lead or auditor: reads every organisation's "
                             "entries, files nothing")
    member.add_argument("--create", action="store_true",
                        help="create the login role (set its password with psql's \\password)")
    member.set_defaults(handler=cmd_server_add_member)
    configure = sub.add_parser("configure", help="save where this laptop's partnership "
                                                 "register is (no password is saved)")
    configure.add_argument("--host", default="")
    configure.add_argument("--port", type=int, default=5432)
    configure.add_argument("--dbname", default="")
    configure.add_argument("--user", default="")
    configure.add_argument("--ca", dest="sslrootcert", default="", metavar="PEM",
                           help="the partnership CA's certificate")
    configure.add_argument("--cert", dest="sslcert", default="", metavar="PEM",
                           help="a client certificate (where the partnership uses its CA)")
    configure.add_argument("--key", dest="sslkey", default="", metavar="PEM",
                           help="the client certificate's key")
    configure.add_argument("--sslmode", default="verify-full",
                           choices=("verify-full", "verify-ca", "require", "prefer", "disable"))
    configure.add_argument("--service", default="", help="a pg_service.conf entry instead")
    configure.add_argument("--off", action="store_true", help="forget the server")
    configure.set_defaults(handler=cmd_server_configure)
    test = sub.add_parser("test", help="connect to the partnership register and say what this "
                                       "login may see")
    add_server_option(test)
    test.set_defaults(handler=cmd_server_test)


def add_server_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", metavar="URL", nargs="?", const="", default=None,
                        help="the partnership register on the server (alone: the one in the "
                             "settings)")


def add_sync_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``register sync``: called by the store area's CLI with its ``register`` parser."""
    sync = sub.add_parser(
        "sync", help="send the records the partnership register does not have yet",
        description="Send this laptop's records to the partnership register on the server, "
                    "after checking each one's chain, PDF and signatures. Safe to interrupt "
                    "and run again. Exit 1 if an entry fails its checks, 2 if the server "
                    "cannot be used (the records stay on this laptop).")
    add_server_option(sync)
    sync.add_argument("--allow-untrusted", action="store_true",
                      help="send records signed by identities no trust anchor here vouches for "
                           "(each is named, and the server records it)")
    sync.set_defaults(handler=cmd_register_sync)


def connection_from(url: str | None, settings: Settings
                    ) -> tuple[ServerConnection, str | None]:
    """The server from ``--server`` or the settings, and a password given in the URL."""
    from isp_wizard.errors import UsageError
    from isp_wizard.store.postgres_register import ServerConnection

    if not url:
        server = ServerConnection.from_json(settings.partnership_register)
        if not server.configured:
            raise UsageError("no partnership register is set up on this laptop: use 'isp-wizard "
                             "server configure' (or --server URL)")
        return server, None
    from psycopg.conninfo import conninfo_to_dict

    try:
        given: dict[str, Any] = conninfo_to_dict(url)
    except Exception as exc:  # the text may hold a password: it is not repeated
        reason = (str(exc).strip().splitlines() or ["unreadable"])[0]
        raise UsageError(f"--server is not a PostgreSQL connection string ({reason})") from None
    password = given.pop("password", None)
    values: dict[str, Any] = {}
    for name in ("host", "hostaddr", "dbname", "user", "sslmode", "sslrootcert", "sslcert",
                 "sslkey", "service"):
        if given.get(name):
            values[name] = str(given[name])
    if given.get("port"):
        values["port"] = int(given["port"])
    values.setdefault("sslmode", "prefer" if str(values.get("host", "")).startswith("/")
                      else "verify-full")
    return ServerConnection(**values), password


def open_server(url: str | None, settings: Settings) -> PostgresRegister:
    """Open the partnership register; asks for the password at a terminal when libpq has
    none."""
    from isp_wizard.errors import ServerLoginError
    from isp_wizard.store.postgres_register import PostgresRegister

    server, password = connection_from(url, settings)
    try:
        return PostgresRegister.open(server, password=password)
    except ServerLoginError:
        if password is not None or not sys.stdin.isatty():
            raise
    import getpass

    asked = getpass.getpass(f"Password for {server.label}: ")
    return PostgresRegister.open(server, password=asked)


def _admin_connection(url: str, settings: Settings) -> Any:
    from isp_wizard.store.postgres_register import connect

    server, password = connection_from(url, settings)
    return connect(server, password=password)


def cmd_server_init(args: argparse.Namespace) -> int:
    from isp_wizard.store.postgres_register import init_server

    conn = _admin_connection(args.url, args.settings)
    try:
        before, now = init_server(conn)
    finally:
        conn.close()
    if before == now:
        print(f"The partnership register is set up (version {now}); roles, policies and "
              "triggers were checked and renewed.")
    elif before == 0:
        print(f"Created the partnership register (version {now}): roles isp_practitioner and "
              "isp_auditor, append-only tables, row-level security.")
    else:
        print(f"Upgraded the partnership register from version {before} to {now}.")
    return 0


def cmd_server_add_member(args: argparse.Namespace) -> int:
    from isp_wizard.store.postgres_register import add_member

    conn = _admin_connection(args.url, args.settings)
    try:
        add_member(conn, args.role, args.organisation, auditor=args.auditor, create=args.create)
    finally:
        conn.close()
    what = "reads every organisation's entries" if args.auditor else \
        f"files and sees the records of {args.organisation}"
    print(f"{args.role} {what}." + (" Set its password with psql: \\password " + args.role
                                    if args.create else ""))
    return 0


def cmd_server_configure(args: argparse.Namespace) -> int:
    from isp_wizard.errors import UsageError
    from isp_wizard.paths import settings_path
    from isp_wizard.store.postgres_register import ServerConnection

    settings = args.settings
    if args.off:
        settings.partnership_register = {}
        settings.save(settings_path())
        print("This laptop no longer sends records to a partnership register.")
        return 0
    server = ServerConnection(host=args.host, port=args.port, dbname=args.dbname,
                              user=args.user, sslmode=args.sslmode,
                              sslrootcert=args.sslrootcert, sslcert=args.sslcert,
                              sslkey=args.sslkey, service=args.service)
    if not server.configured:
        raise UsageError("give --host and --dbname (or --service)")
    settings.partnership_register = server.to_json()
    settings.save(settings_path())
    print(f"Saved: the partnership register is {server.label} (sslmode {server.sslmode}). "
          "No password was saved: libpq reads it from your pgpass file, or you are asked.")
    return 0


def cmd_server_test(args: argparse.Namespace) -> int:
    from isp_wizard.services.sync import describe_server

    reg = open_server(args.server, args.settings)
    try:
        print(describe_server(reg))
    finally:
        reg.close()
    return 0


def cmd_register_sync(args: argparse.Namespace) -> int:
    from isp_wizard.errors import UsageError
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.sync import sync_register
    from isp_wizard.store.register import open_register

    if args.training:
        raise UsageError("training records are never sent to the partnership register")
    where = args.where
    if not where.register_path.exists():
        print("This laptop's register has no records yet: nothing to send.")
        return 0
    _timestamp_before_sending(args)
    with open_register(where.register_path, create=False) as local, \
            open_server(args.server, args.settings) as server:
        result = sync_register(local, where.records_dir, server,  # type: ignore[arg-type]
                               trust_roots=default_trust_roots(args.settings.trust_anchors,
                                                               args.where.rules_dir),
                               allow_untrusted=args.allow_untrusted,
                               progress=_progress if sys.stderr.isatty() else None)
    for problem in result.problems:
        print(problem)
    if result.untrusted:
        print(f"UNTRUSTED: {len(result.untrusted)} entries signed by identities no trust anchor "
              "here vouches for were sent, as you asked:")
        for line in result.untrusted:
            print(f"  {line}")
    print(f"Sent {result.sent:,} of {result.to_send:,} entries to {result.server} "
          f"({result.already:,} were there already; {result.signatures_checked:,} signatures "
          f"checked; the shared register holds {result.head_count:,} entries).")
    if result.problems:
        print(f"{len(result.problems)} entr{'ies' if len(result.problems) != 1 else 'y'} failed "
              "the checks: nothing from it on was sent.")
        return 1
    return 0


def _timestamp_before_sending(args: argparse.Namespace) -> None:
    """With a time-stamping authority configured, records due are brought to long-term
    validation first (as 'records upgrade' does), so that the server gets them time-stamped;
    one line says what happened, and a TSA that cannot be reached stops nothing."""
    from isp_wizard.cli.records import configured_crls, configured_tsa
    from isp_wizard.record.verify import default_trust_roots
    from isp_wizard.services.upgrade import upgrade_filed

    tsa = configured_tsa(args)
    if tsa is None:
        return
    done = upgrade_filed(args.where, tsa=tsa, crls=configured_crls(args),
                         trust_roots=default_trust_roots(args.settings.trust_anchors,
                                                         args.where.rules_dir))
    upgraded = [d for d in done if d.level]
    pending = [d for d in done if d.pending]
    if upgraded or pending:
        line = f"Time-stamped {len(upgraded)} record{'s' if len(upgraded) != 1 else ''}"
        if pending:
            line += f"; {len(pending)} still pending ({pending[0].pending})"
        print(line)


def _progress(done: int, total: int) -> None:
    print(f"\rSending… {done:,} of {total:,}", end="" if done < total else "\n",
          file=sys.stderr, flush=True)
