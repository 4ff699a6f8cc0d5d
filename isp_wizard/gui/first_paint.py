"""Knowing when a window has first been drawn: the moment the app starts loading the rest."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget``'s window has painted for the first time.

    It watches the top-level window, not ``widget``: Qt does not paint a widget that its
    children cover, but the window is always painted first in a frame. The call is queued, so
    it runs once that whole frame (the window and all its children) is drawn.
    """

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        self.window = widget.window()
        super().__init__(self.window)
        self.then = then
        self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False
