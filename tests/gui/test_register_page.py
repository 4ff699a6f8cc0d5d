"""The Register page: chosen and opened by keyboard, times in local time, compact rows, a PDF
that cannot be opened explained, and records verified with the very check the CLI runs."""

from __future__ import annotations

import dataclasses
import re
import time
from typing import Any

import pytest
from gui_driving import file_record
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAccessible, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication


def local_time(created_utc: str) -> str:
    from isp_wizard.gui.register_model import local_time as shown

    return shown(created_utc)


def _register_page(window: Any, cases: list[str]) -> Any:
    for case in cases:
        file_record(window, case, {"emergency": "yes"})
    page = window.show_page("register")
    QApplication.processEvents()
    return page


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from isp_wizard.cli import main

    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


def _rows_of(page: Any, cases: list[str]) -> list[int]:
    return sorted(r for r, e in enumerate(page.model.entries) if e.case_reference in cases)


# --- keyboard ----------------------------------------------------------------------------------


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_arrows_choose_space_adds_and_enter_opens_the_record(qtbot, window,
                                                             identity) -> None:  # type: ignore[no-untyped-def]
    page = _register_page(window, ["KEY-1", "KEY-2", "KEY-3"])
    table = page.table
    page.since_filter.setFocus()
    qtbot.keyClick(page.since_filter, Qt.Key.Key_Tab)  # arriving by Tab from the last filter
    qtbot.waitUntil(table.hasFocus)
    assert table.selected_rows() == [0]  # arriving by keyboard shows (and selects) a record

    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.selected_rows() == [1]
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # move only
    assert table.currentIndex().row() == 2 and table.selected_rows() == [1]
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert table.selected_rows() == [2, 1]  # current first
    assert [e.case_reference for e in page.selected_entries()] == \
        [page.model.entry(2).case_reference, page.model.entry(1).case_reference]
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert table.selected_rows() == [1]
    qtbot.keyClick(table, Qt.Key.Key_Space)

    # a screen reader hears the whole record, not one cell
    cell = QAccessible.queryAccessibleInterface(table).focusChild()
    heard = cell.text(QAccessible.Text.Name)
    entry = page.model.entry(2)
    assert heard.startswith(f"Case {entry.case_reference}: ") and "decided by Sam Patel" in heard
    assert local_time(entry.created_utc) in heard

    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(page._pdf_of(entry))]
    assert table.hasFocus() and page.open_problem.isHidden()


