"""The register in a SQLite file: all of the product's SQL lives here.

WAL mode with ``synchronous=FULL`` (an append that returned survives a power cut). Each append
takes the write lock (``BEGIN IMMEDIATE``) and reads the chain head inside that transaction, so
two app windows appending at once both succeed and the chain stays whole. The schema carries a
version (``PRAGMA user_version``) and is upgraded in place, after a backup copy is made.
A file that is not a register, is locked, or is from a newer version is refused untouched:
SQLite reads a file's header before it would write anything, and nothing is written until the
file is known to be a register of a version this app knows.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from isp_wizard.errors import (
    NotARegisterError,
    RegisterError,
    RegisterLockedError,
    RegisterVersionError,
)
from isp_wizard.store.chain import GENESIS, ChainHead, entry_hash
from isp_wizard.store.pdfs import FolderPdfs
from isp_wizard.store.register import FIELDS, RegisterBase, RegisterEntry, RegisterFilter

SCHEMA_VERSION = 3
APPLICATION_ID = 0x49535057  # "ISPW": marks the file as ours
_SMALLEST_DATABASE = 512  # bytes: SQLite's smallest page; every written database is larger

_COLUMNS = ", ".join(FIELDS)

_ENTRIES_V3 = """
CREATE TABLE {name} (
    seq INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    tree_id TEXT NOT NULL,
    tree_version TEXT NOT NULL,
    tree_sha256 TEXT NOT NULL,
    decision TEXT NOT NULL,
    case_reference TEXT NOT NULL DEFAULT '',
    practitioner TEXT NOT NULL DEFAULT '',
    review_date TEXT NOT NULL DEFAULT '',
    training INTEGER NOT NULL DEFAULT 0,
    pdf_path TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    prev_pdf_sha256 TEXT NOT NULL DEFAULT ''
)"""
# One filed record per id; its events (countersignatures) share the id.
_INDEXES_V3 = (
    "CREATE UNIQUE INDEX entries_record ON entries (record_id) WHERE kind = ''",
    "CREATE INDEX entries_history ON entries (record_id, seq)",
    "CREATE INDEX entries_review_date ON entries (review_date) WHERE review_date <> ''",
    "CREATE INDEX entries_case ON entries (case_reference)",
)
_META = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_RECORDS_ONLY = "kind = ''"


def _translate(exc: sqlite3.Error, path: Path) -> RegisterError:
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return RegisterLockedError(f"{path}: the register is locked by another program; "
                                   "close other copies of the app and try again")
    if "not a database" in text:
        return NotARegisterError(f"{path}: not a register (it is not a SQLite database); "
                                 "it was left as it is")
    if "malformed" in text:
        return NotARegisterError(f"{path}: the register file is damaged ({text}); it was left "
                                 "as it is: restore it from a backup or a JSON export")
    return RegisterError(f"{path}: the register cannot be used: {text}")


class SqliteRegister(RegisterBase):
    """A laptop's register: one SQLite file; its PDFs are files in the records folder."""

    keeps_pdfs = False

    def __init__(self, path: Path, conn: sqlite3.Connection,
                 records_dir: Path | None = None) -> None:
        self.path = path
        self.location = str(path)
        self.pdfs = FolderPdfs(records_dir) if records_dir is not None else None
        self._conn = conn

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, timeout: float = 10.0,
             records_dir: Path | None = None, read_only: bool = False) -> SqliteRegister:
        """``read_only`` opens without writing anything, even in a read-only folder (an
        archive audited in place): nothing is created, upgraded or switched to WAL."""
        path = Path(path)
        if path.exists():
            _check_file(path)
        elif not create or read_only:
            raise RegisterError(f"{path}: there is no register here yet")
        else:
            _create_private(path)
        try:
            if read_only:
                conn = sqlite3.connect(_read_only_uri(path), timeout=timeout,
                                       isolation_level=None, uri=True)
            else:
                conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise _translate(exc, path) from exc
        try:
            if read_only and _check_readable(conn, path) < SCHEMA_VERSION:
                # an older register where it can be written: upgrade it as any opening does
                conn.close()
                return cls.open(path, create=False, timeout=timeout, records_dir=records_dir)
            if not read_only:
                _prepare(conn, path, timeout)
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, records_dir)

    def close(self) -> None:
        self._conn.close()

    # --- writing -----------------------------------------------------------------------------

    def append(self, entry: RegisterEntry, pdf: bytes | None = None) -> RegisterEntry:
        """``pdf`` must be None: a laptop's PDF is placed in the records folder by the caller."""
        if pdf is not None:
            raise ValueError("a laptop register keeps its PDFs in the records folder")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        try:
            first = conn.execute("SELECT training FROM entries ORDER BY seq LIMIT 1").fetchone()
            if first is not None and bool(first[0]) != bool(entry.training):
                kind = "training" if entry.training else "real"
                raise RegisterError(f"{self.path}: a {kind} record cannot go into this register: "
                                    "training and real records are never mixed")
            if not entry.is_record:
                _check_event(conn, entry, self.path)
            head = _head(conn)
            prev = head.hash if head else GENESIS
            count = head.count if head else 0
            chained = replace(entry, prev_hash=prev, entry_hash="")
            chained = replace(chained, entry_hash=entry_hash(chained, prev))
            conn.execute(f"INSERT INTO entries ({_COLUMNS}) VALUES "
                         f"({', '.join('?' * len(FIELDS))})", _row(chained))
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             [("head_hash", chained.entry_hash), ("head_count", str(count + 1))])
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            conn.execute("ROLLBACK")
            raise RegisterError(f"record {entry.record_id} is already in the register") from exc
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _translate(exc, self.path) from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return chained

    # --- reading -----------------------------------------------------------------------------

    def get(self, record_id: str) -> RegisterEntry | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE record_id = ? AND "
                           f"{_RECORDS_ONLY}", (record_id,))
        return _entry(rows[0]) if rows else None

    def history(self, record_id: str) -> list[RegisterEntry]:
        return [_entry(r) for r in self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE record_id = ? ORDER BY seq", (record_id,))]

    def records(self, filters: RegisterFilter | None = None) -> list[RegisterEntry]:
        filters = filters or RegisterFilter()
        where, params = [_RECORDS_ONLY], []
        if filters.since is not None:
            where.append("created_utc >= ?")
            params.append(filters.since.isoformat())
        if filters.tree:
            where.append("tree_id = ?")
            params.append(filters.tree)
        if filters.decision:
            where.append("decision = ?")
            params.append(filters.decision)
        sql = f"SELECT {_COLUMNS} FROM entries WHERE {' AND '.join(where)} ORDER BY seq"
        found = [_entry(r) for r in self._query(sql, tuple(params))]
        # the case filter is applied in Python: casefold() is right for all of Unicode
        return [e for e in found if filters.matches(e)]

    def entries(self) -> Iterator[RegisterEntry]:
        return iter([_entry(r) for r in self._query(
            f"SELECT {_COLUMNS} FROM entries ORDER BY seq", ())])

    def due(self, today: dt.date) -> list[RegisterEntry]:
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE review_date <> '' AND {_RECORDS_ONLY} AND "
                           "review_date <= ? ORDER BY review_date, created_utc",
                           (today.isoformat(),))
        return [_entry(r) for r in rows]

    def head(self) -> ChainHead | None:
        meta = self._meta()
        if "head_hash" not in meta:
            return None
        return ChainHead(int(meta.get("head_count", "0")), meta["head_hash"])

    def info(self) -> dict[str, Any]:
        meta = self._meta()
        return {"register_id": meta.get("register_id", ""), "schema_version": SCHEMA_VERSION,
                "created_utc": meta.get("created_utc", "")}

    # --- notes this laptop keeps about the partnership register (sync) -------------------------

    def notes(self, prefix: str) -> dict[str, str]:
        """Notes kept beside the register under ``prefix`` (outside the chain)."""
        rows = self._query("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?",
                           (len(prefix), prefix))
        return {key[len(prefix):]: value for key, value in rows}

    def write_notes(self, prefix: str, values: dict[str, str]) -> None:
        """Keep ``values`` under ``prefix``, durably and all together."""
        if any(name in ("head_hash", "head_count", "register_id", "created_utc")
               for name in (prefix + key for key in values)):
            raise ValueError("a note cannot replace the register's own facts")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             [(prefix + key, value) for key, value in values.items()])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _translate(exc, self.path) from exc

    def _meta(self) -> dict[str, str]:
        return dict(self._query("SELECT key, value FROM meta", ()))

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc


