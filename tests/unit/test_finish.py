"""Finishing a walk: signed, filed in the right register, and nothing left behind on failure."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.errors import WizardError
from isp_wizard.paths import locations
from isp_wizard.record.identity import create_identity
from isp_wizard.record.model import RecordDetails
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack
from isp_wizard.services.finish import finish_walk
from isp_wizard.store.register import open_register

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
PASSPHRASE = "correct horse battery"
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def ready():
    where = locations()
    create_identity(where.identity_path, name="Zoë Adeyemi", role="Housing officer",
                    organisation="The Council", passphrase=PASSPHRASE)
    pack = load_pack(DEMO)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": "address"},
                   pack.partners)
    return where, pack, session


@pytest.mark.parametrize("training", [False, True])
def test_a_finished_walk_is_signed_and_filed_in_its_own_register(ready, training):
    where, pack, session = ready
    finished = finish_walk(session, pack, RecordDetails(case_reference="HX-42"),
                           identity_path=where.identity_path, passphrase=PASSPHRASE,
                           training=training, locations=where, now=NOW)

    assert finished.pdf_path.parent == where.records_for(training)
    assert [p.name for p in finished.pdf_path.parent.iterdir()] == [finished.pdf_path.name]
    assert verify_record(finished.pdf_path, trust_roots=[]).ok
    sig = subprocess.run(["pdfsig", str(finished.pdf_path)], capture_output=True, text=True)
    assert "Signature is Valid." in sig.stdout
    with open_register(where.register_for(training)) as register:
        [entry] = register.records()
        assert entry.record_id == finished.record.record_id == finished.entry.record_id
        assert entry.case_reference == "HX-42"
        assert register.verify(where.records_for(training)) == []
    assert not where.register_for(not training).exists()


def test_a_register_that_cannot_be_written_leaves_no_pdf_behind(ready):
    where, pack, session = ready
    where.register_path.parent.mkdir(parents=True, exist_ok=True)
    where.register_path.write_bytes(b"this is not a database")

    with pytest.raises(WizardError):
        finish_walk(session, pack, RecordDetails(case_reference="HX-43"),
                    identity_path=where.identity_path, passphrase=PASSPHRASE,
                    training=False, locations=where, now=NOW)

    assert list(where.records_dir.iterdir()) == []
    assert where.register_path.read_bytes() == b"this is not a database"
