"""The SQLite register on real files: appends, queries, bad files, locks, upgrades, two writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from isp_wizard.errors import (
    NotARegisterError,
    RegisterError,
    RegisterLockedError,
    RegisterVersionError,
)
from isp_wizard.store.chain import GENESIS
from isp_wizard.store.register import RegisterEntry, RegisterFilter, open_register
from isp_wizard.store.sqlite_register import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = FIXTURES.parent.parent


def make_entry(i: int, **changes: object) -> RegisterEntry:
    entry = RegisterEntry(
        record_id=f"rec-{i:04d}", created_utc=f"2026-03-{1 + i % 28:02d}T09:30:00Z",
        tree_id="s115" if i % 2 else "prevent", tree_version="1.0.0", tree_sha256="c" * 64,
        decision=("share", "do_not_share", "seek_advice")[i % 3],
        case_reference=f"CSP/2026/{i:03d}", practitioner="Tom Ellis (Prevent lead, Police)",
        pdf_path=f"rec-{i:04d}.pdf", pdf_sha256=hashlib.sha256(b"%d" % i).hexdigest(),
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


def test_append_fills_in_the_chain_and_get_reads_it_back(tmp_path: Path) -> None:
    with open_register(tmp_path / "r.sqlite") as reg:
        first = reg.append(make_entry(1, case_reference="Zoë/ŁÓDŹ/1", review_date="2026-06-01"))
        second = reg.append(make_entry(2))
        assert first.prev_hash == GENESIS and second.prev_hash == first.entry_hash
        assert reg.get("rec-0001") == first
        assert reg.get("no-such-record") is None
    with open_register(tmp_path / "r.sqlite") as reg:  # and it survives reopening
        assert [e.record_id for e in reg.entries()] == ["rec-0001", "rec-0002"]


def test_a_record_id_is_filed_only_once(tmp_path: Path) -> None:
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.append(make_entry(1))
        with pytest.raises(RegisterError, match="already in the register"):
            reg.append(make_entry(1))
        assert len(list(reg.entries())) == 1 and reg.verify(None) == []


def test_training_and_real_records_never_share_a_register(tmp_path: Path) -> None:
    with open_register(tmp_path / "real.sqlite") as reg:
        reg.append(make_entry(1))
        with pytest.raises(RegisterError, match="never mixed"):
            reg.append(make_entry(2, training=True))
        assert [e.record_id for e in reg.entries()] == ["rec-0001"]
    with open_register(tmp_path / "training.sqlite") as reg:
        reg.append(make_entry(1, training=True))
        with pytest.raises(RegisterError, match="never mixed"):
            reg.append(make_entry(2))
        assert reg.append(make_entry(3, training=True)).training


def test_list_filters(tmp_path: Path) -> None:
    with open_register(tmp_path / "r.sqlite") as reg:
        for i in range(12):
            reg.append(make_entry(i))
        assert len(reg.records()) == 12
        assert {e.tree_id for e in reg.records(RegisterFilter(tree="s115"))} == {"s115"}
        assert [e.record_id for e in reg.records(RegisterFilter(decision="seek_advice"))] == \
            ["rec-0002", "rec-0005", "rec-0008", "rec-0011"]
        assert [e.record_id for e in reg.records(RegisterFilter(case="csp/2026/01"))] == \
            ["rec-0010", "rec-0011"]
        since = reg.records(RegisterFilter(since=dt.date(2026, 3, 11)))
        assert [e.record_id for e in since] == ["rec-0010", "rec-0011"]
        both = reg.records(RegisterFilter(tree="s115", decision="do_not_share"))
        assert [e.record_id for e in both] == ["rec-0001", "rec-0007"]


def test_due_lists_reviews_on_or_before_today(tmp_path: Path) -> None:
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.append(make_entry(1, review_date="2026-05-01"))
        reg.append(make_entry(2))
        reg.append(make_entry(3, review_date="2026-04-01"))
        reg.append(make_entry(4, review_date="2026-06-01"))
        due = reg.due(dt.date(2026, 5, 1))
    assert [e.record_id for e in due] == ["rec-0003", "rec-0001"]


def test_csv_export_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    import csv

    out = tmp_path / "out.csv"
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.append(make_entry(1, case_reference="=HYPERLINK(\"http://x\")"))
        reg.append(make_entry(2, practitioner="Łucja Nowak, \"ASB\"\nofficer"))
        assert reg.export_csv(out) == 2
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert rows[0]["case_reference"] == "'=HYPERLINK(\"http://x\")"
    assert rows[1]["practitioner"] == "Łucja Nowak, \"ASB\"\nofficer"
    assert rows[1]["entry_hash"] and rows[0]["training"] == "no"


@pytest.mark.parametrize("case", [";=cmd|' /C calc'!A0", " =1+1", "\uff1d1+1", "\n=1+1",
                                  "\t=1", "\u3000=1", ",=1", "+1", "-1", "@SUM(A1)",
                                  "|calc", "%0A=1"])
def test_csv_cells_a_spreadsheet_could_trim_or_fold_into_a_formula_are_neutralised(
        tmp_path: Path, case: str) -> None:
    import csv

    out = tmp_path / "out.csv"
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.append(make_entry(1, case_reference=case))
        reg.export_csv(out)
    (row,) = csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True))
    assert row["case_reference"] == "'" + case


def test_csv_leaves_ordinary_text_alone(tmp_path: Path) -> None:
    import csv

    out = tmp_path / "out.csv"
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.append(make_entry(1, case_reference="CSP/2026/0042 = urgent"))
        reg.export_csv(out)
    (row,) = csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True))
    assert row["case_reference"] == "CSP/2026/0042 = urgent"


# --- files that are not a usable register --------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes(b"Case notes, not a database\n" * 50)
    before = path.read_bytes()
    with pytest.raises(NotARegisterError, match="not a SQLite database"):
        open_register(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.sqlite"]


@pytest.mark.parametrize("content", [b"x", b"hello, world\n", b"%PDF-1.7\n" + bytes(range(256)) * 8,
                                     b"SQLite format 3\x00" + b"\xff" * 84])
def test_short_or_odd_files_are_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes(content)
    with pytest.raises(NotARegisterError):
        open_register(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.sqlite"]


def test_a_truncated_register_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with open_register(path) as reg:
        for i in range(200):
            reg.append(make_entry(i))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    path.write_bytes(path.read_bytes()[: 4096 * 3])
    before = path.read_bytes()
    with pytest.raises(RegisterError), open_register(path) as reg:
        list(reg.entries())
    assert path.read_bytes() == before


def test_a_folder_in_place_of_the_register(tmp_path: Path) -> None:
    (tmp_path / "register.sqlite").mkdir()
    with pytest.raises(NotARegisterError, match="folder"):
        open_register(tmp_path / "register.sqlite")


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotARegisterError, match="not an isp-wizard register"):
        open_register(path)
    assert path.read_bytes() == before


def test_a_register_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with open_register(path) as reg:
        reg.append(make_entry(1))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RegisterVersionError, match="newer version"):
        open_register(path)
    assert path.read_bytes() == before


def test_a_locked_register_says_so(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with open_register(path) as reg:
        reg.append(make_entry(1))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    before = path.read_bytes()  # before locking: closing a file drops a process's POSIX locks
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(RegisterLockedError, match="locked"):
            open_register(path, timeout=0.2)
        assert path.read_bytes() == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_append_waiting_too_long_for_the_lock_says_so(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    reg = open_register(path, timeout=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(RegisterLockedError):
            reg.append(make_entry(1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reg.append(make_entry(1)).prev_hash == GENESIS  # fine once the lock is gone
    reg.close()


# --- upgrading ------------------------------------------------------------------------------


def test_a_version_1_register_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    shutil.copyfile(FIXTURES / "register-v1.sqlite", path)
    original = sqlite3.connect(path).execute(
        "SELECT record_id, entry_hash FROM entries ORDER BY seq").fetchall()
    with open_register(path) as reg:
        entries = list(reg.entries())
        assert [(e.record_id, e.entry_hash) for e in entries] == original
        assert reg.verify(None) == []  # the v1 hashes still hold under today's rule
        assert reg.head() is not None and reg.head().hash == original[-1][1]  # type: ignore[union-attr]
        assert reg.info()["register_id"] == "a3e5c1f0-7d4b-4d8e-9c3a-000000000001"
        added = reg.append(make_entry(9, review_date="2026-09-01"))
        assert added.prev_hash == original[-1][1]
        assert reg.verify(None) == []
        assert [e.record_id for e in reg.due(dt.date(2026, 12, 1))] == ["rec-0009"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    backup = tmp_path / "register-v1-backup.sqlite"
    assert backup.exists()
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1


def test_the_fixture_is_what_its_script_makes(tmp_path: Path) -> None:
    script = (FIXTURES / "make_register_v1.py").read_text(encoding="utf-8")
    assert "PRAGMA user_version = 1" in script
    conn = sqlite3.connect(FIXTURES / "register-v1.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
    assert "review_date" not in columns and "source" not in columns
    conn.close()


# --- two writers at once --------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    import time
    from pathlib import Path
    from isp_wizard.store.register import RegisterEntry, open_register

    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    reg = open_register(path, timeout=30)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(count):
        reg.append(RegisterEntry(
            record_id=f"{prefix}-{i:04d}", created_utc="2026-03-01T09:30:00Z", tree_id="s115",
            tree_version="1.0.0", tree_sha256="c" * 64, decision="share",
            case_reference=f"{prefix}/{i}", pdf_path=f"{prefix}-{i}.pdf", pdf_sha256="d" * 64))
        time.sleep(0.001)  # a pause between records, as between two people's decisions
    reg.close()
""")


def test_two_processes_appending_at_once_both_succeed_and_the_chain_holds(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"  # not made yet: both windows race to create it too
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "500"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                cwd=ROOT) for name in ("window-a", "window-b")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:  # start both together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    with open_register(path) as reg:
        entries = list(reg.entries())
        assert reg.verify(None) == []
        assert reg.head() is not None and reg.head().count == 1000  # type: ignore[union-attr]
    assert len(entries) == 1000
    names = [e.record_id.split("-0")[0] for e in entries]
    assert names.count("window-a") == 500 and names.count("window-b") == 500
    switches = sum(a != b for a, b in itertools.pairwise(names))
    assert switches > 1, "the two writers should have interleaved"
