"""The crash test: a process answering in a loop is killed (SIGKILL) at random moments, 200
times. Every draft left behind must load and hold every answer given before the last save that
completed.

A small server process imports the app once and forks a fresh answering child for each round,
so a round costs milliseconds rather than an interpreter start, and the children come from a
process with no other threads (this test process may have Qt's).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from isp_wizard.rulepack import load_pack
from isp_wizard.store.drafts import DraftStore

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
ROUNDS = 200

SERVER = textwrap.dedent("""
    import os
    import sys
    import time
    import traceback
    from pathlib import Path

    from isp_wizard.engine.session import Session
    from isp_wizard.rulepack import load_pack
    from isp_wizard.store.drafts import DraftStore

    folder, pack = Path(sys.argv[1]), load_pack(Path(sys.argv[2]))


    def answer_in_a_loop():
        # Resume the draft (or start one), then keep changing the last answer and saving;
        # after each save has returned, report its number.
        store = DraftStore(folder)
        drafts = store.list(pack)
        if drafts:
            resumed = store.load(drafts[0].draft_id, pack)
            session, draft_id = resumed.session, drafts[0].draft_id
            n = int(str(session.answers["what"]).split()[-1])
        else:
            session = Session(pack.tree("demo"), pack.partners)
            for value in ("no", "yes", "answer 0"):
                session.answer(value)
            draft_id = store.save(session, details={"case_reference": "C0"})
            n = 0
            os.write(1, b"saved 0\\n")
        while True:
            n += 1
            session.change("what", f"answer {n}")
            store.save(session, draft_id=draft_id, details={"case_reference": f"C{n}"})
            os.write(1, b"saved %d\\n" % n)


    print("ready", flush=True)
    for _command in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                answer_in_a_loop()
            except BaseException:
                os.write(1, ("error " + traceback.format_exc().replace("\\n", " | ")
                             + "\\n").encode())
            while True:  # stay until the test kills us, so our pid stays ours until then
                time.sleep(60)
        os.write(1, b"child %d\\n" % pid)
        os.waitpid(pid, 0)
        os.write(1, b"done\\n")
""")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_drafts_survive_being_killed_at_any_moment(tmp_path: Path) -> None:
    pack = load_pack(DEMO)
    folder = tmp_path / "drafts"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(folder), str(DEMO)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20260401)
    saved_before = -1  # the highest save known to have completed
    temporary_left = 0
    required = 0
    pid = 0
    started = time.monotonic()
    try:
        assert server.stdout.readline().strip() == "ready"
        for round_no in range(ROUNDS):
            server.stdin.write("go\n")
            server.stdin.flush()
            # let the child complete a random number of saves (none: killed while resuming),
            # then kill it a random moment later, so kills land all through a save
            wanted, saves, errors, pid = rng.randint(0, 4), [], [], 0
            while not pid or (len(saves) < wanted and not errors):
                line = server.stdout.readline()
                assert line, "the server stopped"
                if line.startswith("child "):
                    pid = int(line.split()[1])
                elif line.startswith("error"):
                    errors.append(line)
                else:
                    saves.append(int(line.split()[1]))
            required += wanted
            time.sleep(rng.uniform(0.0, 0.005))
            os.kill(pid, signal.SIGKILL)  # the child never ends by itself: the pid is its own
            for line in iter(server.stdout.readline, "done\n"):
                if line.startswith("error"):
                    errors.append(line)
                else:
                    saves.append(int(line.split()[1]))
            pid = 0  # reaped by the server: its number may now belong to another process
            assert not errors, errors
            if saves:
                saved_before = max(saved_before, saves[-1])

            store = DraftStore(folder)
            drafts = store.list(pack)
            assert store.messages == [], f"round {round_no}: {store.messages}"
            if saved_before < 0:
                assert len(drafts) <= 1
                continue
            assert len(drafts) == 1, f"round {round_no}"
            resumed = store.load(drafts[0].draft_id, pack)
            held = int(str(resumed.session.answers["what"]).split()[-1])
            # every completed save is there; at most one more (saved, then killed before
            # it could report)
            assert saved_before <= held <= saved_before + 1, f"round {round_no}"
            assert resumed.session.answers["emergency"] == "no"
            assert resumed.details == {"case_reference": f"C{held}"}
            assert resumed.notes == []
            saved_before = held
    finally:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # if a check failed before its kill
        server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    temporary_left = len(list(folder.glob(".*.tmp")))
    assert not (folder / "quarantine").exists()
    assert saved_before >= required  # the loop really did save many times between kills
    assert time.monotonic() - started < 60
    print(f"{ROUNDS} kills, {saved_before} saves, {temporary_left} saves cut off mid-write")
