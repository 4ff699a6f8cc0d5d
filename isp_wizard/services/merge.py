"""One register for the partnership: merge register exports from many laptops into one.

An export bundle is a folder holding a JSON export (``isp-wizard register export --json``) and,
at the paths its entries name (relative to the bundle folder, as they were relative to the
laptop's records folder), the signed PDFs — in practice a copy of the laptop's records folder with
the JSON file put at its top.

Each export is checked whole before anything from it is taken: its register id (a UUID, not this
register's own, and — once a laptop's records are in — only from an export that still holds them
all), its hash chain and recorded head; each PDF's SHA-256 against its entry; each PDF's
signatures, and each entry and event against the record and signatures inside the PDF
(``store.binding``); whether the trust anchors passed in vouch for every signer; each record id
against what the partnership register already holds (the same record again is a duplicate and is
skipped; a record with the same id but different content is an alteration). An export with any
problem is refused whole and every problem reported, so the IG lead can ask that laptop for a
fresh export; the others still go in.

Nothing is ever overwritten. Each PDF is first copied into a private staging folder in the
partnership records folder and checked there (so the file checked is the file kept); it is then
linked to ``merged/<register id>/<record id>.pdf`` — both ids validated — which must not exist
yet; a countersigned version goes beside it as ``<record id>.<sha256 prefix>.pdf``. Entries keep
the provenance the merge verified in ``source``: the register id and export, and who signed, with
trust — never a ``source`` the export claims.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from isp_wizard.errors import MergeError, WizardError
from isp_wizard.store.chain import content_of
from isp_wizard.store.register import Register, RegisterEntry

MERGED_FOLDER = "merged"
STAGING_PREFIX = ".merging"
PROBLEMS_SHOWN = 20
PDF_LIMIT = 64 * 1024 * 1024  # a record is well under 1 MB
FIELD_LIMIT = 10_000  # characters in any one field of an entry
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class ExportResult:
    """What happened to one export."""

    path: Path
    register_id: str = ""
    source: str = ""
    entries: int = 0
    added: int = 0
    events_added: int = 0
    duplicates: int = 0
    training_skipped: int = 0
    signatures_checked: int = 0
    pdfs_not_supplied: int = 0
    untrusted: list[str] = field(default_factory=list)  # records taken from untrusted signers
    problems: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


@dataclass
class MergeResult:
    exports: list[ExportResult] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(e.added for e in self.exports)

    @property
    def duplicates(self) -> int:
        return sum(e.duplicates for e in self.exports if not e.refused)

    @property
    def refused(self) -> list[ExportResult]:
        return [e for e in self.exports if e.refused]


def is_register_id(text: str) -> bool:
    """A register's or a record's id as the app makes them: a lower-case UUID."""
    return bool(_UUID.fullmatch(text))


def provenance(register_id: str, export_path: Path, exported_utc: str,
               chain: tuple[int, str] | None = None) -> str:
    """Which laptop register and which export an entry came from, and the laptop's chain as
    exported (its length and last hash: a later export from that laptop must extend it)."""
    when = f", exported {exported_utc}" if exported_utc else ""
    ends = f", chain of {chain[0]} ending {chain[1]}" if chain else ""
    return f"register {register_id} (export {export_path.name[:200]}{when}{ends})"


@dataclass
class _Seen:
    """What was merged from one laptop register so far."""

    records: set[str] = field(default_factory=set)
    chain: tuple[int, str] | None = None  # the longest of its chains merged


def _identity(entry: RegisterEntry) -> dict[str, object]:
    """What must match for two entries to be the same record: the content, less where it lives."""
    content = content_of(entry)
    for name in ("pdf_path", "source"):
        content.pop(name, None)
    return content


@dataclass
class _Take:
    """One record (or the new events on one) an export would add."""

    group: list[RegisterEntry]
    staged: Path | None  # the checked copy of its current PDF, or None if not supplied
    filed_at: str  # where the partnership register already files the record ("" if new)
    checked: str  # what the merge verified, for the entries' source


def _bundle_pdf(bundle: Path, pdf_path: str) -> Path | None:
    """Where the entry's PDF sits in the bundle, or None if the path would leave the bundle."""
    raw = pdf_path.replace("\\", "/")
    parts = PurePosixPath(raw).parts
    if not parts or len(raw) > 1024:
        return None
    if PurePosixPath(raw).is_absolute() or (len(parts[0]) == 2 and parts[0][1] == ":"):
        parts = parts[-1:]  # filed outside its records folder: look for it by name
    if any(p in ("..", ".", "") for p in parts) or parts[-1] == "/":
        return None
    return bundle.joinpath(*parts)