def _row(entry: RegisterEntry) -> tuple[Any, ...]:
    return tuple(int(v) if isinstance(v, bool) else v
                 for v in (getattr(entry, name) for name in FIELDS))


def _entry(row: tuple[Any, ...]) -> RegisterEntry:
    values = dict(zip(FIELDS, row, strict=True))
    values["training"] = bool(values["training"])
    return RegisterEntry(**values)


def _check_event(conn: sqlite3.Connection, event: RegisterEntry, path: Path) -> None:
    """An event must follow its record's current PDF (checked under the write lock)."""
    row = conn.execute("SELECT pdf_sha256 FROM entries WHERE record_id = ? ORDER BY seq DESC "
                       "LIMIT 1", (event.record_id,)).fetchone()
    filed = conn.execute(f"SELECT 1 FROM entries WHERE record_id = ? AND {_RECORDS_ONLY}",
                         (event.record_id,)).fetchone()
    if row is None or filed is None:
        raise RegisterError(f"{path}: record {event.record_id} is not in the register, so a "
                            f"{event.kind} cannot be recorded for it")
    if row[0] != event.prev_pdf_sha256:
        raise RegisterError(f"record {event.record_id}: the PDF changed since it was read (it "
                            f"no longer matches the register); nothing was recorded")


def _head(conn: sqlite3.Connection) -> ChainHead | None:
    meta = dict(conn.execute("SELECT key, value FROM meta "
                             "WHERE key IN ('head_hash', 'head_count')").fetchall())
    if "head_hash" not in meta:
        return None
    return ChainHead(int(meta["head_count"]), meta["head_hash"])


