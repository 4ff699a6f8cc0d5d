"""The decision register: one hash-chained entry per signed record, behind a small interface.

Later changes to a filed record's PDF that are legitimate (a manager's countersignature) are
entries too, chained like the rest: an *event* entry (``kind`` set) carries the record's id, who
and when, and the PDF's SHA-256 before and after, so ``register verify`` knows which PDF is current.

``Register`` (a protocol) is what the app, the CLI and the services call. ``SqliteRegister``
(``sqlite_register.py``) serves it on a laptop and ``PostgresRegister`` (``postgres_register.py``)
on the partnership's server; verifying, exports and due reviews are shared by both in
``RegisterBase``. Where the PDFs are is its own interface (``pdfs.PdfStore``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from isp_wizard.store.chain import ChainHead, Finding

if TYPE_CHECKING:
    from isp_wizard.record.approval import AnyRecord
    from isp_wizard.record.model import Practitioner
    from isp_wizard.store.pdfs import PdfStore

__all__ = ["COUNTERSIGNATURE", "TIMESTAMP", "ChainHead", "Finding", "Register", "RegisterBase", "RegisterEntry",
           "RegisterFilter", "countersignature_entry", "entry_from_record", "open_register",
           "timestamp_entry"]

COUNTERSIGNATURE = "countersignature"
"""The ``kind`` of the event entry a countersignature adds (a filed record's ``kind`` is empty)."""
TIMESTAMP = "time-stamp"
"""The ``kind`` of the event entry a long-term-validation upgrade adds (validation data and a
document time-stamp: ``record.ltv``); its ``practitioner`` names the time-stamping authority."""


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the register. ``prev_hash`` and ``entry_hash`` are filled in by ``append``.

    ``pdf_path`` is relative to the records folder when the PDF is inside it. ``source`` says
    where an entry came from when registers are merged; empty for entries made here.
    ``kind`` is empty for a filed record; an event on a record (``COUNTERSIGNATURE``) names the
    record, and gives the PDF's SHA-256 before (``prev_pdf_sha256``) and after (``pdf_sha256``).
    """

    record_id: str
    created_utc: str
    tree_id: str
    tree_version: str
    tree_sha256: str
    decision: str
    case_reference: str = ""
    practitioner: str = ""
    review_date: str = ""
    training: bool = False
    pdf_path: str = ""
    pdf_sha256: str = ""
    prev_hash: str = ""
    entry_hash: str = ""
    source: str = ""
    kind: str = ""
    prev_pdf_sha256: str = ""

    @property
    def is_record(self) -> bool:
        """A filed record, not an event on one."""
        return not self.kind

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RegisterEntry:
        """An entry from an export; ValueError if a field is missing or of the wrong type."""
        if not isinstance(data, dict):
            raise ValueError("an entry is not an object")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            value = data.get(f.name, f.default)
            if value is dataclasses.MISSING:
                raise ValueError(f"an entry has no {f.name}")
            wanted = bool if f.name == "training" else str
            if not isinstance(value, wanted):
                raise ValueError(f"an entry's {f.name} is not {wanted.__name__}")
            values[f.name] = value
        return cls(**values)


FIELDS = tuple(f.name for f in dataclasses.fields(RegisterEntry))


@dataclass(frozen=True)
class RegisterFilter:
    """What ``list`` narrows to; empty parts match everything. ``case`` matches any part of a
    case reference, ignoring case."""

    since: dt.date | None = None
    tree: str = ""
    decision: str = ""
    case: str = ""

    def matches(self, entry: RegisterEntry) -> bool:
        return (entry.is_record and (self.since is None or entry.created_utc[:10] >= self.since.isoformat())
                and (not self.tree or entry.tree_id == self.tree)
                and (not self.decision or entry.decision == self.decision)
                and (not self.case or self.case.casefold() in entry.case_reference.casefold()))


@runtime_checkable
class Register(Protocol):
    """What the app, the CLI and the services call on a register, whichever database holds it.

    ``SqliteRegister`` (a laptop's file) and ``PostgresRegister`` (the partnership's server)
    serve it; most of the calls are shared by both through ``RegisterBase``. Nothing here opens a
    database: ``open_register`` opens a laptop's, ``open_server_register`` the server's.

    ``pdfs`` is where the register's PDFs live, when known: the records folder on a laptop (given
    to ``open_register``), a table on the server. ``keeps_pdfs`` is true when ``append`` stores
    the PDF itself, in the same transaction as its entry (the server); a laptop's PDFs are files
    the caller places in the records folder before appending.
    """

    location: str
    keeps_pdfs: bool
    pdfs: PdfStore | None

    def append(self, entry: RegisterEntry, pdf: bytes | None = None) -> RegisterEntry:
        """Chain ``entry`` after the current head and store it; returns it with its hashes."""
        ...

    def get(self, record_id: str) -> RegisterEntry | None:
        """The filed record's entry (not its events)."""
        ...

    def history(self, record_id: str) -> list[RegisterEntry]:
        """The record's entry and its events (countersignatures), in the order written."""
        ...

    def records(self, filters: RegisterFilter | None = None) -> list[RegisterEntry]:
        """Filed records (not events), oldest first, narrowed by ``filters``."""
        ...

    def entries(self) -> Iterator[RegisterEntry]:
        """Every entry in stored order."""
        ...

    def head(self) -> ChainHead | None:
        """The count and hash recorded at the last append (None if none is recorded)."""
        ...

    def info(self) -> dict[str, Any]:
        """Facts about the register itself for exports: id, schema version, created."""
        ...

    def due(self, today: dt.date) -> list[RegisterEntry]:
        """Records whose review date is today or has passed, soonest first."""
        ...

    def current_pdf_sha256(self, record_id: str) -> str | None:
        """The SHA-256 the record's PDF should have now (after its latest event), or None."""
        ...

    def verify(self, pdfs: PdfStore | Path | None) -> list[Finding]:
        """Re-walk the chain and, given where the PDFs are (a store or a records folder),
        re-hash every PDF."""
        ...

    def export_csv(self, path: Path) -> int: ...

    def export_json(self, path: Path, *, now: dt.datetime | None = None) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> Register: ...

    def __exit__(self, *exc: object) -> None: ...


