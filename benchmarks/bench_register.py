"""The register: append 10,000 records with durability on, then verify the whole register.

Figures (records per second; the ratio compares time per record with its floor):
- append, each in its own durable transaction (WAL, synchronous=FULL, BEGIN IMMEDIATE, chain
  head read inside the transaction), against a bare INSERT + COMMIT of the same row under the
  same settings. Target: well over 200 records/s.
- verify the chain (re-hash every entry, rebuild the written order, check the recorded head),
  against a bare SELECT of every row. Target: over 2,000 records/s.
- verify with every PDF re-hashed (32 kB files, about a signed record's size), against reading
  and hashing the same files. Target: over 2,000 records/s.

Then the partnership register on PostgreSQL (``_register_server.py``): appends with 1 and 4
clients, sync of 10,000 entries, verify of 10,000 server entries.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, median_time

RECORDS = 10_000
QUICK_RECORDS = 1_000
PDF_BYTES = 32 * 1024


def _entry(i: int, pdf_sha256: str):  # type: ignore[no-untyped-def]
    from isp_wizard.store.register import RegisterEntry

    return RegisterEntry(
        record_id=f"00000000-0000-4000-8000-{i:012d}", created_utc="2026-04-01T10:45:12Z",
        tree_id="s115-crime-disorder", tree_version="1.2.0", tree_sha256="a" * 64,
        decision="share_with_conditions", case_reference=f"CSP/2026/{i:05d}",
        practitioner="Asha Patel (ASB officer, Borough Council)", review_date="2026-10-01",
        pdf_path=f"{i:05d}.pdf", pdf_sha256=pdf_sha256,
    )


def _bare_appends(path: Path, count: int) -> float:
    """The floor: the same rows inserted one durable transaction at a time, nothing else."""
    from isp_wizard.store.register import FIELDS

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"CREATE TABLE entries (seq INTEGER PRIMARY KEY, {', '.join(FIELDS)})")
    rows = [tuple(int(v) if isinstance(v, bool) else v
                  for v in _entry(i, "b" * 64).to_json().values()) for i in range(count)]
    sql = f"INSERT INTO entries ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})"
    start = time.perf_counter()
    for row in rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql, row)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _write_pdfs(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    digests = []
    for i in range(count):
        data = b"%PDF-1.7\n" + os.urandom(PDF_BYTES - 9)
        (folder / f"{i:05d}.pdf").write_bytes(data)
        digests.append(hashlib.sha256(data).hexdigest())
    return digests


def _hash_files(folder: Path) -> None:
    for path in folder.iterdir():
        hashlib.sha256(path.read_bytes()).hexdigest()


def run(quick: bool) -> list[Figure]:
    from isp_wizard.store.register import open_register

    count = QUICK_RECORDS if quick else RECORDS
    repeat = 3 if quick else 5
    with tempfile.TemporaryDirectory(prefix="isp-bench-register-") as tmp:
        root = Path(tmp)
        records = root / "records"
        digests = _write_pdfs(records, count)
        entries = [_entry(i, digests[i]) for i in range(count)]

        with open_register(root / "register.sqlite") as reg:
            start = time.perf_counter()
            for entry in entries:
                reg.append(entry)
            append_s = time.perf_counter() - start
            bare_append_s = _bare_appends(root / "bare.sqlite", count)

            def chain_only() -> None:
                if reg.verify(None):
                    raise RuntimeError("the benchmark register did not verify")

            def with_pdfs() -> None:
                if reg.verify(records):
                    raise RuntimeError("the benchmark records did not verify")

            chain_s = median_time(chain_only, repeat=repeat)
            pdfs_s = median_time(with_pdfs, repeat=repeat)

        bare = sqlite3.connect(root / "register.sqlite")
        select_s = median_time(lambda: bare.execute("SELECT * FROM entries").fetchall(),
                               repeat=repeat)
        bare.close()
        hash_s = median_time(lambda: _hash_files(records), repeat=repeat)

    def figure(name: str, total: float, floor_name: str, floor: float, target: str) -> Figure:
        return Figure(name, total / count, floor_name, floor / count, target,
                      unit="records/s", value=count / total)

    from benchmarks import _register_server

    return [*[
        figure(f"register: append {count:,} records, durable", append_s,
               "bare INSERT+COMMIT per record", bare_append_s, "> 200 records/s"),
        figure(f"register: verify {count:,} records (chain)", chain_s,
               "bare SELECT of every row", select_s, "> 2,000 records/s"),
        figure(f"register: verify {count:,} records + PDFs", pdfs_s,
               f"read+SHA-256 of {PDF_BYTES // 1024} kB files", hash_s, "> 2,000 records/s"),
    ], *_register_server.run(quick)]
