"""``isp-wizard drafts …`` and ``isp-wizard register …`` run as a user would, on real files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 4, 1, 10, 45, tzinfo=dt.UTC)


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ISP_WIZARD_RULES_DIR=str(DEMO))
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


def file_one(tmp_path: Path, answers: dict[str, str], case: str, *, training: bool = False,
             review: dt.date | None = None) -> str:
    from reportlab.pdfgen.canvas import Canvas

    from isp_wizard.engine.walk import walk
    from isp_wizard.paths import locations
    from isp_wizard.record.model import Practitioner, RecordDetails, build_record
    from isp_wizard.rulepack import load_pack
    from isp_wizard.services.filing import file_record

    pack = load_pack(DEMO)
    session = walk(pack.tree("demo"), answers, pack.partners)
    record = build_record(session, pack, RecordDetails(case_reference=case, review_date=review),
                          Practitioner(name="Tom Ellis", role="Prevent lead",
                                       organisation="Police"), training=training, now=NOW)
    pdf = tmp_path / f"{case.replace('/', '-')}.pdf"
    canvas = Canvas(str(pdf))
    canvas.drawString(72, 720, f"Record {record.record_id}")
    canvas.save()
    file_record(record, pdf, locations=locations(), training=training)
    return record.record_id


@pytest.fixture
def filed(tmp_path: Path) -> dict[str, str]:
    return {
        "share": file_one(tmp_path, {"emergency": "no", "purpose": "yes", "what": "Address"},
                          "CSP/2026/0042", review=dt.date(2026, 6, 1)),
        "refused": file_one(tmp_path, {"emergency": "no", "purpose": "no"}, "CSP/2026/0043"),
        "training": file_one(tmp_path, {"emergency": "yes"}, "TRAIN/1", training=True),
    }


def test_list_show_and_filters(filed: dict[str, str]) -> None:
    listed = cli("register", "list")
    assert listed.returncode == 0, listed.stderr
    assert filed["share"] in listed.stdout and filed["refused"] in listed.stdout
    assert filed["training"] not in listed.stdout and "2 records" in listed.stdout
    narrowed = cli("register", "list", "--decision", "do_not_share", "--case", "2026/00")
    assert filed["refused"] in narrowed.stdout and filed["share"] not in narrowed.stdout
    training = cli("--training", "register", "list")
    assert filed["training"] in training.stdout and filed["share"] not in training.stdout
    shown = cli("register", "show", filed["share"])
    assert shown.returncode == 0 and "CSP/2026/0042" in shown.stdout
    assert f"{filed['share']}.pdf" in shown.stdout and "Tom Ellis (Prevent lead, Police)" in \
        shown.stdout
    missing = cli("register", "show", "no-such-record")
    assert missing.returncode == 2 and missing.stderr.startswith("isp-wizard: ")
    bad = cli("register", "list", "--since", "last tuesday")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_verify_is_clean_until_a_pdf_is_altered(filed: dict[str, str]) -> None:
    from isp_wizard.paths import locations

    clean = cli("register", "verify", "--hashes-only")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "2 records verified" in clean.stdout
    # these PDFs were filed by hand, unsigned: the full check sees they hold no signed record
    full = cli("register", "verify")
    assert full.returncode == 1
    assert f"{filed['refused']}: not-as-signed: the PDF is not a record that verifies" \
        in full.stdout
    pdf = locations().records_dir / f"{filed['refused']}.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit changed in the middle of the signed file
    pdf.write_bytes(bytes(data))
    found = cli("register", "verify", "--hashes-only")
    assert found.returncode == 1
    assert f"{filed['refused']}: pdf-altered" in found.stdout
    assert cli("register", "verify", "--chain-only").returncode == 0
    one = cli("register", "verify", "--record", filed["refused"])  # what Verify selected runs
    assert one.returncode == 1 and "Result: ALTERED — the signed PDF has changed since it " \
        "was filed" in one.stdout and filed["share"] not in one.stdout
    other = cli("register", "verify", "--record", filed["share"])  # unsigned, but as filed
    assert other.returncode == 1 and "Result: ALTERED — the PDF is not a record that " \
        "verifies" in other.stdout
    unknown = cli("register", "verify", "--record", "no-such-record")
    assert unknown.returncode == 2 and "Result: NOT CHECKED — no-such-record is not in the " \
        "register" in unknown.stdout
    both = cli("register", "verify", "--record", filed["refused"], "--chain-only")
    assert both.returncode == 2 and "cannot be combined" in both.stderr
    assert cli("--training", "register", "verify", "--hashes-only").returncode == 0


def test_verify_names_an_edited_row(filed: dict[str, str]) -> None:
    from isp_wizard.paths import locations

    conn = sqlite3.connect(locations().register_path)
    conn.execute("UPDATE entries SET decision = 'share' WHERE record_id = ?", (filed["refused"],))
    conn.commit()
    conn.close()
    found = cli("register", "verify")
    assert found.returncode == 1 and f"{filed['refused']}: edited" in found.stdout


def test_exports_and_due(filed: dict[str, str], tmp_path: Path) -> None:
    from isp_wizard.store.exports import read_json_export

    out = tmp_path / "register.json"
    exported = cli("register", "export", "--json", out)
    assert exported.returncode == 0 and "Exported 2 records" in exported.stdout
    document = read_json_export(out)
    assert [e.record_id for e in document.entries] == [filed["share"], filed["refused"]]
    assert document.check() == []
    csv_out = tmp_path / "register.csv"
    assert cli("register", "export", "--csv", csv_out).returncode == 0
    assert "CSP/2026/0043" in csv_out.read_text(encoding="utf-8-sig")
    assert cli("register", "export", "--csv", csv_out, "--json", out).returncode == 2
    due = cli("register", "due", "--today", "2026-06-01")
    assert due.returncode == 0 and filed["share"] in due.stdout and filed["refused"] not in \
        due.stdout
    assert "No reviews due" in cli("register", "due", "--today", "2026-05-31").stdout


def test_an_empty_register() -> None:
    listed = cli("register", "list")
    assert listed.returncode == 0 and "no records yet" in listed.stdout
    assert cli("register", "verify").returncode == 0


def test_bad_register_files_are_refused_untouched() -> None:
    from isp_wizard.paths import locations

    path = locations().register_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Minutes of the partnership meeting\n" * 40, encoding="utf-8")
    before = path.read_bytes()
    for command in (("register", "list"), ("register", "verify"),
                    ("register", "export", "--json", path.with_name("out.json"))):
        result = cli(*command)
        assert result.returncode == 2, command
        assert result.stderr.startswith("isp-wizard: ") and "Traceback" not in result.stderr
        assert "not a register" in result.stderr
    assert path.read_bytes() == before
    path.unlink()
    from isp_wizard.store.register import open_register

    open_register(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = path.read_bytes()
    newer = cli("register", "list")
    assert newer.returncode == 2 and "newer version" in newer.stderr
    assert path.read_bytes() == before


def test_drafts_list_show_discard() -> None:
    from isp_wizard.engine.session import Session
    from isp_wizard.paths import locations
    from isp_wizard.rulepack import load_pack
    from isp_wizard.store.drafts import DraftStore

    pack = load_pack(DEMO)
    store = DraftStore(locations().drafts_dir)
    session = Session(pack.tree("demo"), pack.partners)
    session.answer("no")
    draft_id = store.save(session, details={"case_reference": "CSP/2026/0050"})
    (locations().drafts_dir / "broken.json").write_text("{not json", encoding="utf-8")

    listed = cli("drafts", "list")
    assert listed.returncode == 0
    assert draft_id in listed.stdout and "CSP/2026/0050" in listed.stdout
    assert "broken.json" in listed.stderr and "quarantine" in listed.stderr
    shown = cli("drafts", "show", draft_id)
    assert shown.returncode == 0, shown.stderr
    assert "Is anyone at immediate risk of serious harm?" in shown.stdout
    assert "Is there a clear and legitimate purpose for sharing?" in shown.stdout  # what's next
    assert cli("drafts", "discard", draft_id).returncode == 0
    assert "No saved drafts" in cli("drafts", "list").stdout
    gone = cli("drafts", "show", draft_id)
    assert gone.returncode == 2 and gone.stderr.startswith("isp-wizard: ")


def test_a_locked_register_is_reported_not_waited_on_for_ever(filed: dict[str, str]) -> None:
    from isp_wizard.paths import locations

    path = locations().register_path
    holder = sqlite3.connect(path, isolation_level=None)
    mode = holder.execute("PRAGMA journal_mode=DELETE").fetchone()[0]  # as another program
    assert mode == "delete"                                              # might leave it
    before = path.read_bytes()  # (read before locking: closing a file drops POSIX locks)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = cli("register", "list")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert locked.returncode == 2 and "locked" in locked.stderr
    assert locked.stderr.startswith("isp-wizard: ") and "Traceback" not in locked.stderr
    assert path.read_bytes() == before
    assert cli("register", "list").returncode == 0


def test_terminal_controls_in_the_register_are_printed_as_escapes(tmp_path: Path) -> None:
    """The app refuses such a case reference, but a register edited by hand, or written by an
    older version, may hold one."""
    from isp_wizard.paths import locations
    from isp_wizard.store.register import RegisterEntry, open_register

    case = "CASE\x1b[2J\x1b[31m-RED\x07\u202eevil"
    record_id = "0f0f0f0f-0000-4000-8000-000000000001"
    with open_register(locations().register_path) as register:
        register.append(RegisterEntry(record_id=record_id, created_utc="2026-05-01T09:00:00Z",
                                      tree_id="demo", tree_version="1.0.0", tree_sha256="0" * 64,
                                      decision="share", case_reference=case,
                                      pdf_path=f"{record_id}.pdf", pdf_sha256="0" * 64))
    for args in (("register", "list"), ("register", "show", record_id)):
        done = cli(*args)
        assert done.returncode == 0, done.stderr
        assert not {"\x1b", "\x07", "\u202e"} & set(done.stdout), done.stdout
        assert "CASE<U+001B>[2J<U+001B>[31m-RED<U+0007><U+202E>evil" in done.stdout
