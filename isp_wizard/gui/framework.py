"""The page framework: what every page declares, and what the window does for every page.

A page is a :class:`Page`. It declares
- ``key`` and, for the navigation bar, ``nav_label`` (with its Alt letter, "&Home");
- its title, a :class:`Heading` (a real heading to screen readers), made with ``self.title()``;
- ``primary_action()``: the button that moves the user on (Next, Record, Sign…);
- ``initial_focus()``: where the keyboard lands when the page is entered (default: the primary
  action);
- how it shows errors: ``self.show_errors([FieldError(field, label, message), …])`` fills the
  page's :class:`ErrorSummary` (``self.summary_of_errors()``), whose entries are links that take the keyboard to each field.

The window (through :class:`PageHost`) enters and leaves pages, scrolls every scroll area of
the new page to its top, puts the focus on ``initial_focus()``, keeps the focused widget
scrolled into view after every page change, error and Tab (:class:`FocusKeeper`), makes Tab
follow reading order (:func:`chain_in_reading_order`), gives every visible button on a screen
its own Alt letter (:func:`resolve_shortcuts`) and turns navigation off while a background job
runs (``busy``). Pages hold no legal logic: they show what the engine says.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6 import QtGui
from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAccessibleWidget,
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext

# --- what screen readers are told: headings and links ----------------------------------------

_ROLE = "a11y_role"  # a widget property naming the role a screen reader is given


class _RoleAccessible(QAccessibleWidget):
    """A widget exposed with another role (a label as a heading, a button as a link), keeping
    its name and its action."""

    def text(self, kind: QAccessible.Text) -> str:
        widget = self.widget()
        if kind == QAccessible.Text.Name:
            name = widget.accessibleName()
            if not name and isinstance(widget, QLabel | QAbstractButton):
                name = widget.text().replace("&", "")
            return name
        if kind == QAccessible.Text.Description:
            return widget.accessibleDescription()
        return super().text(kind)

    def actionNames(self) -> list[str]:
        if isinstance(self.widget(), QAbstractButton | WrappingLink):
            return [QAccessibleActionInterface.pressAction()]
        return []

    def doAction(self, name: str) -> None:
        widget = self.widget()
        if isinstance(widget, QAbstractButton | WrappingLink) and name == \
                QAccessibleActionInterface.pressAction():
            widget.click()


# Qt 6.8 and later: object attributes (AT-SPI's getAttributes), of which a heading's level
_ATTRIBUTES_BASE: Any = getattr(QtGui, "QAccessibleAttributesInterface", None)
_ATTRIBUTES: Any = getattr(QAccessible.InterfaceType, "AttributesInterface", None)

if _ATTRIBUTES_BASE is not None:
    class _HeadingLevel(_ATTRIBUTES_BASE):  # type: ignore[misc]
        """A heading's level, as a screen reader is told it (1 = the page's title)."""

        def __init__(self, heading: Heading) -> None:
            super().__init__()
            self._heading = heading

        def attributeKeys(self) -> list[QAccessible.Attribute]:
            return [QAccessible.Attribute.Level]

        def attributeValue(self, key: QAccessible.Attribute) -> object:
            return int(self._heading.level) if key == QAccessible.Attribute.Level else None


class _HeadingAccessible(_RoleAccessible):
    """A heading, which also tells its level (AT-SPI's object attribute "level")."""

    _attributes: Any = None

    def interface_cast(self, kind: QAccessible.InterfaceType) -> Any:
        # Qt asks for an interface by a C++ pointer: shiboken takes it from a VoidPtr (a plain
        # int would be taken for the Python object holding it)
        from shiboken6 import VoidPtr, getCppPointer

        if _ATTRIBUTES is not None and kind == _ATTRIBUTES:
            if self._attributes is None:
                heading = self.widget()
                assert isinstance(heading, Heading)
                self._attributes = _HeadingLevel(heading)
            return VoidPtr(getCppPointer(self._attributes)[0])
        return VoidPtr(super().interface_cast(kind))


def _factory(_key: str, obj: QObject) -> QAccessibleWidget | None:
    if isinstance(obj, QWidget):
        role = obj.property(_ROLE)
        if role:
            kind = _HeadingAccessible if isinstance(obj, Heading) and _ATTRIBUTES_BASE \
                else _RoleAccessible
            return kind(obj, QAccessible.Role(int(role)))
    return None


_installed = False


def install_accessibility() -> None:
    """Teach Qt's accessibility layer the roles set with ``_ROLE`` (once per process)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


class _RememberedHeight(QLabel):
    """A wrapped label that remembers its height at each width and text size until its words
    change (Qt asks several times per layout, and the question page is laid out at every
    Next). No changeEvent override: with PySide6 6.12 on Python 3.11 each call of a Qt method
    returning nothing costs a reference to None, and change events come by the thousand."""

    _heights: dict[tuple[int, str], int] | None = None

    def setText(self, text: str) -> None:
        if self._heights is not None and text == self.text():
            return
        self._heights = {}
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        if self._heights is None:
            self._heights = {}
        key = (width, self.font().key())  # a new text size lays the words out anew
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = super().heightForWidth(width)
        return height


class Heading(_RememberedHeight):
    """A page's title (``level`` 1) or a section heading (2, 3…): a heading of that level to
    screen readers, so they can jump from heading to heading and hear how the page is built."""

    def __init__(self, text: str = "", level: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessibility()
        # the role first: Qt makes a widget's accessible object the first time it is asked
        # for, which setting text can do
        self.setProperty(_ROLE, int(QAccessible.Role.Heading.value))
        self.level = level
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("role", "title" if level == 1 else "heading")
        self.setText(text)


class LinkButton(QPushButton):
    """Words that act like a link (Change an answer, go to a field): a link to screen readers,
    reached with Tab and followed with Enter or Space."""

    def __init__(self, text: str, accessible: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessibility()
        self.setProperty(_ROLE, int(QAccessible.Role.Link.value))  # before any text: see Heading
        self.setText(text)
        self.setProperty("role", "link")
        self.setFlat(True)
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(accessible or text.replace("&", ""))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter follows a link, as in a browser (Space does too)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)


class WrappingLink(_RememberedHeight):
    """A link whose words wrap (a long error message at 200 % text): a link to screen
    readers, reached with Tab, followed with Enter, Space or a click."""

    clicked = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessibility()
        self.setProperty(_ROLE, int(QAccessible.Role.Link.value))  # before any text
        self.setProperty("role", "link")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setText(text)
        self.setAccessibleName(text)

    def click(self) -> None:
        self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) \
                and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.click()
            return
        super().mouseReleaseEvent(event)


# --- errors ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldError:
    """A mistake in one field: the field, its label as the user sees it, and what to do."""

    field: QWidget
    label: str
    message: str


class ErrorSummary(QFrame):
    """"There is a problem", then one link per mistake; following a link puts the keyboard on
    the field (and the focus keeper scrolls it into view)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorSummary")
        self.setProperty("role", "errorSummary")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = Heading(title, 2)
        self.heading.setProperty("role", "errorHeading")
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.heading)
        self.links: list[WrappingLink] = []
        self.hide()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        for link in self.links:
            self.box.removeWidget(link)
            link.hide()
            link.deleteLater()
        self.links = []
        for error in errors:
            link = WrappingLink(f"{error.label}: {error.message}")
            link.clicked.connect(lambda f=error.field: _focus_field(f))
            self.box.addWidget(link)
            self.links.append(link)
        self.setVisible(bool(errors))

    def messages(self) -> list[str]:
        return [link.text() for link in self.links]


