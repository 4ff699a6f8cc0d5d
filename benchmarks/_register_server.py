"""The partnership register on PostgreSQL, on a throwaway local cluster with durability on
(fsync, synchronous_commit): part of ``python3 dev.py bench register``.

Figures (records per second; the ratio compares time per record with its floor):
- append with 1 client, and with 4 clients at once (4 processes), each an entry and its 32 kB PDF
  in one durable transaction through ``PostgresRegister.append`` (triggers, row-level security,
  the chain head's row lock, the hash made by the server and checked by the app), against a bare
  INSERT of the same PDF and row + COMMIT into plain tables on the same server. The four are
  measured in turns (bare 1, append 1, bare 4, append 4), three rounds, medians kept.
  Targets: 1 client within 1.5x of bare; 4 clients at least 2x the 1-client rate.
- sync of 10,000 laptop entries (PDFs read and SHA-256 checked; the chain checked) against a bare
  INSERT of the same rows and PDFs in transactions of the same size. Target: under 15 s.
  Signature checks are made once per PDF and remembered; their cost per record is its own figure.
- verify of 10,000 server entries (chain; and chain + every PDF re-hashed by the server), against
  a bare SELECT of every row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, median_time

ROOT = Path(__file__).resolve().parent.parent
PDF_BYTES = 32 * 1024
PASSWORD = "bench-password"
ROUNDS = 3


def _cluster() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    from pgcluster import Cluster  # the same throwaway cluster the tests use

    return Cluster(fsync=True, tls=False)


def _entry(i: int, pdf: bytes) -> Any:
    from isp_wizard.store.register import RegisterEntry

    rid = str(uuid.uuid4())
    return RegisterEntry(
        record_id=rid, created_utc="2026-04-01T10:45:12Z", tree_id="s115-crime-disorder",
        tree_version="1.2.0", tree_sha256="a" * 64, decision="share_with_conditions",
        case_reference=f"CSP/2026/{i:05d}", practitioner="Asha Patel (ASB officer, Council)",
        review_date="2026-10-01", pdf_path=f"{rid}.pdf",
        pdf_sha256=hashlib.sha256(pdf).hexdigest())


def _pdf() -> bytes:
    return b"%PDF-1.7\n" + os.urandom(PDF_BYTES - 9)


def _bare_setup(su: Any) -> None:
    su.execute("CREATE SCHEMA bench")
    su.execute("CREATE TABLE bench.entries (LIKE isp.entries INCLUDING DEFAULTS)")
    su.execute("ALTER TABLE bench.entries ADD PRIMARY KEY (seq)")
    su.execute("CREATE SEQUENCE bench.seq")
    su.execute("ALTER TABLE bench.entries ALTER seq SET DEFAULT nextval('bench.seq')")
    su.execute("CREATE TABLE bench.pdfs (LIKE isp.pdfs INCLUDING DEFAULTS)")
    su.execute("ALTER TABLE bench.pdfs ADD PRIMARY KEY (sha256)")
    su.execute("GRANT USAGE ON SCHEMA bench TO bench_user")
    su.execute("GRANT INSERT, SELECT ON ALL TABLES IN SCHEMA bench TO bench_user")
    su.execute("GRANT USAGE ON SEQUENCE bench.seq TO bench_user")


def _bare_insert(conn: Any, entry: Any, pdf: bytes | None) -> None:
    from isp_wizard.store.register import FIELDS

    if pdf is not None:
        conn.execute("INSERT INTO bench.pdfs (sha256, content, organisation) VALUES (%s, %s, "
                     "'Council')", (entry.pdf_sha256, pdf))
    conn.execute(f"INSERT INTO bench.entries ({', '.join(FIELDS)}, organisation, filed_by) "
                 f"VALUES ({', '.join(['%s'] * len(FIELDS))}, 'Council', 'bench_user')",
                 [getattr(entry, n) for n in FIELDS])


def _client(kind: str, params: dict[str, Any], server: dict[str, Any], count: int,
            start_at: float, done: Any) -> None:
    """One client: ``count`` appends (kind "app") or bare inserts (kind "bare")."""
    import psycopg

    from isp_wizard.store.postgres_register import PostgresRegister, ServerConnection

    work = [(_entry(i, pdf), pdf) for i, pdf in ((i, _pdf()) for i in range(count))]
    if kind == "app":
        reg = PostgresRegister.open(ServerConnection(**server), password=PASSWORD)
        while time.time() < start_at:
            time.sleep(0.001)
        for entry, pdf in work:
            reg.append(entry, pdf)
        reg.close()
    else:
        conn = psycopg.connect(password=PASSWORD, **params)
        while time.time() < start_at:
            time.sleep(0.001)
        for entry, pdf in work:
            _bare_insert(conn, entry, pdf)
            conn.commit()
        conn.close()
    done.put(time.time())


def _turn(kind: str, clients: int, total: int, params: dict[str, Any],
          server: dict[str, Any]) -> float:
    """Seconds per record for ``total`` records shared by ``clients`` processes."""
    ctx = multiprocessing.get_context("fork")
    done: Any = ctx.Queue()
    start_at = time.time() + 1.0 + 0.2 * clients  # every client connected and ready first
    procs = [ctx.Process(target=_client, args=(kind, params, server, total // clients,
                                               start_at, done)) for _ in range(clients)]
    for proc in procs:
        proc.start()
    ends = [done.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode:
            raise RuntimeError(f"a benchmark client failed ({kind})")
    return (max(ends) - start_at) / total


def _laptop(folder: Path, count: int) -> Any:
    from isp_wizard.store.register import open_register

    records = folder / "records"
    records.mkdir(parents=True)
    local = open_register(folder / "register.sqlite", records_dir=records)
    for i in range(count):
        pdf = _pdf()
        entry = _entry(i, pdf)
        (records / entry.pdf_path).write_bytes(pdf)
        local.append(entry)
    return local, records


def _signature_check_s() -> float:
    """Seconds to check one real signed record's PDF against its entry (binding + trust)."""
    import datetime as dt
    import tempfile

    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from report_records import make_record, make_signer, sign_record

    from isp_wizard.store.binding import check_record_pdf
    from isp_wizard.store.pdfcheck import file_sha256
    from isp_wizard.store.register import entry_from_record

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        signer = make_signer(folder)
        record = make_record(tree_id="t", decision="share",
                             created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        pdf = sign_record(record, signer, folder / "r.pdf")
        entry = entry_from_record(record, pdf_path="r.pdf", pdf_sha256=file_sha256(pdf))
        return median_time(lambda: check_record_pdf(pdf, [entry], trust_roots=()), repeat=5)


def run(quick: bool) -> list[Figure]:
    import tempfile

    import psycopg

    from isp_wizard.services.sync import sync_register
    from isp_wizard.store.postgres_register import (
        PostgresRegister,
        ServerConnection,
        add_member,
        init_server,
    )

    appends = 400 if quick else 2000
    synced = 2000 if quick else 10_000
    cluster = _cluster()
    try:
        with cluster.superuser() as su:
            su.execute(f"CREATE ROLE bench_user LOGIN PASSWORD '{PASSWORD}'")
            su.execute(f"CREATE ROLE bench_auditor LOGIN PASSWORD '{PASSWORD}'")
            for db in ("bench", "bench_sync"):
                su.execute(f"CREATE DATABASE {db}")
                with psycopg.connect(**cluster.params(db)) as conn:
                    init_server(conn)
                    add_member(conn, "bench_user", "Council")
                    add_member(conn, "bench_auditor", "", auditor=True)
        with cluster.superuser("bench") as su:
            _bare_setup(su)
        params = cluster.params("bench", "bench_user")
        server = ServerConnection(host=str(cluster.base), port=cluster.port, dbname="bench",
                                  user="bench_user", sslmode="disable").to_json()
        times: dict[tuple[str, int], list[float]] = {}
        for _round in range(ROUNDS):
            for kind, clients in (("bare", 1), ("app", 1), ("bare", 4), ("app", 4)):
                times.setdefault((kind, clients), []).append(
                    _turn(kind, clients, appends, params, server))
        per = {key: statistics.median(value) for key, value in times.items()}
        with PostgresRegister.open(ServerConnection(**{**server, "user": "bench_auditor"}),
                                   password=PASSWORD) as auditor:
            if auditor.verify(auditor.pdfs):
                raise RuntimeError("the benchmark's server register did not verify")

        sync_server = ServerConnection(**{**server, "dbname": "bench_sync"})
        with tempfile.TemporaryDirectory(prefix="isp-bench-sync-") as tmp:
            local, records = _laptop(Path(tmp), synced)
            with local, PostgresRegister.open(sync_server, password=PASSWORD) as target:
                start = time.perf_counter()
                result = sync_register(local, records, target,  # type: ignore[arg-type]
                                       check_signatures=False)
                sync_s = time.perf_counter() - start
                if result.sent != synced or result.problems:
                    raise RuntimeError(f"the benchmark sync failed: {result.problems[:3]}")
                entries = list(local.entries())
            with psycopg.connect(**cluster.params("bench")) as conn:  # the floor, same rows
                conn.execute("TRUNCATE bench.entries, bench.pdfs")
                conn.commit()
                start = time.perf_counter()
                for i in range(0, len(entries), 200):
                    for entry in entries[i:i + 200]:
                        _bare_insert(conn, entry, (records / entry.pdf_path).read_bytes())
                    conn.commit()
                bare_sync_s = time.perf_counter() - start
        with PostgresRegister.open(dataclasses.replace(sync_server, user="bench_auditor"),
                                   password=PASSWORD) as auditor:
            def chain() -> None:
                if auditor.verify(None):
                    raise RuntimeError("the synced register did not verify")

            def with_pdfs() -> None:
                if auditor.verify(auditor.pdfs):
                    raise RuntimeError("the synced register's PDFs did not verify")

            chain_s = median_time(chain, repeat=3)
            pdfs_s = median_time(with_pdfs, repeat=3)
        with psycopg.connect(**cluster.params("bench_sync")) as conn:
            select_s = median_time(lambda: conn.execute("SELECT * FROM isp.entries").fetchall(),
                                   repeat=3)
    finally:
        cluster.remove()
    signature_s = _signature_check_s()

    def rate(name: str, per_record: float, floor_name: str, floor: float, target: str
             ) -> Figure:
        return Figure(name, per_record, floor_name, floor, target, unit="records/s",
                      value=1 / per_record)

    speedup = per[("app", 1)] / per[("app", 4)]
    return [
        rate("server: append, 1 client (entry + 32 kB PDF)", per[("app", 1)],
             "bare INSERT+COMMIT, 1 client", per[("bare", 1)], "within 1.5x of bare"),
        rate("server: append, 4 clients at once", per[("app", 4)],
             "bare INSERT+COMMIT, 4 clients", per[("bare", 4)],
             f">= 2x 1 client: {speedup:.2f}x"),
        Figure(f"server: sync {synced:,} entries from a laptop", sync_s,
               f"bare INSERTs of the same, {200}/commit", bare_sync_s, "< 15 s"),
        rate(f"server: verify {synced:,} entries (chain)", chain_s / synced,
             "bare SELECT of every row", select_s / synced, "> 2,000 records/s"),
        rate(f"server: verify {synced:,} entries + PDFs", pdfs_s / synced,
             "bare SELECT of every row", select_s / synced, "> 2,000 records/s"),
        rate("signature check of one record (once per PDF)", signature_s, "", 0.0,
             "remembered by SHA-256 after"),
    ]