def _stage(pdf: Path, bundle: Path, staging: Path) -> Path:
    """Copy the bundle's PDF into ``staging`` (private, created exclusively) without following
    a symbolic link anywhere below the bundle. OSError (with a plain reason) when it cannot."""
    from isp_wizard.fsutil import NotRegularFileError, read_limited

    here = bundle
    for part in pdf.relative_to(bundle).parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise NotRegularFileError("it is reached through a symbolic link, which an export "
                                      "may not hold")
    data = read_limited(pdf, PDF_LIMIT, follow_symlinks=False)
    target = staging / f"{uuid.uuid4().hex}.pdf"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _grouped(entries: Sequence[RegisterEntry], problems: list[str]
             ) -> list[list[RegisterEntry]]:
    """Each record's entry followed by its events, in the order the records were filed."""
    groups: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        rid = entry.record_id
        if entry.is_record:
            if rid in groups:
                problems.append(f"{rid}: appears more than once in the export")
                continue
            groups[rid] = [entry]
        elif rid in groups:
            groups[rid].append(entry)
        else:
            problems.append(f"{rid}: a {entry.kind} comes before (or without) its record")
    return list(groups.values())


def _new_events(held: list[RegisterEntry], group: list[RegisterEntry]
                ) -> list[RegisterEntry] | None:
    """The export's events the register does not hold yet; None when the two disagree."""
    mine, theirs = [_identity(e) for e in held[1:]], [_identity(e) for e in group[1:]]
    shared = min(len(mine), len(theirs))
    if mine[:shared] != theirs[:shared]:
        return None
    return group[1 + len(mine):]


def _entry_problems(entries: Sequence[RegisterEntry]) -> list[str]:
    """Ids that are not the app's, and fields no real entry has (sizes)."""
    problems = []
    for entry in entries:
        shown = entry.record_id[:80] if is_register_id(entry.record_id) else \
            repr(entry.record_id[:80])
        if not is_register_id(entry.record_id):
            problems.append(f"{shown}: not a record id this app makes (a UUID); refused")
            continue
        long = [name for name, value in entry.to_json().items()
                if isinstance(value, str) and len(value) > FIELD_LIMIT]
        if long:
            problems.append(f"{shown}: {', '.join(long)} longer than {FIELD_LIMIT:,} characters")
    return problems


def _sources_of(register: Register) -> dict[str, _Seen]:
    """For each laptop register merged in so far, the record ids taken from it and its chain."""
    seen: dict[str, _Seen] = {}
    for entry in register.entries():
        found = re.match(r"register ([0-9a-f-]{36}) ", entry.source)
        if not found:
            continue
        laptop = seen.setdefault(found.group(1), _Seen())
        if entry.is_record:
            laptop.records.add(entry.record_id)
        chain = _chain_in(entry.source)
        if chain is not None and (laptop.chain is None or chain[0] > laptop.chain[0]):
            laptop.chain = chain
    return seen


