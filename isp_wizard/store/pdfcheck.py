"""Re-hashing the records folder against the register: PDFs altered, missing or unregistered.

A record's PDF must match its latest entry: the filed record's, or that of the last event on it
(a countersignature changes the PDF, and its event entry carries the new SHA-256).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from isp_wizard.store.chain import Finding

if TYPE_CHECKING:
    from isp_wizard.store.register import RegisterEntry


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_pdf(entry: RegisterEntry, records_dir: Path) -> Path:
    path = Path(entry.pdf_path)
    return path if path.is_absolute() else records_dir / path


def latest_by_record(entries: Sequence[RegisterEntry], findings: list[Finding]
                     ) -> dict[str, RegisterEntry]:
    """Each record's latest entry, in the order the records were filed; an event that does not
    follow its record's previous PDF, or names no filed record, is added to ``findings``."""
    latest: dict[str, RegisterEntry] = {}
    for entry in entries:
        before = latest.get(entry.record_id)
        if entry.is_record:
            latest.setdefault(entry.record_id, entry)
            continue
        if before is None:
            findings.append(Finding(entry.record_id, "event-broken",
                                    f"a {entry.kind} is recorded for a record that is not in "
                                    "the register"))
            continue
        if entry.prev_pdf_sha256 != before.pdf_sha256:
            findings.append(Finding(entry.record_id, "event-broken",
                                    f"the {entry.kind} recorded on {entry.created_utc} does not "
                                    "follow the PDF the register held before it"))
        latest[entry.record_id] = entry
    return latest


def check_pdfs(entries: Sequence[RegisterEntry], records_dir: Path) -> list[Finding]:
    findings: list[Finding] = []
    # every version an entry names is expected (a merged countersignature is filed beside the
    # version before it); only each record's latest must match
    known = {_normal(resolve_pdf(e, records_dir)) for e in entries}
    shared: dict[str, str] = {}
    for entry in latest_by_record(entries, findings).values():
        path = resolve_pdf(entry, records_dir)
        if _outside(entry.pdf_path):
            findings.append(Finding(entry.record_id, "pdf-outside",
                                    f"its PDF is named outside the records folder, where the "
                                    f"register cannot vouch for it: {entry.pdf_path[:300]}"))
        if (other := shared.setdefault(_normal(path), entry.record_id)) != entry.record_id:
            findings.append(Finding(entry.record_id, "pdf-shared",
                                    f"it names the same PDF as record {other}: {path}"))
        try:
            actual = file_sha256(path)
        except FileNotFoundError:
            findings.append(Finding(entry.record_id, "pdf-missing",
                                    f"the signed PDF is missing: {path}"))
            continue
        except OSError as exc:
            findings.append(Finding(entry.record_id, "pdf-missing",
                                    f"the signed PDF cannot be read: {path}: {exc.strerror}"))
            continue
        if actual != entry.pdf_sha256:
            since = "it was filed" if entry.is_record else \
                f"its {entry.kind} of {entry.created_utc}"
            findings.append(Finding(entry.record_id, "pdf-altered",
                                    f"the signed PDF has changed since {since}: {path}"))
    findings += stray_files(records_dir, known)
    return findings


STAGED_NAMES = (".unfiled", ".merging")


def stray_files(records_dir: Path, known: set[str]) -> list[Finding]:
    """Everything in the records folder that no entry names: files left by filing or merging
    that were interrupted (hidden, staged), PDFs with no entry (``.pdf`` in any case, hidden or
    in sub-folders), other files and symbolic links. Links are reported, never followed."""
    import os

    findings: list[Finding] = []
    if not records_dir.is_dir():
        return findings
    for root, folders, files in os.walk(records_dir):
        here = Path(root)
        for name in sorted(folders):
            if (here / name).is_symlink():
                findings.append(Finding("", "stray-file", f"a symbolic link in the records "
                                        f"folder: {here / name}"))
        staged_folder = any(part.startswith(STAGED_NAMES) for part in
                            here.relative_to(records_dir).parts)
        for name in sorted(files):
            path = here / name
            if _normal(path) in known and not path.is_symlink():
                continue
            if staged_folder or name.startswith(STAGED_NAMES) or name.endswith(".tmp"):
                findings.append(Finding("", "staged", f"a file left by filing or merging that "
                                        f"was interrupted (it may hold personal data; the app "
                                        f"removes it when next started): {path}"))
            elif path.is_symlink():
                findings.append(Finding("", "stray-file", f"a symbolic link in the records "
                                        f"folder: {path}"))
            elif name.lower().endswith(".pdf"):
                findings.append(Finding(path.stem[:80], "unregistered-pdf",
                                        f"a PDF in the records folder has no register entry (its "
                                        f"entry was deleted, or filing it was interrupted): "
                                        f"{path}"))
            else:
                findings.append(Finding("", "stray-file",
                                        f"a file in the records folder that no record names: "
                                        f"{path}"))
    return findings


def _normal(path: Path) -> str:
    import os

    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


def _outside(pdf_path: str) -> bool:
    from pathlib import PurePosixPath, PureWindowsPath

    raw = pdf_path.replace("\\", "/")
    return (PurePosixPath(raw).is_absolute() or PureWindowsPath(pdf_path).is_absolute()
            or bool(PureWindowsPath(pdf_path).drive) or ".." in PurePosixPath(raw).parts)
