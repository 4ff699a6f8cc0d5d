"""Review: the outcome and its reasons first, then every question and answer with "Change".

The keyboard lands on the outcome (one read-only document, grown to its full height), so it is
seen and heard before "Record this decision", which follows it. Each "Change" is a real link
to screen readers, named with its question ("Change: Is anyone at immediate risk…?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import theme
from isp_wizard.gui.framework import Display, Heading, LinkButton, WalkPage
from isp_wizard.gui.markdown import contacts_md, escape, once
from isp_wizard.gui.pages.question import about_heading
from isp_wizard.gui.widgets.common import button, label, vertical_scroll
from isp_wizard.gui.widgets.outcome import LawSection, OutcomeView, Section
from isp_wizard.gui.words import decision_label
from isp_wizard.record.model import GROUND_HEADINGS, PRINCIPLES_HEADING

if TYPE_CHECKING:
    from isp_wizard.engine.session import About, Outcome, Session, Step
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack

class ReviewPage(WalkPage):
    key = "review"
    change = Signal(str)          # node id whose answer the user wants to change
    back = Signal()
    save_and_close = Signal()
    record = Signal()             # go on to the record details
    continue_tree = Signal(str)   # the triage's outcome: start this tree

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("reviewPage")
        self.high_contrast = False
        self.decision_text = ""
        self._changes: list[str] = []
        self._rows: list[tuple[QWidget, QLabel, QLabel, LinkButton]] = []
        self._parts: list[Heading] = []  # a walk's title above its first answer (hand-offs)
        self._abouts: list[Heading] = []  # "About: <person>" above their first answer
        self.tree_title = label("", "muted")
        self.outcome = OutcomeView()
        self.browser = self.outcome.summary  # where the keyboard lands

        self.back_button = button(self.tr("&Back"), self.tr("Back"),
                                  description=self.tr("Back to the last question"))
        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"))
        self.continue_button = button("", primary=True)
        self.continue_button.setObjectName("continueTree")
        self.continue_button.clicked.connect(
            lambda: self.continue_tree.emit(str(self.continue_button.property("tree_id"))))
        self.record_button = button(self.tr("&Record this decision"),
                                    self.tr("Record this decision"), primary=True,
                                    description=self.tr("Go on to enter the details of the "
                                                        "record and sign it"))
        self.back_button.clicked.connect(self.back.emit)
        self.save_button.clicked.connect(self.save_and_close.emit)
        self.record_button.clicked.connect(self.record.emit)

        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.addWidget(self.title(self.tr("The outcome")))
        self.column.addWidget(self.tree_title)
        self.column.addWidget(self.outcome.top)
        act = QHBoxLayout()
        act.addWidget(self.record_button)
        act.addWidget(self.continue_button)
        act.addStretch(1)
        self.column.addLayout(act)
        self.column.addWidget(self.outcome.law)
        self.column.addWidget(Heading(self.tr("Your answers"), 2))
        self.answers = QGridLayout()
        self.answers.setColumnStretch(0, 1)
        self.column.addLayout(self.answers)
        self.column.addStretch(1)
        self.scroller = vertical_scroll(content)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller, 1)
        outer.addLayout(row)

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.change.connect(host.change_answer)
        self.back.connect(host.back_from_review)
        self.save_and_close.connect(host.save_and_close)
        self.record.connect(lambda: host.show_walk_page("details"))
        self.continue_tree.connect(host.continue_with_tree)

    def configure(self, display: Display) -> None:
        self.high_contrast = display.high_contrast

    def primary_action(self) -> QPushButton:
        return self.continue_button if not self.continue_button.isHidden() \
            else self.record_button if not self.record_button.isHidden() else self.back_button

    def initial_focus(self) -> QWidget:
        """The outcome itself: heard and seen before anything can be recorded."""
        return self.browser

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        session = walk.session
        outcome = session.outcome()
        assert outcome is not None
        self.tree_title.setText(walk.tree_title)
        self._show_outcome(outcome, pack, session)
        self._show_answers(session)
        self.continue_button.setVisible(False)
        if outcome.start_tree:
            target = pack.trees.get(outcome.start_tree)
            title = target.tree.title if target else outcome.start_tree
            self.continue_button.setText(self.tr("Continue with: %s") % title)
            self.continue_button.setAccessibleName(self.tr("Continue with: %s") % title)
            self.continue_button.setProperty("tree_id", outcome.start_tree)
            self.continue_button.setEnabled(target is not None)
            self.continue_button.setVisible(True)
        self.record_button.setVisible(outcome.decision is not None)

    def _show_answers(self, session: Session) -> None:
        """One row per answer, rows kept from one review to the next (quicker than making
        dozens of widgets each time). After a hand-off the earlier walks' answers come first,
        each walk under its tree's title; answers carried over were not asked, so they are
        changed where they were given."""
        steps: list[tuple[str, str, str, Step]] = []  # (change id, walk title, about, step)
        several = len(session.walks) > 1
        for walk in session.walks:
            title = walk.tree.tree.title if several else ""
            for asked_about, step in _grouped(walk.asked()):
                change = step.node_id if walk is session else f"{walk.tree.id}:{step.node_id}"
                steps.append((change, title, about_heading(asked_about.name) if asked_about else "", step))
                title = ""
        self._changes = [change for change, _title, _about, _step in steps]
        while len(self._rows) < len(steps):
            row = len(self._rows)
            part, words, answer = Heading("", 3), label(""), label("", "answer")
            whom = Heading("", 3)
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 4, 0, 4)
            box.addWidget(part)
            box.addWidget(whom)
            box.addWidget(words)
            box.addWidget(answer)
            link = LinkButton(self.tr("Change"))
            link.clicked.connect(lambda _=False, i=row: self.change.emit(self._changes[i]))
            self.answers.addWidget(holder, row, 0)
            self.answers.addWidget(link, row, 1, Qt.AlignmentFlag.AlignBottom)
            self._rows.append((holder, words, answer, link))
            self._parts.append(part)
            self._abouts.append(whom)
        for index, (holder, words, answer, link) in enumerate(self._rows):
            shown = index < len(steps)
            holder.setVisible(shown)
            link.setVisible(shown)
            if not shown:
                continue
            change, title, heading, step = steps[index]
            self._parts[index].setText(title)
            self._parts[index].setVisible(bool(title))
            whom = self._abouts[index]
            whom.level = 4 if several else 3  # under the walk's title, if there is one
            whom.setText(heading)
            whom.setVisible(bool(heading))
            words.setText(step.text)
            answer.setText("; ".join(step.labels))
            asked = " ".join(step.text.split())
            if step.about is not None:
                asked = f"{asked} ({step.about.name})"
            link.setAccessibleName(self.tr("Change: %s") % asked)
            link.setObjectName(f"change-{_object_name(change)}")

    def _show_outcome(self, outcome: Outcome, pack: RulePack, session: Session) -> None:
        colours = theme.colours(self.high_contrast)
        self.decision_text = decision_label(outcome.decision) if outcome.decision else ""
        colour = theme.decision_colour(outcome.decision, self.high_contrast) \
            if outcome.decision else colours.text
        warning = self.tr("Emergency: act first to protect people, then record what you "
                          "shared and why as soon as you can.") if outcome.emergency else ""
        self.outcome.summary.show_outcome(self.decision_text, colour, warning, colours.error,
                                          once(outcome.text))
        sections: list[Section] = []
        if outcome.decision is not None:  # what the signed record will say of the rules
            import datetime as dt

            from isp_wizard.record.governance import governance_notices

            notices = governance_notices(session, pack, dt.date.today())
            if notices:
                sections.append(Section(self.tr("Status of the rules behind this record"),
                                        "\n\n".join(escape(n) for n in notices), warning=True))
        if outcome.recipients:
            sections.append(Section(self.tr("What goes to whom"),
                                    recipients_md(outcome, pack)))
        if outcome.people:
            sections.append(Section(self.tr("Each person"), people_md(outcome, pack)))
        if once(outcome.help):
            sections.append(Section(self.tr("Reasons"), once(outcome.help)))
        if outcome.conditions:
            sections.append(Section(self.tr("Conditions to meet when you share"),
                                    "\n".join(f"- {c}" for c in outcome.conditions)))
        if outcome.consult:
            sections.append(Section(self.tr("Whom to consult"),
                                    contacts_md(outcome.consult, pack.contacts)))
        law = [LawSection(self.tr(heading),
                          tuple(r for role in roles for r in getattr(outcome.grounds, role)))
               for heading, roles in GROUND_HEADINGS]
        other = tuple(r for r in outcome.refs if r not in outcome.legal_basis)
        if other:
            heading = PRINCIPLES_HEADING if outcome.grounds else "References"
            law.append(LawSection(self.tr(heading), other))
        self.outcome.show_sections(sections, law, pack.references, colours.error)

    def answer_groups(self) -> list[tuple[str, list[str]]]:
        """The answers as grouped on the page: (heading, change ids), in reading order; the
        answers before any person or recipient come under ""."""
        groups: list[tuple[str, list[str]]] = [("", [])]
        for index, change in enumerate(self._changes):
            heading = self._abouts[index].text()
            if heading:
                groups.append((heading, []))
            groups[-1][1].append(change)
        return [g for g in groups if g[1] or g[0]]

    def change_links(self) -> list[str]:
        """The node ids the page offers to change, in reading order."""
        return list(self._changes)


def _object_name(change: str) -> str:
    """A Change link's object name: the key, without ":" (hand-offs) and spaces (labels)."""
    return "".join(c if c.isalnum() or c in "-_@" else "-" for c in change)


