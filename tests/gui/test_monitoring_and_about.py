"""The register page's monitoring report, and the About dialog on Settings."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from gui_driving import file_record
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from test_accessibility import unnamed_controls

from isp_wizard.gui.monitoring_dialog import MonitoringDialog, last_full_quarter


@pytest.mark.parametrize(("today", "start", "end"), [
    (dt.date(2026, 11, 25), dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    (dt.date(2026, 1, 1), dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    (dt.date(2026, 4, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    (dt.date(2026, 6, 30), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
])
def test_the_period_defaults_to_the_last_full_quarter(today, start, end) -> None:  # type: ignore[no-untyped-def]
    assert last_full_quarter(today) == (start, end)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_monitoring_report_from_the_register_page(qtbot, window, identity,
                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file_record(window, "MON-1", {"emergency": "yes"})
    file_record(window, "MON-2", {"emergency": "no", "purpose": "no"})
    window.show_page("register")
    page = window.pages["register"]
    assert page.monitoring_button.isVisible()
    assert not page.open_report_button.isVisible()

    qtbot.mouseClick(page.monitoring_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    assert isinstance(dialog, MonitoringDialog) and dialog.isVisible()
    start, end = last_full_quarter(dt.date.today())
    assert (dialog.start(), dialog.end()) == (start, end)
    assert dialog.path_edit.text().endswith(f"monitoring-report-{start}-to-{end}.pdf")
    assert unnamed_controls(dialog) == []

    # a period that ends before it starts is refused in the dialog
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "ends before it starts" in dialog.problem_label.text()
    assert dialog.focusWidget() in (dialog.end_edit, dialog.end_edit.lineEdit())

    today = dt.datetime.now(dt.UTC).date()
    dialog.start_edit.setDate(QDate(today.year, today.month, 1))
    dialog.end_edit.setDate(QDate(today.year, today.month, today.day).addDays(1))
    out = tmp_path / "board" / "q.pdf"
    out.parent.mkdir()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(out))
    with qtbot.waitSignal(page.report_made, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert page.busy.isVisible() and not page.monitoring_button.isEnabled()
    assert not dialog.isVisible()
    assert "2 records" in blocker.args[0] and str(out) in blocker.args[0]
    assert page.report.toPlainText() == blocker.args[0]
    assert out.is_file() and not page.busy.isVisible() and page.monitoring_button.isEnabled()
    assert page.open_report_button.isVisible() and page.report_path == out
    assert window.focusWidget() is page.open_report_button
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "monitoring report" in text.lower()


def test_a_report_that_cannot_be_written_says_why(qtbot, window, identity,
                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.show_page("register")
    page = window.pages["register"]
    out = tmp_path / "a-folder.pdf"
    out.mkdir()  # a folder where the PDF should go
    with qtbot.waitSignal(page.report_made, timeout=60_000) as blocker:
        page.make_report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), out)
    assert blocker.args[0].startswith("Could not make the monitoring report")
    assert not page.open_report_button.isVisible() and page.monitoring_button.isEnabled()


def test_no_monitoring_report_in_training_mode(qtbot, demo_rules, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(training=True)
    window.show_page("register")
    assert not window.pages["register"].monitoring_button.isVisible()


def test_about_shows_versions_and_every_rule_tree(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import qVersion

    window.show_page("settings")
    settings = window.pages["settings"]
    qtbot.mouseClick(settings.about_button, Qt.MouseButton.LeftButton)
    dialog = settings.about_dialog
    assert dialog.isVisible()
    text = dialog.text.toPlainText()
    assert text.startswith("isp-wizard ")
    assert "Python " in text and f"Qt {qVersion()}" in text
    for tree_id, loaded in window.ctx.pack.trees.items():
        assert f"  {tree_id} " in text and f"sha256:{loaded.sha256}" in text
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert unnamed_controls(dialog) == []
