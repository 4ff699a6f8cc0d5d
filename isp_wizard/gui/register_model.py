"""The register's entries as a Qt table model (read-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from isp_wizard.gui.words import decision_label

COLUMNS = (
    ("created_utc", "When (UTC)"),
    ("case_reference", "Case reference"),
    ("decision", "Decision"),
    ("tree_id", "Decision tree"),
    ("practitioner", "Decided by"),
    ("review_date", "Review by"),
)
Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Any] = []
        self.tree_titles: dict[str, str] = {}

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.beginResetModel()
        self.entries = sorted(entries, key=lambda e: e.created_utc, reverse=True)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        field = COLUMNS[index.column()][0]
        value = getattr(entry, field, "")
        if field == "created_utc":
            return str(value)[:16].replace("T", " ")
        if field == "decision":
            return decision_label(value)
        if field == "tree_id":
            return self.tree_titles.get(value, value)
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section][1])
        return None

    def entry(self, row: int) -> Any:
        return self.entries[row]
