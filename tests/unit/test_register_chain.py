"""Tamper tests: each kind of change to a real register file is found and named by record id."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.store.chain import GENESIS, ChainHead, check_chain, entry_hash
from isp_wizard.store.exports import read_json_export
from isp_wizard.store.register import RegisterEntry, open_register


def make_entry(i: int, **changes: object) -> RegisterEntry:
    entry = RegisterEntry(
        record_id=f"rec-{i:04d}", created_utc=f"2026-02-{1 + i % 28:02d}T10:00:00Z",
        tree_id="s115", tree_version="1.0.0", tree_sha256="a" * 64, decision="share",
        case_reference=f"CSP/{i}", practitioner="Asha Patel (ASB officer, Council)",
        pdf_path=f"rec-{i:04d}.pdf", pdf_sha256=hashlib.sha256(b"%d" % i).hexdigest(),
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


@pytest.fixture
def reg_path(tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite"
    with open_register(path) as reg:
        for i in range(6):
            reg.append(make_entry(i))
    return path


def write_pdf(path: Path, text: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.drawString(72, 720, text)
    canvas.save()


def tamper(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    conn = sqlite3.connect(path)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def findings(path: Path) -> list[tuple[str, str]]:
    with open_register(path) as reg:
        return [(f.record_id, f.kind) for f in reg.verify(None)]


def row(path: Path, record_id: str) -> RegisterEntry:
    with open_register(path) as reg:
        entry = reg.get(record_id)
    assert entry is not None
    return entry


def test_a_clean_register_has_no_findings(reg_path: Path) -> None:
    assert findings(reg_path) == []


def test_the_chain_links_each_entry_to_the_one_before(reg_path: Path) -> None:
    with open_register(reg_path) as reg:
        entries = list(reg.entries())
        head = reg.head()
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    assert head is not None and head.count == 6 and head.hash == entries[-1].entry_hash
    assert all(entry_hash(e, e.prev_hash) == e.entry_hash for e in entries)


def test_an_edited_row_is_named(reg_path: Path) -> None:
    tamper(reg_path, ("UPDATE entries SET decision = 'do_not_share' WHERE record_id = ?",
                      ("rec-0002",)))
    assert findings(reg_path) == [("rec-0002", "edited")]


@pytest.mark.parametrize("column, value", [("case_reference", "CSP/999"),
                                           ("review_date", "2030-01-01"), ("training", 1),
                                           ("pdf_sha256", "0" * 64)])
def test_any_content_column_counts_as_an_edit(reg_path: Path, column: str, value: object) -> None:
    tamper(reg_path, (f"UPDATE entries SET {column} = ? WHERE record_id = 'rec-0004'", (value,)))
    assert findings(reg_path) == [("rec-0004", "edited")]


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(reg_path: Path) -> None:
    forged = replace(row(reg_path, "rec-0002"), case_reference="CSP/other")
    new_hash = entry_hash(forged, forged.prev_hash)
    tamper(reg_path, ("UPDATE entries SET case_reference = ?, entry_hash = ? WHERE record_id = ?",
                      ("CSP/other", new_hash, "rec-0002")))
    found = findings(reg_path)
    assert found == [("rec-0003", "deleted")]
    with open_register(reg_path) as reg:
        assert "rec-0002" in reg.verify(None)[0].message


def test_a_deleted_row_is_found_at_the_next_record(reg_path: Path) -> None:
    tamper(reg_path, ("DELETE FROM entries WHERE record_id = ?", ("rec-0003",)))
    assert findings(reg_path) == [("rec-0004", "deleted")]


def test_the_first_row_deleted(reg_path: Path) -> None:
    tamper(reg_path, ("DELETE FROM entries WHERE record_id = ?", ("rec-0000",)))
    assert findings(reg_path) == [("rec-0001", "deleted")]


def test_the_last_row_deleted_is_found_by_the_recorded_head(reg_path: Path) -> None:
    tamper(reg_path, ("DELETE FROM entries WHERE record_id = ?", ("rec-0005",)))
    found = findings(reg_path)
    assert found == [("rec-0004", "deleted")]


def test_a_row_inserted_in_the_middle_is_named(reg_path: Path) -> None:
    before = row(reg_path, "rec-0002")
    forged = make_entry(77, prev_hash=before.entry_hash)
    forged = replace(forged, entry_hash=entry_hash(forged, before.entry_hash))
    seq = 3  # rec-0002 has seq 3; rec-0003 seq 4
    values = forged.to_json()
    tamper(reg_path,
           ("UPDATE entries SET seq = seq + 1000 WHERE seq > ?", (seq,)),
           (f"INSERT INTO entries (seq, {', '.join(values)}) VALUES "
            f"({', '.join('?' * (len(values) + 1))})", (seq + 1, *values.values())))
    assert findings(reg_path) == [("rec-0077", "inserted")]


def test_a_row_appended_behind_the_apps_back_is_named(reg_path: Path) -> None:
    last = row(reg_path, "rec-0005")
    forged = make_entry(88, prev_hash=last.entry_hash)
    forged = replace(forged, entry_hash=entry_hash(forged, last.entry_hash))
    values = forged.to_json()
    tamper(reg_path, (f"INSERT INTO entries ({', '.join(values)}) VALUES "
                      f"({', '.join('?' * len(values))})", tuple(values.values())))
    assert findings(reg_path) == [("rec-0088", "inserted")]


def test_reordered_rows_are_named(reg_path: Path) -> None:
    tamper(reg_path,
           ("UPDATE entries SET seq = 100 WHERE record_id = 'rec-0001'", ()),
           ("UPDATE entries SET seq = 2 WHERE record_id = 'rec-0003'", ()),
           ("UPDATE entries SET seq = 4 WHERE record_id = 'rec-0001'", ()))
    found = findings(reg_path)
    assert found and {kind for _, kind in found} == {"reordered"}
    assert {rid for rid, _ in found} <= {"rec-0001", "rec-0002", "rec-0003"}


def test_a_row_moved_to_the_end_is_named(reg_path: Path) -> None:
    tamper(reg_path, ("UPDATE entries SET seq = 100 WHERE record_id = 'rec-0001'", ()))
    assert findings(reg_path) == [("rec-0001", "reordered")]


def test_findings_for_several_changes_at_once(reg_path: Path) -> None:
    tamper(reg_path,
           ("UPDATE entries SET decision = 'seek_advice' WHERE record_id = 'rec-0001'", ()),
           ("DELETE FROM entries WHERE record_id = 'rec-0004'", ()))
    assert findings(reg_path) == [("rec-0001", "edited"), ("rec-0005", "deleted")]


def test_pdfs_altered_missing_and_unregistered(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    path = tmp_path / "register.sqlite"
    with open_register(path) as reg:
        for i in range(3):
            pdf = records / f"rec-{i:04d}.pdf"
            write_pdf(pdf, f"Record {i}")
            reg.append(make_entry(i, pdf_sha256=hashlib.sha256(pdf.read_bytes()).hexdigest()))
        assert reg.verify(records) == []
        write_pdf(records / "rec-0000.pdf", "Record 0, altered")
        (records / "rec-0001.pdf").unlink()
        write_pdf(records / "stray.pdf", "Not filed")
        found = [(f.record_id, f.kind) for f in reg.verify(records)]
    assert found == [("rec-0000", "pdf-altered"), ("rec-0001", "pdf-missing"),
                     ("stray", "unregistered-pdf")]


def test_a_json_export_carries_a_chain_that_can_be_checked(reg_path: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    with open_register(reg_path) as reg:
        assert reg.export_json(out) == 6
        register_id = reg.info()["register_id"]
    exported = read_json_export(out)
    assert exported.register["register_id"] == register_id
    assert len(exported.entries) == 6 and exported.check() == []
    document = json.loads(out.read_text(encoding="utf-8"))
    document["entries"][2]["decision"] = "do_not_share"
    del document["entries"][4]
    out.write_text(json.dumps(document), encoding="utf-8")
    found = [(f.record_id, f.kind) for f in read_json_export(out).check()]
    assert found == [("rec-0002", "edited"), ("rec-0005", "deleted")]


def test_forged_rows_that_point_at_each_other_do_not_hang_the_check() -> None:
    a, b = make_entry(1), make_entry(2)
    a = replace(a, prev_hash="b" * 64, entry_hash="a" * 64)
    b = replace(b, prev_hash="a" * 64, entry_hash="b" * 64)
    found = check_chain([a, b], None)
    assert {f.kind for f in found} >= {"edited"}


# --- any tampering at all is found ---------------------------------------------------------

def chained(count: int) -> list[RegisterEntry]:
    entries, prev = [], GENESIS
    for i in range(count):
        entry = make_entry(i, prev_hash=prev)
        entry = replace(entry, entry_hash=entry_hash(entry, prev))
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def apply(entries: list[RegisterEntry], op: tuple[str, int, bool]) -> list[RegisterEntry]:
    kind, at, rehash = op
    at %= len(entries)
    out = list(entries)
    if kind == "edit":
        changed = replace(out[at], case_reference=out[at].case_reference + "x")
        if rehash:
            changed = replace(changed, entry_hash=entry_hash(changed, changed.prev_hash))
        out[at] = changed
    elif kind == "delete":
        del out[at]
    elif kind == "swap" and len(out) > 1:
        j = (at + 1) % len(out)
        out[at], out[j] = out[j], out[at]
    elif kind == "insert":
        prev = out[at - 1].entry_hash if at else GENESIS
        forged = make_entry(900 + at, prev_hash=prev)
        out.insert(at, replace(forged, entry_hash=entry_hash(forged, prev)))
    elif kind == "append":
        forged = make_entry(990, prev_hash=out[-1].entry_hash)
        out.append(replace(forged, entry_hash=entry_hash(forged, out[-1].entry_hash)))
    return out


@settings(max_examples=300, deadline=None)
@given(count=st.integers(1, 12),
       ops=st.lists(st.tuples(st.sampled_from(["edit", "delete", "swap", "insert", "append"]),
                              st.integers(0, 50), st.booleans()), min_size=1, max_size=3))
def test_every_tampering_is_found(count: int, ops: list[tuple[str, int, bool]]) -> None:
    original = chained(count)
    head = ChainHead(count, original[-1].entry_hash)
    assert check_chain(original, head) == []
    tampered = original
    for op in ops:
        if not tampered:
            break
        tampered = apply(tampered, op)
    if [e.to_json() for e in tampered] == [e.to_json() for e in original]:
        return  # e.g. a swap of a one-entry register
    found = check_chain(tampered, head)
    assert found, f"nothing found after {ops}"
    ids = {e.record_id for e in tampered}
    assert all(f.record_id in ids or f.record_id == "" for f in found)


def test_removing_the_recorded_head_is_itself_a_finding(reg_path: Path) -> None:
    tamper(reg_path, ("DELETE FROM meta WHERE key IN ('head_hash', 'head_count')", ()),
           ("DELETE FROM entries WHERE record_id = 'rec-0005'", ()))
    assert findings(reg_path) == [("", "head-missing")]
