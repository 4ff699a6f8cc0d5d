"""Merging laptops' register exports into one partnership register.

Entries are generated straight into hash-chained JSON exports (fast); a sample of each export's
records are real signed PDFs, so signatures are checked for real on the way in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from report_records import Signer, make_record, make_signer, sign_record

from isp_wizard.errors import InputFileError, MergeError
from isp_wizard.services.merge import MERGED_FOLDER, merge_exports
from isp_wizard.store.chain import GENESIS, ChainHead, entry_hash
from isp_wizard.store.exports import write_json
from isp_wizard.store.pdfcheck import file_sha256
from isp_wizard.store.register import RegisterEntry, entry_from_record, open_register

EXPORTED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
LAPTOP_7 = "77777777-7777-4777-8777-777777777777"


@dataclass
class Bundle:
    folder: Path
    register_id: str
    entries: list[RegisterEntry]

    @property
    def export(self) -> Path:
        return self.folder / "register-export.json"


def chain(entries: list[RegisterEntry]) -> list[RegisterEntry]:
    prev, out = GENESIS, []
    for entry in entries:
        entry = dataclasses.replace(entry, prev_hash=prev, entry_hash="")
        entry = dataclasses.replace(entry, entry_hash=entry_hash(entry, prev))
        prev = entry.entry_hash
        out.append(entry)
    return out


def write_bundle(folder: Path, register_id: str, entries: list[RegisterEntry],
                 name: str = "register-export.json") -> Bundle:
    folder.mkdir(parents=True, exist_ok=True)
    chained = chain(entries)
    head = ChainHead(len(chained), chained[-1].entry_hash) if chained else None
    write_json(chained, head, {"register_id": register_id, "schema_version": 2},
               folder / name, now=EXPORTED)
    return Bundle(folder, register_id, chained)


def generated(n: int, rng: random.Random, laptop: int) -> list[RegisterEntry]:
    trees = ["safeguarding", "s115", "prevent", "breach"]
    decisions = ["share", "share_with_conditions", "do_not_share", "seek_advice"]
    base = dt.datetime(2026, 1, 1)
    out = []
    for _ in range(n):
        rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        when = base + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 90))
        out.append(RegisterEntry(
            record_id=rid, created_utc=when.isoformat(timespec="seconds") + "Z",
            tree_id=rng.choice(trees), tree_version="1.0.0", tree_sha256="c" * 64,
            decision=rng.choice(decisions), case_reference=f"L{laptop}-{rng.randrange(10**6)}",
            practitioner=f"Practitioner {laptop}", review_date="2026-06-30",
            pdf_path=f"{rid}.pdf", pdf_sha256=f"{rng.getrandbits(256):064x}"))
    return out


def signed_entries(signer: Signer, folder: Path, count: int, start: int = 0
                   ) -> list[RegisterEntry]:
    out = []
    for i in range(count):
        record = make_record(tree_id="safeguarding", decision="share", partner_id="police",
                             created=dt.datetime(2026, 2, 1 + start + i, tzinfo=dt.UTC))
        pdf = sign_record(record, signer, folder / "2026" / f"{record.record_id}.pdf")
        out.append(entry_from_record(record, pdf_path=f"2026/{pdf.name}",
                                     pdf_sha256=file_sha256(pdf)))
    return out


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    return make_signer(tmp_path_factory.mktemp("signer"))


@pytest.fixture(scope="module")
def five_laptops(signer: Signer, tmp_path_factory: pytest.TempPathFactory) -> list[Bundle]:
    """Five exports of 2,000 records each; 3 records of each carry their signed PDF."""
    rng = random.Random(20260401)
    bundles = []
    for laptop in range(5):
        folder = tmp_path_factory.mktemp(f"laptop{laptop}")
        entries = generated(1997, rng, laptop)
        sample = signed_entries(signer, folder, 3, start=laptop * 3)
        entries[500:500] = sample[:1]
        entries += sample[1:]
        bundles.append(write_bundle(folder, str(uuid.UUID(int=laptop + 1)), entries))
    return bundles


def tamper(bundle: Bundle, index: int) -> tuple[Path, str]:
    """Change one entry's decision in the export, as someone editing the JSON would."""
    document = json.loads(bundle.export.read_text(encoding="utf-8"))
    entry = document["entries"][index]
    entry["decision"] = "share" if entry["decision"] != "share" else "do_not_share"
    tampered = bundle.folder / "register-export-tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    return tampered, entry["record_id"]


