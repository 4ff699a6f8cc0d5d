"""The report's charts: whole-number axes, at most ten bars, labels that fit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from isp_wizard.services.report_charts import (
    LABEL_CHARS,
    MAX_BARS,
    _chart_rows,
    _short,
    hbar_chart,
    nice_axis,
    vbar_chart,
)


@pytest.mark.parametrize(("largest", "expected"), [
    (0, (1, 1)), (1, (1, 1)), (5, (5, 1)), (7, (8, 2)), (23, (25, 5)), (157, (200, 50)),
    (2000, (2000, 500)), (9999, (10000, 2000)),
])
def test_axes_are_whole_numbers_with_about_five_ticks(largest: int,
                                                      expected: tuple[int, int]) -> None:
    top, step = nice_axis(largest)
    assert (top, step) == expected
    assert top >= largest and top % step == 0 and top // step <= 6


def test_many_categories_fold_into_all_others() -> None:
    counts = tuple((f"Partner {i:02}", 100 - i) for i in range(14))
    rows = _chart_rows(counts)
    assert len(rows) == MAX_BARS
    assert rows[-1] == ("All others (5)", sum(100 - i for i in range(9, 14)))
    assert _chart_rows(counts[:MAX_BARS]) == counts[:MAX_BARS]


def test_labels_drop_their_aside_and_fit() -> None:
    assert _short("The Council (local authority)") == "The Council"
    assert _short("All others (5)") == "All others (5)"
    long = _short("Integrated Care Board for the whole of the county and the city")
    assert len(long) == LABEL_CHARS and long.endswith("…")


def test_charts_draw_into_a_pdf(tmp_path: Path) -> None:
    from reportlab.graphics import renderPDF

    counts = tuple((f"Partner {i:02}", 14 - i) for i in range(14))
    renderPDF.drawToFile(hbar_chart(counts, "Helvetica"), str(tmp_path / "h.pdf"))
    months = (("Jan 2026", 3), ("Feb 2026", 0), ("Mar 2026", 12))
    renderPDF.drawToFile(vbar_chart(months, "Helvetica"), str(tmp_path / "v.pdf"))
    h = subprocess.run(["pdftotext", str(tmp_path / "h.pdf"), "-"], capture_output=True,
                       text=True, check=True).stdout
    assert "All others (5)" in h and "Partner 00" in h and "Partner 10" not in h
    v = subprocess.run(["pdftotext", str(tmp_path / "v.pdf"), "-"], capture_output=True,
                       text=True, check=True).stdout
    assert "Feb 2026" in v and "12" in v


def test_a_long_period_names_one_month_in_every_few(tmp_path: Path) -> None:
    import datetime as dt

    from reportlab.graphics import renderPDF

    from isp_wizard.services.report_stats import month_label, months_between

    months = tuple((month_label(y, m), 5) for y, m in months_between(dt.date(2024, 1, 1),
                                                                     dt.date(2026, 12, 31)))
    assert len(months) == 36
    drawing = vbar_chart(months, "Helvetica")
    names = drawing.contents[0].categoryAxis.categoryNames
    assert [n for n in names if n] == [label for label, _ in months[::3]]
    renderPDF.drawToFile(drawing, str(tmp_path / "v.pdf"))
    check = subprocess.run(["qpdf", "--check", str(tmp_path / "v.pdf")], capture_output=True)
    assert check.returncode == 0
