"""The partnership's shared register on a PostgreSQL server (psycopg 3).

The schema, roles and row-level security policies are in ``sql/server_v<N>.sql`` and are made
(or upgraded in place) by ``init_server``. The database enforces what matters: the application
roles may INSERT and SELECT only, triggers refuse UPDATE, DELETE and TRUNCATE on entries and PDFs,
a practitioner's role sees only its own organisation's rows, and every append takes the chain
head's row lock in its insert trigger, which chains the entry (``isp.entry_hash`` makes the hash
by the app's rule, and the app checks it before committing), so concurrent writers chain one after
the other.
The PDFs are rows of ``isp.pdfs`` keyed by their SHA-256, so a ``pg_dump`` holds everything.

Passwords are never taken from the app's settings: libpq reads the user's pgpass or service file,
or the caller passes one it asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from isp_wizard.errors import (
    RegisterError,
    RegisterVersionError,
    ServerError,
    ServerLoginError,
    ServerTLSError,
    ServerUnreachableError,
)
from isp_wizard.store.chain import ChainHead, Finding, entry_hash
from isp_wizard.store.register import FIELDS, RegisterBase, RegisterEntry, RegisterFilter

if TYPE_CHECKING:
    import psycopg

SERVER_SCHEMA_VERSION = 1
CONNECT_TIMEOUT_S = 5
_COLUMNS = ", ".join(FIELDS)
_INIT_LOCK = 0x49535057  # pg_advisory_xact_lock key: one init at a time


@dataclass(frozen=True)
class ServerConnection:
    """Where the partnership register is and how to reach it. No password: libpq's pgpass or
    service file supplies it, or ``password`` is passed to ``connect`` after asking the user."""

    host: str = ""
    port: int = 5432
    dbname: str = ""
    user: str = ""
    sslmode: str = "verify-full"
    sslrootcert: str = ""  # the partnership CA's certificate (PEM)
    sslcert: str = ""  # a client certificate, where the partnership uses its signing CA
    sslkey: str = ""
    service: str = ""  # a pg_service.conf entry, instead of the fields above
    hostaddr: str = ""  # the server's IP address when the name is not in DNS (TLS checks host)

    @property
    def configured(self) -> bool:
        return bool(self.service or (self.host and self.dbname))

    @property
    def label(self) -> str:
        if self.service:
            return f"service {self.service}"
        return f"{self.user + '@' if self.user else ''}{self.host}:{self.port}/{self.dbname}"

    def params(self) -> dict[str, Any]:
        """Keyword arguments for ``psycopg.connect``, leaving out what is not set."""
        values = dataclasses.asdict(self)
        params = {k: v for k, v in values.items() if v not in ("", None)}
        params["connect_timeout"] = CONNECT_TIMEOUT_S
        params["application_name"] = "isp-wizard"
        return params

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> ServerConnection:
        if not isinstance(data, dict):
            return cls()
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in fields and isinstance(value, type(fields[name].default)):
                values[name] = value
        return cls(**values)


def translate(exc: Exception, where: str) -> ServerError:
    """One plain sentence for each way a connection fails."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low or \
            "certificate authentication failed" in low or "no pg_hba.conf entry" in low \
            or ("role" in low and "does not exist" in low):
        return ServerLoginError(f"the partnership register at {where} refused the login: "
                                "check the user name and password (or certificate); "
                                "records are kept on this laptop meanwhile")
    if any(word in low for word in ("ssl", "certificate", "tls")):
        return ServerTLSError(f"the secure connection to the partnership register at {where} "
                              "failed: its certificate is not one the partnership's CA signed "
                              "for that name, or the server does not offer TLS; "
                              "records are kept on this laptop meanwhile")
    if "does not exist" in low and "database" in low:
        return ServerError(f"there is no database {where} on the server; check the settings")
    return ServerUnreachableError(f"the partnership register at {where} cannot be reached "
                                  "(the server is down or there is no network); records are "
                                  "kept on this laptop and sent when it can be reached")