def _focus_field(field: QWidget) -> None:
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    ensure_visible(field)


# --- the page -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Display:
    """How the screen is set up: pages lay themselves out from this (``Page.configure``)."""

    scale: int = 100              # text size, per cent
    high_contrast: bool = False
    training: bool = False
    presentation: bool = False    # training's presentation view, for a projector

    @property
    def stacked(self) -> bool:
        """Large text without presentation view: help goes below the question, not beside."""
        return not self.presentation and self.scale > 150


class Page(QWidget):
    """The base of every page; see the module's docstring for what a page declares."""

    rearranged = Signal()  # the page re-rendered its controls: Tab order and Alt letters anew

    key: ClassVar[str] = ""

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessibility()
        self.ctx = ctx
        self.heading: Heading | None = None
        self.error_summary: ErrorSummary | None = None

    # --- declared by each page --------------------------------------------------------------

    def title(self, text: str) -> Heading:
        """The page's title: made once, placed by the page at the top of its layout."""
        self.heading = Heading(text, 1)
        self.heading.setObjectName("pageTitle")
        return self.heading

    def summary_of_errors(self, title: str = "") -> ErrorSummary:
        """The page's error summary, placed by the page just below its title."""
        self.error_summary = ErrorSummary(title or self.tr("There is a problem"))
        return self.error_summary

    def primary_action(self) -> QAbstractButton | None:
        return None

    def initial_focus(self) -> QWidget | None:
        return self.primary_action()

    def reading_regions(self) -> list[QWidget]:
        """Parts of the page read one after another (a question column, then its help);
        Tab follows this order, and top to bottom, left to right inside each."""
        return [self]

    # --- called by the window ---------------------------------------------------------------

    def attach(self, host: Any) -> None:
        """Connect the page's signals to the window (pages that move the walk on)."""

    def configure(self, display: Display) -> None:
        """Lay the page out for ``display`` (text size, contrast, presentation view)."""

    def enter(self) -> None:
        """The page is about to be shown: bring its content up to date."""

    def leave(self) -> None:
        """The page is being left."""

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show ``errors`` in the summary and put the keyboard on its first link."""
        from isp_wizard.gui.widgets.common import announce

        assert self.error_summary is not None, f"{type(self).__name__} has no error summary"
        self.error_summary.show_errors(errors)
        if errors:
            text = self.error_summary.heading.text() + ". " + \
                ". ".join(self.error_summary.messages())
            announce(self.error_summary, text, assertive=True)
            first = self.error_summary.links[0]
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            settle(lambda: ensure_visible(self.error_summary))


class WalkPage(Page):
    """A page of the walk (question, review, details, sign): shown for the walk in progress."""

    def show_walk(self, walk: Any, pack: Any) -> None:
        raise NotImplementedError


# --- keeping the focused widget on screen ----------------------------------------------------

def settle(then: Callable[[], None]) -> None:
    """Run ``then`` now and again once pending layouts have been done."""
    then()
    QTimer.singleShot(0, then)


def ensure_visible(widget: QWidget | None, margin: int = 16) -> None:
    """Scroll every scroll area holding ``widget`` so the widget is in view."""
    if widget is None:
        return
    try:
        parent = widget.parentWidget()
    except RuntimeError:  # deleted meanwhile
        return
    inner = widget
    while parent is not None:
        content = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and content is not None \
                and content.isAncestorOf(inner):
            if inner.height() + 2 * margin > parent.viewport().height():
                # taller than the view: its top at the top (Qt would centre it, hiding both
                # its beginning and end)
                top = inner.mapTo(content, QPoint(0, 0)).y()
                bar, seen = parent.verticalScrollBar(), parent.viewport().height()
                top_in_view = bar.value() <= top <= bar.value() + seen - 3 * margin
                if not top_in_view and not top <= bar.value() <= top + inner.height() - seen:
                    bar.setValue(top - margin)
            else:
                parent.ensureWidgetVisible(inner, margin, margin)
            inner = parent
        parent = parent.parentWidget()


def ensure_rect_visible(widget: QWidget, rect: QRect, margin: int = 16) -> None:
    """Scroll the scroll areas holding ``widget`` so ``rect`` (in its coordinates) is in view:
    a link or the cursor inside a tall text."""
    parent = widget.parentWidget()
    while parent is not None:
        content = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and content is not None \
                and content.isAncestorOf(widget):
            centre = widget.mapTo(content, rect.center())
            parent.ensureVisible(centre.x(), centre.y(), margin + rect.width() // 2,
                                 margin + rect.height() // 2)
            return
        parent = parent.parentWidget()


def scroll_to_top(root: QWidget) -> None:
    for area in root.findChildren(QAbstractScrollArea):
        area.verticalScrollBar().setValue(0)


class FocusKeeper(QObject):
    """Whenever focus moves (Tab, a click, a page change, an error), the focused widget is
    scrolled into view in every scroll area that holds it (WCAG 2.4.7 and 2.4.11)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._changed)

    def _changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            settle(lambda: ensure_visible(new))


