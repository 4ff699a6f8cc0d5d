"""Register exports: CSV for audit and monitoring spreadsheets, JSON that carries the whole chain.

The JSON export holds every entry with its ``prev_hash`` and ``entry_hash``, the head the
register recorded, the register's id and the hash rule, so whoever receives it (an auditor, or
the partnership merging exports from many laptops) can check the chain with ``read_json_export``
and ``check_chain`` without the original file. The CSV is for reading: cells that a spreadsheet
would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isp_wizard.errors import InputFileError
from isp_wizard.fsutil import write_atomically
from isp_wizard.store.chain import HASH_RULE, ChainHead, Finding, check_chain
from isp_wizard.store.register import FIELDS, RegisterEntry

EXPORT_FORMAT = "isp-wizard-register-export"
EXPORT_VERSION = 2  # 2: entries may be events on a record (a countersignature)
READS_VERSIONS = (1, 2)
_FORMULA_START = ("=", "+", "-", "@", "|", "%")
EXPORT_LIMIT = 1 << 30  # bytes: a register of a million records exports to well under this


def write_csv(entries: Sequence[RegisterEntry], path: Path) -> int:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for entry in entries:
        writer.writerow([_cell(getattr(entry, name)) for name in FIELDS])
    # utf-8-sig: spreadsheet programs then read names with accents correctly
    write_atomically(path, out.getvalue().encode("utf-8-sig"), mode=0o600)
    return len(entries)


def _cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula once the program has
    trimmed it or folded wide forms (``=``, ``＝``, `` =``, ``;=``, a line break…) gets an
    apostrophe in front."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if _risky(text) else text


def _risky(text: str) -> bool:
    import unicodedata

    if not text:
        return False
    if text[0] in _FORMULA_START or text[0] in "\t\r\n" or not text[0].isprintable():
        return True
    folded = unicodedata.normalize("NFKC", text).lstrip(" \t\r\n;,\u00a0\u3000")
    return folded[:1] in _FORMULA_START


def write_json(entries: Sequence[RegisterEntry], head: ChainHead | None, info: dict[str, Any],
               path: Path, *, now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.UTC)
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_utc": now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(
            timespec="seconds") + "Z",
        "register": info,
        "hash_rule": HASH_RULE,
        "head": None if head is None else {"count": head.count, "hash": head.hash},
        "entries": [entry.to_json() for entry in entries],
    }
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"), mode=0o600)
    return len(entries)


@dataclass(frozen=True)
class RegisterExport:
    """A JSON export read back: where it came from, the head it recorded, and its entries."""

    register: dict[str, Any]
    exported_utc: str
    head: ChainHead | None
    entries: list[RegisterEntry]

    def check(self) -> list[Finding]:
        return check_chain(self.entries, self.head)


def read_json_export(path: Path) -> RegisterExport:
    from isp_wizard.fsutil import read_limited

    try:
        document = json.loads(read_limited(path, EXPORT_LIMIT).decode("utf-8"))
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the export: "
                             f"{exc.strerror or str(exc).rsplit(': ', 1)[-1]}") from exc
    except RecursionError:
        raise InputFileError(f"{path}: cannot read the export: it is nested deeper than any "
                             "export is") from None
    except ValueError as exc:
        raise InputFileError(f"{path}: cannot read the export: {str(exc)[:200]}") from exc
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise InputFileError(f"{path}: not an isp-wizard register export")
    if document.get("version") not in READS_VERSIONS:
        raise InputFileError(f"{path}: export version {document.get('version')!r} is not one "
                             f"this app reads (it reads version {EXPORT_VERSION})")
    try:
        entries_data = document["entries"]
        if not isinstance(entries_data, list):
            raise ValueError("its entries are not a list")
        entries = [RegisterEntry.from_json(item) for item in entries_data]
        register = document.get("register")
        if register is not None and not isinstance(register, dict):
            raise ValueError("its register details are not an object")
        return RegisterExport(
            register=dict(register or {}),
            exported_utc=str(document.get("exported_utc", "")),
            head=_head(document.get("head")),
            entries=entries,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputFileError(f"{path}: the export is damaged: {exc}") from exc


def _head(data: Any) -> ChainHead | None:
    """The recorded head: null (an empty register, or one whose head was removed, which the check
    reports) or an object with a whole-number count and a hash; anything else is damage."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("its head is not an object")
    count, hash_ = data.get("count"), data.get("hash")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError("its head's count is not a whole number")
    if not isinstance(hash_, str):
        raise ValueError("its head's hash is not text")
    return ChainHead(count, hash_)
