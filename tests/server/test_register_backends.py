"""One register test suite, run against both backends: the laptop's SQLite file and the
partnership's PostgreSQL server (a real one, logged in as a practitioner's role). What the app
relies on cannot drift between them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from isp_wizard.errors import RegisterError
from isp_wizard.store.chain import GENESIS, check_chain
from isp_wizard.store.register import (
    COUNTERSIGNATURE,
    Register,
    RegisterEntry,
    RegisterFilter,
    open_register,
)


def pdf_bytes(i: int, version: int = 0) -> bytes:
    return b"%PDF-1.7\n" + f"record {i} version {version}\n".encode() * 40


def make_entry(i: int, **changes: object) -> RegisterEntry:
    entry = RegisterEntry(
        record_id=f"rec-{i:04d}", created_utc=f"2026-03-{1 + i % 28:02d}T09:30:00Z",
        tree_id="s115" if i % 2 else "prevent", tree_version="1.0.0", tree_sha256="c" * 64,
        decision=("share", "do_not_share", "seek_advice")[i % 3],
        case_reference=f"CSP/2026/{i:03d}", practitioner="Zoë Ellis (Prevent lead, Police)",
        review_date=f"2026-0{4 + i % 5}-01", pdf_path=f"rec-{i:04d}.pdf",
        pdf_sha256=hashlib.sha256(pdf_bytes(i)).hexdigest())
    return replace(entry, **changes)  # type: ignore[arg-type]


@dataclass
class Backend:
    name: str
    register: Register
    file: Callable[[RegisterEntry, bytes], RegisterEntry]
    alter_pdf: Callable[[RegisterEntry], None]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        records = tmp_path / "records"
        records.mkdir()
        reg = open_register(tmp_path / "register.sqlite", records_dir=records)

        def file(entry: RegisterEntry, data: bytes) -> RegisterEntry:
            (records / entry.pdf_path).write_bytes(data)
            return reg.append(entry)

        def alter(entry: RegisterEntry) -> None:
            (records / entry.pdf_path).write_bytes(b"%PDF altered")

        with reg:
            yield Backend("sqlite", reg, file, alter)
        return
    db = request.getfixturevalue("pg_db")
    reg = db.open("council_user")

    def alter_on_server(entry: RegisterEntry) -> None:
        with db.superuser() as su:
            su.execute("ALTER TABLE isp.pdfs DISABLE TRIGGER append_only")
            su.execute("ALTER TABLE isp.pdfs DROP CONSTRAINT pdfs_check")
            su.execute("UPDATE isp.pdfs SET content = 'altered' WHERE sha256 = %s",
                       (entry.pdf_sha256,))

    with reg:
        yield Backend("postgres", reg, lambda e, data: reg.append(e, data), alter_on_server)


def test_append_chains_and_reads_back(backend: Backend) -> None:
    reg = backend.register
    assert isinstance(reg, Register)
    first = backend.file(make_entry(1, case_reference="Zoë/ŁÓDŹ/1"), pdf_bytes(1))
    second = backend.file(make_entry(2), pdf_bytes(2))
    assert first.prev_hash == GENESIS and second.prev_hash == first.entry_hash
    assert reg.get("rec-0001") == first and reg.get("nope") is None
    assert [e.record_id for e in reg.entries()] == ["rec-0001", "rec-0002"]
    head = reg.head()
    assert head is not None and (head.count, head.hash) == (2, second.entry_hash)
    assert reg.verify(reg.pdfs) == []
    assert reg.info()["register_id"]


def test_a_record_is_filed_once(backend: Backend) -> None:
    backend.file(make_entry(1), pdf_bytes(1))
    with pytest.raises(RegisterError, match="already in the register"):
        backend.file(make_entry(1), pdf_bytes(1))
    assert len(list(backend.register.entries())) == 1
    assert backend.register.verify(backend.register.pdfs) == []


def test_list_filters_due_and_history(backend: Backend) -> None:
    reg = backend.register
    for i in range(12):
        backend.file(make_entry(i), pdf_bytes(i))
    assert len(reg.records()) == 12
    assert {e.tree_id for e in reg.records(RegisterFilter(tree="s115"))} == {"s115"}
    assert {e.decision for e in reg.records(RegisterFilter(decision="share"))} == {"share"}
    assert [e.record_id for e in reg.records(RegisterFilter(case="csp/2026/01"))] == \
        [f"rec-{i:04d}" for i in (10, 11)]
    assert len(reg.records(RegisterFilter(since=dt.date(2026, 3, 10)))) == \
        sum(1 for i in range(12) if 1 + i % 28 >= 10)
    due = reg.due(dt.date(2026, 5, 1))
    assert [e.review_date for e in due] == sorted(e.review_date for e in due)
    assert {e.record_id for e in due} == {f"rec-{i:04d}" for i in range(12) if 4 + i % 5 <= 5}
    assert [e.record_id for e in reg.history("rec-0003")] == ["rec-0003"]


def test_a_countersignature_follows_the_current_pdf(backend: Backend) -> None:
    reg = backend.register
    filed = backend.file(make_entry(1), pdf_bytes(1))
    new_pdf = pdf_bytes(1, version=1)
    event = replace(filed, kind=COUNTERSIGNATURE, prev_pdf_sha256=filed.pdf_sha256,
                    pdf_sha256=hashlib.sha256(new_pdf).hexdigest(),
                    practitioner="Ann Lead (Manager, Police)", prev_hash="", entry_hash="")
    stale = replace(event, prev_pdf_sha256="0" * 64)
    with pytest.raises(RegisterError, match="changed since it was read"):
        backend.file(stale, new_pdf)
    backend.file(event, new_pdf)
    assert [e.kind for e in reg.history("rec-0001")] == ["", COUNTERSIGNATURE]
    assert reg.current_pdf_sha256("rec-0001") == event.pdf_sha256
    assert reg.get("rec-0001") == filed and len(reg.records()) == 1
    assert reg.verify(reg.pdfs) == []
    orphan = replace(event, record_id="rec-0999")
    with pytest.raises(RegisterError, match="not in the register"):
        backend.file(orphan, new_pdf)


def test_verify_finds_an_altered_pdf(backend: Backend) -> None:
    reg = backend.register
    backend.file(make_entry(1), pdf_bytes(1))
    second = backend.file(make_entry(2), pdf_bytes(2))
    backend.alter_pdf(second)
    assert [(f.record_id, f.kind) for f in reg.verify(reg.pdfs)] == [("rec-0002", "pdf-altered")]
    assert reg.verify(None) == []  # the chain itself is whole


def test_exports_carry_the_chain(backend: Backend, tmp_path: Path) -> None:
    from isp_wizard.store.exports import read_json_export

    reg = backend.register
    for i in range(5):
        backend.file(make_entry(i), pdf_bytes(i))
    assert reg.export_json(tmp_path / "out.json") == 5
    export = read_json_export(tmp_path / "out.json")
    assert export.check() == [] and export.entries == list(reg.entries())
    assert export.register["register_id"] == reg.info()["register_id"]
    assert reg.export_csv(tmp_path / "out.csv") == 5
    assert "CSP/2026/004" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert json.loads((tmp_path / "out.json").read_text())["head"]["count"] == 5
    assert check_chain(list(reg.entries()), reg.head()) == []


def test_merge_of_an_export_works_into_either(backend: Backend, tmp_path: Path) -> None:
    import uuid

    from isp_wizard.services.merge import merge_exports

    laptop = tmp_path / "laptop"
    (laptop / "records").mkdir(parents=True)
    with open_register(laptop / "r.sqlite") as reg:
        for i in range(3):
            rid = str(uuid.uuid4())
            (laptop / "records" / f"{rid}.pdf").write_bytes(pdf_bytes(i))
            reg.append(make_entry(i, record_id=rid, pdf_path=f"{rid}.pdf"))
        reg.export_json(laptop / "records" / "export.json")
    into = backend.register
    records = Path(into.pdfs.location) if backend.name == "sqlite" else None  # type: ignore
    result = merge_exports([laptop / "records" / "export.json"], into, records,
                           check_signatures=False)
    assert (result.added, result.refused) == (3, [])
    assert into.verify(into.pdfs) == []
    again = merge_exports([laptop / "records" / "export.json"], into, records,
                          check_signatures=False)
    assert (again.added, again.duplicates) == (0, 3)
    assert all(e.source.startswith("register ") for e in into.entries())


def test_any_text_is_kept_exactly_and_hashed_by_the_apps_rule(backend: Backend) -> None:
    """The server makes each hash itself (``isp.entry_hash``): it must match the app's rule
    for quotes, backslashes, control characters, non-ASCII and astral characters."""
    awkward = ('Zoë "quoted" \\ back\nnew\ttab\r\b\f\x01\x1f\x7f — ŁÓDŹ 𝄞 \u2028 \u00a0 '
               "<script>&amp; 'single' / ☃ 東京")
    entry = make_entry(1, case_reference=awkward, practitioner=awkward[::-1],
                       source=awkward[:7], review_date="")
    filed = backend.file(entry, pdf_bytes(1))
    got = backend.register.get("rec-0001")
    assert got == filed and got.case_reference == awkward
    assert backend.register.verify(backend.register.pdfs) == []
