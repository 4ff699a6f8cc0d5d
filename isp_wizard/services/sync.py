"""Sending a laptop's register to the partnership register on the server (offline first).

Records are always filed on the laptop first. ``sync_register`` then sends what the server does
not have yet, oldest first, after the checks a merge makes: the laptop's chain is whole, each
PDF's SHA-256 matches its entry, its signatures verify, the entry and its events say what the
record and signatures inside the PDF say (``store.binding.check_record_pdf``), and the trust
anchors vouch for every signer unless ``allow_untrusted``. A PDF that passed is remembered by its
SHA-256 on the laptop, so it is verified once. The server chains each entry after its own head,
with its provenance in ``source`` (the laptop register's id and who signed, with trust) and the
laptop entry's hash as its ``origin``.

Idempotent and resumable: entries go in batches, each one server transaction; what the server
already holds from this laptop (by ``origin``) is never sent again, so a sync killed at any moment
is finished by running it again, with no gap and no duplicate.

The laptop keeps the last server head it saw. Before sending, the server's chain must still
extend it (the entry at that position has that hash and no link is broken), and every entry the
server holds from this laptop must still match the laptop's copy: otherwise history on the
server was rewritten, and the sync is refused with a plain message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.errors import SyncRefusedError

if TYPE_CHECKING:
    from isp_wizard.store.postgres_register import PostgresRegister
    from isp_wizard.store.register import RegisterEntry
    from isp_wizard.store.sqlite_register import SqliteRegister

BATCH = 200
NOTES = "sync:"  # the laptop's notes about the server, in its register's meta table
VERIFIED = "verified:"  # PDFs whose signatures and attached record passed, by SHA-256

Progress = Callable[[int, int], None]
"""Called with (entries sent so far, entries to send) after each batch."""


@dataclass
class SyncResult:
    server: str
    to_send: int = 0
    sent: int = 0
    already: int = 0
    signatures_checked: int = 0
    untrusted: list[str] = field(default_factory=list)
    head_count: int = 0
    problems: list[str] = field(default_factory=list)


def server_notes(local: SqliteRegister) -> dict[str, str]:
    """What the laptop noted at its last sync: ``server_id``, ``head_count``, ``head_hash``,
    ``sent`` (how many of its entries the server held then)."""
    return local.notes(NOTES)


def not_yet_sent(local: SqliteRegister) -> int:
    """Records (and events) filed on this laptop that the server did not hold at the last sync;
    works offline. Training entries are never sent."""
    sent = int(server_notes(local).get("sent", "0") or 0)
    total = sum(1 for e in local.entries() if not e.training)
    return max(total - sent, 0)


def describe_server(server: PostgresRegister) -> str:
    """One line on what this login sees of the partnership register."""
    organisation = server.organisation()
    head = server.head()
    total = head.count if head else 0
    seen = sum(1 for e in server.entries() if e.is_record)
    who = f"files for {organisation}" if organisation else "reads as auditor"
    return (f"Connected to the partnership register at {server.location}: this login {who}; "
            f"it sees {seen:,} records of {total:,} entries in all.")


def provenance(local_id: str, entry: RegisterEntry | None = None, checked: str = "") -> str:
    """The ``source`` an entry is filed with on the server: the laptop register it came from,
    where the laptop had it from (a merge), and what the signature check found."""
    text = f"laptop register {local_id or '(no id)'}"
    if entry is not None and entry.source:
        text += f", merged there from {entry.source}"
    return f"{text}; {checked}" if checked else text


def _identity(entry: RegisterEntry) -> dict[str, object]:
    from isp_wizard.store.chain import content_of

    content = content_of(entry)
    for name in ("pdf_path", "source"):
        content.pop(name, None)
    return content


def check_server_extends(local: SqliteRegister, server: PostgresRegister, server_id: str
                         ) -> None:
    """Refuse when the server's chain no longer extends the head this laptop saw."""
    notes = server_notes(local)
    if notes.get("server_id") != server_id or not notes.get("head_hash"):
        return  # the first sync with this server: nothing seen yet
    count, seen = int(notes["head_count"]), notes["head_hash"]
    found, total, broken = server.chain_check(count)
    if found != seen or broken:
        if total < count:
            why = f"it holds {total} entries, fewer than the {count} this laptop saw"
        elif broken:
            why = f"{broken} link{'s are' if broken != 1 else ' is'} broken in its chain"
        else:
            why = f"its entry number {count} is no longer the one this laptop saw"
        raise SyncRefusedError(
            f"the partnership register at {server.location} no longer extends the history this "
            f"laptop saw ({why}): its history was changed on the server. Nothing was sent; "
            "tell the partnership's IG lead, who can run 'isp-wizard register verify --server'")