def test_the_current_row_has_a_ring_in_the_focus_colour(qtbot, window, identity) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    page = _register_page(window, ["RING-1", "RING-2"])
    table = page.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # not selected
    QApplication.processEvents()
    ring = QColor(table.ring_colour)
    image = table.viewport().grab().toImage()
    top = table.rowViewportPosition(1)
    width = table.viewport().width()

    def ring_pixels(y: int) -> int:
        return sum(1 for x in range(0, width, 4) if image.pixelColor(x, y) == ring)

    assert ring_pixels(top + 1) > width // 8  # across the current row's top edge
    assert ring_pixels(table.rowViewportPosition(0) + table.rowHeight(0) // 2) < 3  # not row 0
    table.clearFocus()
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    assert ring_pixels(top + 1) == 0  # only while the keyboard is in the table


# --- times, wording, rows ----------------------------------------------------------------------


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_local_with_their_zone_and_dates_day_first(qtbot, window, identity,
                                                              london) -> None:  # type: ignore[no-untyped-def]
    assert local_time("2026-11-29T14:05:09Z") == "29/11/2026 14:05 GMT"
    assert local_time("2026-07-01T23:30:00Z") == "02/07/2026 00:30 BST"
    page = _register_page(window, ["TIME-1"])
    model = page.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    entry = model.entry(0)
    shown = model.data(model.index(0, 0))
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d (GMT|BST)", shown), shown
    assert shown == local_time(entry.created_utc)
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert entry.created_utc.replace("T", " ").rstrip("Z") + " UTC" in tip  # what is stored
    review = model.data(model.index(0, 5))
    assert not review or re.fullmatch(r"\d\d/\d\d/20\d\d", review), review


def test_since_takes_a_uk_date_and_means_the_day_here(qtbot, window, identity,
                                                      london) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from isp_wizard.gui.register_model import local_day

    assert local_day("2026-06-30T23:30:00Z") == dt.date(2026, 7, 1)  # 00:30 BST
    page = _register_page(window, ["SINCE-1"])
    made = local_day(page.model.entry(0).created_utc)
    for typed, shown in ((f"{made:%d/%m/%Y}", 1), (f"{made + dt.timedelta(days=1):%d/%m/%Y}", 0),
                         (f"{made - dt.timedelta(days=1):%Y-%m-%d}", 1)):
        page.since_filter.setText(typed)
        page.refresh()
        assert page.model.rowCount() == shown, typed
    page.since_filter.setText("31/13/2026")
    page.refresh()
    assert page.model.rowCount() == 1 and "is not a date" in page.status.text()


@pytest.mark.parametrize("scale", [100, 200])
def test_rows_are_one_line_high_and_short_values_are_shown_whole(qtbot, demo_rules, identity,
                                                                 scale: int) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.settings import Settings

    window = build_window(AppContext(settings=Settings(text_scale=scale)))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = _register_page(window, ["ROW-2026-0001", "ROW-2026-0002"])
    table = page.table
    QApplication.processEvents()
    line = table.fontMetrics().height()
    for row in range(page.model.rowCount()):
        assert line < table.rowHeight(row) <= 2 * line, (table.rowHeight(row), line)
    header = table.horizontalHeader()
    for column in range(page.model.columnCount()):  # every heading whole
        title = page.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    for column in (0, 1, 2, 5):  # when, case reference, decision, review by: never cut
        for row in range(page.model.rowCount()):
            text = page.model.cell(row, column)
            assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance(text), text
    for column in (3, 4):  # long names may end in "…", but are whole in their tooltip
        text = page.model.cell(0, column)
        assert page.model.data(page.model.index(0, column), Qt.ItemDataRole.ToolTipRole) == text


# --- Open PDF ----------------------------------------------------------------------------------


def test_open_pdf_with_no_pdf_viewer_says_where_the_file_is(qtbot, window, identity) -> None:  # type: ignore[no-untyped-def]
    # the offscreen platform the tests run on has no program to open documents with, as on a
    # computer with no PDF viewer installed
    page = _register_page(window, ["VIEW-1"])
    page.table.selectRow(0)
    pdf = page._pdf_of(page.selected_entry())
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.open_problem.isVisible()
    said = page.open_problem_text.text()
    assert "no program to show PDFs" in said and str(pdf) in said and "VIEW-1" in said
    assert page.copy_path_button.hasFocus() and page.show_folder_button.isEnabled()
    assert page.report.isHidden()  # the results box makes way: the table keeps its room
    qtbot.keyClick(page.copy_path_button, Qt.Key.Key_Space)
    assert QGuiApplication.clipboard().text() == str(pdf)
    assert page.open_problem_text.text().endswith("The path is copied: paste it where you "
                                                  "need it.")
    assert page.table.height() >= page.table.minimumHeight() > 3 * page.table.rowHeight(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # trying again
    with qtbot.waitSignal(page.verified, timeout=60_000):
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
    assert page.open_problem.isHidden() and page.report.isVisible()


def test_open_pdf_of_a_missing_file_says_so_and_where_it_should_be(qtbot, window,
                                                                     identity) -> None:  # type: ignore[no-untyped-def]
    page = _register_page(window, ["GONE-1"])
    page.table.selectRow(0)
    pdf = page._pdf_of(page.selected_entry())
    pdf.unlink()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    said = page.open_problem_text.text()
    assert "not where the register says it is" in said and str(pdf) in said
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(page.show_folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(pdf.parent)]


# --- verify: the CLI's check ------------------------------------------------------------------


def test_verify_selected_runs_the_clis_verify_on_each_selected_record_in_the_background(
        qtbot, window, identity, capsys) -> None:  # type: ignore[no-untyped-def]
    page = _register_page(window, ["VER-1", "VER-2", "VER-3"])
    chosen = [page.model.entry(r) for r in _rows_of(page, ["VER-1", "VER-3"])]
    page.table.selectRow(_rows_of(page, ["VER-1"])[0])
    page.table.setFocus()
    page.table.selectionModel().setCurrentIndex(
        page.model.index(_rows_of(page, ["VER-3"])[0], 0),
        page.table.selectionModel().SelectionFlag.NoUpdate)
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert {e.record_id for e in page.selected_entries()} == {e.record_id for e in chosen}
    other = next(e for e in page.model.entries if e.case_reference == "VER-2")
    busy: list[bool] = []
    window.busy.changed.connect(busy.append)
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
        assert not any(nav.isEnabled() for nav in window.nav_buttons.values())  # host.busy
    said = blocker.args[0]
    assert busy == [True, False]
    assert other.record_id not in said and "VER-2" not in said
    for entry in chosen:
        code, out = _cli(capsys, "verify", str(page._pdf_of(entry)))
        assert code == 3 and out.strip() in said  # the CLI's words, whole
        assert f"{entry.case_reference}: NOT TRUSTED — intact, but signed by Sam Patel" in said
    ids = [e.record_id for e in page.selected_entries()]
    code, out = _cli(capsys, "register", "verify", "--record", ids[0], "--record", ids[1])
    assert code == 3 and said.endswith("\n\n" + out.strip())  # one function, one text


def test_verify_selected_calls_an_altered_register_entry_altered_as_register_verify_does(
        qtbot, window, identity, capsys) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.store.register import open_register

    page = _register_page(window, ["BOUND-1", "BOUND-2"])
    path = window.ctx.register_path
    with open_register(path, read_only=True) as register:
        entries = list(register.entries())
    entries[0] = dataclasses.replace(entries[0], case_reference="SOMEONE-ELSE")
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    with open_register(path) as register:  # the chain recomputed: only the signature tells
        for entry in entries:
            register.append(dataclasses.replace(entry, prev_hash="", entry_hash=""))
    page.refresh()
    page.table.selectRow(_rows_of(page, ["SOMEONE-ELSE"])[0])
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
    said = blocker.args[0]
    assert said.startswith("SOMEONE-ELSE: ALTERED — ")
    assert "the entry does not match the record signed in its PDF (case_reference differ)" \
        in said
    code, out = _cli(capsys, "register", "verify")
    assert code == 1 and "(case_reference differ)" in out
    code, out = _cli(capsys, "register", "verify", "--record", entries[0].record_id)
    assert code == 1 and said.endswith("\n\n" + out.strip())


def test_verify_all_says_what_register_verify_says_in_proper_words(qtbot, window, identity,
                                                                   capsys) -> None:  # type: ignore[no-untyped-def]
    page = _register_page(window, ["ALL-1"])
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_all, Qt.MouseButton.LeftButton)
    said = blocker.args[0]
    assert "1 entries" not in said and "1 records" not in said
    code, out = _cli(capsys, "register", "verify")
    assert code == 0 and said == out.strip()
    assert said.splitlines()[-1].startswith("1 record verified: the chain, every PDF, and every "
                                            "entry and countersignature against the signed "
                                            "record are intact")


def test_the_partnership_panel_stays_on_the_register_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.widgets.partnership import PartnershipPanel

    page = window.show_page("register")
    assert isinstance(page.partnership, PartnershipPanel)
    assert page.layout().indexOf(page.partnership) == 1  # under the heading, above the table


