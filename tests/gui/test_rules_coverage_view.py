"""The Rules page's coverage view: what the scenarios reach of the chosen tree, and the routes to
a chosen outcome, driven through the real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt


def choose_tree(qtbot, page, tree_id: str) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == tree_id)
    page.table.setFocus()
    page.table.selectRow(row)
    page.show_view(1)  # the coverage view follows the tree chosen in the table
    qtbot.wait(10)
    assert page.coverage_tree.currentData() == tree_id


def test_coverage_of_the_chosen_tree_and_how_an_outcome_is_reached(qtbot, demo_rules: Path,
                                                                   window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("rules")
    choose_tree(qtbot, page, "demo")
    assert page.coverage_figures.text() == (
        "2 scenario(s) of “demo” reach 5 of 7 questions and outcomes (71 %); 3 of 6 answers "
        "(50 %); 2 of 4 outcomes (50 %).")
    unreached = page.unreached.toPlainText().splitlines()
    assert "No scenario reaches these outcomes:" in unreached
    assert "  do-not-share" in unreached and "  ask-dpo" in unreached
    assert "  purpose = unsure" in unreached
    index = page.outcome_choice.findData("act-now")
    assert index >= 0
    page.outcome_choice.setCurrentIndex(index)
    qtbot.mouseClick(page.how_button, Qt.MouseButton.LeftButton)
    assert page.routes.toPlainText().splitlines() == [
        "2 route(s) reach this outcome.",
        "1. “Is anyone at immediate risk of serious harm?” — Yes.",
        "2. “Is anyone at immediate risk of serious harm?” — Not sure.",
    ]


def test_a_fully_covered_tree_says_so(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess
    import sys

    from gui_driving import DEMO_RULES

    from isp_wizard.gui.pages.rules_page import RulesPage
    from isp_wizard.rulepack import load_pack

    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "coverage", str(rules),
                    "--add-scenarios"], check=True, capture_output=True)
    page = RulesPage(load_pack(rules))
    qtbot.addWidget(page)
    choose_tree(qtbot, page, "demo")
    assert "7 of 7 questions and outcomes (100 %)" in page.coverage_figures.text()
    assert page.unreached.toPlainText() == \
        "Every question, answer and outcome is reached by a scenario."
