"""About: the app's, Python's and Qt's versions, and each rule tree's version and SHA-256.

The same lines as ``isp-wizard --version``, so support can compare the two; they can be copied.
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.folders import Locations
from isp_wizard.gui.widgets.common import announce, button, label


def about_text(where: Locations) -> str:
    from isp_wizard.buildinfo import build_info

    return "\n".join(build_info(where, qt_version=qVersion()).lines())


class AboutDialog(QDialog):
    def __init__(self, where: Locations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About the information sharing wizard"))
        self.resize(760, 420)
        self.text = QPlainTextEdit(about_text(where))
        self.text.setObjectName("aboutText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setAccessibleName(self.tr("Versions of the app, Python, Qt and the rules"))
        self.copy_button = button(self.tr("&Copy"), self.tr("Copy these details"),
                                  description=self.tr("For a support request"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Give these details when you report a problem: they "
                                       "say exactly which app and which rules you are using.")))
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        announce(self.text, self.tr("Copied."))
