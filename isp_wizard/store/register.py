"""The decision register: one hash-chained entry per signed record, behind a small interface.

Later changes to a filed record's PDF that are legitimate (a manager's countersignature) are
entries too, chained like the rest: an *event* entry (``kind`` set) carries the record's id, who
and when, and the PDF's SHA-256 before and after, so ``register verify`` knows which PDF is current.

``Register`` is what the app, the CLI and the services call. ``SqliteRegister`` (the only SQL in
the product, in ``sqlite_register.py``) serves it on a laptop; a partnership-wide server register
can serve the same calls later by providing ``append``, ``get``, ``list``, ``entries``, ``head``
and ``close`` — verifying, exports and due reviews are built on those in ``Register``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.store.chain import ChainHead, Finding

if TYPE_CHECKING:
    from isp_wizard.record.model import DecisionRecord, Practitioner

__all__ = ["COUNTERSIGNATURE", "ChainHead", "Finding", "Register", "RegisterEntry",
           "RegisterFilter", "countersignature_entry", "entry_from_record", "open_register"]

COUNTERSIGNATURE = "countersignature"
"""The ``kind`` of the event entry a countersignature adds (a filed record's ``kind`` is empty)."""


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


class Register(ABC):
    """The register's interface. A storage provides the first group of calls; verifying,
    exports and due reviews are built on them here."""

    location: str = ""

    # --- provided by the storage ------------------------------------------------------------

    @abstractmethod
    def append(self, entry: RegisterEntry) -> RegisterEntry:
        """Chain ``entry`` after the current head and store it; returns it with its hashes."""
        raise NotImplementedError

    @abstractmethod
    def get(self, record_id: str) -> RegisterEntry | None:
        """The filed record's entry (not its events)."""
        raise NotImplementedError

    @abstractmethod
    def list(self, filters: RegisterFilter | None = None) -> list[RegisterEntry]:
        raise NotImplementedError

    @abstractmethod
    def entries(self) -> Iterator[RegisterEntry]:
        """Every entry in stored order."""
        raise NotImplementedError

    @abstractmethod
    def head(self) -> ChainHead | None:
        """The count and hash recorded at the last append (None if none is recorded)."""
        raise NotImplementedError

    @abstractmethod
    def info(self) -> dict[str, Any]:
        """Facts about the register itself for exports: id, schema version, training."""
        raise NotImplementedError

    @abstractmethod
    def close(self) -> None:
        raise NotImplementedError

    # --- built on it -------------------------------------------------------------------------

    def verify(self, records_dir: Path | None) -> list[Finding]:
        """Re-walk the chain and, given the records folder, re-hash every PDF."""
        from isp_wizard.store.chain import check_chain
        from isp_wizard.store.pdfcheck import check_pdfs

        entries = list(self.entries())
        findings = check_chain(entries, self.head())
        if records_dir is not None:
            findings += check_pdfs(entries, records_dir)
        return findings

    def history(self, record_id: str) -> list[RegisterEntry]:
        """The record's entry and its events (countersignatures), in the order written."""
        return [e for e in self.entries() if e.record_id == record_id]

    def current_pdf_sha256(self, record_id: str) -> str | None:
        """The SHA-256 the record's PDF should have now (after its latest event), or None."""
        found = self.history(record_id)
        return found[-1].pdf_sha256 if found else None

    def due(self, today: dt.date) -> list[RegisterEntry]:
        """Records whose review date is today or has passed, soonest first."""
        due = [e for e in self.entries() if e.is_record and e.review_date and e.review_date <= today.isoformat()]
        return sorted(due, key=lambda e: (e.review_date, e.created_utc))

    def export_csv(self, path: Path) -> int:
        from isp_wizard.store.exports import write_csv

        return write_csv(list(self.entries()), path)

    def export_json(self, path: Path, *, now: dt.datetime | None = None) -> int:
        from isp_wizard.store.exports import write_json

        return write_json(list(self.entries()), self.head(), self.info(), path, now=now)

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()



def open_register(path: Path, *, create: bool = True, timeout: float = 10.0) -> Register:
    """Open (and, when ``create``, make or upgrade) the SQLite register at ``path``."""
    from isp_wizard.store.sqlite_register import SqliteRegister

    return SqliteRegister.open(path, create=create, timeout=timeout)


def entry_from_record(record: DecisionRecord, *, pdf_path: str, pdf_sha256: str
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


def utc_text(value: dt.datetime) -> str:
    """``2026-05-01T09:30:00Z``: how the register writes times (naive times are taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def _practitioner_text(practitioner: Practitioner) -> str:
    extra = [x for x in (practitioner.role, practitioner.organisation) if x]
    return f"{practitioner.name} ({', '.join(extra)})" if extra else practitioner.name
