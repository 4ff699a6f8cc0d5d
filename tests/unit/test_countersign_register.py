"""Countersigning a filed record: the register records it, so the filed PDF still verifies, the
register still catches any other change, and exports carry the countersignature to a merge."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.errors import RecordError, RegisterError
from isp_wizard.paths import locations
from isp_wizard.record.identity import create_identity
from isp_wizard.record.model import RecordDetails
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack
from isp_wizard.services.filed import (
    DIFFERS,
    MATCHES,
    check_against_register,
)
from isp_wizard.services.finish import finish_walk
from isp_wizard.services.merge import merge_exports
from isp_wizard.services.records import countersign_record
from isp_wizard.store import sqlite_register
from isp_wizard.store.pdfcheck import file_sha256
from isp_wizard.store.register import COUNTERSIGNATURE, open_register

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEMO = FIXTURES / "demo-rules"
PASS = "correct horse battery"
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 3, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def filed(tmp_path: Path):
    """A record signed by Zoë and filed in the register; Tom is her manager."""
    where = locations()
    create_identity(where.identity_path, name="Zoë Adeyemi", role="Housing officer",
                    organisation="The Council", passphrase=PASS)
    create_identity(tmp_path / "boss.p12", name="Tom Wójcik", role="Manager",
                    organisation="The Council", passphrase=PASS)
    pack = load_pack(DEMO)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": "address"},
                   pack.partners)
    done = finish_walk(session, pack, RecordDetails(case_reference="HX-42",
                                                    review_date=dt.date(2027, 1, 1)),
                       identity_path=where.identity_path, passphrase=PASS, training=False,
                       locations=where, now=NOW)
    return where, done, tmp_path / "boss.p12"


def countersign(path: Path, boss: Path, **kw):
    kw.setdefault("where", locations())
    return countersign_record(path, identity_path=boss, passphrase=PASS, now=LATER,
                              trust_roots=[], **kw)


def test_countersigning_the_filed_pdf_is_recorded_and_verifies_clean(filed) -> None:
    where, done, boss = filed
    before = file_sha256(done.pdf_path)

    signed = countersign(done.pdf_path, boss)

    assert signed.in_register and signed.report.ok and signed.report.countersigned
    after = file_sha256(done.pdf_path)
    assert after != before
    sig = subprocess.run(["pdfsig", str(done.pdf_path)], capture_output=True, text=True)
    assert sig.stdout.count("Signature is Valid.") == 2, sig.stdout + sig.stderr
    assert stat.S_IMODE(done.pdf_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in where.records_dir.iterdir()) == [done.pdf_path.name]
    with open_register(where.register_path) as register:
        record, event = register.history(done.record.record_id)
        assert event.kind == COUNTERSIGNATURE and event.practitioner.startswith("Tom Wójcik")
        assert (event.prev_pdf_sha256, event.pdf_sha256) == (before, after)
        assert event.created_utc == "2026-11-03T14:00:00Z"
        assert register.verify(where.records_dir) == []
        # the event is not a second record
        assert [e.record_id for e in register.records()] == [record.record_id]
        assert len(register.due(dt.date(2027, 6, 1))) == 1
        assert register.get(record.record_id) == record
    check = check_against_register(done.pdf_path, verify_record(done.pdf_path, trust_roots=[]), where)
    assert check is not None and check.status == MATCHES
    assert check.message == "filed in the register, PDF matches"


def test_a_tampered_countersigned_pdf_is_still_caught(filed) -> None:
    where, done, boss = filed
    countersign(done.pdf_path, boss)
    data = bytearray(done.pdf_path.read_bytes())
    data[data.index(b"ReportLab")] = ord("Q")
    done.pdf_path.write_bytes(bytes(data))

    with open_register(where.register_path) as register:
        [finding] = register.verify(where.records_dir)
    assert finding.kind == "pdf-altered" and "countersignature" in finding.message
    check = check_against_register(done.pdf_path, verify_record(done.pdf_path, trust_roots=[]), where)
    assert check is not None and check.status == DIFFERS


def test_the_version_before_the_countersignature_is_named_as_such(filed, tmp_path) -> None:
    where, done, boss = filed
    old = tmp_path / "old.pdf"
    shutil.copyfile(done.pdf_path, old)
    countersign(done.pdf_path, boss)

    check = check_against_register(old, verify_record(old, trust_roots=[]), where)
    assert check is not None and check.differs
    assert "from before its countersignature by Tom Wójcik" in check.message

    shutil.copyfile(old, done.pdf_path)  # the filed PDF put back to its first version
    with open_register(where.register_path) as register:
        assert [f.kind for f in register.verify(where.records_dir)] == ["pdf-altered"]


def test_a_copy_elsewhere_is_countersigned_without_the_register(filed, tmp_path) -> None:
    where, done, boss = filed
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(done.pdf_path, copy)
    filed_bytes = done.pdf_path.read_bytes()

    signed = countersign(copy, boss)

    assert not signed.in_register and signed.report.countersigned
    assert done.pdf_path.read_bytes() == filed_bytes
    with open_register(where.register_path) as register:
        assert len(register.history(done.record.record_id)) == 1
        assert register.verify(where.records_dir) == []
    # --out from the filed PDF writes a copy and leaves the filed one and the register alone
    out = tmp_path / "out.pdf"
    assert not countersign(done.pdf_path, boss, out_path=out).in_register
    assert done.pdf_path.read_bytes() == filed_bytes


def test_nobody_countersigns_their_own_record(filed) -> None:
    where, done, _boss = filed
    before = done.pdf_path.read_bytes()
    with pytest.raises(RecordError, match="cannot countersign it") as caught:
        countersign(done.pdf_path, where.identity_path)
    assert caught.value.exit_code == 2
    assert done.pdf_path.read_bytes() == before
    with open_register(where.register_path) as register:
        assert len(register.history(done.record.record_id)) == 1


def test_the_register_refuses_events_that_do_not_follow(filed) -> None:
    where, done, _boss = filed
    with open_register(where.register_path) as register:
        record = register.get(done.record.record_id)
        assert record is not None
        event = dataclasses.replace(record, kind=COUNTERSIGNATURE, prev_pdf_sha256="0" * 64,
                                    pdf_sha256="1" * 64)
        with pytest.raises(RegisterError, match="PDF changed"):
            register.append(event)
        with pytest.raises(RegisterError, match="not in the register"):
            register.append(dataclasses.replace(event, record_id="no-such-record"))
        with pytest.raises(RegisterError, match="already in the register"):
            register.append(record)
        assert register.verify(where.records_dir) == []


def test_an_edited_event_is_reported(filed) -> None:
    where, done, boss = filed
    countersign(done.pdf_path, boss)
    conn = sqlite3.connect(where.register_path)
    conn.execute("UPDATE entries SET practitioner = 'Someone else' WHERE kind <> ''")
    conn.commit()
    conn.close()
    with open_register(where.register_path) as register:
        assert [f.kind for f in register.verify(where.records_dir)] == ["edited"]


def test_a_version_2_register_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    shutil.copyfile(FIXTURES / "register-v1.sqlite", path)
    conn = sqlite3.connect(path)
    sqlite_register.MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    before = conn.execute("SELECT record_id, entry_hash FROM entries ORDER BY seq").fetchall()
    conn.close()

    with open_register(path) as register:
        assert register.verify(None) == []
        assert [(e.record_id, e.entry_hash) for e in register.entries()] == before
        first = register.get(before[0][0])
        assert first is not None
        register.append(dataclasses.replace(first, kind=COUNTERSIGNATURE,
                                            prev_pdf_sha256=first.pdf_sha256,
                                            pdf_sha256="2" * 64))
        assert register.verify(None) == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == sqlite_register.SCHEMA_VERSION
    conn.close()
    assert (tmp_path / "register-v2-backup.sqlite").exists()
    assert stat.S_IMODE((tmp_path / "register-v2-backup.sqlite").stat().st_mode) == 0o600


def _trust(where, boss: Path) -> list[Path]:
    """Both signers' certificates as trust anchors: the merge then trusts them."""
    return [where.identity_path.with_suffix(".pem"), boss.with_suffix(".pem")]