def sync_register(local: SqliteRegister, records_dir: Path, server: PostgresRegister, *,
                  check_signatures: bool = True, trust_roots: Sequence[Path] = (),
                  allow_untrusted: bool = False, progress: Progress | None = None,
                  batch: int = BATCH) -> SyncResult:
    """Send what the server lacks; see the module docstring. Raises ``SyncRefusedError`` when
    the server's history changed or this laptop's register does not verify."""
    from isp_wizard.store.chain import check_chain, entry_hash

    info = server.info()
    server_id = str(info.get("register_id", ""))
    result = SyncResult(server=server.location)
    check_server_extends(local, server, server_id)

    local_id = str(local.info().get("register_id", ""))
    entries = [e for e in local.entries()]
    findings = check_chain(entries, local.head())
    if findings:
        raise SyncRefusedError(f"this laptop's register does not verify ({len(findings)} "
                               f"problems, first: {findings[0]}); nothing was sent — run "
                               "'isp-wizard register verify'")
    by_hash = {e.entry_hash: e for e in entries}
    held = server.sent_from(local_id)
    for origin, copy in held.items():
        mine = by_hash.get(origin)
        if mine is None or _identity(mine) != _identity(copy) or \
                entry_hash(copy, copy.prev_hash) != copy.entry_hash:
            raise SyncRefusedError(
                f"the partnership register at {server.location} no longer extends the history "
                f"this laptop saw (its copy of record {copy.record_id} was changed on the "
                "server). Nothing was sent; tell the partnership's IG lead")
    todo = [e for e in entries if not e.training and e.entry_hash not in held]
    result.already = len(held)
    result.to_send = len(todo)
    if progress is not None:
        progress(0, len(todo))
    verified = local.notes(VERIFIED)
    checks = _Checks(check_signatures, tuple(trust_roots), allow_untrusted, verified)
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        items, newly = _prepare(chunk, entries, records_dir, checks, result)
        if result.problems:
            break
        server.append_many([(_with_source(e, provenance(local_id, e, how)), pdf,
                             f"{local_id}:{e.entry_hash}") for e, pdf, how in items])
        result.sent += len(chunk)
        head = server.head()
        local.write_notes(NOTES, {"server_id": server_id,
                                  "head_count": str(head.count if head else 0),
                                  "head_hash": head.hash if head else "",
                                  "sent": str(result.already + result.sent)})
        if newly:
            local.write_notes(VERIFIED, newly)
            verified.update(newly)
        if progress is not None:
            progress(result.sent, len(todo))
    if not todo:
        head = server.head()
        local.write_notes(NOTES, {"server_id": server_id,
                                  "head_count": str(head.count if head else 0),
                                  "head_hash": head.hash if head else "",
                                  "sent": str(result.already)})
    head = server.head()
    result.head_count = head.count if head else 0
    return result


def _with_source(entry: RegisterEntry, source: str) -> RegisterEntry:
    from dataclasses import replace

    return replace(entry, source=source)


@dataclass
class _Checks:
    signatures: bool
    trust_roots: tuple[Path, ...]
    allow_untrusted: bool
    verified: dict[str, str]  # PDF SHA-256 → what its check found, from earlier syncs


def _prepare(chunk: Sequence[RegisterEntry], entries: Sequence[RegisterEntry],
             records_dir: Path, checks: _Checks, result: SyncResult
             ) -> tuple[list[tuple[RegisterEntry, bytes | None, str]], dict[str, str]]:
    """Each entry with the PDF to send with it and what its check found, after checking it.

    The records folder holds a record's current PDF only: an entry whose PDF was superseded (a
    record countersigned since) is sent without a PDF, and the event carries the one the folder
    holds, checked against the record's whole history.
    """
    import hashlib

    from isp_wizard.store.binding import check_record_pdf
    from isp_wizard.store.pdfcheck import resolve_pdf

    latest: dict[str, RegisterEntry] = {}
    for entry in entries:
        latest[entry.record_id] = entry
    items: list[tuple[RegisterEntry, bytes | None, str]] = []
    newly: dict[str, str] = {}
    for entry in chunk:
        if latest[entry.record_id].pdf_sha256 != entry.pdf_sha256:
            items.append((entry, None, "its PDF was superseded: sent with the later entry"))
            continue
        path = resolve_pdf(entry, records_dir)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(f"{entry.record_id}: the signed PDF cannot be read: {path}: "
                                   f"{exc.strerror}")
            continue
        if hashlib.sha256(data).hexdigest() != entry.pdf_sha256:
            result.problems.append(f"{entry.record_id}: pdf-altered: the signed PDF has changed "
                                   f"since it was filed: {path}")
            continue
        if not checks.signatures:
            items.append((entry, data, "signatures not checked"))
            continue
        found = checks.verified.get(entry.pdf_sha256)
        if found is None:
            result.signatures_checked += 1
            history = [e for e in entries if e.record_id == entry.record_id]
            history = history[:history.index(entry) + 1]
            bound = check_record_pdf(path, history, trust_roots=checks.trust_roots)
            if not bound.holds:
                result.problems += [f"{entry.record_id}: signature: {p}" for p in bound.problems]
                continue
            if bound.untrusted and not checks.allow_untrusted:
                result.problems.append(
                    f"{entry.record_id}: untrusted: signed by {', '.join(bound.untrusted)}, "
                    "whom no trust anchor here vouches for")
                continue
            found = "checked: " + "; ".join(bound.signers)
            newly[entry.pdf_sha256] = found
        if "NOT TRUSTED" in found:
            if not checks.allow_untrusted:
                result.problems.append(f"{entry.record_id}: untrusted: {found}")
                continue
            result.untrusted.append(f"{entry.record_id}: {found}")
        items.append((entry, data, found))
    return items, newly