def check_export(path: Path, register: Register, *, require_pdfs: bool, staging: Path,
                 trust_roots: Sequence[Path], allow_untrusted: bool, check_signatures: bool,
                 taken: dict[str, _Seen] | None = None) -> tuple[ExportResult, list[_Take]]:
    """Check one export against itself and the register; returns what it would add."""
    from isp_wizard.store.exports import read_json_export

    result = ExportResult(path=path)
    try:
        export = read_json_export(path)
    except WizardError as exc:
        result.problems.append(str(exc))
        return result, []
    claimed = export.register.get("register_id", "")
    result.register_id = claimed if isinstance(claimed, str) else ""
    last = export.entries[-1].entry_hash if export.entries else ""
    result.source = provenance(result.register_id, path, export.exported_utc[:40],
                               (len(export.entries), last) if re.fullmatch("[0-9a-f]{64}", last)
                               else None)
    result.entries = len(export.entries)
    own = str(register.info().get("register_id", ""))
    if not is_register_id(result.register_id):
        result.problems.append(f"(export): its register id {str(claimed)[:80]!r} is not one this "
                               "app makes (a UUID); refused, nothing is filed under it")
        return result, []
    if result.register_id == own:
        result.problems.append("(export): it claims to be this register itself; refused")
        return result, []
    result.problems += _entry_problems(export.entries)
    if result.problems:
        return result, []
    result.problems += [f"{f.record_id or '(export)'}: {f.kind}: {f.message}"
                        for f in export.check()]
    exported = {e.record_id for e in export.entries if e.is_record}
    earlier = (taken or {}).get(result.register_id, _Seen())
    if missing := earlier.records - exported:
        result.problems.append(
            f"(export): it claims to come from register {result.register_id}, but lacks "
            f"{len(missing):,} of the records already merged from that register (an export "
            "always holds the whole register); refused")
    elif earlier.chain is not None:
        count, last = earlier.chain
        if len(export.entries) < count or export.entries[count - 1].entry_hash != last:
            result.problems.append(
                f"(export): it claims to come from register {result.register_id}, but its "
                f"chain does not extend the one merged from that register before (entry "
                f"{count:,} ended it with {last[:16]}…); refused")
    takes: list[_Take] = []
    for group in _grouped(export.entries, result.problems):
        take = _check_group(group, register, path.parent, result, require_pdfs=require_pdfs,
                            staging=staging, trust_roots=trust_roots,
                            allow_untrusted=allow_untrusted, check_signatures=check_signatures)
        if take is not None:
            takes.append(take)
    return result, takes


def _check_group(group: list[RegisterEntry], register: Register, bundle: Path,
                 result: ExportResult, *, require_pdfs: bool, staging: Path,
                 trust_roots: Sequence[Path], allow_untrusted: bool, check_signatures: bool
                 ) -> _Take | None:
    from isp_wizard.fsutil import NotRegularFileError, TooLargeError
    from isp_wizard.store.binding import check_record_pdf
    from isp_wizard.store.pdfcheck import file_sha256

    entry, rid = group[0], group[0].record_id
    problems = result.problems
    if entry.training:
        result.training_skipped += 1
        return None
    history = [entry, *group[1:]]
    held = register.get(rid)
    filed_at = ""
    if held is not None:
        new = _new_events(register.history(rid), group)
        if _identity(held) != _identity(entry) or new is None:
            problems.append(f"{rid}: altered: differs from the copy already in the partnership "
                            f"register (from {held.source or 'this register'})")
            return None
        if not new:
            result.duplicates += 1
            return None
        history = [*register.history(rid), *new]
        group, filed_at = new, held.pdf_path
    pdf = _bundle_pdf(bundle, group[-1].pdf_path)
    if pdf is None:
        problems.append(f"{rid}: its PDF path leaves the export folder or is not a file name: "
                        f"{group[-1].pdf_path[:200]!r}")
        return None
    try:
        staged = _stage(pdf, bundle, staging)
    except FileNotFoundError:
        result.pdfs_not_supplied += 1
        if require_pdfs or any(not e.is_record for e in group):
            problems.append(f"{rid}: pdf-missing: the signed PDF is not in the export folder "
                            f"(a countersignature is never taken without it): {pdf}")
            return None
        return _Take(group, None, filed_at, "PDF not supplied: signatures not checked")
    except (NotRegularFileError, TooLargeError) as exc:
        problems.append(f"{rid}: the PDF in the export is refused: "
                        f"{str(exc).rsplit(': ', 1)[-1]}")
        return None
    except OSError as exc:
        problems.append(f"{rid}: the signed PDF cannot be taken in: "
                        f"{exc.strerror or 'cannot be read'}")
        return None
    if file_sha256(staged) != group[-1].pdf_sha256:
        problems.append(f"{rid}: pdf-altered: the signed PDF has changed since it was filed: "
                        f"{pdf}")
        return None
    if not check_signatures:
        return _Take(group, staged, filed_at, "signatures not checked")
    result.signatures_checked += 1
    bound = check_record_pdf(staged, history, trust_roots=trust_roots)
    if not bound.holds:
        problems += [f"{rid}: signature: {p}" for p in bound.problems]
        return None
    if bound.untrusted:
        who = ", ".join(bound.untrusted)
        if not allow_untrusted:
            problems.append(f"{rid}: untrusted: signed by {who}, whom no trust anchor here "
                            "vouches for (a self-made identity can carry any name)")
            return None
        result.untrusted.append(f"{rid}: {who}")
    return _Take(group, staged, filed_at, "checked: " + "; ".join(bound.signers))