def _bundle(where, folder: Path) -> Path:
    shutil.copytree(where.records_dir, folder)
    with open_register(where.register_path) as register:
        register.export_json(folder / "export.json")
    return folder / "export.json"


def test_merge_takes_countersignatures_with_their_records(filed, tmp_path) -> None:
    where, done, boss = filed
    partnership = tmp_path / "partnership"
    first = _bundle(where, tmp_path / "bundle-1")
    countersign(done.pdf_path, boss)
    second = _bundle(where, tmp_path / "bundle-2")

    # an export taken before the countersignature, then one after
    with open_register(partnership / "register.sqlite") as register:
        result = merge_exports([first], register, partnership / "records", trust_roots=_trust(where, boss))
        assert result.added == 1 and not result.refused
        result = merge_exports([second], register, partnership / "records", trust_roots=_trust(where, boss))
        assert not result.refused, result.exports[0].problems
        assert (result.exports[0].events_added, result.exports[0].duplicates) == (1, 0)
        assert register.verify(partnership / "records") == []
        again = merge_exports([second], register, partnership / "records", trust_roots=_trust(where, boss))
        assert again.duplicates == 1 and not again.refused

    # a fresh partnership register taking the countersigned record in one go
    fresh = tmp_path / "fresh"
    with open_register(fresh / "register.sqlite") as register:
        result = merge_exports([second], register, fresh / "records", trust_roots=_trust(where, boss))
        assert not result.refused, result.exports[0].problems
        assert (result.added, result.exports[0].events_added) == (1, 1)
        assert register.verify(fresh / "records") == []


