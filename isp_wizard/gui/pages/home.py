"""Home: a card per tree, "Not sure which applies?", drafts to resume, the latest records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Heading, Page
from isp_wizard.gui.markdown import once
from isp_wizard.gui.pack_index import TreeCard
from isp_wizard.gui.widgets.common import button, card, label, vertical_scroll
from isp_wizard.gui.words import decision_label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext


class HomePage(Page):
    key = "home"

    start_tree = Signal(str)
    resume_draft = Signal(str)
    discard_draft = Signal(str)
    golden_rules = Signal()
    open_register = Signal()

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("homePage")
        self.host: Any = None
        self.triage_id = ""
        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.setSpacing(12)

        title = self.title(self.tr("Sharing information about people: decide, record, sign"))
        intro = label(self.tr("Choose the situation you are in. The wizard asks questions one "
                              "at a time, explains the law as it goes, and ends with a signed "
                              "record of your decision."))
        self.column.addWidget(title)
        self.column.addWidget(intro)

        top = QHBoxLayout()
        self.triage_button = button(self.tr("Not sure which applies? Start here"),
                                    self.tr("Not sure which applies? Start here"), primary=True,
                                    description=self.tr("A few questions that point you to the "
                                                        "right set of questions"))
        self.triage_button.clicked.connect(lambda: self.start_tree.emit(self.triage_id))
        self.rules_button = button(self.tr("The seven golden rules"),
                                   description=self.tr("The seven golden rules for sharing "
                                                       "information, in short"))
        self.rules_button.clicked.connect(self.golden_rules.emit)
        top.addWidget(self.triage_button)
        top.addWidget(self.rules_button)
        top.addStretch(1)
        self.column.addLayout(top)

        self.drafts_heading = Heading(self.tr("Carry on where you left off"), 2)
        self.draft_notes: list[QLabel] = []  # what happened to drafts that could not be opened
        self.drafts_box = QVBoxLayout()
        self.column.addWidget(self.drafts_heading)
        self.column.addLayout(self.drafts_box)

        self.column.addWidget(Heading(self.tr("Decisions you can make"), 2))
        self.cards_box = QVBoxLayout()
        self.column.addLayout(self.cards_box)
        self.loading = label(self.tr("Loading the rules…"), "muted")
        self.cards_box.addWidget(self.loading)

        records_row = QHBoxLayout()
        records_row.addWidget(Heading(self.tr("Latest records"), 2), 1)
        self.register_button = button(self.tr("Open the register"))
        self.register_button.clicked.connect(self.open_register.emit)
        records_row.addWidget(self.register_button)
        self.column.addLayout(records_row)
        self.records_box = QVBoxLayout()
        self.column.addLayout(self.records_box)
        self.column.addStretch(1)

        scroll = vertical_scroll(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.set_drafts([])
        self.set_records([], loaded=False)

    # --- filling in -------------------------------------------------------------------------

    def set_trees(self, cards: Sequence[TreeCard]) -> None:
        _clear(self.cards_box)
        triage = next((c for c in cards if c.triage), None)
        self.triage_id = triage.id if triage else ""
        self.triage_button.setVisible(triage is not None)
        if not cards:
            self.cards_box.addWidget(label(self.tr("No decision trees could be loaded. See the "
                                                   "message at the top of the window."), "error"))
        for tree in cards:
            self.cards_box.addWidget(self._tree_card(tree))

    def _tree_card(self, tree: TreeCard) -> QWidget:
        frame = card()
        frame.setObjectName(f"treeCard-{tree.id}")
        box = QHBoxLayout(frame)
        text = QVBoxLayout()
        text.addWidget(Heading(tree.title, 3))
        text.addWidget(label(once(tree.summary)))
        text.addWidget(label(self.tr("Version %s") % tree.version, "muted"))
        box.addLayout(text, 1)
        start = button(self.tr("Start"), self.tr("Start: %s") % tree.title,
                       description=once(tree.summary))
        start.setObjectName(f"start-{tree.id}")
        start.clicked.connect(lambda _=False, tid=tree.id: self.start_tree.emit(tid))
        box.addWidget(start, 0, Qt.AlignmentFlag.AlignVCenter)
        return frame

    def set_drafts(self, drafts: Sequence[Any], loaded: set[str] | None = None,
                   messages: Sequence[str] = ()) -> None:
        """``drafts``: the store's DraftSummary items (tree title, case reference, updated).

        A draft whose tree did not load is listed with the reason, and cannot be resumed.
        ``messages`` say which unreadable drafts were set aside, and where."""
        _clear(self.drafts_box)
        self.drafts_heading.setVisible(bool(drafts) or bool(messages))
        self.draft_notes = []
        for message in messages:
            said = label(message, "error", selectable=True)
            said.setAccessibleName(message)
            self.drafts_box.addWidget(said)
            self.draft_notes.append(said)
        for draft in drafts:
            frame = card()
            frame.setObjectName(f"draft-{draft.draft_id}")
            row = QHBoxLayout(frame)
            case = draft.case_reference or self.tr("no case reference yet")
            when = _when(draft.updated)
            text = self.tr("%1 — %2 — %3 answers, last changed %4") \
                .replace("%1", draft.tree_title).replace("%2", case) \
                .replace("%3", str(draft.answered)).replace("%4", when)
            note = getattr(draft, "note", "")
            row.addWidget(label(text + (f"\n{note}" if note else "")), 1)
            resume = button(self.tr("Resume"), self.tr("Resume: %s") % text, primary=True)
            resume.setEnabled(loaded is None or draft.tree_id in loaded)
            resume.setObjectName(f"resume-{draft.draft_id}")
            resume.clicked.connect(lambda _=False, d=draft.draft_id: self.resume_draft.emit(d))
            discard = button(self.tr("Discard"), self.tr("Discard draft: %s") % text)
            discard.setObjectName(f"discard-{draft.draft_id}")
            discard.clicked.connect(lambda _=False, d=draft.draft_id: self.discard_draft.emit(d))
            row.addWidget(resume)
            row.addWidget(discard)
            self.drafts_box.addWidget(frame)

    def set_records(self, entries: Sequence[Any], *, loaded: bool = True,
                    problem: str = "") -> None:
        _clear(self.records_box)
        if problem:
            self.records_box.addWidget(label(problem, "error"))
        elif not loaded:
            self.records_box.addWidget(label(self.tr("Loading…"), "muted"))
        elif not entries:
            self.records_box.addWidget(label(self.tr("No records yet. Your signed decisions "
                                                     "will be listed here."), "muted"))
        for entry in entries:
            text = f"{entry.created_utc[:16].replace('T', ' ')} · {entry.case_reference} · " \
                   f"{decision_label(entry.decision)} · {entry.tree_id}"
            self.records_box.addWidget(label(text, selectable=True))

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.host = host
        self.start_tree.connect(host.start_tree)
        self.resume_draft.connect(host.resume_draft)
        self.discard_draft.connect(host.discard_draft)
        self.golden_rules.connect(host.show_golden_rules)
        self.open_register.connect(lambda: host.show_page("register"))

    def enter(self) -> None:
        if self.host is not None:
            self.host.refresh_home()

    def primary_action(self) -> QPushButton:
        return self.triage_button if not self.triage_button.isHidden() else self.rules_button

    def first_focus(self) -> QPushButton:
        return self.primary_action()

    def resume_button(self, draft_id: str) -> QPushButton | None:
        found: QPushButton | None = self.findChild(QPushButton, f"resume-{draft_id}")
        return found if found is not None and found.isEnabled() else None


def _when(value: Any) -> str:
    """A saved time in the user's own time zone, as people write it: 25 Nov 2026 14:05."""
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%d %b %Y %H:%M")
    return str(value)[:16].replace("T", " ")


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # gone from findChild and the Tab chain at once
            widget.deleteLater()
