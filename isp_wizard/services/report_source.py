"""Where the monitoring report's facts come from: the register, and each record's own data.

The register holds tree, decision, dates and versions; the recipient partner, whom the outcome
sent the practitioner to and a breach's outcome are read from the record's embedded
``record.json``. Only ids and categories are kept from it. What is kept is cached by the PDF's
SHA-256 (the PDF cannot change without that changing), so the next report reads no PDF twice;
the cache holds categories only, never a case reference or a name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_wizard.errors import WizardError
from isp_wizard.services.report_stats import Catalogue, RecordFacts

if TYPE_CHECKING:
    from isp_wizard.record.model import DecisionRecord
    from isp_wizard.rulepack.pack import RulePack
    from isp_wizard.store.pdfs import PdfStore
    from isp_wizard.store.register import RegisterEntry

CACHE_NAME = "report-facts.json"
CACHE_FORMAT = 1
ATTACHMENT = "record.json"

RecordReader = Callable[[bytes], "DecisionRecord"]


def catalogue_from_pack(pack: RulePack) -> Catalogue:
    """Tree titles, partner names and contact roles (not the contacts' names) from the rules."""
    return Catalogue(
        trees={tree_id: tree.tree.title for tree_id, tree in pack.trees.items()},
        partners={pid: partner.name for pid, partner in pack.partners.items()},
        contacts={cid: contact.role for cid, contact in pack.contacts.items()},
        record_kinds={tree_id: tree.tree.record_kind for tree_id, tree in pack.trees.items()},
    )


def read_embedded_record(pdf: Path | bytes) -> DecisionRecord:
    """The record's own data, from the JSON attached to its signed PDF (a file or its bytes)."""
    import io

    name = "the PDF" if isinstance(pdf, bytes) else str(pdf)

    from isp_wizard.errors import NotARecordError
    from isp_wizard.record.model import DecisionRecord

    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        with (io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf.open("rb")) as handle:
            reader = PdfFileReader(handle, strict=False)
            names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
            for i in range(0, len(names), 2):
                if str(names[i]) == ATTACHMENT:
                    data = names[i + 1].get_object()["/EF"]["/F"].get_object().data
                    break
            else:
                raise NotARecordError(f"{name}: no {ATTACHMENT} is attached")
    except OSError as exc:
        raise NotARecordError(f"{name}: cannot be read: {exc.strerror}") from exc
    except WizardError:
        raise
    except Exception as exc:  # pyHanko and a damaged PDF raise many kinds
        raise NotARecordError(f"{name}: not a decision record PDF ({exc})") from exc
    return DecisionRecord.from_json(data)


def categories_of(record: DecisionRecord) -> dict[str, Any]:
    """The ids the report counts, and nothing else."""
    partner = record.details.shared_with.partner_id
    return {
        "partners": [partner] if partner else [],
        "consulted": [c.id for c in record.outcome.consult],
        "outcome": record.outcome.node_id,
    }


def facts_from_entries(entries: Iterable[RegisterEntry], pdfs: PdfStore | Path, start: dt.date,
                       end: dt.date, *, cache_dir: Path | None = None,
                       read_record: RecordReader = read_embedded_record,
                       catalogue: Catalogue | None = None) -> list[RecordFacts]:
    """One ``RecordFacts`` per entry; the records of the period are opened for their details.
    ``catalogue`` says which trees make breach records (whose outcome is their status)."""
    from isp_wizard.store.pdfs import FolderPdfs

    store = FolderPdfs(pdfs) if isinstance(pdfs, Path) else pdfs
    catalogue = catalogue or Catalogue()
    cache = _load_cache(cache_dir)
    fresh = False
    facts = []
    for entry in entries:
        if entry.decision == "rules_approval":
            continue  # the rules' sign-off is filed in the register, but it shares nothing
        created = _utc(entry.created_utc)
        details: dict[str, Any] | None = None
        in_period = start <= created.date() <= end and not entry.training
        if in_period:
            details = cache.get(entry.pdf_sha256) if entry.pdf_sha256 else None
            if details is None:
                record = _read_if_unaltered(entry, store, read_record)
                if record is not None and record.record_id == entry.record_id:
                    details = categories_of(record)
                    cache[entry.pdf_sha256] = details
                    fresh = True
        facts.append(RecordFacts(
            record_id=entry.record_id, created_utc=created, tree_id=entry.tree_id,
            tree_version=entry.tree_version, tree_sha256=entry.tree_sha256,
            decision=entry.decision or None, review_date=_date(entry.review_date),
            partners=tuple((details or {}).get("partners", ())),
            consulted=tuple((details or {}).get("consulted", ())),
            breach_status=(details or {}).get("outcome") if catalogue.is_breach(entry.tree_id)
            else None,
            training=entry.training, details_read=details is not None or not in_period,
        ))
    if fresh:
        _save_cache(cache_dir, cache)
    return facts


def _read_if_unaltered(entry: RegisterEntry, pdfs: PdfStore, read_record: RecordReader
                       ) -> DecisionRecord | None:
    """The record, unless its PDF is missing, unreadable or no longer the one filed."""
    import hashlib

    try:
        data = pdfs.read(entry)
        if hashlib.sha256(data).hexdigest() != entry.pdf_sha256:
            return None
        return read_record(data)
    except (OSError, WizardError):
        return None


def _utc(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _load_cache(cache_dir: Path | None) -> dict[str, dict[str, Any]]:
    if cache_dir is None:
        return {}
    try:
        document = json.loads((cache_dir / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    facts = document.get("facts")
    return facts if isinstance(facts, dict) else {}


def _save_cache(cache_dir: Path | None, cache: dict[str, dict[str, Any]]) -> None:
    if cache_dir is None:
        return
    from isp_wizard.fsutil import write_atomically

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": CACHE_FORMAT, "facts": cache}, separators=(",", ":"))
        write_atomically(cache_dir / CACHE_NAME, text.encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only makes the next report slower
