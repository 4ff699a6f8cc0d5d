"""What a killed filing, merge or save leaves is swept at the next start, and only that."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from isp_wizard.store.leftovers import note_pending, sweep_leftovers


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(os.name == "nt", reason="process ids are checked on POSIX only")
def test_only_the_leftovers_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead, alive = dead_pid(), os.getpid()
    records = tmp_path / "records"
    (records / "merged" / "abc").mkdir(parents=True)
    doomed = [records / f".unfiled.pid{dead}.1.pdf",
              records / f".x.pdf.pid{dead}.abc.tmp",
              records / "merged" / "abc" / f".y.pdf.pid{dead}.q.tmp"]
    kept = [records / f".unfiled.pid{alive}.2.pdf", records / "a.pdf",
            records / f".z.pdf.pid{alive}.r.tmp", records / "notes.tmp"]
    for path in doomed + kept:
        path.write_bytes(b"personal data")
    (records / f".merging.pid{dead}.x").mkdir()
    (records / f".merging.pid{dead}.x" / "1.pdf").write_bytes(b"x")
    old = records / ".unfiled-0123.pdf"  # an older name without a process id
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    removed = sweep_leftovers([records])
    assert sorted(removed) == sorted([*doomed, records / f".merging.pid{dead}.x", old])
    assert all(p.exists() for p in kept)


@pytest.mark.skipif(os.name == "nt", reason="process ids are checked on POSIX only")
def test_a_half_written_copy_elsewhere_is_swept_through_its_note(tmp_path: Path) -> None:
    records, out = tmp_path / "records", tmp_path / "elsewhere"
    records.mkdir()
    out.mkdir()
    note = note_pending(records, out / "copy.pdf")
    dead = dead_pid()
    renamed = note.with_name(note.name.replace(f".pid{os.getpid()}.", f".pid{dead}."))
    note.rename(renamed)
    half = out / f".copy.pdf.pid{dead}.xyz.tmp"
    half.write_bytes(b"half a record")
    other = out / f".other.pdf.pid{dead}.xyz.tmp"  # not named by the note: not ours to touch
    other.write_bytes(b"x")
    sweep_leftovers([records])
    assert not half.exists() and not renamed.exists() and other.exists()