_keeper: FocusKeeper | None = None


def keep_focus_visible() -> None:
    global _keeper
    app = QApplication.instance()
    if _keeper is None and isinstance(app, QApplication):
        _keeper = FocusKeeper(app)


# --- reading order ---------------------------------------------------------------------------

def shown_under(widget: QWidget, root: QWidget) -> bool:
    """``widget`` is, or is about to be, on screen with ``root`` (nothing between them hidden
    on purpose; a widget just added to a layout is shown a moment later)."""
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.isWindow() or (current.testAttribute(_HIDDEN)
                                  and current.testAttribute(_EXPLICIT)):
            return False
        current = current.parentWidget()
    return current is root


_TAB = Qt.FocusPolicy.TabFocus.value
_HIDDEN = Qt.WidgetAttribute.WA_WState_Hidden
_EXPLICIT = Qt.WidgetAttribute.WA_WState_ExplicitShowHide


def tab_stops(root: QWidget) -> list[QWidget]:
    """Shown, enabled widgets under ``root`` that Tab stops on (not scroll-area viewports)."""
    found = []
    for widget in root.findChildren(QWidget):
        # cheapest tests first: most widgets (labels, frames, viewports) take no focus
        if not widget.focusPolicy().value & _TAB or not widget.isEnabled():
            continue
        if widget.focusProxy() is not None or not shown_under(widget, root):
            continue
        if _inside_a_control(widget, root):
            continue
        found.append(widget)
    return found


