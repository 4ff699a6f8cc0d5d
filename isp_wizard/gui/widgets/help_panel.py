"""The help beside a question, built of widgets a screen reader can move through: each part
(guidance, why we ask, whom to ask, the law) under a heading, each legal reference and each
link in the rules' Markdown a link of its own, named after what it opens.

The question page is the one a practitioner moves through fastest, so the panel keeps its
widgets from one question to the next and gives them the new question's words
(:class:`~isp_wizard.gui.widgets.parts.Parts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from isp_wizard.gui.framework import Heading, WrappingLink
from isp_wizard.gui.markdown import help_sections, html_and_links, law_heading, no_help
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.parts import AddressOpener, Parts, address_link, reference, site

if TYPE_CHECKING:
    from isp_wizard.rulepack.models import Contact, Reference


def link_name(words: str, url: str) -> str:
    """What a screen reader hears for a link in rule text: its words and where it goes."""
    if url.startswith("mailto:"):
        return translate("Help", "%s (email %s)") % (words, url.removeprefix("mailto:"))
    if words == url:  # a bare address: name the site, not every character of it
        return translate("Help", "Page on %s (opens in your web browser)") % site(url)
    return translate("Outcome", "%s (opens %s)") % (words, site(url))


class HelpPanel(QScrollArea):
    """The help for one question at a time; ``links`` are its links, ``headings`` its
    headings and ``texts`` its texts, in reading order."""

    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the texts and links take the keyboard
        self.setAccessibleName(accessible_name)
        content = QWidget()
        content.setObjectName("helpContent")
        column = QVBoxLayout(content)
        self._box = QVBoxLayout()
        self._box.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._box)
        self._opener = AddressOpener()
        self.open_problem = self._opener.problem
        column.addWidget(self.open_problem)
        column.addStretch(1)
        self.setWidget(content)
        self._parts = Parts(self._box)
        self.links: list[WrappingLink] = []
        self.headings: list[Heading] = []
        self.texts: list[QLabel] = []

    def show_help(self, *, help_text: str, why: str, refs: Iterable[str],
                  consult: Iterable[str], references: Mapping[str, Reference],
                  contacts: Mapping[str, Contact]) -> None:
        parts = self._parts
        parts.begin()
        self.links, self.headings, self.texts = [], [], []
        named: set[str] = set()
        for heading, markdown in help_sections(help_text=help_text, why=why, consult=consult,
                                               contacts=contacts):
            self.headings.append(parts.heading(heading, 2))
            html, links = html_and_links(markdown)
            self._text(parts.html(html))
            for index, (words, url) in enumerate(links):
                link = parts.link(words, self.open_address)
                link.setObjectName(f"helpLink-{len(self.links)}-{index}")
                address_link(link, link_name(words, url), url, named)
                self.links.append(link)
        refs = list(refs)
        if refs:
            self.headings.append(parts.heading(law_heading(), 2))
            for ref_id in refs:
                found = reference(parts, ref_id, references.get(ref_id), named,
                                  self.open_address)
                if found is not None:
                    self.links.append(found)
        if not self.headings:
            self._text(parts.label(no_help()))
        parts.end()
        self._reachable()
        self.open_problem.hide()
        self.verticalScrollBar().setValue(0)

    def _text(self, label: QLabel) -> None:
        self.texts.append(label)

    def _reachable(self) -> None:
        """The help's texts are Tab stops, so a long help scrolls into view by keyboard as it
        did when it was one text box; a reference's citation (after its link) is not. A kept
        widget may have been either last time."""
        texts = {id(text) for text in self.texts}
        for _, widget in self._parts.shown:
            if isinstance(widget, Heading | WrappingLink) or not isinstance(widget, QLabel):
                continue
            wanted = Qt.FocusPolicy.StrongFocus if id(widget) in texts \
                else Qt.FocusPolicy.NoFocus
            if widget.focusPolicy() != wanted:  # (the flags first: they set a policy too)
                widget.setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse
                    | Qt.TextInteractionFlag.TextSelectableByKeyboard
                    if id(widget) in texts else Qt.TextInteractionFlag.TextSelectableByMouse)
                widget.setFocusPolicy(wanted)

    def open_address(self, url: str) -> None:
        """Open a link in the web browser; without one, say so and give the address."""
        self._opener.open(url)

    def plain_text(self) -> str:
        """Every word of the help as read in order (headings, texts, links)."""
        words = []
        for _, widget in self._parts.shown:
            if isinstance(widget, QLabel):
                text = widget.text()
                if widget.textFormat() == Qt.TextFormat.RichText:
                    from PySide6.QtGui import QTextDocument

                    document = QTextDocument()
                    document.setHtml(text)
                    text = document.toPlainText()
                words.append(text)
        return "\n".join(words)
