"""The Rules page: each tree's version, effective date, SHA-256 and problems, and its map;
what the scenarios cover of the chosen tree, and how a chosen outcome is reached.

For information-governance officers checking what the app is running: the same figures every
record carries, the same problems ``isp-wizard rules validate`` reports, and the same coverage
``isp-wizard rules coverage`` and ``rules how`` give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Heading, Page
from isp_wizard.gui.widgets.common import button, label

if TYPE_CHECKING:
    from isp_wizard.engine.coverage import TreeCoverage
    from isp_wizard.gui.context import AppContext
    from isp_wizard.rulepack.pack import RulePack

ROUTES_SHOWN = 200
COLUMNS = ("Tree", "Title", "Version", "Effective", "SHA-256", "Problems")


class RulesPage(Page):
    key = "rules"
    show_map = Signal(str)  # the tree whose map was asked for

    def __init__(self, ctx: AppContext | RulePack | None = None,
                 parent: QWidget | None = None) -> None:
        from isp_wizard.gui.context import AppContext

        pack = None if ctx is None or isinstance(ctx, AppContext) else ctx
        super().__init__(ctx if isinstance(ctx, AppContext) else None, parent)
        self.setObjectName("rulesPage")
        self.host: Any = None
        self.pack: RulePack | None = None
        self.folder = label("", "muted", selectable=True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("rulesTable")
        self.table.setAccessibleName(self.tr("Decision trees in use"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move in it
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda *_: self._open_map())
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("rulesProblems")
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems with the rules"))
        self.map_button = button(self.tr("Show the &map"),
                                 description=self.tr("Draw the chosen tree"))
        self.map_button.setEnabled(False)
        self.map_button.clicked.connect(self._open_map)
        col = QVBoxLayout(self)
        col.addWidget(self.title(self.tr("Rules in use")))
        col.addWidget(self.folder)
        # Two views, switched by a pair of buttons (a tab bar would keep Tab inside the page)
        switch = QHBoxLayout()
        self.view_buttons = QButtonGroup(self)
        for index, text in enumerate((self.tr("Trees and &problems"),
                                      self.tr("What the scenarios &cover"))):
            choice = button(text)
            choice.setCheckable(True)
            choice.setChecked(index == 0)
            self.view_buttons.addButton(choice, index)
            switch.addWidget(choice)
        switch.addStretch(1)
        col.addLayout(switch)
        self.tabs = QStackedWidget()
        self.tabs.setObjectName("rulesViews")
        col.addWidget(self.tabs, 1)
        self.view_buttons.idClicked.connect(self.show_view)
        trees = QWidget()
        trees_col = QVBoxLayout(trees)
        trees_col.addWidget(self.table, 2)
        row = QHBoxLayout()
        row.addWidget(self.map_button)
        row.addStretch(1)
        trees_col.addLayout(row)
        trees_col.addWidget(Heading(self.tr("Problems"), 2))
        trees_col.addWidget(self.problems, 1)
        self.tabs.addWidget(trees)
        covered = QWidget()
        cov_col = QVBoxLayout(covered)
        cov_col.addWidget(Heading(self.tr("What the scenarios cover"), 2))
        tree_row = QHBoxLayout()
        tree_label = label(self.tr("Tree:"))
        self.coverage_tree = QComboBox()
        self.coverage_tree.setObjectName("coverageTree")
        self.coverage_tree.setAccessibleName(self.tr("Tree"))
        self.coverage_tree.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.coverage_tree.setMinimumContentsLength(12)
        tree_label.setBuddy(self.coverage_tree)
        self.coverage_tree.currentIndexChanged.connect(
            lambda _i: self._show_coverage(str(self.coverage_tree.currentData() or "")))
        tree_row.addWidget(tree_label)
        tree_row.addWidget(self.coverage_tree, 1)
        cov_col.addLayout(tree_row)
        self.coverage_figures = label(self.tr("Choose a tree."), selectable=True)
        self.coverage_figures.setObjectName("coverageFigures")
        cov_col.addWidget(self.coverage_figures)
        self.unreached = QPlainTextEdit()
        self.unreached.setObjectName("coverageUnreached")
        self.unreached.setReadOnly(True)
        self.unreached.setAccessibleName(self.tr("What no scenario reaches"))
        cov_col.addWidget(self.unreached, 1)
        how_row = QHBoxLayout()
        how_label = label(self.tr("Outcome:"))
        self.outcome_choice = QComboBox()
        self.outcome_choice.setObjectName("outcomeChoice")
        self.outcome_choice.setAccessibleName(self.tr("Outcome"))
        self.outcome_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outcome_choice.setMinimumContentsLength(12)
        how_label.setBuddy(self.outcome_choice)
        self.how_button = button(self.tr("How is it &reached?"),
                                 self.tr("How is this outcome reached?"),
                                 description=self.tr("Every route to the chosen outcome, "
                                                     "in words"))
        self.how_button.setEnabled(False)
        self.how_button.clicked.connect(self._show_routes)
        how_row.addWidget(how_label)
        how_row.addWidget(self.outcome_choice, 1)
        how_row.addWidget(self.how_button)
        cov_col.addLayout(how_row)
        self.routes = QPlainTextEdit()
        self.routes.setObjectName("outcomeRoutes")
        self.routes.setReadOnly(True)
        self.routes.setAccessibleName(self.tr("Routes to the outcome"))
        cov_col.addWidget(self.routes, 2)
        self.tabs.addWidget(covered)
        self.coverage: dict[str, TreeCoverage] = {}
        if pack is not None:
            self.set_pack(pack)

    def attach(self, host: Any) -> None:
        self.host = host
        self.show_map.connect(host.show_map)

    def enter(self) -> None:
        """Follow the loaded pack (loading it if need be)."""
        if self.host is None or self.ctx is None:
            return
        pack = self.host.require_pack()
        if pack is not None and pack is not self.pack:
            self.set_pack(pack)
        elif pack is None and self.ctx.pack_failure:
            self.folder.setText(self.ctx.pack_failure)

    def show_view(self, index: int) -> None:
        """0: the trees and their problems; 1: what the scenarios cover."""
        self.tabs.setCurrentIndex(index)
        self.view_buttons.button(index).setChecked(True)
        self.rearranged.emit()

    def initial_focus(self) -> QWidget:
        return self.table

    def primary_action(self) -> QPushButton:
        return self.map_button

    def set_pack(self, pack: RulePack) -> None:
        from isp_wizard.engine.coverage import pack_coverage

        self.pack = pack
        self.coverage = {c.tree: c for c in pack_coverage(pack)}
        self.coverage_tree.blockSignals(True)
        self.coverage_tree.clear()
        for tree_id in sorted(pack.trees):
            self.coverage_tree.addItem(f"{tree_id}: {pack.trees[tree_id].tree.title}", tree_id)
        self.coverage_tree.blockSignals(False)
        self._show_coverage(str(self.coverage_tree.currentData() or ""))
        self.folder.setText(self.tr("Rules folder: %s") % pack.root)
        rows: list[tuple[str, str, str, str, str, list[str]]] = []
        for tree_id, loaded in sorted(pack.trees.items()):
            t = loaded.tree
            rows.append((tree_id, t.title, t.version, t.effective.isoformat(), loaded.sha256,
                         self._problems_of(loaded.display)))
        for tree_id, display in sorted(pack.skipped.items()):
            rows.append((tree_id, self.tr("(not loaded: %s)") % display, "", "", "",
                         self._problems_of(display)))
        self.table.setRowCount(len(rows))
        for r, (tree_id, title, version, effective, sha, problems) in enumerate(rows):
            errors = sum(not p.startswith("warning:") for p in problems)
            summary = ", ".join(part for part in (
                self.tr("%n error(s)", "", errors) if errors else "",
                self.tr("%n warning(s)", "", len(problems) - errors)
                if len(problems) > errors else "") if part) or self.tr("none")
            for c, text in enumerate((tree_id, title, version, effective, sha, summary)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, tree_id if tree_id in pack.trees else "")
                if c == 4:
                    item.setToolTip(self.tr("SHA-256 of the rule file: every record made from "
                                            "this tree carries it"))
                if problems:
                    item.setToolTip("\n".join(problems))
                self.table.setItem(r, c, item)
        shown = [str(p) for p in pack.problems if p.severity != "note"]
        notes = sum(p.severity == "note" for p in pack.problems)
        if notes:
            shown.append(self.tr("%n legal facts are not yet confirmed (isp-wizard rules "
                                 "validate --strict lists them).", "", notes))
        self.problems.setPlainText("\n".join(shown) or self.tr("No problems found."))

    def _problems_of(self, display: str) -> list[str]:
        assert self.pack is not None
        return [(f"{p.severity}: " if p.severity != "error" else "")
                + (f"line {p.line}: " if p.line else "") + p.message
                for p in self.pack.problems if p.path == display and p.severity != "note"]

    def chosen_tree(self) -> str:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else ""

    def _selected(self) -> None:
        tree_id = self.chosen_tree()
        self.map_button.setEnabled(bool(tree_id))
        index = self.coverage_tree.findData(tree_id)
        if index >= 0:
            self.coverage_tree.setCurrentIndex(index)  # the other tab follows the choice

    def _show_coverage(self, tree_id: str) -> None:
        from isp_wizard.engine.coverage import KINDS

        cov = self.coverage.get(tree_id)
        self.outcome_choice.clear()
        self.routes.clear()
        self.how_button.setEnabled(cov is not None)
        if cov is None or self.pack is None:
            self.coverage_figures.setText(self.tr("Choose a tree."))
            self.unreached.clear()
            return
        words = {"nodes": self.tr("questions and outcomes"), "answers": self.tr("answers"),
                 "outcomes": self.tr("outcomes")}
        parts = [self.tr("%1 of %2 %3 (%4 %)").replace("%1", str(cov.part(k).count))
                 .replace("%2", str(len(cov.part(k).all))).replace("%3", words[k])
                 .replace("%4", f"{cov.part(k).percent:.0f}") for k in KINDS]
        self.coverage_figures.setText(
            self.tr("%n scenario(s) of “%1” reach ", "", cov.scenarios).replace("%1", cov.tree)
            + "; ".join(parts) + ".")
        lines: list[str] = []
        for kind in KINDS:
            missing = cov.part(kind).unreached
            if missing:
                lines.append(self.tr("No scenario reaches these %1:").replace("%1", words[kind]))
                lines += [f"  {item}" for item in missing]
        if cov.failed:
            lines.append(self.tr("Scenarios that could not be walked:"))
            lines += [f"  {name}" for name in cov.failed]
        self.unreached.setPlainText("\n".join(lines) or self.tr(
            "Every question, answer and outcome is reached by a scenario."))
        tree = self.pack.tree(tree_id)
        for node in tree.compiled.values():
            if node.is_outcome:
                text = " ".join(node.text.split())
                self.outcome_choice.addItem(f"{node.id}: {text[:90]}", node.id)

    def _show_routes(self) -> None:
        from isp_wizard.engine.coverage import route_in_words, routes_to

        tree_id = str(self.coverage_tree.currentData() or "")
        outcome = self.outcome_choice.currentData()
        if self.pack is None or not tree_id or not outcome:
            return
        found = routes_to(self.pack.tree(tree_id), str(outcome), self.pack.partners)
        shown = found[:ROUTES_SHOWN]
        lines = [self.tr("%n route(s) reach this outcome.", "", len(found))
                 if found else self.tr("No route reaches this outcome: no answers lead here.")]
        lines += [f"{i}. {route_in_words(r)}" for i, r in enumerate(shown, start=1)]
        if len(found) > len(shown):
            lines.append(self.tr("… and %n more (isp-wizard rules how lists them all).", "",
                                 len(found) - len(shown)))
        self.routes.setPlainText("\n".join(lines))

    def _open_map(self) -> None:
        tree_id = self.chosen_tree()
        if tree_id:
            self.show_map.emit(tree_id)
