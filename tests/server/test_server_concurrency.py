"""Four processes appending at once to the server register: the chain stays whole, every one of
the 1,000 entries is there once, none is lost."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pgcluster import ROLES

WRITER = textwrap.dedent("""
    import hashlib, json, sys, time
    from dataclasses import replace
    sys.path.insert(0, {tests!r})
    from test_register_backends import make_entry, pdf_bytes
    from isp_wizard.store.postgres_register import PostgresRegister, ServerConnection
    server = ServerConnection(**json.loads(sys.argv[1]))
    worker, count, start = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    with PostgresRegister.open(server, password=sys.argv[5]) as reg:
        while time.time() < start:
            time.sleep(0.005)
        for i in range(count):
            n = worker * 10000 + i
            reg.append(replace(make_entry(n), record_id=f"w{{worker}}-{{i:04d}}"), pdf_bytes(n))
""")


def test_four_writers_of_250_appends_each_keep_one_whole_chain(pg_db) -> None:  # type: ignore[no-untyped-def]
    tests = str(Path(__file__).resolve().parent)
    users = ["council_user", "council_other", "police_user", "council_user"]
    start = time.time() + 3
    procs = [subprocess.Popen(
        [sys.executable, "-c", WRITER.format(tests=tests),
         json.dumps(pg_db.server(user).to_json()), str(w), "250", str(start), ROLES[user][0]],
        stderr=subprocess.PIPE, text=True) for w, user in enumerate(users)]
    for proc in procs:
        _out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    with pg_db.open("ig_auditor") as reg:
        entries = list(reg.entries())
        assert len(entries) == 1000
        assert sorted(e.record_id for e in entries) == sorted(
            f"w{w}-{i:04d}" for w in range(4) for i in range(250))
        head = reg.head()
        assert head is not None and head.count == 1000 and head.hash == entries[-1].entry_hash
        assert reg.verify(reg.pdfs) == []
        # the writers really interleaved: entries of different writers alternate in the chain
        switches = sum(1 for a, b in itertools.pairwise(entries)
                       if a.record_id[:2] != b.record_id[:2])
        assert switches > 10
    with pg_db.superuser() as su:
        assert su.execute("SELECT min(seq), max(seq), count(DISTINCT seq) FROM isp.entries"
                          ).fetchone() == (1, 1000, 1000)
