"""Training mode: the confirmation before leaving it, and presentation view.

Training mode and presentation view are not separate screens: they are how the main window's
:class:`~isp_wizard.gui.framework.Display` is set, and every page lays itself out from it
(``Page.configure``). The trainers' pages (Scenarios, Tree map, Rules) are ordinary pages in
:mod:`isp_wizard.gui.pages`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from isp_wizard.gui.translations import translate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from isp_wizard.gui.main_window import MainWindow

PRESENTATION_SCALE = 150




def confirm_leave_training(parent: QWidget) -> bool:
    """Ask before leaving training mode: records made afterwards are real ones."""
    from PySide6.QtWidgets import QMessageBox  # made when first needed, not at start-up

    answer = QMessageBox.question(
        parent, translate("Training", "Leave training mode?"),
        translate("Training", "After this, decisions are recorded for real: records are signed, "
                  "kept in the real register and are not marked as training.\n\n"
                  "Leave training mode?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def leave_training(window: MainWindow) -> bool:
    """Leave training mode after a confirmation; False if the trainer changed their mind."""
    return window.leave_training()


def set_presentation(window: MainWindow, on: bool) -> None:
    """Large text with the help beside the question, for a projector; off restores Settings."""
    window.set_presentation(on)


def open_page(window: MainWindow, key: str) -> QWidget:
    """Show one of the trainers' pages (built the first time)."""
    return window.show_page(key)
