"""The banner that lists problems with the rules (file:line: message) above every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

from isp_wizard.gui.widgets.common import card, label


class ProblemsBanner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsBanner")
        frame = card("banner")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        box = QVBoxLayout(frame)
        self.heading = label("", "heading")
        self.explain = label(self.tr("The other decision trees work as normal. Ask whoever "
                                     "looks after your council's rules to fix these:"))
        self.details: QPlainTextEdit | None = None  # made when there is something to list
        self.box = box
        box.addWidget(self.heading)
        box.addWidget(self.explain)
        self.hide()

    def _details(self) -> QPlainTextEdit:
        if self.details is None:
            from PySide6.QtWidgets import QPlainTextEdit

            self.details = QPlainTextEdit()
            self.details.setReadOnly(True)
            self.details.setObjectName("problemsList")
            self.details.setAccessibleName(self.tr("Problems with the rules"))
            self.details.setMaximumHeight(110)
            self.box.addWidget(self.details)
        return self.details

    def show_problems(self, problems: Sequence[str], skipped: Sequence[str]) -> None:
        if not problems:
            self.hide()
            return
        if skipped:
            heading = self.tr("Some rules could not be loaded: %s") % ", ".join(skipped)
        else:
            heading = self.tr("There are problems with the rules")
        self.heading.setText(heading)
        self._details().setPlainText("\n".join(problems))
        self.show()

    def text(self) -> str:
        return self.details.toPlainText() if self.details is not None else ""
