"""Filing a record: the PDF moves into the records folder and the entry is appended, or neither."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.errors import RegisterError, StoreError
from isp_wizard.paths import locations
from isp_wizard.record.model import DecisionRecord, Practitioner, RecordDetails, build_record
from isp_wizard.rulepack import load_pack
from isp_wizard.services.filing import file_record
from isp_wizard.store.register import open_register

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 4, 1, 10, 45, 12, tzinfo=dt.UTC)


def make_record(*, training: bool = False, review: dt.date | None = None) -> DecisionRecord:
    pack = load_pack(DEMO)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "Address and risk summary"}, pack.partners)
    details = RecordDetails(case_reference="CSP/2026/0042", review_date=review)
    who = Practitioner(name="Asha Patel", role="ASB officer", organisation="Borough Council")
    return build_record(session, pack, details, who, training=training, now=NOW)


def signed_pdf(folder: Path, text: str = "Decision record") -> Path:
    from reportlab.pdfgen.canvas import Canvas

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "signed.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, text)
    canvas.save()
    return path


def test_filing_moves_the_pdf_and_appends_the_entry(tmp_path: Path) -> None:
    where = locations()
    record = make_record(review=dt.date(2026, 10, 1))
    pdf = signed_pdf(tmp_path / "out")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    entry = file_record(record, pdf, locations=where, training=False)
    filed = where.records_dir / f"{record.record_id}.pdf"
    assert not pdf.exists() and filed.exists()
    assert hashlib.sha256(filed.read_bytes()).hexdigest() == digest == entry.pdf_sha256
    assert (entry.record_id, entry.tree_id, entry.decision, entry.case_reference) == \
        (record.record_id, "demo", "share", "CSP/2026/0042")
    assert entry.created_utc == "2026-04-01T10:45:12Z"
    assert entry.tree_sha256 == record.tree.sha256 and entry.tree_version == "1.0.0"
    assert entry.practitioner == "Asha Patel (ASB officer, Borough Council)"
    assert entry.review_date == "2026-10-01" and entry.pdf_path == filed.name
    with open_register(where.register_path) as reg:
        assert reg.get(record.record_id) == entry
        assert reg.verify(where.records_dir) == []
    assert not where.training_register_path.exists()



@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_filed_record_and_the_records_folder_made_for_it_are_owner_only(
        tmp_path: Path) -> None:
    where = locations()
    assert not where.records_dir.exists()
    record = make_record()
    file_record(record, signed_pdf(tmp_path / "out"), locations=where, training=False)
    assert stat.S_IMODE(where.records_dir.stat().st_mode) == 0o700
    filed = where.records_dir / f"{record.record_id}.pdf"
    assert stat.S_IMODE(filed.stat().st_mode) == 0o600
    assert [p.name for p in where.records_dir.iterdir()] == [filed.name]  # no temporary left


def test_training_records_are_kept_apart(tmp_path: Path) -> None:
    where = locations()
    record = make_record(training=True)
    entry = file_record(record, signed_pdf(tmp_path / "out"), locations=where, training=True)
    assert entry.training
    assert (where.training_records_dir / f"{record.record_id}.pdf").exists()
    assert not where.records_dir.exists() and not where.register_path.exists()
    with open_register(where.training_register_path) as reg:
        assert [e.record_id for e in reg.entries()] == [record.record_id]
        assert reg.verify(where.training_records_dir) == []


def test_a_record_is_never_filed_in_the_other_register(tmp_path: Path) -> None:
    where = locations()
    pdf = signed_pdf(tmp_path / "out")
    with pytest.raises(StoreError, match="training record"):
        file_record(make_record(training=True), pdf, locations=where, training=False)
    with pytest.raises(StoreError, match="real record"):
        file_record(make_record(), pdf, locations=where, training=True)
    assert pdf.exists() and not where.records_dir.exists()


def test_if_the_register_refuses_the_entry_the_pdf_is_not_left_behind(tmp_path: Path) -> None:
    where = locations()
    record = make_record()
    pdf = signed_pdf(tmp_path / "out")
    where.register_path.parent.mkdir(parents=True, exist_ok=True)
    where.register_path.write_bytes(b"this is not a register")
    with pytest.raises(RegisterError):
        file_record(record, pdf, locations=where, training=False)
    assert pdf.exists()  # the signed original is kept
    assert not where.records_dir.exists() or not list(where.records_dir.iterdir())


def test_if_the_register_is_locked_the_pdf_is_not_left_behind(tmp_path: Path) -> None:
    where = locations()
    open_register(where.register_path).close()
    holder = sqlite3.connect(where.register_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    pdf = signed_pdf(tmp_path / "out")
    try:
        with open_register(where.register_path, timeout=0.2) as reg, \
                pytest.raises(RegisterError, match="locked"):
            file_record(make_record(), pdf, locations=where, training=False, register=reg)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert pdf.exists() and list(where.records_dir.iterdir()) == []


def test_if_the_pdf_cannot_be_placed_no_entry_is_made(tmp_path: Path) -> None:
    where = locations()
    where.records_dir.parent.mkdir(parents=True, exist_ok=True)
    where.records_dir.write_text("a file where the records folder should be")
    pdf = signed_pdf(tmp_path / "out")
    with pytest.raises(StoreError, match="records folder"):
        file_record(make_record(), pdf, locations=where, training=False)
    assert pdf.exists()
    assert not where.register_path.exists() or \
        list(open_register(where.register_path).entries()) == []


def test_the_same_record_cannot_be_filed_twice(tmp_path: Path) -> None:
    where = locations()
    record = make_record()
    file_record(record, signed_pdf(tmp_path / "one"), locations=where, training=False)
    again = signed_pdf(tmp_path / "two", "Another copy")
    with pytest.raises(RegisterError, match="already been filed"):
        file_record(record, again, locations=where, training=False)
    assert again.exists()
    with open_register(where.register_path) as reg:
        assert reg.verify(where.records_dir) == []
