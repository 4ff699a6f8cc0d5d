"""A filing killed exactly between its PDF moving in and its register entry.

A process walks the demo tree, saves the walk as a draft (as the app does at every answer),
and files the signed record — but kills itself (SIGKILL) the moment the PDF is in the records
folder, before the register entry is appended: the one moment ``tests/unit/test_filing_kill.py``
only reaches by chance. The records folder then holds a PDF the register does not know.

The next start rolls that half-filed record back (``store/leftovers.py``: filing is one step,
so with no entry the PDF must go too), ``register verify`` finds nothing, and the draft with
the answers is still there to resume and sign again, which then files normally.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.paths import locations
from isp_wizard.record.identity import create_identity
from isp_wizard.record.model import RecordDetails
from isp_wizard.rulepack import load_pack
from isp_wizard.services.finish import finish_walk
from isp_wizard.store.drafts import DraftStore
from isp_wizard.store.leftovers import sweep_leftovers
from isp_wizard.store.register import open_register

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and hard links")

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
PASS = "correct horse battery"
ANSWERS = {"emergency": "no", "purpose": "yes", "what": "address"}
CASE = "HALF-FILED-1"

# Files one record and dies right after filing.place() put its PDF in the records folder.
KILLED_FILING = textwrap.dedent("""
    import json
    import os
    import signal
    import sys
    from pathlib import Path

    from isp_wizard.engine.walk import walk
    from isp_wizard.paths import locations
    from isp_wizard.record.model import RecordDetails
    from isp_wizard.rulepack import load_pack
    from isp_wizard.services import filing
    from isp_wizard.services.finish import finish_walk
    from isp_wizard.store.drafts import DraftStore

    pack, where = load_pack(Path(sys.argv[1])), locations()
    answers, case = json.loads(sys.argv[3]), sys.argv[4]
    session = walk(pack.tree("demo"), answers, pack.partners)
    drafts = DraftStore(where.drafts_dir)
    draft_id = drafts.save(session, details={"case_reference": case})
    print("draft", draft_id, flush=True)
    place = filing._place


    def place_then_die(source, target):
        place(source, target)
        print("placed", target.name, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


    filing._place = place_then_die
    finish_walk(session, pack, RecordDetails(case_reference=case),
                identity_path=where.identity_path, passphrase=sys.argv[2], training=False,
                locations=where)
    drafts.discard(draft_id)  # what the app does once a record is filed
    print("filed", flush=True)
""")


def killed_between_pdf_and_entry() -> tuple[str, Path]:
    """Run the filing that dies in the window; returns its draft id and the half-filed PDF."""
    where = locations()
    create_identity(where.identity_path, name="Kim Kill", role="Officer",
                    organisation="The Council", passphrase=PASS)
    done = subprocess.run([sys.executable, "-c", KILLED_FILING, str(DEMO), PASS,
                           json.dumps(ANSWERS), CASE],
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    said = dict(line.split(maxsplit=1) for line in done.stdout.splitlines() if " " in line)
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stdout, done.stderr)
    assert "filed" not in done.stdout
    records = where.records_dir
    pdf = records / said["placed"]
    # the kill landed in the window: the PDF is in, its staging twin beside it, no entry yet
    assert pdf.exists() and pdf.stat().st_nlink == 2
    assert [p.name for p in records.glob(".unfiled.pid*.pdf")] != []
    with open_register(where.register_path, read_only=True) as register:
        assert list(register.entries()) == []
        assert register.get(pdf.stem) is None
    return said["draft"], pdf


def start_the_app() -> subprocess.CompletedProcess[str]:
    """Any start of the app or a command sweeps leftovers first; this one then verifies."""
    return subprocess.run([sys.executable, "-m", "isp_wizard", "register", "verify",
                           "--hashes-only"], capture_output=True, text=True, timeout=180,
                          cwd=ROOT)


def test_a_filing_killed_after_its_pdf_moved_in_is_rolled_back_and_its_draft_kept() -> None:
    draft_id, pdf = killed_between_pdf_and_entry()
    where = locations()
    records = where.records_dir

    started = start_the_app()

    # no half-filed record: the PDF without an entry is gone, and so is its staging file
    assert not pdf.exists()
    assert [p.name for p in records.iterdir()] == []
    # the register verifies (no unregistered PDF, no staged file reported)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "unregistered" not in started.stdout and "staged" not in started.stdout
    assert "0 records verified" in started.stdout
    # the answers are not lost: the draft resumes at the same place, details and all
    pack = load_pack(DEMO)
    resumed = DraftStore(where.drafts_dir).load(draft_id, pack)
    assert resumed.session.answers == walk(pack.tree("demo"), ANSWERS, pack.partners).answers
    assert resumed.details == {"case_reference": CASE}
    assert resumed.session.is_complete

    # and signing it again files it once, cleanly
    finished = finish_walk(resumed.session, pack,
                           RecordDetails(case_reference=resumed.details["case_reference"]),
                           identity_path=where.identity_path, passphrase=PASS, training=False,
                           locations=where)
    with open_register(where.register_path, read_only=True) as register:
        entries = list(register.entries())
        assert register.verify(records) == []
    assert [e.case_reference for e in entries] == [CASE]
    assert [p.name for p in records.iterdir()] == [finished.pdf_path.name]
    assert finished.pdf_path.stem != pdf.stem  # a new record, not the rolled-back one
    again = start_the_app()
    assert again.returncode == 0 and "1 record verified" in again.stdout, again.stdout


def test_without_the_rollback_the_half_filed_pdf_is_what_verify_reports() -> None:
    """The same kill, swept as if the start did not know the register: the PDF stays without
    its entry and ``register verify`` fails on it — what the rollback above prevents."""
    _, pdf = killed_between_pdf_and_entry()
    where = locations()
    sweep_leftovers([where.records_dir])  # no registers={...}: staged files go, the PDF stays
    assert pdf.exists()
    with open_register(where.register_path, read_only=True) as register:
        findings = register.verify(where.records_dir)
    assert [(f.record_id, f.kind) for f in findings] == [(pdf.stem, "unregistered-pdf")]
