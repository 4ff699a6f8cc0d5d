"""``register verify`` binds every entry to the record signed inside its PDF.

Each attack edits the register and recomputes its whole hash chain (which nobody can prevent
without an anchor outside the file), so the chain check alone passes; the check against the
signed PDFs must still catch it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

import pytest
from report_records import Signer, file_signed, make_record, make_signer

from isp_wizard.record.sign import countersign_pdf
from isp_wizard.store.binding import check_signed
from isp_wizard.store.pdfs import FolderPdfs
from isp_wizard.store.register import COUNTERSIGNATURE, RegisterEntry, open_register


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    return make_signer(tmp_path_factory.mktemp("signer"))


@pytest.fixture(scope="module")
def boss(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    from isp_wizard.record.identity import create_identity, load_identity

    folder = tmp_path_factory.mktemp("boss")
    create_identity(folder / "identity.p12", name="Tom Wójcik", role="Manager",
                    organisation="The Council", passphrase="correct horse battery")
    return Signer(load_identity(folder / "identity.p12", "correct horse battery"),
                  folder / "cache")


@pytest.fixture
def filed(signer: Signer, tmp_path: Path):
    """Three real signed records filed in a register."""
    records = tmp_path / "records"
    records.mkdir()
    path = tmp_path / "register.sqlite"
    with open_register(path) as register:
        for day in (1, 2, 3):
            record = make_record(tree_id="safeguarding", decision="share", partner_id="police",
                                 created=dt.datetime(2026, 5, day, tzinfo=dt.UTC),
                                 case_reference=f"CASE-{day}")
            file_signed(record, signer, register, records)
        entries = list(register.entries())
    return path, records, entries


def recomputed(path: Path, entries: list[RegisterEntry]) -> None:
    """Replace the register with ``entries``, chained anew: a whole, valid chain."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    with open_register(path) as register:
        for entry in entries:
            register.append(dataclasses.replace(entry, prev_hash="", entry_hash=""))


def findings(path: Path, records: Path, trust: list[Path] | None = None) -> list[str]:
    with open_register(path, read_only=True) as register:
        entries = list(register.entries())
        found = [str(f) for f in register.verify(records)]
        audit = check_signed(entries, FolderPdfs(records), trust_roots=trust or [])
    assert not [f for f in found if ": edited:" in f or ": deleted:" in f]  # chain recomputed
    return found + [str(f) for f in audit.findings]


def test_a_genuine_register_holds(filed, signer: Signer) -> None:
    path, records, _ = filed
    assert findings(path, records, [signer.certificate]) == []


@pytest.mark.parametrize(("field", "value"), [("decision", "do_not_share"),
                                              ("case_reference", "SOMEONE-ELSE"),
                                              ("tree_id", "breach"),
                                              ("practitioner", "Someone Else"),
                                              ("created_utc", "2026-01-01T00:00:00Z")])
def test_an_edited_entry_with_its_chain_recomputed_is_caught(filed, field: str,
                                                              value: str) -> None:
    path, records, entries = filed
    entries[1] = dataclasses.replace(entries[1], **{field: value})
    recomputed(path, entries)
    found = findings(path, records)
    assert found == [f"{entries[1].record_id}: not-as-signed: the entry does not match the "
                     f"record signed in its PDF ({field} differ): the register was altered"]


def test_a_deleted_entry_leaves_its_pdf_reported(filed) -> None:
    path, records, entries = filed
    recomputed(path, [entries[0], entries[2]])
    found = findings(path, records)
    assert len(found) == 1 and f"{entries[1].record_id}: unregistered-pdf" in found[0]