# --- opening, creating and upgrading -----------------------------------------------------------


def _check_file(path: Path) -> None:
    """Refuse what SQLite would misreport. The file is not opened here: opening and closing a
    database file outside SQLite drops the locks this process holds on it (POSIX locks)."""
    if path.is_dir():
        raise NotARegisterError(f"{path}: is a folder, not a register file")
    if not os.access(path, os.R_OK):
        raise RegisterError(f"{path}: the register cannot be read (permission denied)")
    if 0 < path.stat().st_size < _SMALLEST_DATABASE:
        # SQLite would take a file shorter than its header for an empty database, and write
        raise NotARegisterError(f"{path}: not a register (it is not a SQLite database); "
                                "it was left as it is")


def _create_private(path: Path) -> None:
    """An empty, owner-only file for SQLite to make the register in (SQLite gives its journal
    files the database file's permissions), in a folder that is owner-only if made here."""
    from isp_wizard.fsutil import PRIVATE_FILE, PRIVATE_FOLDER, make_folder

    make_folder(path.parent, mode=PRIVATE_FOLDER)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, PRIVATE_FILE)


def _read_only_uri(path: Path) -> str:
    """``mode=ro``; and ``immutable=1`` where SQLite could not make its shared-memory file (a
    read-only folder), so reading never needs to write."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    shm = path.with_name(path.name + "-shm")
    if not os.access(path.parent, os.W_OK) and not shm.exists():
        uri += "&immutable=1"
    return uri


def _register_version(conn: sqlite3.Connection, path: Path) -> int:
    """The register's version; errors for a database that is not one, or is too new."""
    try:
        version, app_id, tables = _identify(conn)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise NotARegisterError(f"{path}: a SQLite database, but not an isp-wizard register; "
                                "it was left as it is")
    if version > SCHEMA_VERSION:
        raise RegisterVersionError(f"{path}: the register was written by a newer version of "
                                   f"isp-wizard (register version {version}, this app knows up "
                                   f"to {SCHEMA_VERSION}); update the app to use it")
    return int(version)