def merge_exports(paths: Sequence[Path], register: Register, records_dir: Path | None, *,
                  require_pdfs: bool = True, trust_roots: Sequence[Path] = (),
                  allow_untrusted: bool = False, check_signatures: bool = True,
                  progress: Callable[[ExportResult], None] | None = None) -> MergeResult:
    """Merge each export into ``register`` (exports with any problem are refused whole).

    ``trust_roots`` are the certificates whose identities are trusted; a record signed by any
    other is refused unless ``allow_untrusted``, and then reported as untrusted. Re-running a
    merge is safe: what is already in is skipped as duplicate, so a merge that was interrupted
    is finished by running it again. ``records_dir`` is where a laptop register's PDFs are
    put; a register that keeps its PDFs itself (the server) takes them with each entry, and
    ``records_dir`` may then be None (PDFs are staged in a private temporary folder).
    """
    import tempfile

    from isp_wizard.fsutil import PRIVATE_FOLDER, make_folder

    findings = register.verify(None)
    if findings:
        raise MergeError(f"the partnership register's own chain does not verify "
                         f"({len(findings)} problems, first: {findings[0]}); "
                         "nothing was merged — run 'isp-wizard register verify' on it")
    if records_dir is None and not register.keeps_pdfs:
        raise MergeError("a records folder is needed to merge into a laptop register")
    try:
        if records_dir is None:
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}.pid{os.getpid()}."))
        else:
            make_folder(records_dir, mode=PRIVATE_FOLDER)
            sweep_staging(records_dir)
            staging = records_dir / f"{STAGING_PREFIX}.pid{os.getpid()}.{uuid.uuid4().hex}"
            staging.mkdir(mode=PRIVATE_FOLDER)
        os.chmod(staging, PRIVATE_FOLDER)
    except OSError as exc:
        raise MergeError(f"the partnership records folder {records_dir} cannot be written: "
                         f"{exc.strerror}") from exc
    merged = MergeResult()
    taken = _sources_of(register)
    try:
        for path in paths:
            result, takes = check_export(
                Path(path), register, require_pdfs=require_pdfs, staging=staging,
                trust_roots=trust_roots, allow_untrusted=allow_untrusted,
                check_signatures=check_signatures, taken=taken)
            if not result.refused:
                _file(result, takes, register, records_dir)
                laptop = taken.setdefault(result.register_id, _Seen())
                laptop.records.update(t.group[0].record_id for t in takes
                                      if t.group[0].is_record)
                if takes and (chain := _chain_in(result.source)) is not None \
                        and (laptop.chain is None or chain[0] > laptop.chain[0]):
                    laptop.chain = chain
            merged.exports.append(result)
            if progress is not None:
                progress(result)
            for leftover in staging.iterdir():
                leftover.unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return merged


