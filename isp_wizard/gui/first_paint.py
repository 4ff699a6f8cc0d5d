"""Knowing when a window has first been drawn: the moment the app starts loading the rest."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    """Calls ``then`` once, just after ``widget``'s window has painted for the first time.

    Qt does not paint a widget that its children cover, so this watches paint events for any
    widget in the window; the call is queued, so it runs once that whole frame is drawn.
    """

    def __init__(self, widget: QWidget, then: object) -> None:
        super().__init__(widget)
        self.window = widget.window()
        self.then = then
        self.done = False
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self.done and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget) and watched.window() is self.window):
            self.done = True
            app = QApplication.instance()
            assert app is not None
            app.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # type: ignore[arg-type]
        return False
