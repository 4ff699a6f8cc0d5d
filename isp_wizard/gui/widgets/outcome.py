"""The outcome on the review page, built of widgets a screen reader can move through.

The decision and what it means are one focusable text (where the keyboard lands); each section
has a real heading; each legal reference is a link of its own, named after the reference
(never anchors inside one rich text, which screen readers hear as a single label, nor
Qt's text-document frame markers, U+FDD0/U+FDD1, which they would read out).

The sections that explain the outcome come before the page's action; the law behind it, whose
links are Tab stops, comes after it, so the action stays a Tab away from the outcome however
many references a route collects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from isp_wizard.gui.framework import Heading, WrappingLink
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import WrappedText
from isp_wizard.gui.widgets.parts import AddressOpener, reference
from isp_wizard.gui.widgets.parts import Parts as _Parts

if TYPE_CHECKING:
    from isp_wizard.rulepack.models import Reference


@dataclass(frozen=True)
class Section:
    """A heading and its Markdown text (reasons, conditions, whom to consult, a notice)."""

    heading: str
    markdown: str
    warning: bool = False  # shown in the error colour (the rules' status)


@dataclass(frozen=True)
class LawSection:
    """A heading (a role the law plays: lawful basis, condition…) and its references."""

    heading: str
    ids: tuple[str, ...]


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class OutcomeSummary(WrappedText):
    """The decision in large type and what it means: the keyboard lands here, and a screen
    reader hears "The outcome: <decision>" and the words that follow it."""

    def __init__(self) -> None:
        super().__init__(rich=True)
        self.setObjectName("outcomeSummary")
        self.setProperty("role", "outcome")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_outcome(self, decision: str, colour: str, warning: str, warning_colour: str,
                     text: str) -> None:
        parts = []
        if decision:
            parts.append(f'<p style="font-size:xx-large; font-weight:bold; color:{colour}">'
                         f"{_html(decision)}</p>")
        if warning:
            parts.append(f'<p style="color:{warning_colour}"><b>{_html(warning)}</b></p>')
        parts.append(f"<p>{_html(text)}</p>")
        self.setText("".join(parts))
        name = translate("Outcome", "The outcome: %s") % (decision or text)
        self.setAccessibleName(name)
        self.setAccessibleDescription(" ".join(p for p in (warning, text) if p))


class OutcomeView:
    """Builds the outcome's parts into two columns of widgets the page places: ``top`` (the
    summary and the explaining sections) before its action, ``law`` after it."""

    def __init__(self) -> None:
        self.summary = OutcomeSummary()
        self.top = QWidget()
        self.top.setObjectName("outcomeTop")
        top = QVBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary)
        self._sections = QVBoxLayout()
        top.addLayout(self._sections)
        self.law = QWidget()
        self.law.setObjectName("outcomeLaw")
        law = QVBoxLayout(self.law)
        law.setContentsMargins(0, 0, 0, 0)
        self._law = QVBoxLayout()
        law.addLayout(self._law)
        self._top_parts = _Parts(self._sections)
        self._law_parts = _Parts(self._law)
        self._opener = AddressOpener()
        self.open_problem = self._opener.problem
        law.addWidget(self.open_problem)
        self.links: list[WrappingLink] = []
        self.headings: list[Heading] = []

    def show_sections(self, sections: Iterable[Section], law: Iterable[LawSection],
                      references: Mapping[str, Reference], warning_colour: str) -> None:
        self._top_parts.begin()
        self._law_parts.begin()
        self.links, self.headings = [], []
        self.open_problem.hide()
        for section in sections:
            heading = self._heading(self._top_parts, section.heading, 2)
            self._top_parts.markdown(section.markdown)
            wanted = f"color: {warning_colour}" if section.warning else ""
            if heading.styleSheet() != wanted:
                heading.setStyleSheet(wanted)
        law = [s for s in law if s.ids]
        if law:
            self._heading(self._law_parts, translate("Outcome", "The law behind this outcome"), 2)
        named: set[str] = set()
        for part in law:
            self._heading(self._law_parts, part.heading, 3)
            for ref_id in part.ids:
                self._reference(ref_id, references.get(ref_id), named)
        self._top_parts.end()
        self._law_parts.end()

    def _heading(self, parts: _Parts, text: str, level: int) -> Heading:
        heading = parts.heading(text, level)
        if parts is self._law_parts and heading.styleSheet():
            heading.setStyleSheet("")
        self.headings.append(heading)
        return heading

    def _reference(self, ref_id: str, ref: Reference | None, named: set[str]) -> None:
        link = reference(self._law_parts, ref_id, ref, named, self.open_address)
        if link is not None:
            self.links.append(link)

    def open_address(self, url: str) -> None:
        """Open a reference in the web browser; without one, say so and give the address."""
        self._opener.open(url)
