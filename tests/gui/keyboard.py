"""Checks a keyboard user relies on: the focused control on screen, Tab in reading order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QTextEdit, QWidget


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` on screen: clipped by every scroll area's viewport above it and
    by the window, in window coordinates."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            port = parent.viewport()
            rect = rect.intersected(QRect(port.mapTo(window, QPoint(0, 0)), port.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def in_view(widget: QWidget) -> bool:
    """The whole widget is on screen; a widget taller or wider than its viewport has its
    top-left corner and as much of itself as fits on screen; in a text, the link the
    keyboard is on is on screen."""
    window = widget.window()
    if isinstance(widget, QTextEdit) and widget.textCursor().hasSelection():
        port = widget.viewport()
        cursor = widget.cursorRect()
        link = QRect(port.mapTo(window, cursor.topLeft()), cursor.size())
        return visible_rect(widget).contains(link)
    full = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    shown = visible_rect(widget)
    if shown.isEmpty():
        return False
    if shown == full:
        return True
    fits_h = shown.width() >= full.width() or shown.left() == full.left()
    fits_v = shown.height() >= full.height() or shown.top() == full.top()
    return fits_h and fits_v and shown.height() >= min(full.height(), 20)


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__} {widget.objectName()!r} {name[:40]!r}"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def settle(qtbot: Any) -> None:
    qtbot.wait(30)


def tab(qtbot: Any, backwards: bool = False) -> QWidget:
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    qtbot.keyClick(focused(), key)
    settle(qtbot)
    return focused()


def tab_round(qtbot: Any, limit: int = 80,
              off_screen: list[QWidget] | None = None) -> list[QWidget]:
    """Tab from the focused widget until focus comes back to it (or ``limit`` stops); each
    stop found off screen just after its Tab is added to ``off_screen``."""
    start = focused()
    stops = [start]
    for _ in range(limit):
        widget = tab(qtbot)
        if off_screen is not None and not in_view(widget):
            off_screen.append(widget)
        if widget is start:
            break
        stops.append(widget)
    return stops