class RegisterBase:
    """The calls every register shares, built on ``entries``, ``head`` and ``info``; a backend
    provides those, ``append``, ``get``, ``list`` and ``close``, and may answer others faster."""

    location: str = ""
    keeps_pdfs: bool = False
    pdfs: PdfStore | None = None

    def entries(self) -> Iterator[RegisterEntry]:
        raise NotImplementedError

    def head(self) -> ChainHead | None:
        raise NotImplementedError

    def info(self) -> dict[str, Any]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def verify(self, pdfs: PdfStore | Path | None) -> list[Finding]:
        from isp_wizard.store.chain import check_chain
        from isp_wizard.store.pdfs import as_pdf_store

        entries = list(self.entries())
        findings = check_chain(entries, self.head())
        store = as_pdf_store(pdfs)
        if store is not None:
            findings += store.check(entries)
        return findings

    def history(self, record_id: str) -> list[RegisterEntry]:
        return [e for e in self.entries() if e.record_id == record_id]

    def current_pdf_sha256(self, record_id: str) -> str | None:
        found = self.history(record_id)
        return found[-1].pdf_sha256 if found else None

    def due(self, today: dt.date) -> list[RegisterEntry]:
        due = [e for e in self.entries() if e.is_record and e.review_date and e.review_date <= today.isoformat()]
        return sorted(due, key=lambda e: (e.review_date, e.created_utc))

    def export_csv(self, path: Path) -> int:
        from isp_wizard.store.exports import write_csv

        return write_csv(list(self.entries()), path)

    def export_json(self, path: Path, *, now: dt.datetime | None = None) -> int:
        from isp_wizard.store.exports import write_json

        return write_json(list(self.entries()), self.head(), self.info(), path, now=now)

    def __enter__(self) -> Register:
        return self  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_register(path: Path, *, create: bool = True, timeout: float = 10.0,
                  records_dir: Path | None = None, read_only: bool = False) -> Register:
    """Open (and, when ``create``, make or upgrade) the laptop's SQLite register at ``path``;
    ``records_dir`` is its records folder (the register's ``pdfs``) when the caller knows it.
    ``read_only`` writes nothing at all (reading a register in a read-only folder)."""
    from isp_wizard.store.sqlite_register import SqliteRegister

    return SqliteRegister.open(path, create=create, timeout=timeout, records_dir=records_dir,
                               read_only=read_only)


def entry_from_record(record: AnyRecord, *, pdf_path: str, pdf_sha256: str
                      ) -> RegisterEntry:
    """The register entry for ``record`` whose signed PDF is at ``pdf_path``."""
    return RegisterEntry(
        record_id=record.record_id,
        created_utc=utc_text(record.created_utc),
        tree_id=record.tree.id,
        tree_version=record.tree.version,
        tree_sha256=record.tree.sha256,
        decision=record.decision,
        case_reference=record.case_reference,
        practitioner=_practitioner_text(record.practitioner),
        review_date=record.review_date.isoformat() if record.review_date else "",
        training=record.training,
        pdf_path=pdf_path,
        pdf_sha256=pdf_sha256,
    )


def countersignature_entry(filed: RegisterEntry, *, countersigner: Practitioner,
                          when: dt.datetime, prev_pdf_sha256: str, pdf_sha256: str
                          ) -> RegisterEntry:
    """The event entry recording that ``countersigner`` countersigned the filed record."""
    return RegisterEntry(
        record_id=filed.record_id, created_utc=utc_text(when), tree_id=filed.tree_id,
        tree_version=filed.tree_version, tree_sha256=filed.tree_sha256, decision=filed.decision,
        case_reference=filed.case_reference, practitioner=_practitioner_text(countersigner),
        training=filed.training, pdf_path=filed.pdf_path, pdf_sha256=pdf_sha256,
        kind=COUNTERSIGNATURE, prev_pdf_sha256=prev_pdf_sha256)


def timestamp_entry(filed: RegisterEntry, *, authority: str, level: str, when: dt.datetime,
                    prev_pdf_sha256: str, pdf_sha256: str) -> RegisterEntry:
    """The event entry recording that the filed record was time-stamped by ``authority`` and
    brought to ``level`` (B-LT, B-LTA)."""
    return RegisterEntry(
        record_id=filed.record_id, created_utc=utc_text(when), tree_id=filed.tree_id,
        tree_version=filed.tree_version, tree_sha256=filed.tree_sha256, decision=filed.decision,
        case_reference=filed.case_reference, practitioner=f"{authority} ({level})",
        training=filed.training, pdf_path=filed.pdf_path, pdf_sha256=pdf_sha256,
        kind=TIMESTAMP, prev_pdf_sha256=prev_pdf_sha256)


def utc_text(value: dt.datetime) -> str:
    """``2026-05-01T09:30:00Z``: how the register writes times (naive times are taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def _practitioner_text(practitioner: Practitioner) -> str:
    extra = [x for x in (practitioner.role, practitioner.organisation) if x]
    return f"{practitioner.name} ({', '.join(extra)})" if extra else practitioner.name
