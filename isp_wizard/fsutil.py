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
import stat
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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=staged_prefix(path.name), suffix=".tmp")
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


class NotRegularFileError(OSError):
    """The path is not a regular file (a folder, FIFO, device, socket, or a refused link)."""


class TooLargeError(OSError):
    """The file holds more than the limit allows."""


def read_limited(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, reading at most ``limit + 1`` bytes.

    A FIFO, device or socket is refused before anything is read, and opening never waits for a
    writer (``O_NONBLOCK``); with ``follow_symlinks=False`` a symbolic link is refused without
    looking at what it points to. ``TooLargeError`` when the file holds more than ``limit``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        if os.path.islink(path):
            raise NotRegularFileError(f"{path}: a symbolic link, not a file")
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise NotRegularFileError(f"{path}: {kind}")
        if info.st_size > limit:
            raise TooLargeError(f"{path}: larger than {limit:,} bytes")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLargeError(f"{path}: larger than {limit:,} bytes")
    return data


def place_new(staged: Path, target: Path, *, mode: int = PRIVATE_FILE) -> None:
    """Put the finished file ``staged`` at ``target``, which must not exist: never overwrites.

    A hard link is atomic and exclusive; where the file system has none, the bytes are copied
    into a file created with ``O_EXCL`` (removed again if the copy fails part way, so a full
    disk leaves no truncated file). ``FileExistsError`` when ``target`` is already there.
    """
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:
        _copy_exclusive(staged, target, mode)
    else:
        os.chmod(target, mode)
    fsync_folder(target.parent)


def _copy_exclusive(source: Path, target: Path, mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, mode)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(target, mode)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


STAGED_TAG = ".pid"
"""Files staged by a running process carry ``.pid<process id>.`` in their hidden name, so a later
start can tell the leftovers of a process that was killed from the files of one still running."""


def staged_prefix(name: str) -> str:
    """The hidden name prefix for a file staged for ``name`` by this process."""
    return f".{name}{STAGED_TAG}{os.getpid()}."


def staging_owner(name: str) -> int | None:
    """The process id a staged file's name carries, or None."""
    import re

    found = re.search(r"\.pid(\d{1,10})\.", name)
    return int(found.group(1)) if found else None


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (on Windows: assumed so, the check is not safe)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
