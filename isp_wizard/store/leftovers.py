"""Sweeping the files an interrupted filing, merge or save left behind.

Filing writes the signed PDF under a hidden staging name in the records folder before it moves
in; every atomic save writes a hidden ``….tmp`` first; a merge stages PDFs in a hidden
``.merging…`` folder. A process killed part way (power cut, ``kill -9``) leaves these behind, and
they hold personal data. Their names carry the process id (``.pid<N>.``), so the next start of
the app or of any command removes those whose process is gone, and leaves alone those of a
window that is still filing. Older names without a process id are removed once an hour old.
``register verify`` reports any that remain (``staged``).

A save outside these folders (``decide --out``) is announced first by a small note in the records
folder naming the file (``.pending…json``); a start that finds the note of a dead process sweeps
that file's staged copies too, wherever it is, then the note.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from isp_wizard.fsutil import process_alive, staging_owner

OLD_ENOUGH_S = 3600.0
STAGED_STARTS = (".unfiled", ".merging", ".pending")
PENDING = ".pending"


def is_staged(name: str) -> bool:
    """A hidden name this app stages files under."""
    return name.startswith(".") and (name.startswith(STAGED_STARTS) or name.endswith(".tmp"))


def sweep_leftovers(folders: Iterable[Path], *, now: float | None = None,
                    registers: Mapping[Path, Path] | None = None) -> list[Path]:
    """Remove leftovers of dead processes from each folder (and its ``merged/<id>/`` folders);
    returns what was removed. Never raises: a folder that cannot be read is skipped.

    ``registers`` maps a records folder to its register: a filing killed after its PDF moved in
    but before its entry was appended is then finished the only safe way, by removing the PDF
    again (its staging file still shares the PDF's inode, so it is found exactly)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for folder in folders:
        register = (registers or {}).get(folder)
        if register is not None:
            removed += _roll_back_unfiled(folder, register)
        for place in _places(folder):
            removed += _sweep(place, now)
    return removed


def _roll_back_unfiled(folder: Path, register_path: Path) -> list[Path]:
    """PDFs a killed filing moved in without their register entry: removed with their staging
    file (filing is one step: if the entry is not there, the PDF must not be either)."""
    try:
        staged = [Path(e.path) for e in os.scandir(folder)
                  if e.name.startswith(".unfiled") and e.name.endswith(".pdf")
                  and _dead(e.name, Path(e.path), time.time())
                  and e.stat(follow_symlinks=False).st_nlink > 1]
    except OSError:
        return []
    if not staged:
        return []
    inodes = {}
    for path in staged:
        try:
            inodes[path.stat().st_ino] = path
        except OSError:
            continue
    removed: list[Path] = []
    try:
        twins = [(Path(e.path), inodes[e.inode()]) for e in os.scandir(folder)
                 if not e.name.startswith(".") and e.name.endswith(".pdf")
                 and e.inode() in inodes]
    except OSError:
        return []
    if not twins or not register_path.exists():
        return removed
    from isp_wizard.errors import WizardError
    from isp_wizard.store.register import open_register

    try:
        with open_register(register_path, create=False, read_only=True) as register:
            unfiled = [(pdf, stage) for pdf, stage in twins if register.get(pdf.stem) is None]
    except WizardError:
        return removed
    for pdf, stage in unfiled:
        for path in (pdf, stage):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def leftovers_of(target: Path) -> list[Path]:
    """Staged copies of ``target`` (``.<name>.pid<N>.….tmp`` beside it) whose process is gone:
    what a killed save of that very file left."""
    try:
        found = [p for p in target.parent.iterdir()
                 if p.name.startswith(f".{target.name}.pid") and p.name.endswith(".tmp")]
    except OSError:
        return []
    return [p for p in found if _dead(p.name, p, time.time())]


def note_pending(folder: Path, target: Path) -> Path:
    """Announce that this process is about to save ``target``; remove the note once saved."""
    import json
    import uuid

    from isp_wizard.fsutil import write_atomically

    note = folder / f"{PENDING}.pid{os.getpid()}.{uuid.uuid4().hex}.json"
    write_atomically(note, json.dumps({"target": str(target.absolute())}).encode("utf-8"))
    return note


def _pending(note: Path) -> None:
    """Sweep the staged copies of the file a dead process's note names."""
    import json

    try:
        target = Path(json.loads(note.read_text(encoding="utf-8"))["target"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    for leftover in leftovers_of(target):
        leftover.unlink(missing_ok=True)


def _places(folder: Path) -> list[Path]:
    places = [folder]
    merged = folder / "merged"
    try:
        if merged.is_dir() and not merged.is_symlink():
            places += [p for p in merged.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        pass
    return places


def _sweep(folder: Path, now: float) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_staged(entry.name):
            continue
        path = Path(entry.path)
        if not _dead(entry.name, path, now):
            continue
        if entry.name.startswith(PENDING) and entry.name.endswith(".json"):
            _pending(path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _dead(name: str, path: Path, now: float) -> bool:
    owner = staging_owner(name if name.endswith(".") else name + ".")
    if owner is not None:
        return not process_alive(owner)
    try:
        return now - path.lstat().st_mtime > OLD_ENOUGH_S
    except OSError:
        return False