def _check_readable(conn: sqlite3.Connection, path: Path) -> int:
    """The register's version; errors for what cannot be read without writing."""
    version = _register_version(conn, path)
    if version < SCHEMA_VERSION and not os.access(path.parent, os.W_OK):
        raise RegisterVersionError(f"{path}: a register of version {version}; this app reads "
                                   f"version {SCHEMA_VERSION} (open it once with write access "
                                   "to upgrade it, or use a matching version of the app)")
    return int(version)


def _prepare(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    version = _register_version(conn, path)
    try:
        mode = _use_wal(conn, timeout)
        conn.execute("PRAGMA synchronous=FULL")
        if version < SCHEMA_VERSION:
            _create_or_upgrade(conn, path)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    if str(mode).lower() != "wal":
        raise RegisterLockedError(f"{path}: the register is in use by another program "
                                  f"(journal mode {mode}); close it and try again")


def _use_wal(conn: sqlite3.Connection, timeout: float) -> str:
    """Switch to WAL. SQLite answers "locked" at once, without waiting, when another connection
    is switching at the same moment (two windows opening a new register), so retry here."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() == "wal":
                return mode
            return str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _identify(conn: sqlite3.Connection) -> tuple[int, int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return int(version), int(app_id), int(tables)


def _create_or_upgrade(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        version, _app_id, tables = _identify(conn)  # again, now that we hold the lock
        if version == 0 and not tables:
            _create(conn)
        elif version < SCHEMA_VERSION:
            conn.execute("ROLLBACK")
            _backup(conn, path, version)
            conn.execute("BEGIN IMMEDIATE")
            version, _app_id, _tables = _identify(conn)
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _create(conn: sqlite3.Connection) -> None:
    conn.execute(_ENTRIES_V3.format(name="entries"))
    for statement in _INDEXES_V3:
        conn.execute(statement)
    conn.execute(_META)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("register_id", str(uuid.uuid4())), ("created_utc", now)])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Keep a copy of the register as it was before an upgrade, beside it."""
    target = path.with_name(f"{path.stem}-v{version}-backup{path.suffix}")
    if target.exists():
        return
    _create_private(target)  # the copy holds the same personal data: owner-only too
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 adds review dates and provenance, and records the chain head at each append."""
    conn.execute("ALTER TABLE entries ADD COLUMN review_date TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE entries ADD COLUMN source TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX entries_review_date ON entries (review_date) "
                 "WHERE review_date <> ''")
    conn.execute("CREATE INDEX IF NOT EXISTS entries_case ON entries (case_reference)")
    last = conn.execute("SELECT entry_hash, (SELECT count(*) FROM entries) FROM entries "
                        "ORDER BY seq DESC LIMIT 1").fetchone()
    if last is not None:
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [("head_hash", last[0]), ("head_count", str(last[1]))])


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3 records events on a record (countersignatures) as entries sharing its id: the
    table is rebuilt without the one-entry-per-id constraint (which SQLite cannot drop), and
    a filed record stays unique by a partial index. Hashes and order are copied unchanged."""
    old = ", ".join(name for name in FIELDS if name not in ("kind", "prev_pdf_sha256"))
    conn.execute(_ENTRIES_V3.format(name="entries_v3"))
    conn.execute(f"INSERT INTO entries_v3 (seq, {old}) SELECT seq, {old} FROM entries "
                 "ORDER BY seq")
    conn.execute("DROP TABLE entries")
    conn.execute("ALTER TABLE entries_v3 RENAME TO entries")
    for statement in _INDEXES_V3:
        conn.execute(statement)


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}
