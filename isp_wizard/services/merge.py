"""One register for the partnership: merge register exports from many laptops into one.

An export bundle is a folder holding a JSON export (``isp-wizard register export --json``) and,
at the paths its entries name (relative to the bundle folder, as they were relative to the
laptop's records folder), the signed PDFs — in practice a copy of the laptop's records folder with
the JSON file put at its top.

Each export is checked whole before anything from it is taken: its hash chain and recorded head;
each PDF's SHA-256 against its entry; each PDF's signatures; each record id against what the
partnership register already holds (the same record again is a duplicate and is skipped; a record
with the same id but different content is an alteration). An export with any problem is refused
whole and every problem reported, so the IG lead can ask that laptop for a fresh export; the
others still go in. Entries keep their provenance in ``source`` (the laptop register's id, the
export's file name and when it was exported), and their PDFs are copied under
``merged/<register id>/`` in the partnership records folder.

A record's events (countersignatures) come with it: the PDF in the bundle must match the record's
latest entry, the events are appended after the record, and a record already merged takes only the
events it does not have yet (its PDF is then replaced by the countersigned one).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from isp_wizard.errors import WizardError
from isp_wizard.store.chain import content_of
from isp_wizard.store.register import Register, RegisterEntry

MERGED_FOLDER = "merged"
PROBLEMS_SHOWN = 20

SignatureCheck = Callable[[Path, RegisterEntry], str | None]
"""Given a PDF and its entry: what is wrong (signatures, or the entry not saying what the signed
record says), or None when all holds."""


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


def provenance(register_id: str, export_path: Path, exported_utc: str) -> str:
    """The ``source`` an entry is filed with: which laptop register and which export."""
    who = f"register {register_id}" if register_id else "a register with no id"
    when = f", exported {exported_utc}" if exported_utc else ""
    return f"{who} (export {export_path.name}{when})"


def _identity(entry: RegisterEntry) -> dict[str, object]:
    """What must match for two entries to be the same record: the content, less where it lives."""
    content = content_of(entry)
    for name in ("pdf_path", "source"):
        content.pop(name, None)
    return content


def _bundle_pdf(bundle: Path, entry: RegisterEntry) -> Path | None:
    """Where the entry's PDF sits in the bundle, or None if the path would leave the bundle."""
    raw = entry.pdf_path.replace("\\", "/")
    parts = PurePosixPath(raw).parts
    if not parts:
        return None
    if PurePosixPath(raw).is_absolute() or (len(parts[0]) == 2 and parts[0][1] == ":"):
        return bundle / parts[-1]  # filed outside its records folder: look for it by name
    if ".." in parts:
        return None
    return bundle.joinpath(*parts)


def default_signature_check(pdf: Path, entry: RegisterEntry) -> str | None:
    """The record's own verification (every signature intact, the attached record whole), then
    the entry against the signed record: a laptop's hash chain can be recomputed by anyone who
    edits its register, but not the practitioner's signature."""
    from isp_wizard.record.verify import verify_record
    from isp_wizard.store.register import entry_from_record

    try:
        report = verify_record(pdf)
    except WizardError as exc:
        return str(exc)
    if not report.ok or report.record is None:
        return "; ".join(report.all_problems) or "its signatures do not verify"
    signed = entry_from_record(report.record, pdf_path=entry.pdf_path,
                               pdf_sha256=entry.pdf_sha256)
    said, held = _identity(signed), _identity(entry)
    differ = [name for name in sorted(said.keys() | held.keys())
              if said.get(name) != held.get(name)]
    if differ:
        return (f"the entry does not match the signed record ({', '.join(differ)} differ): "
                "the register was altered")
    return None


ToAdd = list[tuple[RegisterEntry, Path, bool, str]]
"""Entries to add, each with where its PDF is in the bundle, whether it is there, and where the
record is already filed in the partnership register (empty for a record new to it)."""


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


def check_export(path: Path, register: Register, *, require_pdfs: bool,
                 check_signature: SignatureCheck | None) -> tuple[ExportResult, ToAdd]:
    """Check one export against itself and the register; returns what it would add."""
    from isp_wizard.store.exports import read_json_export
    from isp_wizard.store.pdfcheck import file_sha256

    result = ExportResult(path=path)
    try:
        export = read_json_export(path)
    except WizardError as exc:
        result.problems.append(str(exc))
        return result, []
    result.register_id = str(export.register.get("register_id", ""))
    result.source = provenance(result.register_id, path, export.exported_utc)
    result.entries = len(export.entries)
    result.problems += [f"{f.record_id or '(export)'}: {f.kind}: {f.message}"
                        for f in export.check()]
    bundle = path.parent
    to_add: ToAdd = []
    for group in _grouped(export.entries, result.problems):
        entry, rid = group[0], group[0].record_id
        if entry.training:
            result.training_skipped += 1
            continue
        held = register.get(rid)
        filed_at = ""
        if held is not None:
            new = _new_events(register.history(rid), group)
            if _identity(held) != _identity(entry) or new is None:
                result.problems.append(
                    f"{rid}: altered: differs from the copy already in the partnership register "
                    f"(from {held.source or 'this register'})")
                continue
            if not new:
                result.duplicates += 1
                continue
            group, filed_at = new, held.pdf_path
        latest = group[-1]
        pdf = _bundle_pdf(bundle, entry)
        if pdf is None:
            result.problems.append(f"{rid}: its PDF path leaves the export folder: "
                                   f"{entry.pdf_path}")
            continue
        if not pdf.is_file():
            result.pdfs_not_supplied += 1
            if require_pdfs:
                result.problems.append(f"{rid}: pdf-missing: the signed PDF is not in the "
                                       f"export folder: {pdf}")
            to_add += [(e, pdf, False, filed_at) for e in group]
            continue
        try:
            actual = file_sha256(pdf)
        except OSError as exc:
            result.problems.append(f"{rid}: the signed PDF cannot be read: {pdf}: {exc.strerror}")
            continue
        if actual != latest.pdf_sha256:
            result.problems.append(f"{rid}: pdf-altered: the signed PDF has changed since it "
                                   f"was filed: {pdf}")
            continue
        if check_signature is not None:
            result.signatures_checked += 1
            if (problem := check_signature(pdf, entry)) is not None:
                result.problems.append(f"{rid}: signature: {problem}")
                continue
        to_add += [(e, pdf, True, filed_at) for e in group]
    return result, to_add


