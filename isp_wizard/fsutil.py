"""Writing files whole or not at all.

A file is written under a temporary name in its own folder (``.<name>.<random>.tmp``), flushed to
disk, given its mode and renamed over the target; then the folder is flushed so the rename
survives a power cut. A reader sees the old file or the new one, never half of one, and a failure
part way leaves the old file as it was and no temporary file behind. Records, registers, drafts
and identities hold personal data, so files are owner-only (0600) unless a caller asks otherwise.

Only the standard library is used: anything may import this module.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_folder(folder: Path, *, mode: int | None = None) -> None:
    """Create ``folder`` and its parents if missing; a folder created here gets ``mode`` (a
    folder that already exists, perhaps one the user chose, is left as it is)."""
    if mode is None or folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=mode)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return
    os.chmod(folder, mode)  # mkdir's mode is narrowed by the umask; this is exact


def write_atomically(path: Path, data: bytes, *, mode: int = PRIVATE_FILE,
                     folder_mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` whole or not at all (OSError if it cannot be written).

    ``folder_mode`` is given to the file's folder if this call creates it."""
    _replace(path, lambda out: out.write(data), mode=mode, folder_mode=folder_mode)


def copy_atomically(src: Path, dest: Path, *, mode: int = PRIVATE_FILE,
                    folder_mode: int | None = None) -> None:
    """Replace ``dest`` with a copy of ``src`` whole or not at all (OSError if ``src`` cannot be
    read or ``dest`` written)."""
    with src.open("rb") as source:
        _replace(dest, lambda out: shutil.copyfileobj(source, out, 1 << 20), mode=mode,
                 folder_mode=folder_mode)


def fsync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (a rename in it) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are already durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(path: Path, fill: Callable[[BinaryIO], object], *, mode: int,
             folder_mode: int | None) -> None:
    make_folder(path.parent, mode=folder_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
