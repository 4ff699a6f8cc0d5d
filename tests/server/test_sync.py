"""A laptop sends its register to the server: real signed records checked before they go, sent
once, resumable; history rewritten on the server by an administrator is named by ``register
verify --server`` and makes the laptop's next sync refuse."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_register_backends import make_entry, pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from report_records import file_signed, make_record, make_signer  # noqa: E402

from isp_wizard.errors import SyncRefusedError  # noqa: E402
from isp_wizard.services.sync import not_yet_sent, sync_register  # noqa: E402
from isp_wizard.store.register import open_register  # noqa: E402


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_signer(tmp_path_factory.mktemp("signer"))


def _file_real(home: Path, signer, count: int, day: int = 1) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    with open_register(home / "data" / "register.sqlite") as register:
        for i in range(count):
            record = make_record(tree_id="demo", decision="share", partner_id="council",
                                 created=dt.datetime(2026, 2, day + i, tzinfo=dt.UTC))
            file_signed(record, signer, register, home / "data" / "records")
            ids.append(record.record_id)
    return ids


def test_sync_checks_sends_once_and_counts_what_is_not_yet_sent(pg_db, isolated_home: Path,  # type: ignore[no-untyped-def]
                                                                 signer) -> None:
    ids = _file_real(isolated_home, signer, 3)
    local_path = isolated_home / "data" / "register.sqlite"
    with open_register(local_path) as local:
        assert not_yet_sent(local) == 3  # type: ignore[arg-type]
    untrusted = cli("register", "sync", "--server", pg_db.url())
    assert untrusted.returncode == 1  # the signer's identity is self-made: no anchor vouches
    assert ": untrusted: signed by Marigold Fairweather" in untrusted.stdout
    done = cli("register", "sync", "--server", pg_db.url(), "--allow-untrusted")
    assert done.returncode == 0, done.stderr
    assert "Sent 3 of 3 entries" in done.stdout and "3 signatures checked" in done.stdout
    assert "UNTRUSTED: 3 entries" in done.stdout
    with pg_db.open("ig_auditor") as server:
        entries = list(server.entries())
        assert [e.record_id for e in entries] == ids
        assert server.verify(server.pdfs) == []
        with open_register(local_path) as local:
            assert not_yet_sent(local) == 0  # type: ignore[arg-type]
            laptop_id = local.info()["register_id"]
            for mine, theirs in zip(local.entries(), entries, strict=True):
                assert theirs.source.startswith(f"laptop register {laptop_id}; checked: "
                                                "Marigold Fairweather (certificate ")
                assert (theirs.decision, theirs.pdf_sha256) == (mine.decision, mine.pdf_sha256)
                assert server.pdfs.read(theirs) == \
                    (isolated_home / "data" / "records" / mine.pdf_path).read_bytes()
    again = cli("register", "sync", "--server", pg_db.url(), "--allow-untrusted")
    assert again.returncode == 0 and "Sent 0 of 0 entries" in again.stdout
    assert "3 were there already" in again.stdout
    _file_real(isolated_home, signer, 1, day=10)
    with open_register(local_path) as local:
        assert not_yet_sent(local) == 1  # type: ignore[arg-type]
    third = cli("register", "sync", "--server", pg_db.url(), "--allow-untrusted")
    assert "Sent 1 of 1 entries" in third.stdout and "0 signatures" not in third.stdout
    shown = cli("register", "list", "--server", pg_db.url("police_user"))
    assert shown.returncode == 0 and "0 records" in shown.stdout  # another organisation's
    demo = ROOT / "tests" / "fixtures" / "demo-rules"
    for who, count in (("ig_auditor", 4), ("council_other", 4), ("police_user", 0)):
        out = isolated_home / f"report-{who}.pdf"
        made = cli("--rules", demo, "report", "--from", "2026-01-01", "--to", "2026-03-31",
                   "--out", out, "--server", pg_db.url(who))
        assert made.returncode == 0, made.stderr
        assert made.stdout.startswith(f"Wrote {out}: {count} records from 2026-01-01")
        assert "could not be read" not in made.stderr  # each record's details read from the server
    verified = cli("register", "verify", "--server", pg_db.url("ig_auditor"))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_an_entry_that_fails_its_checks_is_not_sent_nor_anything_after_it(  # type: ignore[no-untyped-def]
        pg_db, isolated_home: Path, signer) -> None:
    ids = _file_real(isolated_home, signer, 3)
    records = isolated_home / "data" / "records"
    with open_register(isolated_home / "data" / "register.sqlite") as local:
        pdf = records / next(e.pdf_path for e in local.entries() if e.record_id == ids[1])
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended")
    done = cli("register", "sync", "--server", pg_db.url(), "--allow-untrusted")
    assert done.returncode == 1
    assert f"{ids[1]}: pdf-altered" in done.stdout
    with pg_db.open() as server:
        assert [e.record_id for e in server.entries()] == []  # the batch went whole or not at all


def test_an_entry_that_does_not_say_what_the_signed_record_says_is_refused(  # type: ignore[no-untyped-def]
        pg_db, isolated_home: Path, signer) -> None:
    from dataclasses import replace

    from report_records import sign_record

    from isp_wizard.store.pdfcheck import file_sha256
    from isp_wizard.store.register import entry_from_record

    record = make_record(tree_id="demo", decision="do_not_share",
                         created=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    records = isolated_home / "data" / "records"
    pdf = sign_record(record, signer, records / f"{record.record_id}.pdf")
    forged = replace(entry_from_record(record, pdf_path=pdf.name, pdf_sha256=file_sha256(pdf)),
                     decision="share")  # the register says share; the signed record does not
    with open_register(isolated_home / "data" / "register.sqlite") as local:
        local.append(forged)
    done = cli("register", "sync", "--server", pg_db.url(), "--allow-untrusted")
    assert done.returncode == 1 and f"{record.record_id}: signature: " in done.stdout
    assert "decision" in done.stdout


def _laptop(folder: Path, count: int, start: int = 0):  # type: ignore[no-untyped-def]
    """A laptop register of synthetic entries (their PDFs are not signed records: these tests
    are about the chain and the server, so the signature check is left out)."""
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    local = open_register(folder / "register.sqlite", records_dir=records)
    for i in range(start, start + count):
        (records / f"rec-{i:04d}.pdf").write_bytes(pdf_bytes(i))
        local.append(make_entry(i))
    return local, records


TAMPERING = {
    "edited": ["UPDATE isp.entries SET decision = 'share' WHERE record_id = 'rec-0002'"],
    "deleted": ["DELETE FROM isp.entries WHERE record_id = 'rec-0002'"],
    "reordered": ["UPDATE isp.entries SET seq = -seq WHERE seq IN (2, 3)",
                  "UPDATE isp.entries SET seq = 3 WHERE seq = -2",
                  "UPDATE isp.entries SET seq = 2 WHERE seq = -3"],
    "rewritten": ["DELETE FROM isp.entries WHERE seq >= 2"],  # then chained again below
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_history_rewritten_on_the_server_is_named_and_stops_the_next_sync(  # type: ignore[no-untyped-def]
        pg_db, tmp_path: Path, how: str) -> None:
    local, records = _laptop(tmp_path / "laptop", 5)
    with local, pg_db.open() as server:
        assert sync_register(local, records, server, check_signatures=False).sent == 5
    with pg_db.superuser() as su:
        su.execute("ALTER TABLE isp.entries DISABLE TRIGGER append_only")
        for statement in TAMPERING[how]:
            su.execute(statement)
    if how == "rewritten":  # a careful forger chains the later entries again, head and all
        with pg_db.superuser() as su:
            su.execute("UPDATE isp.head SET count = 1, hash = (SELECT entry_hash FROM "
                       "isp.entries WHERE seq = 1)")
        with pg_db.open() as server:
            for i in (1, 2, 3, 4):
                changed = make_entry(i, decision="share") if i == 2 else make_entry(i)
                server.append(changed, pdf_bytes(i))
    # the PDFs here are not signed records, so the chain alone is verified
    verified = cli("register", "verify", "--chain-only", "--server", pg_db.url("ig_auditor"))
    if how == "rewritten":
        assert verified.returncode == 0  # the chain is whole again: only the laptops can tell
    else:
        assert verified.returncode == 1, verified.stderr
        assert "rec-0002: edited" in verified.stdout if how == "edited" else \
            "rec-0003: deleted" in verified.stdout if how == "deleted" else \
            "reordered" in verified.stdout
    local, records = _laptop(tmp_path / "laptop", 1, start=7)
    with local, pg_db.open() as server, \
            pytest.raises(SyncRefusedError, match="no longer extends the history this laptop "
                                                  "saw"):
        sync_register(local, records, server, check_signatures=False)
    with pg_db.open("ig_auditor") as server:
        assert "rec-0007" not in {e.record_id for e in server.entries()}


def test_a_countersigned_record_is_sent_with_its_event_and_current_pdf(  # type: ignore[no-untyped-def]
        pg_db, tmp_path: Path) -> None:
    import hashlib
    from dataclasses import replace

    from isp_wizard.store.register import COUNTERSIGNATURE

    local, records = _laptop(tmp_path / "laptop", 2)
    with local:
        first = local.get("rec-0000")
        assert first is not None
        signed = pdf_bytes(0, version=1)
        (records / first.pdf_path).write_bytes(signed)
        local.append(replace(first, kind=COUNTERSIGNATURE, prev_pdf_sha256=first.pdf_sha256,
                             pdf_sha256=hashlib.sha256(signed).hexdigest(), prev_hash="",
                             entry_hash=""))
        assert local.verify(records) == []
        with pg_db.open() as server:
            assert sync_register(local, records, server, check_signatures=False).sent == 3
            assert [e.kind for e in server.history("rec-0000")] == ["", COUNTERSIGNATURE]
            assert server.verify(server.pdfs) == []
            assert server.pdfs.read(server.history("rec-0000")[-1]) == signed
