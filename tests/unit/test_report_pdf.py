"""The monitoring report end to end: real signed records in a real register, a real PDF read back
with pdftotext and checked with qpdf, and no personal data in it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from report_records import SECRETS, file_signed, make_record, make_signer

from isp_wizard.services.monitoring import make_monitoring_report
from isp_wizard.store.register import open_register

FIXTURE_RULES = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
FREE_TEXT_PARTNER = "Octavia Brightwater's own agency"

EXTRA_PARTNERS = """
  - id: police
    name: Police & Crime <Commissioner>
    type: police
    relevant_authority: true
    isas: [protocol]
    channels: [secure email]
"""
EXTRA_CONTACTS = """
  - id: caldicott
    role: Caldicott Guardian
    name: Dr Fennimore Ashcombe
    how: (phone)
    when: Health information.
"""
BREACH_TREE = """id: incident
title: Something went wrong with a share
version: 1.0.0
record_kind: breach
effective: 2026-01-01
summary: A test breach tree.
start: risk
nodes:
  - id: risk
    kind: question
    text: Is there a risk to the people the information is about?
    answers:
      - {value: "yes", label: "Yes", next: report-to-ico}
      - {value: "no", label: "No", next: contained}
  - id: report-to-ico
    kind: outcome
    decision: likely_reportable
    text: "**Report to the ICO within 72 hours**\\n\\nThe DPO reports it."
  - id: contained
    kind: outcome
    decision: not_reportable
    text: Contained, not reportable
"""


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(FIXTURE_RULES, root)
    with (root / "partners.yaml").open("a", encoding="utf-8") as f:
        f.write(EXTRA_PARTNERS)
    with (root / "contacts.yaml").open("a", encoding="utf-8") as f:
        f.write(EXTRA_CONTACTS)
    # named so that only its declared record_kind, not its id, makes it a breach tree
    (root / "trees" / "incident.yaml").write_text(BREACH_TREE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A register of 9 records: 7 in the period, others either side of it."""
    folder = tmp_path_factory.mktemp("filed")
    signer = make_signer(folder)
    records = folder / "records"
    plan = [
        dict(tree_id="demo", decision="share", created=_when("2026-01-10T09:00"),
             partner_id="police"),
        dict(tree_id="demo", decision="share", created=_when("2026-02-10T09:00"),
             partner_id="police", review=dt.date(2026, 3, 1)),
        dict(tree_id="demo", decision="share_with_conditions",
             created=_when("2026-02-11T09:00"), partner_id="council"),
        dict(tree_id="demo", decision="do_not_share", created=_when("2026-02-12T09:00"),
             partner_id=FREE_TEXT_PARTNER),
        dict(tree_id="demo", decision="seek_advice", created=_when("2026-03-01T09:00"),
             consult=("dpo", "caldicott"), version="1.1.0"),
        dict(tree_id="incident", decision="seek_advice", created=_when("2026-03-02T09:00"),
             outcome="report-to-ico"),
        dict(tree_id="incident", decision="do_not_share", created=_when("2026-03-03T09:00"),
             outcome="contained"),
        dict(tree_id="demo", decision="share", created=_when("2025-12-31T23:00"),
             review=dt.date(2026, 1, 15)),
        dict(tree_id="demo", decision="do_not_share", created=_when("2026-04-01T00:00")),
    ]
    with open_register(folder / "register.sqlite") as register:
        for item in plan:
            file_signed(make_record(**item), signer, register, records)  # type: ignore[arg-type]
    return folder / "register.sqlite", records