def merge_exports(paths: Sequence[Path], register: Register, records_dir: Path | None, *,
                  require_pdfs: bool = True,
                  check_signature: SignatureCheck | None = default_signature_check,
                  progress: Callable[[ExportResult], None] | None = None) -> MergeResult:
    """Merge each export into ``register`` (exports with any problem are refused whole).

    Re-running a merge is safe: what is already in is skipped as duplicate, so a merge that was
    interrupted is finished by running it again. ``records_dir`` is where a laptop register's
    PDFs are copied; a register that keeps its PDFs itself (the server) takes them with each
    entry, and ``records_dir`` may be None.
    """
    from isp_wizard.errors import MergeError

    findings = register.verify(None)
    if findings:
        raise MergeError(f"the partnership register's own chain does not verify "
                         f"({len(findings)} problems, first: {findings[0]}); "
                         "nothing was merged — run 'isp-wizard register verify' on it")
    merged = MergeResult()
    for path in paths:
        result, to_add = check_export(Path(path), register, require_pdfs=require_pdfs,
                                      check_signature=check_signature)
        if not result.refused:
            _file(result, to_add, register, records_dir)
        merged.exports.append(result)
        if progress is not None:
            progress(result)
    return merged


def _file(result: ExportResult, to_add: ToAdd, register: Register,
          records_dir: Path | None) -> None:
    """Copy the PDFs under merged/<register id>/ and append the entries, in export order.

    An entry whose PDF was not supplied still names where it belongs, so ``register verify``
    says exactly where to put it when it arrives.
    """
    from isp_wizard.errors import MergeError

    folder = PurePosixPath(MERGED_FOLDER, _safe_name(result.register_id or "unknown"))
    bundle = result.path.parent
    for entry, pdf, supplied, filed_at in to_add:
        relative = PurePosixPath(filed_at) if filed_at else \
            folder.joinpath(*pdf.relative_to(bundle).parts)
        if register.keeps_pdfs or records_dir is None:
            _append_with_pdf(result, entry, pdf if supplied else None, str(relative), register)
            continue
        target = records_dir.joinpath(*relative.parts)
        replacing = supplied and target.exists()
        if supplied:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not replacing:
                    shutil.copyfile(pdf, target)
            except OSError as exc:
                raise MergeError(f"cannot copy {pdf} into the partnership records folder: "
                                 f"{exc.strerror}") from exc
        try:
            register.append(RegisterEntry(**{
                **entry.to_json(), "pdf_path": str(relative), "prev_hash": "", "entry_hash": "",
                "source": entry.source or result.source}))
        except BaseException:
            if supplied and not replacing:
                target.unlink(missing_ok=True)
            raise
        if replacing:  # the event is recorded: the PDF it vouches for takes the old one's place
            _replace_pdf(pdf, target)
        if entry.is_record:
            result.added += 1
        else:
            result.events_added += 1


def _append_with_pdf(result: ExportResult, entry: RegisterEntry, pdf: Path | None,
                     relative: str, register: Register) -> None:
    """Append to a register that keeps its PDFs itself: the PDF goes in with its entry."""
    from isp_wizard.errors import MergeError

    if not register.keeps_pdfs:
        raise MergeError("a records folder is needed to merge into a laptop register")
    try:
        data = pdf.read_bytes() if pdf is not None else None
    except OSError as exc:
        raise MergeError(f"cannot read {pdf}: {exc.strerror}") from exc
    register.append(RegisterEntry(**{
        **entry.to_json(), "pdf_path": relative, "prev_hash": "", "entry_hash": "",
        "source": entry.source or result.source}), pdf=data)
    if entry.is_record:
        result.added += 1
    else:
        result.events_added += 1


def _replace_pdf(pdf: Path, target: Path) -> None:
    import os

    from isp_wizard.errors import MergeError

    temp = target.with_name(f".{target.name}.merging")
    try:
        shutil.copyfile(pdf, temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise MergeError(f"cannot copy {pdf} into the partnership records folder: "
                         f"{exc.strerror}") from exc


def _safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:80] or "unknown"