def connect(server: ServerConnection, *, password: str | None = None,
            autocommit: bool = False) -> psycopg.Connection[Any]:
    import psycopg

    params = server.params()
    if password:
        params["password"] = password
    try:
        return psycopg.connect(autocommit=autocommit, **params)
    except psycopg.Error as exc:
        raise translate(exc, server.label) from exc


def schema_sql(version: int) -> str:
    return resources.files("isp_wizard.store").joinpath(
        "sql", f"server_v{version}.sql").read_text(encoding="utf-8")


def server_version(conn: psycopg.Connection[Any]) -> int:
    """The schema version the database holds (0: no register yet)."""
    row = conn.execute("SELECT to_regclass('isp.meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT value FROM isp.meta WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else 0


def init_server(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """Create or upgrade the register's schema, roles and policies in place, in one
    transaction; returns (version before, version now). Safe to run again."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            before = server_version(conn)
            if before > SERVER_SCHEMA_VERSION:
                raise RegisterVersionError(
                    f"the server's register is version {before}, newer than this app knows "
                    f"({SERVER_SCHEMA_VERSION}); update isp-wizard before running init")
            for version in range(1, SERVER_SCHEMA_VERSION + 1):
                conn.execute(schema_sql(version).encode("utf-8"))
            conn.execute("INSERT INTO isp.meta (key, value) VALUES ('schema_version', %s) "
                         "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                         (str(SERVER_SCHEMA_VERSION),))
    except psycopg.Error as exc:
        raise ServerError(f"the register could not be set up on the server: "
                          f"{_first_line(exc)}") from exc
    return before, SERVER_SCHEMA_VERSION


def add_member(conn: psycopg.Connection[Any], role: str, organisation: str, *,
               auditor: bool = False, create: bool = False) -> None:
    """Let a login role file records for ``organisation`` (or, as auditor, read everything)."""
    import psycopg
    from psycopg import sql

    if not auditor and not organisation.strip():
        raise ServerError("an organisation is needed")
    group = "isp_auditor" if auditor else "isp_practitioner"
    try:
        with conn.transaction():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (role,)).fetchone()
            if not exists:
                if not create:
                    raise ServerError(f"there is no role {role!r} on the server (add --create "
                                      "to make it)")
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group),
                                                          sql.Identifier(role)))
            if auditor:  # reads everything, files for no organisation
                conn.execute("DELETE FROM isp.members WHERE role_name = %s", (role,))
            else:
                conn.execute("INSERT INTO isp.members (role_name, organisation) VALUES (%s, %s) "
                             "ON CONFLICT (role_name) DO UPDATE SET organisation = "
                             "EXCLUDED.organisation", (role, organisation.strip()))
    except psycopg.Error as exc:
        raise ServerError(f"{role}: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# --- the register -------------------------------------------------------------------------------


class PostgresPdfs:
    """The server's PDFs: rows of ``isp.pdfs`` keyed by SHA-256, re-hashed by the server."""

    def __init__(self, register: PostgresRegister) -> None:
        self._register = register
        self.location = f"{register.location} (table isp.pdfs)"

    def read(self, entry: RegisterEntry) -> bytes:
        row = self._register._one("SELECT content FROM isp.pdfs WHERE sha256 = %s",
                                  (entry.pdf_sha256,))
        if row is None:
            raise FileNotFoundError(f"no PDF with SHA-256 {entry.pdf_sha256} on the server")
        return bytes(row[0])

    def check(self, entries: Sequence[RegisterEntry]) -> list[Finding]:
        from isp_wizard.store.pdfcheck import latest_by_record

        findings: list[Finding] = []
        held = dict(self._register._all(
            "SELECT sha256, encode(sha256(content), 'hex') FROM isp.pdfs", ()))
        for entry in latest_by_record(entries, findings).values():
            actual = held.get(entry.pdf_sha256)
            if actual is None:
                findings.append(Finding(entry.record_id, "pdf-missing",
                                        f"the signed PDF (SHA-256 {entry.pdf_sha256[:16]}…) is "
                                        "not on the server"))
            elif actual != entry.pdf_sha256:
                findings.append(Finding(entry.record_id, "pdf-altered",
                                        "the signed PDF held on the server has changed since it "
                                        "was filed"))
        named = {e.pdf_sha256 for e in entries} | {e.prev_pdf_sha256 for e in entries}
        for sha in sorted(set(held) - named):
            findings.append(Finding(sha[:16], "unregistered-pdf",
                                    f"a PDF on the server has no register entry "
                                    f"(SHA-256 {sha})"))
        return findings


class PostgresRegister(RegisterBase):
    """The partnership's register on the server; the logged-in role decides what it sees."""

    keeps_pdfs = True

    def __init__(self, conn: psycopg.Connection[Any], server: ServerConnection) -> None:
        self._conn = conn
        self.server = server
        self.location = server.label
        self.pdfs = PostgresPdfs(self)

    @classmethod
    def open(cls, server: ServerConnection, *, password: str | None = None
             ) -> PostgresRegister:
        """Connect and check the schema: missing or newer than this app knows is refused."""
        import psycopg

        conn = connect(server, password=password)
        try:
            version = server_version(conn)
            conn.rollback()
        except psycopg.Error as exc:
            conn.close()
            raise ServerError(f"{server.label}: the register cannot be read: "
                              f"{_first_line(exc)}") from exc
        if version == 0:
            conn.close()
            raise ServerError(f"there is no partnership register in {server.label} yet: "
                              "IT sets it up with 'isp-wizard server init'")
        if version > SERVER_SCHEMA_VERSION:
            conn.close()
            raise RegisterVersionError(
                f"the partnership register at {server.label} is from a newer version of "
                f"isp-wizard (server version {version}, this app knows up to "
                f"{SERVER_SCHEMA_VERSION}); update the app to use it — records are kept on "
                "this laptop meanwhile")
        return cls(conn, server)

    def close(self) -> None:
        self._conn.close()

    # --- writing -----------------------------------------------------------------------------

    def append(self, entry: RegisterEntry, pdf: bytes | None = None, *,
               origin: str = "") -> RegisterEntry:
        """Chain ``entry`` after the head and store it (with its PDF, when given) in one
        transaction. ``origin`` names the laptop entry it was sent from (sent only once)."""
        return self.append_many([(entry, pdf, origin)])[0]

    def append_many(self, items: Sequence[tuple[RegisterEntry, bytes | None, str]]
                    ) -> list[RegisterEntry]:
        """Append several entries in one transaction, in order: all of them or none.

        The server chains each entry (its insert trigger takes the head's row lock, computes
        the hash and moves the head). Each entry is sent with the hash the app's own rule makes
        for it after an empty "prev", and the trigger refuses it unless the server's rule agrees,
        so an entry is never stored with a hash the app would not make (and the hash returned is
        checked again here). Everything goes in one round trip (pipeline mode), so the head's
        lock is held only while the server works.

        Durability without holding the chain's lock through a disk flush: the transaction
        commits without waiting for the flush (``synchronous_commit = off``), which releases the
        head's lock at once, and a second, synchronous transaction then flushes the log up to
        and past it. Only then does this return. The log is written in order, so a crash in
        between can lose only the newest end of the chain — never an entry in the middle — and
        nothing lost was ever reported as stored; concurrent writers' flushes are shared.
        """
        import psycopg

        for entry, pdf, _origin in items:
            self._check(entry, pdf)
        chained: list[RegisterEntry] = []
        conn = self._conn
        try:
            with conn.pipeline():
                with conn.transaction():
                    conn.execute("SET LOCAL synchronous_commit = off")
                    cursors = []
                    for entry, pdf, origin in items:
                        if pdf is not None:
                            conn.execute(_INSERT_PDF, (entry.pdf_sha256, pdf))
                        probe = dataclasses.replace(entry, prev_hash="", entry_hash="")
                        probe = dataclasses.replace(probe, entry_hash=entry_hash(probe, ""))
                        cursors.append(conn.execute(
                            _INSERT, (*(getattr(probe, name) for name in FIELDS), origin)))
                conn.execute("SELECT pg_current_xact_id()")  # a commit record to flush
                conn.commit()
            for (entry, _pdf, _origin), cursor in zip(items, cursors, strict=True):
                chained.append(self._chained(entry, cursor.fetchone()))
        except psycopg.errors.CheckViolation as exc:
            if exc.diag.constraint_name != "pdfs_check":
                raise self._translate(exc) from exc
            raise RegisterError("a PDF given is not the one its entry names (its SHA-256 "
                                "differs); nothing was recorded") from exc
        except psycopg.errors.UniqueViolation as exc:
            detail = exc.diag.message_detail or ""
            which = detail.split("=(", 1)[-1].split(")", 1)[0] if "=(" in detail else \
                _failed(items, chained)
            raise RegisterError(f"record {which} is already in the register") from exc
        except psycopg.Error as exc:
            if exc.sqlstate == "IW001":
                raise RegisterError(f"{self.location}: {exc.diag.message_primary}, so a "
                                    f"countersignature cannot be recorded for it") from exc
            if exc.sqlstate == "IW003":
                raise RegisterError(f"{self.location}: {exc.diag.message_primary}; nothing was "
                                    "recorded (the server's register is from another version)"
                                    ) from exc
            if exc.sqlstate == "IW002":
                raise RegisterError(f"{exc.diag.message_primary} (it no longer matches the "
                                    "register); nothing was recorded") from exc
            raise self._translate(exc) from exc
        return chained

    def _chained(self, entry: RegisterEntry, row: tuple[Any, ...] | None) -> RegisterEntry:
        """The entry as chained. Its hash needs no second check: the trigger compared the
        server's rule with the app's on this very content, and the "prev" it then used is hex."""
        if row is None:
            raise RegisterError(f"{self.location}: the server did not file {entry.record_id}")
        return dataclasses.replace(entry, prev_hash=row[0], entry_hash=row[1])

    def _check(self, entry: RegisterEntry, pdf: bytes | None) -> None:
        """What the app refuses before sending (the server checks each PDF's SHA-256)."""
        if entry.training:
            raise RegisterError("training records are never sent to the partnership register")

    def _translate(self, exc: Exception) -> RegisterError:
        import psycopg

        if isinstance(exc, psycopg.OperationalError) and self._conn.closed:
            return translate(exc, self.location)
        return RegisterError(f"{self.location}: {_first_line(exc)}")

    # --- reading -----------------------------------------------------------------------------

    def _all(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        import psycopg

        try:
            with self._conn.transaction():
                return self._conn.execute(sql.encode("utf-8"), params).fetchall()
        except psycopg.Error as exc:
            raise self._translate(exc) from exc

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def get(self, record_id: str) -> RegisterEntry | None:
        row = self._one(f"SELECT {_COLUMNS} FROM isp.entries WHERE record_id = %s AND kind = ''",
                        (record_id,))
        return _entry(row) if row else None

    def history(self, record_id: str) -> list[RegisterEntry]:
        return [_entry(r) for r in self._all(
            f"SELECT {_COLUMNS} FROM isp.entries WHERE record_id = %s ORDER BY seq",
            (record_id,))]

    def records(self, filters: RegisterFilter | None = None) -> list[RegisterEntry]:
        filters = filters or RegisterFilter()
        where, params = ["kind = ''"], []
        if filters.since is not None:
            where.append("created_utc >= %s")
            params.append(filters.since.isoformat())
        if filters.tree:
            where.append("tree_id = %s")
            params.append(filters.tree)
        if filters.decision:
            where.append("decision = %s")
            params.append(filters.decision)
        found = [_entry(r) for r in self._all(
            f"SELECT {_COLUMNS} FROM isp.entries WHERE {' AND '.join(where)} ORDER BY seq",
            tuple(params))]
        return [e for e in found if filters.matches(e)]

    def entries(self) -> Iterator[RegisterEntry]:
        return iter([_entry(r) for r in self._all(
            f"SELECT {_COLUMNS} FROM isp.entries ORDER BY seq", ())])

    def due(self, today: dt.date) -> list[RegisterEntry]:
        return [_entry(r) for r in self._all(
            f"SELECT {_COLUMNS} FROM isp.entries WHERE review_date <> '' AND kind = '' AND "
            "review_date <= %s ORDER BY review_date, created_utc", (today.isoformat(),))]

    def head(self) -> ChainHead | None:
        row = self._one("SELECT count, hash FROM isp.head", ())
        if row is None:
            return None
        return ChainHead(int(row[0]), str(row[1]))

    def info(self) -> dict[str, Any]:
        meta = dict(self._all("SELECT key, value FROM isp.meta", ()))
        return {"register_id": meta.get("register_id", ""),
                "schema_version": int(meta.get("schema_version", "0")),
                "created_utc": meta.get("created_utc", ""), "server": self.location}

    def organisation(self) -> str | None:
        """The organisation the logged-in role files for (None: it files nothing)."""
        row = self._one("SELECT isp.my_organisation()", ())
        return row[0] if row else None

    def reads_everything(self) -> bool:
        """Whether this login holds the auditor role (row-level security hides nothing)."""
        row = self._one("SELECT pg_has_role(current_user, 'isp_auditor', 'MEMBER') OR "
                        "(SELECT rolbypassrls OR rolsuper FROM pg_roles "
                        "WHERE rolname = current_user)", ())
        return bool(row and row[0])

    def chain_check(self, count: int) -> tuple[str | None, int, int]:
        """(hash of the ``count``-th entry, entries held, links broken) over the whole chain,
        whatever the role may read."""
        row = self._one("SELECT hash_at_n, entries, links_broken FROM isp.chain_check(%s)",
                        (count,))
        assert row is not None
        return row[0], int(row[1]), int(row[2])

    def sent_from(self, register_id: str) -> dict[str, RegisterEntry]:
        """The entries sent from one laptop register, by the laptop entry's hash."""
        rows = self._all(f"SELECT origin, {_COLUMNS} FROM isp.entries "
                         "WHERE origin LIKE %s ORDER BY seq", (f"{register_id}:%",))
        return {str(r[0]).split(":", 1)[1]: _entry(r[1:]) for r in rows}


_INSERT_PDF = ("INSERT INTO isp.pdfs (sha256, content, organisation) VALUES (%s, %s, '') "
               "ON CONFLICT (sha256) DO NOTHING")
_INSERT = (f"INSERT INTO isp.entries ({_COLUMNS}, organisation, filed_by, origin) VALUES "
           f"({', '.join(['%s'] * len(FIELDS))}, '', '', %s) RETURNING prev_hash, entry_hash")


def _failed(items: Sequence[tuple[RegisterEntry, bytes | None, str]],
            chained: Sequence[RegisterEntry]) -> str:
    return items[len(chained)][0].record_id if len(chained) < len(items) else ""


def _entry(row: Sequence[Any]) -> RegisterEntry:
    values = dict(zip(FIELDS, row, strict=True))
    values["training"] = bool(values["training"])
    return RegisterEntry(**values)


def open_server_register(server: ServerConnection, *, password: str | None = None
                         ) -> PostgresRegister:
    """Open the partnership register on the server (see ``PostgresRegister.open``)."""
    return PostgresRegister.open(server, password=password)