@pytest.fixture(scope="module")
def report(filed: tuple[Path, Path], rules: Path, tmp_path_factory: pytest.TempPathFactory):
    register, records = filed
    out = tmp_path_factory.mktemp("out") / "report.pdf"
    made = make_monitoring_report(register, records, rules, START, END, out,
                                  cache_dir=tmp_path_factory.mktemp("cache"),
                                  now=dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC))
    text = subprocess.run(["pdftotext", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    return made, text


def test_the_numbers_match_the_register(report) -> None:
    made, _ = report
    stats = made.stats
    assert stats.total == 7 and stats.training_excluded == 0
    assert dict(stats.by_tree) == {"Demonstration — is there a purpose?": 5,
                                   "Something went wrong with a share": 2}
    assert dict(stats.by_decision) == {"Share": 2, "Share with conditions": 1,
                                       "Do not share": 1, "Seek advice": 1}
    assert dict(stats.by_partner) == {"Police & Crime <Commissioner>": 2, "The Council": 1,
                                      "Another organisation (not listed)": 1}
    assert stats.by_month == (("Jan 2026", 1), ("Feb 2026", 3), ("Mar 2026", 3))
    assert (stats.shared, stats.declined) == (3, 1)
    assert dict(stats.seek_advice_to) == {"Data Protection Officer": 1, "Caldicott Guardian": 1}
    assert dict(stats.breaches_by_status) == {"Report to ICO": 1, "Contained": 1}
    assert stats.overdue == 2
    assert {(v.tree[:5], v.version, v.records) for v in stats.versions} == {
        ("Demon", "1.0.0", 4), ("Demon", "1.1.0", 1), ("Somet", "1.0.0", 2)}
    assert stats.details_unread == 0 and made.notes == ()


def test_the_pdf_prints_them(report) -> None:
    _, text = report
    flat = " ".join(text.split())
    assert "Information sharing: monitoring report" in flat
    assert "Period: 01 January 2026 to 31 March 2026" in flat
    assert "From 01 January 2026 to 31 March 2026, 7 decision records were made" in flat
    assert "Decision records in the period 7" in flat
    assert "Shared (with or without conditions) 3 (75%)" in flat
    assert "Declined (do not share) 1 (25%)" in flat
    assert "Breaches recorded 2" in flat
    assert "Past their review date on 31 Mar 2026 2" in flat
    assert "Police & Crime <Commissioner>" in flat  # escaped, printed as written
    assert "Report to ICO" in flat
    assert "Records ending by seeking advice, by tree:" in flat
    for heading in ("Records by month", "Records by decision", "Records by decision tree",
                    "Records by partner organisation", "Seeking advice: whom it went to",
                    "Breaches and their status", "Records past their review date",
                    "Rules versions in use"):
        assert heading in flat
    assert "Page 1 of" in flat


def test_no_personal_data_reaches_the_report(report, filed: tuple[Path, Path]) -> None:
    _, text = report
    register, _ = filed
    with open_register(register, create=False) as opened:
        entries = list(opened.entries())
    flat = " ".join(text.split())
    record_pdf = filed[1] / entries[0].pdf_path
    record_text = subprocess.run(["pdftotext", str(record_pdf), "-"], capture_output=True,
                                 text=True, check=True).stdout
    assert "CASE-7731-ZQ" in record_text  # the records do hold it: the check below can fail
    for secret in (*SECRETS, FREE_TEXT_PARTNER, "Octavia", "Brightwater", "Fennimore",
                   "Fairweather", "CASE-"):
        assert secret not in flat
    for entry in entries:
        assert entry.record_id not in flat and entry.record_id[:8] not in flat
        assert entry.practitioner not in flat


def test_the_pdf_is_sound_and_renders(report, tmp_path: Path) -> None:
    made, _ = report
    check = subprocess.run(["qpdf", "--check", str(made.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(made.path),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    assert png.stat().st_size > 10_000  # charts and text, not a blank page


def test_a_missing_pdf_is_counted_as_unread_not_guessed(filed, rules, tmp_path: Path) -> None:
    register, records = filed
    copy = tmp_path / "records"
    shutil.copytree(records, copy)
    with open_register(register, create=False) as opened:
        first = next(e for e in opened.entries() if e.created_utc.startswith("2026-01-10"))
    (copy / first.pdf_path).unlink()
    made = make_monitoring_report(register, copy, rules, START, END, tmp_path / "r.pdf")
    assert made.stats.details_unread == 1
    assert dict(made.stats.by_partner)["Police & Crime <Commissioner>"] == 1
    assert made.stats.total == 7
    assert any("could not be read" in note for note in made.notes)


def test_an_empty_register_gives_an_empty_report(rules: Path, tmp_path: Path) -> None:
    made = make_monitoring_report(tmp_path / "none.sqlite", tmp_path / "records", rules,
                                  START, END, tmp_path / "r.pdf")
    assert made.stats.total == 0
    text = subprocess.run(["pdftotext", str(made.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "No decisions were recorded" in " ".join(text.split())
