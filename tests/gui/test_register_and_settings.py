"""The register page (filter, verify, export, training kept apart) and the settings page."""

from __future__ import annotations

import json
from pathlib import Path

from gui_driving import file_record
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from isp_wizard.paths import settings_path


def test_register_lists_filters_verifies_and_exports(qtbot, window, identity, tmp_path: Path,
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    file_record(window, "REG-1", {"emergency": "yes"})
    file_record(window, "REG-2", {"emergency": "no", "purpose": "no"})
    window.show_page("register")
    page = window.pages["register"]
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.case_filter, "reg-2")
    assert page.model.rowCount() == 1
    assert page.model.entry(0).case_reference == "REG-2"
    page.case_filter.clear()
    page.decision_filter.setCurrentIndex(page.decision_filter.findData("share"))
    assert [e.case_reference for e in page.model.entries] == ["REG-1"]
    page.decision_filter.setCurrentIndex(0)
    page.since_filter.setText("2999-01-01")
    page.refresh()
    assert page.model.rowCount() == 0
    page.since_filter.clear()
    page.refresh()

    page.table.selectRow(0)
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_one, Qt.MouseButton.LeftButton)
    assert "intact" in blocker.args[0] and "Sam Patel" in blocker.args[0]
    assert "Register: filed in the register, PDF matches" in blocker.args[0]

    # a PDF changed after signing is caught by "Verify all"
    with window.ctx.register() as register:
        entry = register.get(page.selected_entry().record_id)
    pdf = page._pdf_of(entry)
    pdf.write_bytes(pdf.read_bytes() + b"\n% tampered\n")
    with qtbot.waitSignal(page.verified, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_all, Qt.MouseButton.LeftButton)
    assert "1 finding in 2 records" in blocker.args[0] and entry.record_id in blocker.args[0]

    target = tmp_path / "export.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    exported = target.read_text(encoding="utf-8")
    assert "REG-1" in exported and "REG-2" in exported


def test_training_records_are_shown_only_in_training_mode(qtbot, demo_rules, make_window,
                                                          identity) -> None:  # type: ignore[no-untyped-def]
    real = make_window()
    file_record(real, "REAL-1", {"emergency": "yes"})
    trainee = make_window(training=True)
    file_record(trainee, "PRACTICE-1", {"emergency": "yes"}, training=True)
    trainee.show_page("register")
    assert [e.case_reference for e in trainee.pages["register"].model.entries] == ["PRACTICE-1"]
    assert trainee.pages["register"].heading.text() == "Training register"
    real.show_page("register")
    assert [e.case_reference for e in real.pages["register"].model.entries] == ["REAL-1"]
    assert trainee.windowTitle().endswith("TRAINING") and trainee.training_bar.isVisible()


def test_settings_change_text_size_and_contrast_at_once_and_are_kept(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_page("settings")
    page = window.pages["settings"]
    before = QApplication.font().pointSizeF()
    page.text_scale.setValue(200)
    qtbot.waitUntil(page.high_contrast.isVisible)
    box = page.high_contrast
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert QApplication.font().pointSizeF() == before * 2
    assert QApplication.palette().window().color().name() == "#000000"
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["text_scale"] == 200 and saved["high_contrast"] is True
    assert page.status.text() == "Settings saved."


def test_settings_refuse_a_rules_folder_that_does_not_exist(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.show_page("settings")
    page = window.pages["settings"]
    page.rules_dir.setText(str(tmp_path / "nowhere"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in page.status.text()
    assert not settings_path().exists()


def test_at_double_text_size_nothing_is_cut_off(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLabel

    window.show_page("settings")
    page = window.pages["settings"]
    page.text_scale.setValue(200)
    page.save()
    window.resize(1000, 700)
    window.show_page("home")
    from gui_driving import start

    start(qtbot, window, "demo")
    QApplication.processEvents()
    for widget in window.pages["question"].findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            assert widget.width() >= widget.sizeHint().width() - 1, widget.text()
    for text in window.pages["question"].findChildren(QLabel):
        if text.isVisible() and text.text() and not text.wordWrap():
            assert text.width() >= text.sizeHint().width() - 1, text.text()


def test_pointing_settings_at_a_councils_own_rules_reloads_home(qtbot, window, tmp_path,
                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from gui_driving import DEMO_RULES
    from PySide6.QtWidgets import QPushButton

    own = tmp_path / "council-rules"
    shutil.copytree(DEMO_RULES, own)
    tree = (own / "trees" / "demo.yaml").read_text(encoding="utf-8")
    (own / "trees" / "demo.yaml").write_text(
        tree.replace("id: demo", "id: council-demo", 1), encoding="utf-8")
    (own / "scenarios" / "demo.yaml").unlink()
    monkeypatch.delenv("ISP_WIZARD_RULES_DIR")  # as on a laptop: the setting decides
    window.show_page("settings")
    page = window.pages["settings"]
    page.rules_dir.setText(str(own))
    with qtbot.waitSignal(window.pack_ready, timeout=10_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    window.show_page("home")
    assert window.home.findChild(QPushButton, "start-council-demo") is not None
    assert window.ctx.pack.root == own
