"""The seven golden rules, one click from Home. The text is data (``assets/golden-rules.md``, or
``golden-rules.md`` in the rules folder when a council provides its own), never Python."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from isp_wizard.paths import assets_dir

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext


def golden_rules_file(rules_dir: Path) -> Path:
    council = rules_dir / "golden-rules.md"
    return council if council.is_file() else assets_dir() / "golden-rules.md"


class GoldenRulesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goldenRules")
        self.setWindowTitle(self.tr("The seven golden rules"))
        self.resize(720, 620)
        text = QTextBrowser()
        text.setObjectName("goldenRulesText")
        text.setAccessibleName(self.tr("The seven golden rules"))
        text.setOpenExternalLinks(False)
        from isp_wizard.fsutil import read_limited
        from isp_wizard.gui.markdown import as_html

        try:  # a regular file of at most 1 MB: a FIFO or /dev/zero must not hang the app
            text.setHtml(as_html(read_limited(golden_rules_file(ctx.where.rules_dir), 1 << 20)
                                 .decode("utf-8", errors="replace")))
        except OSError as exc:
            text.setPlainText(self.tr("The golden rules could not be read: %s") % exc)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.text = text