def _grouped(steps: list[Step]) -> list[tuple[About | None, Step]]:
    """The answers about the decision as a whole first (in route order), then each person's
    and each recipient's together, in the order they were asked about; the first answer of each
    group carries whom the group is about."""
    groups: dict[About | None, list[Step]] = {None: []}
    for step in steps:
        if step.kind != "info":  # nothing to change
            groups.setdefault(step.about, []).append(step)
    return [(about if index == 0 else None, step)
            for about, members in groups.items() for index, step in enumerate(members)]


def recipients_md(outcome: Outcome, pack: RulePack) -> str:
    """One line per recipient: the decision for it, what it receives and how it is sent."""
    from isp_wizard.gui.translations import translate

    lines = []
    for item in outcome.recipients:
        parts = [decision_label(item.decision)]
        if item.receives:
            parts.append(translate("ReviewPage", "Receives: %1").replace(
                "%1", "; ".join(item.receives)))
        if item.channel:
            parts.append(translate("ReviewPage", "How it is sent: %1").replace(
                "%1", "; ".join(item.channel)))
        parts.extend(item.conditions)
        lines.append(f"- **{escape(item.about.name)}**: " + escape(". ".join(parts)))
    return "\n".join(lines)


def people_md(outcome: Outcome, pack: RulePack) -> str:
    """One line per person: their category, the decision for their information and the
    references their route established."""
    from isp_wizard.vocabulary import PERSON_CATEGORIES

    lines = []
    for item in outcome.people:
        head = escape(item.about.name)
        if item.category:
            head += f" ({escape(PERSON_CATEGORIES.label(item.category))})"
        parts = [decision_label(item.decision)]
        cited = [pack.references[r].title if r in pack.references else r
                 for r in item.grounds.ids()]
        if cited:
            parts.append("; ".join(cited))
        lines.append(f"- **{head}**: " + escape(". ".join(parts)))
    return "\n".join(lines)