def _inside_a_control(widget: QWidget, root: QWidget) -> bool:
    """A spin box's or combo box's own line edit is part of that control."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        # asked of Qt's meta-objects: the Python classes (and their enumerations) need not be
        # made for a screen that has neither
        if parent.inherits("QAbstractSpinBox") or parent.inherits("QComboBox"):
            return True
        parent = parent.parentWidget()
    return False


def _block(widget: QWidget, origin: QWidget) -> QWidget:
    """What ``widget`` is read as part of, seen from ``origin``: the outermost scroll area
    holding it (its content is read where the area is, however far it scrolls), or itself."""
    block = widget
    parent = widget.parentWidget()
    while parent is not None and parent is not origin:
        if isinstance(parent, QAbstractScrollArea):
            block = parent
        parent = parent.parentWidget()
    return block


def in_reading_order(widgets: Iterable[QWidget], origin: QWidget) -> list[QWidget]:
    """Top to bottom, then left to right within a row (widgets whose heights overlap); the
    content of a scroll area is read in place of the area, in its own order."""
    blocks: dict[int, tuple[QWidget, list[QWidget]]] = {}
    for widget in widgets:
        block = _block(widget, origin)
        blocks.setdefault(id(block), (block, []))[1].append(widget)
    ordered: list[QWidget] = []
    for block in _rows([b for b, _ in blocks.values()], origin):
        inside = blocks[id(block)][1]
        if isinstance(block, QAbstractScrollArea) and inside != [block]:
            content = block.widget() if isinstance(block, QScrollArea) else block.viewport()
            ordered += in_reading_order([w for w in inside if w is not block],
                                        content or block)
        else:
            ordered += inside
    return ordered


def _rows(widgets: Sequence[QWidget], origin: QWidget) -> list[QWidget]:
    placed = []
    for widget in widgets:
        top_left = widget.mapTo(origin, QPoint(0, 0))
        placed.append((QRect(top_left, widget.size()), widget))
    placed.sort(key=lambda item: (item[0].top(), item[0].left()))
    rows: list[list[tuple[QRect, QWidget]]] = []
    for rect, widget in placed:
        row = rows[-1] if rows else None
        if row is not None and rect.top() < min(r.bottom() for r, _ in row) - 2:
            row.append((rect, widget))
        else:
            rows.append([(rect, widget)])
    return [w for row in rows for _, w in sorted(row, key=lambda item: item[0].left())]


def chain_in_reading_order(before: Sequence[QWidget], page: Page,
                           after: Sequence[QWidget] = ()) -> list[QWidget]:
    """Set the Tab chain: ``before`` (the window's bars), the page region by region, then
    ``after``; returns the chain."""
    chain = list(before)
    seen: set[int] = set()
    for region in page.reading_regions():
        stops = tab_stops(region)
        if not stops and region.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops = [region]
        for widget in in_reading_order(stops, page):
            if id(widget) not in seen:
                seen.add(id(widget))
                chain.append(widget)
    chain += list(after)
    for first, second in itertools.pairwise(chain):
        # only what moved: setTabOrder walks the window's whole focus chain each time, and
        # after the first pass most of a page is already in order
        if first.nextInFocusChain() is not second:
            QWidget.setTabOrder(first, second)
    return chain


# --- Alt letters -----------------------------------------------------------------------------

def mnemonic(text: str) -> str:
    """The Alt letter of a label ("Se&ttings" → "t"), or ""."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return ""
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2


def visible_buttons(root: QWidget) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]


