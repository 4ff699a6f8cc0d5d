"""Columns of headings, texts and links that a screen reader can move through, kept from one
showing to the next (the review's outcome, the question page's help).

Each legal reference and each link in rule Markdown is a link of its own, named after what it
opens (never anchors inside one rich text, which screen readers hear as a single label).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from isp_wizard.gui.framework import Heading, WrappingLink
from isp_wizard.gui.markdown import as_html, escape
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import WrappedText, announce, label

if TYPE_CHECKING:
    from isp_wizard.rulepack.models import Reference


class Parts:
    """The widgets of one column, kept from one showing to the next: each part the new content
    needs is the next unused widget of its kind from the last showing, given the new words,
    instead of a widget made again (making and styling widgets was most of the time a page
    took to show); the ones left over are deleted."""

    def __init__(self, layout: QVBoxLayout) -> None:
        self.layout = layout
        self.shown: list[tuple[tuple[str, int], QWidget]] = []
        self.wanted: list[tuple[tuple[str, int], QWidget]] = []
        self._spare: dict[tuple[str, int], list[QWidget]] = {}

    def begin(self) -> None:
        self.wanted = []
        self._spare = {}
        for kind, widget in reversed(self.shown):
            self._spare.setdefault(kind, []).append(widget)

    def _take(self, kind: tuple[str, int]) -> QWidget | None:
        spare = self._spare.get(kind)
        return spare.pop() if spare else None

    def heading(self, text: str, level: int) -> Heading:
        kind = ("heading", level)
        widget = self._take(kind)
        if isinstance(widget, Heading):
            widget.setText(text)
        else:
            widget = Heading(text, level)
        self.wanted.append((kind, widget))
        return widget

    def markdown(self, text: str) -> QLabel:
        return self.html(as_html(text))

    def html(self, html: str) -> QLabel:
        """Rich text already made (from rule Markdown)."""
        kind = ("markdown", 0)
        widget = self._take(kind)
        if isinstance(widget, QLabel):
            widget.setText(html)
        else:
            widget = WrappedText(html, rich=True)
        self.wanted.append((kind, widget))
        return widget

    def label(self, text: str) -> QLabel:
        kind = ("label", 0)
        widget = self._take(kind)
        if isinstance(widget, QLabel):
            widget.setText(text)
        else:
            widget = WrappedText(text)
        self.wanted.append((kind, widget))
        return widget

    def link(self, text: str, open_address: Callable[[str], None]) -> WrappingLink:
        """A link whose address is its widget property ``url`` (set by the caller)."""
        kind = ("link", 0)
        widget = self._take(kind)
        if isinstance(widget, WrappingLink):
            widget.setText(text)
        else:
            widget = WrappingLink(text)
            widget.clicked.connect(lambda w=widget: open_address(str(w.property("url"))))
        self.wanted.append((kind, widget))
        return widget

    def end(self) -> None:
        """Lay the column out as wanted; delete what the new content does not use."""
        kept = {id(widget) for _, widget in self.wanted}
        if [id(w) for _, w in self.shown] != [id(w) for _, w in self.wanted]:
            while self.layout.count():
                self.layout.takeAt(0)
            for _, widget in self.shown:
                if id(widget) not in kept:
                    widget.hide()
                    widget.deleteLater()
            for _, widget in self.wanted:
                self.layout.addWidget(widget)
        self.shown = self.wanted


def site(url: str) -> str:
    """The host an address opens ("legislation.gov.uk"), or the address itself."""
    host = QUrl(url).host()
    return host.removeprefix("www.") or url


def address_link(link: WrappingLink, name: str, url: str, named: set[str]) -> None:
    """Give ``link`` its address and a name no other link on the page has: ``name``, or with
    the address it opens when that is taken."""
    if name in named:
        name = f"{name}, {url.split('://', 1)[-1]}"
    named.add(name)
    if link.property("url") != url:  # a kept link given another address
        link.setAccessibleDescription(url)
        link.setToolTip(url)
        link.setProperty("url", url)
    if link.accessibleName() != name:
        link.setAccessibleName(name)


def reference(parts: Parts, ref_id: str, ref: Reference | None, named: set[str],
              open_address: Callable[[str], None]) -> WrappingLink | None:
    """A reference's title (a link to its text when it has an address, named "<title> (opens
    <site>)"), then its citation and summary."""
    if ref is None:
        parts.label(ref_id)
        return None
    words = f"{ref.citation}."
    if ref.summary:
        words += f" {ref.summary}"
    if not ref.confirmed:
        words += " " + translate("Help", "(Not yet confirmed by the partnership's legal "
                                         "adviser.)")
    if not ref.url:
        parts.markdown(f"**{escape(ref.title)}**")
        parts.label(words)
        return None
    link = parts.link(ref.title, open_address)
    link.setObjectName(f"reference-{ref_id}")
    name = translate("Outcome", "%s (opens %s)") % (ref.title, site(ref.url))
    if name in named:  # two references of one title: their citations tell them apart
        name = f"{ref.title}, {ref.citation} ({site(ref.url)})"
    address_link(link, name, ref.url, named)
    parts.label(words)
    return link


class AddressOpener:
    """Opens a link's address in the web browser; when none opens it, ``problem`` (a label the
    page places after its links) says so and gives the address."""

    def __init__(self) -> None:
        self.problem = label("", "error", selectable=True)
        self.problem.setObjectName("linkProblem")
        self.problem.hide()

    def open(self, url: str) -> None:
        if QDesktopServices.openUrl(QUrl(url)):
            self.problem.hide()
            return
        text = translate("Outcome", "No web browser on this computer opened it. The address "
                                    "is: %s") % url
        self.problem.setText(text)
        self.problem.show()
        announce(self.problem, text, assertive=True)