def test_merge_refuses_a_countersigned_pdf_that_was_tampered_with(filed, tmp_path) -> None:
    where, done, boss = filed
    countersign(done.pdf_path, boss)
    bundle = _bundle(where, tmp_path / "bundle")
    pdf = bundle.parent / done.pdf_path.name
    pdf.write_bytes(pdf.read_bytes() + b"\n%% appended\n")
    with open_register(tmp_path / "p" / "register.sqlite") as register:
        result = merge_exports([bundle], register, tmp_path / "p" / "records", trust_roots=_trust(where, boss))
    assert result.refused and "pdf-altered" in result.exports[0].problems[0]


def test_a_filed_pdf_that_differs_from_the_register_is_not_countersigned(filed) -> None:
    where, done, boss = filed
    conn = sqlite3.connect(where.register_path)
    conn.execute("UPDATE entries SET pdf_sha256 = ?", ("9" * 64,))
    conn.commit()
    conn.close()
    before = done.pdf_path.read_bytes()
    with pytest.raises(RecordError, match="differs from the PDF filed in the register"):
        countersign(done.pdf_path, boss)
    assert done.pdf_path.read_bytes() == before
    with open_register(where.register_path) as register:
        assert len(register.history(done.record.record_id)) == 1


def test_exports_of_version_1_are_still_read_and_newer_ones_refused(filed, tmp_path) -> None:
    import json

    from isp_wizard.errors import InputFileError
    from isp_wizard.store.exports import read_json_export

    where, _done, _boss = filed
    path = tmp_path / "export.json"
    with open_register(where.register_path) as register:
        register.export_json(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 2
    for version, readable in ((1, True), (3, False)):
        path.write_text(json.dumps({**document, "version": version}), encoding="utf-8")
        if readable:
            assert read_json_export(path).check() == []
        else:
            with pytest.raises(InputFileError, match="not one this app reads"):
                read_json_export(path)