def resolve_shortcuts(buttons: Sequence[QAbstractButton]) -> dict[str, QAbstractButton]:
    """One registry of Alt letters per screen: in the order given (the window's bars first,
    then the page), a button whose letter is taken gets the next free letter of its own label,
    or none. Returns letter → button."""
    taken: dict[str, QAbstractButton] = {}
    for button in buttons:
        wanted = button.property("wanted_text")
        if wanted is None:
            wanted = button.text()
            button.setProperty("wanted_text", wanted)
        letter = mnemonic(wanted)
        if not letter:
            if button.text() != wanted:
                button.setText(wanted)
            continue
        if letter not in taken:
            taken[letter] = button
            if button.text() != wanted:
                button.setText(wanted)
            continue
        plain = wanted.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        text = plain
        for i, char in enumerate(plain):
            if char.isalnum() and char.lower() not in taken:
                text = plain[:i] + "&" + plain[i:]
                taken[char.lower()] = button
                break
        if button.text() != text:
            button.setText(text)
    return taken


def shortcut_clashes(root: QWidget) -> dict[str, list[str]]:
    """Alt letters used by more than one visible button under ``root`` (the test's check)."""
    seen: dict[str, list[str]] = {}
    for button in visible_buttons(root):
        letter = mnemonic(button.text())
        if letter:
            seen.setdefault(letter, []).append(button.text())
    return {k: v for k, v in seen.items() if len(v) > 1}


def key_sequence_text(letter: str) -> str:
    from PySide6.QtGui import QKeySequence

    return QKeySequence(f"Alt+{letter.upper()}").toString()


# --- busy -------------------------------------------------------------------------------------

class Busy(QObject):
    """Counts the background jobs running; ``changed(busy)`` turns navigation off and on."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = 0

    def __enter__(self) -> Busy:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.jobs += 1
        if self.jobs == 1:
            self.changed.emit(True)

    def stop(self) -> None:
        self.jobs = max(0, self.jobs - 1)
        if self.jobs == 0:
            self.changed.emit(False)

    @property
    def running(self) -> bool:
        return self.jobs > 0
