"""Review: every question and answer with "Change", then the outcome and its reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from isp_wizard.gui import theme
from isp_wizard.gui.markdown import contacts_md, once, references_md
from isp_wizard.gui.widgets.common import button, card, label, markdown_label, tab_chain

if TYPE_CHECKING:
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack

DECISION_TEXT = {
    "share": "Share",
    "share_with_conditions": "Share, with conditions",
    "do_not_share": "Do not share",
    "seek_advice": "Seek advice before sharing",
}


class ReviewPage(QWidget):
    change = Signal(str)          # node id whose answer the user wants to change
    back = Signal()
    save_and_close = Signal()
    record = Signal()             # go on to the record details
    continue_tree = Signal(str)   # the triage's outcome: start this tree

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.high_contrast = False
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)

        self.back_button = button(self.tr("&Back"), self.tr("Back"),
                                  description=self.tr("Back to the last question"))
        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"))
        self.record_button = button(self.tr("&Record this decision"),
                                    self.tr("Record this decision"), primary=True,
                                    description=self.tr("Go on to enter the details of the "
                                                        "record and sign it"))
        self.back_button.clicked.connect(self.back.emit)
        self.save_button.clicked.connect(self.save_and_close.emit)
        self.record_button.clicked.connect(self.record.emit)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(self.record_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(row)
        self.decision_label = label("")
        self.change_buttons: list[QWidget] = []

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        old = self.scroll.takeWidget()
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.scroll.setWidget(self.content)
        if old is not None:
            old.deleteLater()
        session = walk.session
        outcome = session.outcome()
        assert outcome is not None
        col = self.column
        col.addWidget(label(walk.tree_title, "muted"))
        col.addWidget(label(self.tr("Your answers"), "title"))

        answers = QGridLayout()
        answers.setColumnStretch(0, 3)
        answers.setColumnStretch(1, 2)
        self.change_buttons = []
        for row, step in enumerate(session.explain()):
            question = label(step.text)
            answer = label("; ".join(step.labels), selectable=True)
            answer.setStyleSheet("font-weight: bold;")
            change = button(self.tr("Change"), self.tr("Change answer to: %s") % step.text)
            change.setObjectName(f"change-{step.node_id}")
            change.clicked.connect(lambda _=False, n=step.node_id: self.change.emit(n))
            self.change_buttons.append(change)
            answers.addWidget(question, row, 0)
            answers.addWidget(answer, row, 1)
            answers.addWidget(change, row, 2, Qt.AlignmentFlag.AlignTop)
        col.addLayout(answers)

        frame = card()
        frame.setObjectName("outcomeCard")
        box = QVBoxLayout(frame)
        box.addWidget(label(self.tr("The outcome"), "heading"))
        if outcome.decision:
            text = self.tr(DECISION_TEXT[outcome.decision])
            colour = theme.decision_colour(outcome.decision, self.high_contrast)
            self.decision_label = label(text, "decision")
            self.decision_label.setObjectName("decision")
            self.decision_label.setStyleSheet(f"color: {colour};")
            self.decision_label.setAccessibleName(self.tr("Decision: %s") % text)
            box.addWidget(self.decision_label)
        if outcome.emergency:
            box.addWidget(label(self.tr("Emergency: act first to protect people, then record "
                                        "what you shared and why as soon as you can."), "error"))
        box.addWidget(label(once(outcome.text), selectable=True))
        if once(outcome.help):
            box.addWidget(label(self.tr("Reasons"), "heading"))
            box.addWidget(markdown_label(once(outcome.help)))
        if outcome.legal_basis:
            box.addWidget(label(self.tr("Legal basis"), "heading"))
            box.addWidget(markdown_label(references_md(outcome.legal_basis, pack.references)))
        if outcome.conditions:
            box.addWidget(label(self.tr("Conditions to meet when you share"), "heading"))
            box.addWidget(markdown_label("\n".join(f"- {c}" for c in outcome.conditions)))
        if outcome.consult:
            box.addWidget(label(self.tr("Whom to consult"), "heading"))
            box.addWidget(markdown_label(contacts_md(outcome.consult, pack.contacts)))
        other = [r for r in outcome.refs if r not in outcome.legal_basis]
        if other:
            box.addWidget(label(self.tr("Further reading"), "heading"))
            box.addWidget(markdown_label(references_md(other, pack.references)))
        self.continue_button = None
        if outcome.start_tree:
            target = pack.trees.get(outcome.start_tree)
            title = target.tree.title if target else outcome.start_tree
            go = button(self.tr("Continue with: %s") % title, primary=True)
            go.setObjectName("continueTree")
            go.setEnabled(target is not None)
            go.clicked.connect(lambda _=False, t=outcome.start_tree: self.continue_tree.emit(t))
            box.addWidget(go)
            self.continue_button = go
        col.addWidget(frame)
        col.addStretch(1)
        self.record_button.setVisible(outcome.decision is not None)
        chain = [*self.change_buttons, *([self.continue_button] if self.continue_button else []),
                 self.back_button, self.save_button, self.record_button]
        tab_chain(chain)

    def focus_start(self) -> None:
        target = self.continue_button if self.continue_button is not None \
            else self.record_button if self.record_button.isVisible() else self.back_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
