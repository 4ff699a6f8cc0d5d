"""The register's entries as a Qt table model (read-only).

The register stores times in UTC; the table shows them in this computer's time zone, named
("29/11/2026 14:05 GMT"), and dates the UK way (day/month/year). A screen reader hears a whole
row from any of its cells: where a row is one record, a cell alone ("Share") says little.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from isp_wizard.gui.translations import translate
from isp_wizard.gui.words import decision_label

COLUMNS = (
    ("created_utc", "When"),
    ("case_reference", "Case reference"),
    ("decision", "Decision"),
    ("tree_id", "Decision tree"),
    ("practitioner", "Decided by"),
    ("review_date", "Review by"),
)
Index = QModelIndex | QPersistentModelIndex


def _local(created_utc: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(created_utc.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone()


def local_day(created_utc: str) -> dt.date:
    """The day, here, that a record stored as made at ``created_utc`` was made."""
    local = _local(created_utc)
    return local.date() if local is not None else dt.date.min


def local_time(created_utc: str) -> str:
    """``2026-11-29T14:05:09Z`` → ``29/11/2026 14:05 GMT``: this computer's local time, with
    its zone's name (its offset from UTC when the zone has no name)."""
    local = _local(created_utc)
    if local is None:
        return created_utc
    zone = local.tzname() or ""
    if not zone or zone[0] in "+-":
        zone = "UTC" + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    return f"{local:%d/%m/%Y %H:%M} {zone}"


def uk_date(iso_day: str) -> str:
    """``2027-03-31`` → ``31/03/2027`` (anything else unchanged)."""
    try:
        return f"{dt.date.fromisoformat(iso_day):%d/%m/%Y}"
    except ValueError:
        return iso_day


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
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.row_text(index.row())
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()][0] == "created_utc":
            recorded = self.entries[index.row()].created_utc
            return translate("RegisterModel", "%1 (recorded as %2 UTC)").replace(
                "%1", self.cell(index.row(), index.column())).replace(
                "%2", recorded.replace("T", " ").rstrip("Z"))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        return None

    def cell(self, row: int, column: int) -> str:
        entry = self.entries[row]
        field = COLUMNS[column][0]
        value = getattr(entry, field, "") or ""
        if field == "created_utc":
            return local_time(str(value))
        if field == "decision":
            return decision_label(value)
        if field == "tree_id":
            return self.tree_titles.get(value, value)
        if field == "review_date":
            return uk_date(str(value))
        return str(value)

    def row_text(self, row: int) -> str:
        """The whole record in one sentence, as a screen reader reads it."""
        values = {field: self.cell(row, column) for column, (field, _h) in enumerate(COLUMNS)}
        text = translate("RegisterModel", "Case %1: %2; %3; decided by %4 on %5").replace(
            "%1", values["case_reference"] or translate("RegisterModel", "(no reference)"))
        text = text.replace("%2", values["decision"]).replace("%3", values["tree_id"]) \
            .replace("%4", values["practitioner"]).replace("%5", values["created_utc"])
        if values["review_date"]:
            text += translate("RegisterModel", "; review by %1").replace(
                "%1", values["review_date"])
        return text + "."

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("RegisterModel", COLUMNS[section][1])
        return None

    def entry(self, row: int) -> Any:
        return self.entries[row]
