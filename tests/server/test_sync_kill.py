"""A sync killed with SIGKILL at 50 random moments, while the laptop goes on filing, then run
once more: the server holds every laptop entry exactly once, in the laptop's order, and its
chain verifies."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pgcluster import ROLES
from test_register_backends import make_entry, pdf_bytes

from isp_wizard.services.sync import not_yet_sent
from isp_wizard.store.register import open_register

SYNC = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from isp_wizard.services.sync import sync_register
    from isp_wizard.store.postgres_register import PostgresRegister, ServerConnection
    from isp_wizard.store.register import open_register
    folder = Path(sys.argv[1])
    with open_register(folder / "register.sqlite") as local, PostgresRegister.open(
            ServerConnection(**json.loads(sys.argv[2])), password=sys.argv[3]) as server:
        print("sent", sync_register(local, folder / "records", server, check_signatures=False,
                                    batch=int(sys.argv[4])).sent, flush=True)
""")


def _file(folder: Path, numbers: range) -> None:
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    with open_register(folder / "register.sqlite") as local:
        for i in numbers:
            (records / f"rec-{i:04d}.pdf").write_bytes(pdf_bytes(i))
            local.append(make_entry(i))


@pytest.mark.slow
def test_a_sync_killed_at_any_moment_finishes_on_the_next_run(pg_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(19)
    folder = tmp_path / "laptop"
    _file(folder, range(0, 200))
    argv = [sys.executable, "-c", SYNC, str(folder),
            json.dumps(pg_db.server("council_user").to_json()), ROLES["council_user"][0], "7"]
    subprocess.run(argv, check=True, capture_output=True)  # sends the first 200
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)  # nothing to send: start-up and checks
    idle = time.perf_counter() - start
    killed = 0
    for round_ in range(50):
        _file(folder, range(200 + round_ * 12, 212 + round_ * 12))  # the laptop goes on filing
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.5, 1.3) * idle)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.communicate()
    assert killed >= 25  # most runs really were cut short
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    assert done.stdout.startswith("sent ")
    with open_register(folder / "register.sqlite") as local:
        mine = list(local.entries())
        assert not_yet_sent(local) == 0  # type: ignore[arg-type]
        laptop_id = local.info()["register_id"]
    assert len(mine) == 800
    with pg_db.open("ig_auditor") as server:
        theirs = list(server.entries())
        assert [e.record_id for e in theirs] == [e.record_id for e in mine]  # once, in order
        assert server.verify(server.pdfs) == []
        assert set(server.sent_from(laptop_id)) == {e.entry_hash for e in mine}