def test_five_exports_of_2000_one_tampered(five_laptops: list[Bundle], signer: Signer,
                                          tmp_path: Path) -> None:
    tampered, altered_id = tamper(five_laptops[2], 1234)
    exports = [b.export for b in five_laptops]
    exports[2] = tampered
    records = tmp_path / "records"
    with open_register(tmp_path / "partnership.sqlite") as register:
        started = time.perf_counter()
        result = merge_exports(exports, register, records, trust_roots=[signer.certificate], require_pdfs=False)
        took = time.perf_counter() - started
        print(f"merged 5 x 2,000 entries (one export refused) in {took:.1f} s")

        assert [e.path for e in result.refused] == [tampered]
        (refused,) = result.refused
        assert refused.added == 0
        assert any(p.startswith(f"{altered_id}: edited") for p in refused.problems)
        assert result.added == 8000
        for export in result.exports:
            if export.path != tampered:
                assert (export.entries, export.added, export.signatures_checked,
                        export.pdfs_not_supplied) == (2000, 2000, 3, 1997)

        entries = list(register.entries())
        assert len(entries) == 8000
        assert register.verify(None) == []  # the partnership register's own chain is whole
        assert not {e.record_id for e in five_laptops[2].entries} & {e.record_id
                                                                      for e in entries}
        first = five_laptops[0]
        held = register.get(first.entries[0].record_id)
        assert held is not None
        assert first.register_id in held.source and "register-export.json" in held.source
        assert "2026-04-01T09:00:00Z" in held.source
        for field in ("case_reference", "decision", "created_utc", "pdf_sha256"):
            assert getattr(held, field) == getattr(first.entries[0], field)
        assert all(e.pdf_path.startswith(f"{MERGED_FOLDER}/") for e in entries)
        signed = [e for e in entries if (records / e.pdf_path).exists()]
        assert len(signed) == 12
        for entry in signed:
            assert file_sha256(records / entry.pdf_path) == entry.pdf_sha256
        # the PDFs not supplied are named where they belong, for when they arrive
        findings = register.verify(records)
        assert {f.kind for f in findings} == {"pdf-missing"} and len(findings) == 7988

        again = merge_exports(exports, register, records, trust_roots=[signer.certificate], require_pdfs=False)
        assert again.added == 0 and again.duplicates == 8000
        assert [e.path for e in again.refused] == [tampered]
        assert len(list(register.entries())) == 8000


def small_bundle(signer: Signer, folder: Path, count: int = 3, *, register_id: str = "",
                 start: int = 0) -> Bundle:
    entries = signed_entries(signer, folder, count, start=start)
    return write_bundle(folder, register_id or str(uuid.uuid4()), entries)


def test_a_merged_register_verifies_with_its_pdfs(signer: Signer, tmp_path: Path) -> None:
    a = small_bundle(signer, tmp_path / "a")
    b = small_bundle(signer, tmp_path / "b", start=5)
    records = tmp_path / "records"
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([a.export, b.export], register, records, trust_roots=[signer.certificate])
        assert result.added == 6 and not result.refused
        assert [e.signatures_checked for e in result.exports] == [3, 3]
        assert register.verify(records) == []  # chain whole, every PDF where the entry says
        paths = sorted(e.pdf_path for e in register.entries())
        assert paths == sorted(
            [f"{MERGED_FOLDER}/{a.register_id}/{e.record_id}.pdf" for e in a.entries]
            + [f"{MERGED_FOLDER}/{b.register_id}/{e.record_id}.pdf" for e in b.entries])


