"""Small shared pieces: labels with a role, buttons with accessible names, announcements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget


def label(text: str = "", role: str = "", *, rich: bool = False,
          selectable: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                       | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return widget


def markdown_label(text: str) -> QLabel:
    from isp_wizard.gui.markdown import as_html  # read once per text, when first needed

    widget = QLabel()
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText)
    widget.setText(as_html(text))
    widget.setOpenExternalLinks(False)
    return widget


def button(text: str, accessible: str = "", *, primary: bool = False,
           description: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(accessible or text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    widget.setAutoDefault(True)  # Enter presses the focused button
    if primary:
        widget.setProperty("primary", True)
    return widget


def card(role: str = "card") -> QFrame:
    frame = QFrame()
    frame.setProperty("role", role)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


def vertical_scroll(content: QWidget) -> QScrollArea:
    """``content`` in a frameless area that scrolls up and down (never sideways: text wraps)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no nameless stop: focus moves the view
    scroll.setWidget(content)
    return scroll


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Ask screen readers to read ``message`` out now (validation errors, results)."""
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def judgement_note() -> QLabel:
    from PySide6.QtCore import QCoreApplication

    note = label(QCoreApplication.translate(
        "Judgement", "This wizard supports your professional judgement; it does not replace "
        "it. If the situation does not fit the questions, ask for advice."), "judgement")
    note.setObjectName("judgementNote")
    return note


def tab_chain(widgets: list[QWidget]) -> None:
    """Make Tab follow reading order through ``widgets``."""
    from itertools import pairwise

    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def form_header(title: QWidget, *actions: QWidget, status: QWidget | None = None) -> QHBoxLayout:
    """A long form's title with its actions beside it, outside the part that scrolls: always
    in view, and a Shift+Tab from the form's first field. The action that moves on comes last
    (rightmost), nearest the form, so it is the first one Shift+Tab reaches."""
    row = QHBoxLayout()
    row.addWidget(title, 1)
    if status is not None:
        row.addWidget(status)
    for action in actions:
        row.addWidget(action, 0, Qt.AlignmentFlag.AlignVCenter)
    return row


class WrappedText(QLabel):
    """A label whose words wrap, remembering its height at each width until its words change.

    Qt asks a wrapped label its height several times per layout, and a label of rich text lays
    its document out anew each time: on a page of many such labels (the review's outcome) that
    was a large part of showing it.
    """

    def __init__(self, text: str = "", *, rich: bool = False) -> None:
        super().__init__()
        self._heights: dict[tuple[int, str], int] = {}
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        if text:
            self.setText(text)

    def setText(self, text: str) -> None:
        if text == self.text():
            return  # the same words: the heights remembered still hold
        self._heights = {}
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        key = (width, self.font().key())  # a new text size lays the words out anew
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = super().heightForWidth(width)
        return height