def test_a_truncated_pdf_with_its_hash_recomputed_is_caught(filed) -> None:
    path, records, entries = filed
    pdf = records / entries[1].pdf_path
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    entries[1] = dataclasses.replace(entries[1],
                                     pdf_sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
    recomputed(path, entries)
    found = findings(path, records)
    assert len(found) == 1 and found[0].startswith(f"{entries[1].record_id}: not-as-signed: ")


def test_an_invented_record_reusing_another_records_pdf_is_caught(filed) -> None:
    path, records, entries = filed
    invented = dataclasses.replace(entries[0], record_id="0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                   decision="do_not_share", case_reference="INVENTED")
    recomputed(path, [*entries, invented])
    found = findings(path, records)
    assert any(f.startswith(f"{invented.record_id}: pdf-shared: it names the same PDF as "
                            f"record {entries[0].record_id}") for f in found)
    assert any(f.startswith(f"{invented.record_id}: not-as-signed: the entry does not match "
                            "the record signed in its PDF (record_id, decision, case_reference")
               for f in found)


def test_a_pdf_moved_outside_with_an_absolute_path_is_reported(filed, tmp_path: Path) -> None:
    path, records, entries = filed
    outside = tmp_path / "elsewhere.pdf"
    (records / entries[2].pdf_path).rename(outside)
    entries[2] = dataclasses.replace(entries[2], pdf_path=str(outside))
    recomputed(path, entries)
    found = findings(path, records)
    assert found == [f"{entries[2].record_id}: pdf-outside: its PDF is named outside the "
                     f"records folder, where the register cannot vouch for it: {outside}"]


def test_an_invented_countersignature_is_caught(filed) -> None:
    path, records, entries = filed
    pdf = records / entries[0].pdf_path
    altered = pdf.read_bytes() + b"\n% countersigned (not really)\n"
    event = dataclasses.replace(
        entries[0], kind=COUNTERSIGNATURE, practitioner="Director of Legal Services",
        created_utc="2026-05-09T10:00:00Z", review_date="",
        prev_pdf_sha256=entries[0].pdf_sha256,
        pdf_sha256=hashlib.sha256(altered).hexdigest())
    pdf.write_bytes(altered)
    recomputed(path, [*entries, event])
    found = findings(path, records)
    assert any("the register records 1 countersignature but the PDF holds 0" in f
               for f in found), found


def test_a_countersignature_by_someone_else_than_the_event_says_is_caught(
        filed, boss: Signer) -> None:
    path, records, entries = filed
    pdf = records / entries[0].pdf_path
    before = pdf.read_bytes()
    after = countersign_pdf(before, boss.identity, cache_dir=boss.cache_dir)  # type: ignore[arg-type]
    pdf.write_bytes(after)
    event = dataclasses.replace(
        entries[0], kind=COUNTERSIGNATURE, practitioner="Director of Legal Services",
        created_utc="2026-05-09T10:00:00Z", review_date="",
        prev_pdf_sha256=hashlib.sha256(before).hexdigest(),
        pdf_sha256=hashlib.sha256(after).hexdigest())
    recomputed(path, [*entries, event])
    found = findings(path, records)
    assert any("names 'Director of Legal Services', but the PDF was signed by Tom Wójcik" in f
               for f in found), found
    # the same event naming the real countersigner holds
    honest = dataclasses.replace(event, practitioner="Tom Wójcik (Manager, The Council)")
    recomputed(path, [*entries, honest])
    assert findings(path, records) == []


def test_stray_and_staged_files_are_reported(filed) -> None:
    path, records, _ = filed
    (records / ".unfiled-0123.pdf").write_bytes(b"%PDF-1.7 personal data")
    (records / ".abc.pdf.pid1.x.tmp").write_bytes(b"personal data")
    (records / "sub").mkdir()
    (records / "sub" / "old.pdf").write_bytes(b"%PDF-1.7")
    (records / "UPPER.PDF").write_bytes(b"%PDF-1.7")
    (records / ".hidden.pdf").write_bytes(b"%PDF-1.7")
    (records / "notes.txt").write_text("x")
    (records / "link.pdf").symlink_to("/etc/hostname")
    found = findings(path, records)
    kinds = sorted(f.split(": ")[1] for f in found)
    assert kinds == ["staged", "staged", "stray-file", "stray-file", "unregistered-pdf",
                     "unregistered-pdf", "unregistered-pdf"], found


def test_untrusted_signers_are_reported_apart(filed, signer: Signer) -> None:
    path, records, _entries = filed
    with open_register(path, read_only=True) as register:
        audit = check_signed(list(register.entries()), FolderPdfs(records), trust_roots=[])
        assert audit.findings == [] and len(audit.untrusted) == 3
        strict = check_signed(list(register.entries()), FolderPdfs(records), trust_roots=[],
                              require_trusted=True)
        assert [f.kind for f in strict.findings] == ["untrusted"] * 3
        trusted = check_signed(list(register.entries()), FolderPdfs(records),
                               trust_roots=[signer.certificate], require_trusted=True)
        assert trusted.findings == [] and trusted.untrusted == []


def test_reading_a_register_writes_nothing(filed) -> None:
    path, _records, _ = filed
    with open_register(path) as register:  # a checkpointed, closed register
        pass
    for extra in ("-wal", "-shm"):
        (path.parent / (path.name + extra)).unlink(missing_ok=True)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with open_register(path, read_only=True) as register:
        assert len(list(register.entries())) == 3
        from isp_wizard.errors import RegisterError

        with pytest.raises(RegisterError):
            register.append(dataclasses.replace(next(register.entries()), record_id="x"))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="permissions do not stop root (or Windows) from writing")
def test_a_register_in_a_read_only_folder_can_be_listed_and_verified(filed) -> None:
    path, records, _ = filed
    with open_register(path):
        pass
    folder = path.parent
    os.chmod(records, 0o555)
    os.chmod(folder, 0o555)
    try:
        assert findings(path, records) == []
    finally:
        os.chmod(folder, 0o755)
        os.chmod(records, 0o755)
    assert not stat.S_IMODE(folder.stat().st_mode) & 0o022


def test_a_register_where_nothing_may_be_written_is_read_as_immutable(
        filed, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a read-only folder (which root cannot be shown): SQLite is told the file is
    immutable, makes no shared-memory or journal file, and the register still lists and
    verifies."""
    from isp_wizard.store import sqlite_register

    path, records, _ = filed
    with open_register(path):
        pass
    for extra in ("-wal", "-shm"):
        (path.parent / (path.name + extra)).unlink(missing_ok=True)
    real_access = os.access
    monkeypatch.setattr(sqlite_register.os, "access",
                        lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    assert "immutable=1" in sqlite_register._read_only_uri(path)
    assert findings(path, records) == []
    assert not (path.parent / (path.name + "-shm")).exists()
    assert not (path.parent / (path.name + "-wal")).exists()
