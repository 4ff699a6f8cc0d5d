"""Long reports lay out: ten years of records, many partners and many rules versions run on over
as many pages as they need, and a long period is counted by quarter or by year."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import subprocess
from pathlib import Path

import pytest

from isp_wizard.services.report_pdf import write_report
from isp_wizard.services.report_stats import (
    Catalogue,
    RecordFacts,
    ReportStats,
    by_time,
    compute_stats,
)

PARTNERS = {f"p{i:02}": f"Partner organisation {i:02} of the district" for i in range(80)}
TREES = {f"t{i:02}": f"Decision tree {i:02}" for i in range(25)}
CATALOGUE = Catalogue(trees=TREES, partners=PARTNERS,
                      contacts={f"c{i:02}": f"Advice role {i:02}" for i in range(30)})


def _facts(start: dt.date, end: dt.date, count: int, seed: int = 7) -> list[RecordFacts]:
    rnd = random.Random(seed)
    days = (end - start).days + 1
    facts = []
    for n in range(count):
        made = start + dt.timedelta(days=rnd.randrange(days))
        decision = rnd.choice(["share", "share_with_conditions", "do_not_share", "seek_advice"])
        tree, version = rnd.choice(list(TREES)), f"1.{rnd.randrange(12)}.0"
        facts.append(RecordFacts(
            record_id=f"r{n}", created_utc=dt.datetime(made.year, made.month, made.day, 12,
                                                       tzinfo=dt.UTC),
            tree_id=tree, tree_version=version,
            tree_sha256=hashlib.sha256(f"{tree} {version}".encode()).hexdigest(),
            decision=decision,
            review_date=made + dt.timedelta(days=365), partners=(f"p{n % 80:02}",),
            consulted=(f"c{n % 30:02}",) if decision == "seek_advice" else ()))
    return facts


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def _stats(start: dt.date, end: dt.date, count: int) -> ReportStats:
    return compute_stats(_facts(start, end, count), start, end, CATALOGUE)


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportStats, Path]:
    stats = _stats(dt.date(2017, 1, 1), dt.date(2026, 12, 31), 2400)
    out = write_report(stats, tmp_path_factory.mktemp("long") / "report.pdf",
                       generated=dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC))
    return stats, out


def test_ten_years_and_many_partners_lay_out_over_several_pages(ten_years) -> None:
    stats, pdf = ten_years
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 4
    text = _text(pdf)
    assert "Records by quarter" in text and "Records by month" not in text
    assert "Jan–Mar 2017" in text and "Oct–Dec 2026" in text
    assert "Decision records in the period 2,400" in text
    # every partner and every rules version is in a table, not only the top ten in the chart
    assert len(stats.by_partner) == 80
    for name in PARTNERS.values():
        assert name in text
    assert len(stats.versions) > 200
    assert f"Page {pages} of {pages}" in text


def test_a_long_table_repeats_its_header_on_the_next_page(ten_years, tmp_path: Path) -> None:
    _, pdf = ten_years
    page_texts = [" ".join(page.split()) for page in subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f") if page.strip()]
    headed = [t for t in page_texts if "Tree Version SHA-256 (first 12) Records" in t]
    assert len(headed) >= 3  # the versions table runs on, its header on every page
    assert sum("Rules versions in use" in t for t in page_texts) == 1
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")],
                   check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == len(page_texts)
    assert all(png.stat().st_size > 3_000 for png in pngs)  # none of them blank


def test_a_short_period_keeps_its_months(tmp_path: Path) -> None:
    stats = _stats(dt.date(2026, 1, 1), dt.date(2026, 3, 31), 40)
    assert by_time(stats) == ("month", stats.by_month)
    text = _text(write_report(stats, tmp_path / "r.pdf"))
    assert "Records by month" in text and "Feb 2026" in text


@pytest.mark.parametrize(("start", "end", "unit", "first", "last", "columns"), [
    (dt.date(2024, 1, 1), dt.date(2025, 12, 31), "month", "Jan 2024", "Dec 2025", 24),
    (dt.date(2022, 1, 1), dt.date(2026, 12, 31), "quarter", "Jan–Mar 2022", "Oct–Dec 2026", 20),
    (dt.date(2022, 2, 15), dt.date(2024, 5, 1), "quarter", "Jan–Mar 2022", "Apr–Jun 2024", 10),
    (dt.date(2006, 1, 1), dt.date(2026, 6, 30), "year", "2006", "2026", 21),
])
def test_long_periods_are_counted_by_quarter_or_year(start: dt.date, end: dt.date, unit: str,
                                                     first: str, last: str,
                                                     columns: int) -> None:
    stats = _stats(start, end, 500)
    got_unit, counts = by_time(stats)
    assert got_unit == unit
    assert (counts[0][0], counts[-1][0], len(counts)) == (first, last, columns)
    assert sum(n for _, n in counts) == stats.total == 500


def test_a_long_period_with_no_records_says_so(tmp_path: Path) -> None:
    stats = compute_stats([], dt.date(2017, 1, 1), dt.date(2026, 12, 31), CATALOGUE)
    text = _text(write_report(stats, tmp_path / "r.pdf"))
    assert "Records by quarter No records in this period." in text
