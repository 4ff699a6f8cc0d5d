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
from isp_wizard.gui.widgets.common import button, label, vertical_scroll
from isp_wizard.gui.widgets.outcome import LawSection, OutcomeView, Section
from isp_wizard.gui.words import decision_label
from isp_wizard.record.model import GROUND_HEADINGS, PRINCIPLES_HEADING

if TYPE_CHECKING:
    from isp_wizard.engine.session import Outcome, Session, Step
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
        steps: list[tuple[str, str, Step]] = []  # (change id, walk title shown first, step)
        several = len(session.walks) > 1
        for walk in session.walks:
            title = walk.tree.tree.title if several else ""
            for step in walk.asked():
                if step.kind == "info":
                    continue  # nothing to change
                change = step.node_id if walk is session else f"{walk.tree.id}:{step.node_id}"
                steps.append((change, title, step))
                title = ""
        self._changes = [change for change, _title, _step in steps]
        while len(self._rows) < len(steps):
            row = len(self._rows)
            part, words, answer = Heading("", 3), label(""), label("", "answer")
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 4, 0, 4)
            box.addWidget(part)
            box.addWidget(words)
            box.addWidget(answer)
            link = LinkButton(self.tr("Change"))
            link.clicked.connect(lambda _=False, i=row: self.change.emit(self._changes[i]))
            self.answers.addWidget(holder, row, 0)
            self.answers.addWidget(link, row, 1, Qt.AlignmentFlag.AlignBottom)
            self._rows.append((holder, words, answer, link))
            self._parts.append(part)
        for index, (holder, words, answer, link) in enumerate(self._rows):
            shown = index < len(steps)
            holder.setVisible(shown)
            link.setVisible(shown)
            if not shown:
                continue
            change, title, step = steps[index]
            self._parts[index].setText(title)
            self._parts[index].setVisible(bool(title))
            words.setText(step.text)
            answer.setText("; ".join(step.labels))
            link.setAccessibleName(self.tr("Change: %s") % " ".join(step.text.split()))
            link.setObjectName(f"change-{change.replace(':', '-')}")

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

    def change_links(self) -> list[str]:
        """The node ids the page offers to change, in reading order."""
        return list(self._changes)
