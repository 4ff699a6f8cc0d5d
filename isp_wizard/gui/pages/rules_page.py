"""The Rules page: each tree's version, effective date, SHA-256 and problems, and its map.

For information-governance officers checking what the app is running: the same figures every
record carries, and the same problems ``isp-wizard rules validate`` reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Heading, Page
from isp_wizard.gui.widgets.common import button, label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.rulepack.pack import RulePack

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
        col.addWidget(self.table, 2)
        row = QHBoxLayout()
        row.addWidget(self.map_button)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(Heading(self.tr("Problems"), 2))
        col.addWidget(self.problems, 1)
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

    def initial_focus(self) -> QWidget:
        return self.table

    def primary_action(self) -> QPushButton:
        return self.map_button

    def set_pack(self, pack: RulePack) -> None:
        self.pack = pack
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
        self.map_button.setEnabled(bool(self.chosen_tree()))

    def _open_map(self) -> None:
        tree_id = self.chosen_tree()
        if tree_id:
            self.show_map.emit(tree_id)
