"""The crash test: a process answering in a loop is killed (SIGKILL) at random moments, 200
times. Every draft left behind must load and hold every answer given before the last save that
completed. The child is forked from the test, so each round costs milliseconds, not an import."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path

import pytest

from isp_wizard.engine.session import Session
from isp_wizard.rulepack import load_pack
from isp_wizard.rulepack.pack import RulePack
from isp_wizard.store.drafts import DraftStore

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
ROUNDS = 200


def answer_in_a_loop(folder: Path, pack: RulePack, out: int) -> None:
    """Resume the draft (or start one), then keep changing the last answer and saving; after
    each save has returned, report its number on ``out``."""
    store = DraftStore(folder)
    drafts = store.list(pack)
    if drafts:
        resumed = store.load(drafts[0].draft_id, pack)
        session, draft_id = resumed.session, drafts[0].draft_id
        n = int(str(session.answers["what"]).split()[-1])
    else:
        session = Session(pack.tree("demo"), pack.partners)
        session.answer("no")
        session.answer("yes")
        session.answer("answer 0")
        draft_id = store.save(session, details={"case_reference": "C0"})
        n = 0
        os.write(out, b"0\n")
    while True:
        n += 1
        session.change("what", f"answer {n}")
        store.save(session, draft_id=draft_id, details={"case_reference": f"C{n}"})
        os.write(out, b"%d\n" % n)


def start_child(folder: Path, pack: RulePack) -> tuple[int, int]:
    """Fork a child answering in a loop; returns its pid and the pipe to read its reports."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            answer_in_a_loop(folder, pack, write_end)
        except BaseException:
            os.write(write_end, ("error " + traceback.format_exc()).encode())
        os._exit(1)
    os.close(write_end)
    return pid, read_end


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_drafts_survive_being_killed_at_any_moment(tmp_path: Path) -> None:
    pack = load_pack(DEMO)
    folder = tmp_path / "drafts"
    rng = random.Random(20260401)
    saved_before = -1  # the highest save known to have completed
    started = time.monotonic()
    for round_no in range(ROUNDS):
        pid, read_end = start_child(folder, pack)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        output = b""
        while chunk := os.read(read_end, 65536):
            output += chunk
        os.close(read_end)
        text = output.decode()
        assert "error" not in text, text
        lines = text.split("\n")[:-1]  # a last line without its newline was cut off
        if lines:
            saved_before = max(saved_before, int(lines[-1]))
        store = DraftStore(folder)
        drafts = store.list(pack)
        assert store.messages == [], f"round {round_no}: {store.messages}"
        if saved_before < 0:
            assert len(drafts) <= 1
            continue
        assert len(drafts) == 1, f"round {round_no}"
        resumed = store.load(drafts[0].draft_id, pack)
        held = int(str(resumed.session.answers["what"]).split()[-1])
        # every completed save is there; at most one more (saved, killed before reporting)
        assert saved_before <= held <= saved_before + 1, f"round {round_no}"
        assert resumed.session.answers["emergency"] == "no"
        assert resumed.details == {"case_reference": f"C{held}"}
        assert resumed.notes == []
        saved_before = held
    assert not (folder / "quarantine").exists()
    assert saved_before > ROUNDS  # the loop really did save many times between kills
    assert time.monotonic() - started < 60
    print(f"{ROUNDS} kills, {saved_before} saves, "
          f"{len(list(folder.glob('.*.tmp')))} temporary files left by kills")