def test_a_later_export_from_the_same_laptop_adds_only_what_is_new(signer: Signer,
                                                                    tmp_path: Path) -> None:
    full = small_bundle(signer, tmp_path / "later", count=4, register_id=LAPTOP_7)
    early = write_bundle(tmp_path / "later", LAPTOP_7, full.entries[:2], name="early.json")
    with open_register(tmp_path / "p.sqlite") as register:
        merge_exports([early.export.with_name("early.json")], register, tmp_path / "records", trust_roots=[signer.certificate])
        result = merge_exports([full.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        assert (result.added, result.duplicates) == (2, 2)
        assert len(list(register.entries())) == 4


def test_a_missing_pdf_is_refused_unless_allowed(signer: Signer, tmp_path: Path) -> None:
    bundle = small_bundle(signer, tmp_path / "b")
    (bundle.folder / bundle.entries[1].pdf_path).unlink()
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([bundle.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        assert result.added == 0
        assert any("pdf-missing" in p for p in result.refused[0].problems)
        allowed = merge_exports([bundle.export], register, tmp_path / "records", trust_roots=[signer.certificate],
                                require_pdfs=False)
        assert allowed.added == 3 and allowed.exports[0].pdfs_not_supplied == 1


def test_an_altered_pdf_is_refused(signer: Signer, tmp_path: Path) -> None:
    bundle = small_bundle(signer, tmp_path / "b")
    pdf = bundle.folder / bundle.entries[0].pdf_path
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([bundle.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        (refused,) = result.refused
        assert refused.problems == [f"{bundle.entries[0].record_id}: pdf-altered: the signed "
                                    f"PDF has changed since it was filed: {pdf}"]
        assert list(register.entries()) == []
        assert list((tmp_path / "records").rglob("*")) == []  # nothing staged is left behind


def test_a_broken_signature_is_refused_even_when_the_entry_matches_the_file(
        signer: Signer, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    entries = signed_entries(signer, folder, 2)
    pdf = folder / entries[0].pdf_path
    data = bytearray(pdf.read_bytes())
    at = data.index(b"Information sharing")  # the document title: inside the signed bytes
    data[at] = ord("i")
    pdf.write_bytes(bytes(data))
    entries[0] = dataclasses.replace(entries[0], pdf_sha256=file_sha256(pdf))
    bundle = write_bundle(folder, str(uuid.uuid4()), entries)
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([bundle.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        (refused,) = result.refused
        assert len(refused.problems) == 1
        assert refused.problems[0].startswith(f"{entries[0].record_id}: signature: ")
        assert result.added == 0


def test_an_entry_altered_and_its_chain_recomputed_is_caught_by_the_signature(
        signer: Signer, tmp_path: Path) -> None:
    """Anyone can recompute a laptop's hash chain after editing it; nobody can re-sign."""
    folder = tmp_path / "b"
    entries = signed_entries(signer, folder, 2)
    entries[1] = dataclasses.replace(entries[1], decision="do_not_share",
                                     review_date="2027-01-01")
    bundle = write_bundle(folder, str(uuid.uuid4()), entries)  # a whole, valid chain
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([bundle.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        (refused,) = result.refused
        assert refused.problems == [
            f"{entries[1].record_id}: signature: the entry does not match the record signed in its "
            "PDF "
            "(decision, review_date differ): the register was altered"]
        assert result.added == 0


def test_the_same_record_altered_in_another_export_is_refused(signer: Signer,
                                                              tmp_path: Path) -> None:
    a = small_bundle(signer, tmp_path / "a")
    copy = tmp_path / "b"
    shutil.copytree(a.folder, copy)
    changed = [dataclasses.replace(a.entries[0], case_reference="CHANGED"), *a.entries[1:]]
    b = write_bundle(copy, str(uuid.uuid4()), changed)
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([a.export, b.export], register, tmp_path / "records", trust_roots=[signer.certificate])
        assert result.added == 3
        (refused,) = result.refused
        assert refused.path == b.export
        (problem,) = refused.problems
        assert problem.startswith(
            f"{a.entries[0].record_id}: altered: differs from the copy already in the "
            f"partnership register (from {result.exports[0].source}; checked: Marigold "
            "Fairweather (certificate ")


def test_training_entries_and_escaping_paths(signer: Signer, tmp_path: Path) -> None:
    rng = random.Random(3)
    entries = generated(3, rng, 9)
    entries[0] = dataclasses.replace(entries[0], training=True)
    with open_register(tmp_path / "p.sqlite") as register:
        ok = write_bundle(tmp_path / "ok", str(uuid.uuid4()), entries)
        result = merge_exports([ok.export], register, tmp_path / "records", require_pdfs=False)
        assert (result.added, result.exports[0].training_skipped) == (2, 1)
        escaping = [dataclasses.replace(e, pdf_path="../../etc/passwd")
                    for e in generated(1, rng, 9)]
        bad = write_bundle(tmp_path / "bad", str(uuid.uuid4()), escaping)
        refused = merge_exports([bad.export], register, tmp_path / "records",
                                require_pdfs=False).refused
        assert "leaves the export folder" in refused[0].problems[0]


def test_an_unreadable_export_is_refused_and_the_others_still_go_in(
        signer: Signer, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    good = write_bundle(tmp_path / "good", str(uuid.uuid4()), generated(5, random.Random(1), 1))
    with open_register(tmp_path / "p.sqlite") as register:
        result = merge_exports([junk, good.export], register, tmp_path / "records",
                               require_pdfs=False)
        assert result.added == 5
        assert result.refused[0].path == junk
        assert "cannot read the export" in result.refused[0].problems[0]
    with pytest.raises(InputFileError):
        from isp_wizard.store.exports import read_json_export

        read_json_export(junk)


def test_a_broken_partnership_register_takes_nothing(tmp_path: Path) -> None:
    import sqlite3

    good = write_bundle(tmp_path / "good", str(uuid.uuid4()), generated(3, random.Random(2), 1))
    path = tmp_path / "p.sqlite"
    with open_register(path) as register:
        merge_exports([good.export], register, tmp_path / "records", require_pdfs=False)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE entries SET decision = 'share' WHERE seq = 1 AND decision <> 'share'")
    conn.execute("UPDATE entries SET case_reference = 'edited' WHERE seq = 2")
    conn.commit()
    conn.close()
    other = write_bundle(tmp_path / "other", str(uuid.uuid4()), generated(2, random.Random(5), 2))
    with open_register(path) as register, pytest.raises(MergeError):
        merge_exports([other.export], register, tmp_path / "records", require_pdfs=False)
