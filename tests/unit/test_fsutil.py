"""Files are replaced whole or not at all, with the mode asked for, and nothing is left behind."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

import pytest

from isp_wizard import fsutil, settings
from isp_wizard.fsutil import copy_atomically, fsync_folder, make_folder, write_atomically

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_and_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "file.bin"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["file.bin"]


@posix_only
def test_files_are_owner_only_unless_asked(tmp_path: Path) -> None:
    private, public = tmp_path / "record.pdf", tmp_path / "cert.pem"
    write_atomically(private, b"personal")
    write_atomically(public, b"public", mode=0o644)
    assert mode(private) == 0o600
    assert mode(public) == 0o644
    public.chmod(0o666)
    write_atomically(public, b"tightened")  # a replaced file takes the new mode
    assert mode(public) == 0o600


@posix_only
def test_a_folder_made_here_gets_the_folder_mode_and_one_that_exists_is_left(
        tmp_path: Path) -> None:
    old_umask = os.umask(0o277)  # even a strange umask does not decide the mode
    try:
        write_atomically(tmp_path / "records" / "r.pdf", b"x", folder_mode=0o700)
    finally:
        os.umask(old_umask)
    assert mode(tmp_path / "records") == 0o700
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    chosen.chmod(0o755)
    write_atomically(chosen / "r.pdf", b"x", folder_mode=0o700)
    assert mode(chosen) == 0o755


def test_make_folder_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "drafts").write_text("not a folder")
    with pytest.raises(OSError):
        make_folder(tmp_path / "drafts", mode=0o700)


@pytest.mark.parametrize("failing", ["write", "fsync", "chmod", "replace"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "register.json"
    write_atomically(target, b"old contents")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(fsutil.os, "fdopen",
                            lambda fd, *a, **k: _BrokenFile(real_fdopen(fd, "wb")))
    else:
        monkeypatch.setattr(fsutil.os, failing, fail)
    with pytest.raises(OSError):
        write_atomically(target, b"new contents that never arrive")
    monkeypatch.undo()
    assert target.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["register.json"]


class _BrokenFile:
    """A file whose disk fills half way through the write."""

    def __init__(self, real: BinaryIO) -> None:
        self._real = real

    def __enter__(self) -> _BrokenFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def write(self, data: bytes) -> int:
        self._real.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.json"
    write_atomically(target, b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["draft.json"]


def test_a_folder_cannot_be_replaced_by_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        write_atomically(folder, b"cannot replace a folder")
    assert sorted(os.listdir(tmp_path)) == ["a-folder"]
    assert (folder / "inside").is_dir()


@posix_only
def test_copy_atomically_copies_whole_and_owner_only(tmp_path: Path) -> None:
    source = tmp_path / "signed.pdf"
    source.write_bytes(os.urandom(3 << 20))  # several chunks of the copy
    source.chmod(0o644)
    dest = tmp_path / "records" / "rec.pdf"
    copy_atomically(source, dest)
    assert dest.read_bytes() == source.read_bytes()
    assert mode(dest) == 0o600
    assert sorted(os.listdir(dest.parent)) == ["rec.pdf"]


def test_copy_of_a_missing_file_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "rec.pdf"
    dest.parent.mkdir()
    dest.write_bytes(b"old")
    with pytest.raises(FileNotFoundError):
        copy_atomically(tmp_path / "missing.pdf", dest)
    assert dest.read_bytes() == b"old"
    assert os.listdir(dest.parent) == ["rec.pdf"]


def test_fsync_folder_never_fails(tmp_path: Path) -> None:
    fsync_folder(tmp_path)
    fsync_folder(tmp_path / "not-there")


def test_the_settings_module_still_offers_the_atomic_write() -> None:
    assert settings.write_atomically is write_atomically