def _chain_in(source: str) -> tuple[int, str] | None:
    found = re.search(r", chain of (\d{1,12}) ending ([0-9a-f]{64})\)", source)
    return (int(found.group(1)), found.group(2)) if found else None


def sweep_staging(records_dir: Path) -> list[Path]:
    """Remove staging folders left by a merge that was killed (their process is gone)."""
    from isp_wizard.fsutil import process_alive, staging_owner

    removed: list[Path] = []
    try:
        found = [p for p in records_dir.iterdir() if p.name.startswith(STAGING_PREFIX + ".")]
    except OSError:
        return removed
    for folder in found:
        owner = staging_owner(folder.name + ".")
        if owner is not None and process_alive(owner):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _file(result: ExportResult, takes: list[_Take], register: Register,
          records_dir: Path | None) -> None:
    """Put each checked PDF in place (never over a file) and append the entries, in order.

    An entry whose PDF was not supplied still names where it belongs, so ``register verify``
    says exactly where to put it when it arrives.
    """
    from isp_wizard.fsutil import PRIVATE_FOLDER, make_folder, place_new

    folder = PurePosixPath(MERGED_FOLDER, result.register_id)
    for take in takes:
        rid = take.group[0].record_id
        latest = take.group[-1]
        if take.filed_at and take.staged is not None:
            relative = folder / f"{rid}.{latest.pdf_sha256[:16]}.pdf"
        elif take.filed_at:
            relative = PurePosixPath(take.filed_at)
        else:
            relative = folder / f"{rid}.pdf"
        source = f"{result.source}; {take.checked}"
        if register.keeps_pdfs or records_dir is None:
            _append_with_pdf(result, take, str(relative), source, register)
            continue
        target = records_dir.joinpath(*relative.parts)
        placed = False
        if take.staged is not None:
            try:
                make_folder(records_dir / MERGED_FOLDER, mode=PRIVATE_FOLDER)
                make_folder(target.parent, mode=PRIVATE_FOLDER)
                place_new(take.staged, target)
                placed = True
            except FileExistsError:
                raise MergeError(f"{rid}: a file is already at {target}; nothing is ever "
                                 "overwritten by a merge — run 'isp-wizard register verify'"
                                 ) from None
            except OSError as exc:
                raise MergeError(f"cannot put {rid}'s PDF into the partnership records "
                                 f"folder: {exc.strerror}") from exc
        appended = 0
        try:
            for entry in take.group:
                register.append(RegisterEntry(**{
                    **entry.to_json(), "pdf_path": str(relative), "prev_hash": "",
                    "entry_hash": "", "source": source}))
                appended += 1
                if entry.is_record:
                    result.added += 1
                else:
                    result.events_added += 1
        except BaseException:
            if placed and not appended:
                target.unlink(missing_ok=True)
            raise


def _append_with_pdf(result: ExportResult, take: _Take, relative: str, source: str,
                     register: Register) -> None:
    """Append to a register that keeps its PDFs itself: the checked PDF goes in with its
    entry (the last of the group: the PDF as it is now)."""
    try:
        data = take.staged.read_bytes() if take.staged is not None else None
    except OSError as exc:
        raise MergeError(f"cannot read the staged PDF: {exc.strerror}") from exc
    for i, entry in enumerate(take.group):
        register.append(RegisterEntry(**{
            **entry.to_json(), "pdf_path": relative, "prev_hash": "", "entry_hash": "",
            "source": source}), pdf=data if i == len(take.group) - 1 else None)
        if entry.is_record:
            result.added += 1
        else:
            result.events_added += 1
