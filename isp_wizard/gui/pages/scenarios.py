"""The scenario player: the library of scenarios by tree, played by a trainee, then compared.

At the outcome the trainee's route is compared with the scenario's expected one (the engine
walks the scenario's answers); on a mismatch the page shows the first question where the
routes parted, both answers, and that question's guidance. "Save as scenario" adds a finished
walk to a scenarios file for ``rules test`` and for later sessions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Display, Heading, Page, ensure_visible, settle
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.answer_inputs import AnswerInput
from isp_wizard.gui.widgets.common import announce, button, label
from isp_wizard.gui.widgets.wrapping_tree import WrappingTree

if TYPE_CHECKING:
    from isp_wizard.engine.session import Session
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.widgets.help_panel import HelpPanel
    from isp_wizard.rulepack.models import Scenario
    from isp_wizard.rulepack.pack import RulePack

ROLE = Qt.ItemDataRole.UserRole


class PracticeWalk:
    """A walk in the scenario player: the same question page as the wizard's, nothing saved."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.draft_id: str | None = None
        self.last_save_error = ""

    @property
    def tree_title(self) -> str:
        return self.session.tree.tree.title

    def autosave(self) -> bool:
        return True

    def discard_draft(self) -> None:
        pass


CASE, PLAY, RESULT = 0, 1, 2


class ScenarioPlayer(Page):
    """The scenario library, a case, the wizard's own question page in practice mode, and the
    comparison at the end."""

    key = "scenarios"
    finished = Signal(bool)  # the trainee reached an outcome: True when it is the expected one

    def __init__(self, ctx: AppContext | RulePack | None = None,
                 parent: QWidget | None = None) -> None:
        from isp_wizard.gui.context import AppContext
        from isp_wizard.gui.pages.question import QuestionPage

        pack = None if ctx is None or isinstance(ctx, AppContext) else ctx
        super().__init__(ctx if isinstance(ctx, AppContext) else None, parent)
        self.setObjectName("scenarioPlayer")
        self.host: Any = None
        self.pack: RulePack | None = None
        self.tree_id = ""
        self.scenario: Scenario | None = None
        self.walk: PracticeWalk | None = None
        self.divergence: str | None = None  # where the last mismatched route left the expected

        self.search = QLineEdit()
        self.search.setObjectName("scenarioSearch")
        self.search.setPlaceholderText(self.tr("Search the scenarios…"))
        self.search.setAccessibleName(self.tr("Search the scenarios"))
        self.search.textChanged.connect(self._filter)
        self.library = WrappingTree()  # long names wrap, never cut
        self.library.setObjectName("scenarioLibrary")
        self.library.setAccessibleName(self.tr("Scenarios, by decision tree"))
        self.library.setMinimumWidth(260)
        self.library.currentItemChanged.connect(lambda *_: self._show_chosen())
        self.library.itemActivated.connect(lambda *_: self.play())
        self.library_box = QWidget()
        self.library_box.setObjectName("scenarioLibraryBox")
        left = QVBoxLayout(self.library_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.search)
        left.addWidget(self.library, 1)

        self.play_page = QuestionPage(practice=True)
        self.play_page.completed.connect(self.show_result)
        self.play_page.left_start.connect(lambda: self._switch(CASE))
        self.play_page.stopped.connect(lambda: self._switch(CASE))
        self.play_page.rearranged.connect(self.rearranged.emit)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_case_page())
        self.pages.addWidget(self.play_page)
        self.pages.addWidget(self._build_result_page())

        row = QHBoxLayout()
        row.addWidget(self.library_box, 2)  # room for the scenarios' names
        row.addWidget(self.pages, 3)
        column = QVBoxLayout(self)
        column.addWidget(self.title(self.tr("Scenarios")))
        self.intro = label(self.tr("Choose a case, read it, and answer the questions as you "
                                   "would at work. At the end you see whether you reached the "
                                   "outcome the partnership expects, and if not, where your "
                                   "route left it."), "muted")
        column.addWidget(self.intro)
        column.addLayout(row, 1)
        self.walk_button = button(self.tr("Save the &finished walk as a scenario…"),
                                  description=self.tr("Add the walk you have just finished in "
                                                      "the wizard to a scenarios file"))
        self.walk_button.setObjectName("saveWalkButton")
        self.walk_button.setAutoDefault(False)
        self.walk_button.clicked.connect(self.save_finished_walk)
        self.walk_button.hide()
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.walk_button)
        column.addLayout(bottom)
        if pack is not None:
            self.set_pack(pack)

    # --- the question page, as the tests and trainers drive it --------------------------------

    @property
    def session(self) -> Session | None:
        return self.walk.session if self.walk is not None else None

    @property
    def question(self) -> QLabel:
        return self.play_page.question

    @property
    def play_case(self) -> QLabel:
        return self.play_page.case

    @property
    def input(self) -> AnswerInput:
        return self.play_page.input

    @property
    def error(self) -> QLabel:
        return self.play_page.error

    @property
    def next_button(self) -> QPushButton:
        return self.play_page.next_button

    @property
    def back_button(self) -> QPushButton:
        return self.play_page.back_button

    @property
    def stop_button(self) -> QPushButton:
        return self.play_page.stop_button

    @property
    def play_help(self) -> HelpPanel:
        return self.play_page.help

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.host = host

    def configure(self, display: Display) -> None:
        self.play_page.configure(display)

    def enter(self) -> None:
        """The pack may have been reloaded; a walk finished in the wizard can be saved."""
        pack = self.host.require_pack() if self.host is not None else None
        if pack is not None and pack is not self.pack:
            self.set_pack(pack)
        self.walk_button.setVisible(self._finished_walk() is not None)

    def refresh(self) -> None:
        self.enter()

    def primary_action(self) -> QPushButton:
        index = self.pages.currentIndex()
        return {CASE: self.play_button, PLAY: self.play_page.next_button,
                RESULT: self.again_button}[index]

    def initial_focus(self) -> QWidget:
        index = self.pages.currentIndex()
        if index == PLAY:
            return self.play_page.initial_focus()
        if index == RESULT:
            return self.result
        return self.library

    def reading_regions(self) -> list[QWidget]:
        index = self.pages.currentIndex()
        if index == PLAY:
            return [*self.play_page.reading_regions(), self.walk_button]
        return [w for w in (self.library_box, self.pages.widget(index), self.walk_button)
                if w is not None]

    def _switch(self, index: int) -> None:
        """One of the player's views: the case (with the library), playing, the result."""
        self.pages.setCurrentIndex(index)
        self.library_box.setVisible(index == CASE)   # playing takes the whole width
        self.intro.setVisible(index == CASE)
        self.rearranged.emit()
        if self.isVisible():
            target = self.initial_focus()
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            settle(lambda: ensure_visible(target))

    # --- building ---------------------------------------------------------------------------

    def _build_case_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        self.case_tree = label("", "muted")
        self.case_name = Heading("", 2)
        self.case_text = label("", selectable=True)
        self.case_text.setObjectName("caseText")
        self.play_button = button(self.tr("&Play this scenario"), primary=True,
                                  description=self.tr("Read the case, then answer the questions"))
        self.play_button.clicked.connect(self.play)
        self.play_button.setEnabled(False)
        for widget in (self.case_tree, self.case_name, self.case_text):
            col.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addStretch(1)
        col.addLayout(row)
        col.addStretch(1)
        return page

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        self.verdict = Heading("", 2)
        self.verdict.setObjectName("verdict")
        self.result = QTextBrowser()
        self.result.setObjectName("resultText")
        self.result.setAccessibleName(self.tr("How your route compares with the expected one"))
        self.result.setOpenLinks(False)
        self.result.setTabChangesFocus(True)
        from isp_wizard.gui.widgets.help_panel import HelpPanel

        self.result_help = HelpPanel(self.tr("Help for the question where your route left the "
                                             "expected one"))
        self.result_help.setObjectName("resultHelp")
        self.result_help.hide()
        self.again_button = button(self.tr("Play &again"), primary=True)
        self.again_button.clicked.connect(self.play)
        self.another_button = button(self.tr("&Choose another scenario"))
        self.another_button.clicked.connect(lambda: self._switch(CASE))
        self.save_button = button(self.tr("Save as &scenario…"),
                                  description=self.tr("Add this walk to a scenarios file, with "
                                                      "the outcome you reached as the expected "
                                                      "one"))
        self.save_button.clicked.connect(self.save_as_scenario)
        col.addWidget(self.verdict)
        col.addWidget(self.result, 1)
        col.addWidget(self.result_help, 1)
        row = QHBoxLayout()
        row.addWidget(self.again_button)
        row.addWidget(self.another_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        col.addLayout(row)
        return page

    # --- the library ------------------------------------------------------------------------

    def set_pack(self, pack: RulePack) -> None:
        self.pack = pack
        self.library.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for set_index, group in enumerate(pack.scenario_sets):
            loaded = pack.trees.get(group.tree)
            if loaded is None:
                continue
            parent = groups.get(group.tree)
            if parent is None:
                parent = QTreeWidgetItem([loaded.tree.title])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.library.addTopLevelItem(parent)
                groups[group.tree] = parent
            for index, scenario in enumerate(group.scenarios):
                item = QTreeWidgetItem([scenario.name])
                item.setData(0, ROLE, (set_index, index))
                item.setToolTip(0, scenario.case)
                parent.addChild(item)
        self.library.expandAll()
        self._switch(CASE)
        self._show_chosen()

    def _finished_walk(self) -> Session | None:
        walk = self.host.walk if self.host is not None else None
        session = walk.session if walk is not None else None
        return session if session is not None and session.is_complete else None

    def _filter(self, text: str) -> None:
        """Show the scenarios whose name or case mentions every word typed."""
        words = text.lower().split()
        for i in range(self.library.topLevelItemCount()):
            top = self.library.topLevelItem(i)
            if top is None:
                continue
            shown = 0
            for j in range(top.childCount()):
                item = top.child(j)
                if item is None:
                    continue
                haystack = (item.text(0) + " " + item.toolTip(0)).lower()
                hide = not all(w in haystack for w in words)
                item.setHidden(hide)
                shown += not hide
            top.setHidden(shown == 0)

    def save_finished_walk(self) -> Path | None:
        session = self._finished_walk()
        if session is None or self.pack is None:
            return None
        return save_walk_as_scenario(self, session, self.pack)

    def items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.library.topLevelItemCount()):
            top = self.library.topLevelItem(i)
            if top is not None:
                found += [c for j in range(top.childCount()) if (c := top.child(j)) is not None]
        return found

    def choose(self, tree_id: str, name: str) -> None:
        assert self.pack is not None
        for item in self.items():
            set_index, index = item.data(0, ROLE)
            group = self.pack.scenario_sets[set_index]
            if group.tree == tree_id and group.scenarios[index].name == name:
                self.library.setCurrentItem(item)
                return
        raise KeyError(f"{tree_id}: {name}")

    def _show_chosen(self) -> None:
        item = self.library.currentItem()
        chosen = item.data(0, ROLE) if item is not None else None
        if self.pack is None or chosen is None:
            self.tree_id, self.scenario = "", None
            self.case_tree.setText("")
            self.case_name.setText(self.tr("Choose a scenario from the list."))
            self.case_text.setText("")
            self.case_text.hide()  # no empty, nameless stop for the keyboard
            self.play_button.setEnabled(False)
            return
        group = self.pack.scenario_sets[chosen[0]]
        self.tree_id, self.scenario = group.tree, group.scenarios[chosen[1]]
        self.case_tree.setText(self.pack.trees[group.tree].tree.title)
        self.case_name.setText(self.scenario.name)
        self.case_text.setText(self.scenario.case)
        self.case_text.show()
        self.play_button.setEnabled(True)
        if self.pages.currentIndex() != CASE:
            self._switch(CASE)

    # --- playing ----------------------------------------------------------------------------

    def play(self) -> None:
        from isp_wizard.engine.session import Session

        if self.pack is None or self.scenario is None:
            return
        self.walk = PracticeWalk(Session(self.pack.trees[self.tree_id], self.pack.partners))
        self.play_page.case.setText(self.tr("The case: %s") % self.scenario.case)
        self.pages.setCurrentIndex(PLAY)
        self.play_page.show_walk(self.walk, self.pack)
        self._switch(PLAY)

    def show_step(self) -> None:
        self.play_page.show_current()

    def answer(self, value: object) -> None:
        """Answer the current question as a trainee would (the tests drive the page with it)."""
        self.play_page.input.set_value(value)  # type: ignore[arg-type]
        self.go_next()

    def go_next(self) -> None:
        self.play_page.go_next()

    def go_back(self) -> None:
        if self.session is not None and self.session.can_back:
            self.play_page.go_back()

    # --- the comparison ---------------------------------------------------------------------

    def show_result(self) -> None:
        from isp_wizard.engine.diff import first_divergence
        from isp_wizard.engine.walk import walk
        from isp_wizard.errors import ScenarioError
        from isp_wizard.gui.markdown import escape

        assert self.session is not None and self.scenario is not None and self.pack is not None
        target = self.session.hands_off_to
        if target is not None and target in self.scenario.then and target in self.pack.trees \
                and self.walk is not None:  # the case goes on in the next tree, as in the wizard
            self.walk.session = self.session.hand_off(self.pack.trees[target])
            self.show_step()
            return
        tree = self.session.tree  # the tree the walk ended in
        reached = self.session.outcome()
        assert reached is not None
        expected_node = tree.nodes.get(self.scenario.expected)
        expected_text = expected_node.text if expected_node else self.scenario.expected
        matched = reached.node_id == self.scenario.expected
        self.divergence = None
        helped = None
        parts = [f"**{self.tr('Your outcome')}:** {escape(reached.text)}",
                 f"**{self.tr('Expected outcome')}:** {escape(expected_text)}"]
        if matched:
            self.verdict.setText(self.tr("✓ You reached the expected outcome."))
        else:
            self.verdict.setText(self.tr("✗ Your route reached a different outcome."))
            try:
                expected = walk(self.pack.trees[self.tree_id], self.scenario.answers,
                                self.pack.partners, then=self.scenario.then,
                                trees=self.pack.trees)
            except ScenarioError as exc:
                expected = None
                parts.append(self.tr("The scenario's own answers no longer fit the tree (%s); "
                                     "ask whoever maintains the rules to check it.") % exc)
            parted = first_divergence(self.session, expected) \
                if expected and expected.tree.id == tree.id else None
            if parted is not None:
                node = tree.node(self.session.node_id_of(parted.node_id))
                given = _labels(self.session, parted.node_id, parted.given)
                wanted = _labels(expected, parted.node_id, parted.expected)
                parts.append(f"### {self.tr('Where your route left the expected one')}\n\n"
                             f"**{escape(node.text)}**\n\n"
                             f"- {self.tr('You answered')}: {escape(given)}\n"
                             f"- {self.tr('The expected route answered')}: {escape(wanted)}")
                helped = node
                self.divergence = parted.node_id
        if self.scenario.notes:
            parts.append(f"### {self.tr('Trainer’s notes')}\n\n{self.scenario.notes}")
        from isp_wizard.gui.markdown import as_html

        self.result.setHtml(as_html("\n\n".join(parts)))
        if helped is None:
            self.result_help.hide()
        else:  # the question's help, each reference and link a link of its own
            self.result_help.show_help(help_text=helped.help, why=helped.why, refs=helped.refs,
                                       consult=helped.consult, references=self.pack.references,
                                       contacts=self.pack.contacts)
            self.result_help.show()
        self._switch(RESULT)
        announce(self.verdict, self.verdict.text())
        self.finished.emit(matched)

    # --- saving a walk as a scenario ---------------------------------------------------------

    def save_as_scenario(self) -> Path | None:
        assert self.session is not None and self.pack is not None
        return save_walk_as_scenario(self, self.session, self.pack)


def _labels(session: Session | None, node_id: str, value: object) -> str:
    if session is None or value is None:
        return "—"
    node = session.tree.node(session.node_id_of(node_id))  # (a person's question: node@label)
    return ", ".join(session.labels(node, value))  # type: ignore[arg-type]


class SaveScenarioDialog(QDialog):
    """Name, case text and file for a new scenario; the expected outcome is this walk's."""

    def __init__(self, session: Session, pack: RulePack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save as scenario"))
        self.setObjectName("saveScenarioDialog")
        self.session, self.pack = session, pack
        outcome = session.outcome()
        assert outcome is not None
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Scenario name"))
        self.case = QPlainTextEdit()
        self.case.setAccessibleName(self.tr("The case, as the trainee will read it"))
        self.case.setTabChangesFocus(True)
        self.file = QComboBox()
        self.file.setAccessibleName(self.tr("Scenarios file"))
        tree_id = session.tree.id
        for group in pack.scenario_sets:
            if group.tree == tree_id and str(group.path) not in self._paths():
                self.file.addItem(group.display, str(group.path))
        default = pack.root / "scenarios" / f"{tree_id}-training.yaml"
        if str(default) not in self._paths():
            self.file.addItem(self.tr("New file: %s") % default.name, str(default))
        self.file.addItem(self.tr("Another file…"), "")
        self.file.activated.connect(self._maybe_browse)
        self.error = label("", "error")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Case"), self.case)
        form.addRow(self.tr("&File"), self.file)
        form.addRow(self.tr("Expected outcome"), label(outcome.text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.error)
        col.addWidget(buttons)
        self.saved_to: Path | None = None

    def _paths(self) -> list[str]:
        return [self.file.itemData(i) for i in range(self.file.count())]

    def _maybe_browse(self, index: int) -> None:
        if self.file.itemData(index):
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Scenarios file"),
                                              str(self.pack.root / "scenarios"),
                                              self.tr("YAML files (*.yaml *.yml)"))
        if name:
            self.file.insertItem(index, name, name)
            self.file.setCurrentIndex(index)
        else:
            self.file.setCurrentIndex(0)

    def save(self) -> None:
        from isp_wizard.errors import WizardError
        from isp_wizard.rulepack.models import INFO_SEEN
        from isp_wizard.rulepack.scenario_writer import append_scenario, scenario_from_walk

        outcome = self.session.outcome()
        assert outcome is not None
        name, case = self.name.text().strip(), self.case.toPlainText().strip()
        target = self.file.currentData()
        if not name or not case or not target:
            self.show_error(self.tr("Give the scenario a name, the case text and a file."))
            return
        answers = {k: v for k, v in self.session.answers.items()
                   if k in self.session.path and v != INFO_SEEN}
        try:
            scenario = scenario_from_walk(name, case, answers, outcome.node_id,
                                          outcome.decision)
            append_scenario(Path(target), self.session.tree.id, scenario)
        except (WizardError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self.saved_to = Path(target)
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        announce(self.error, message, assertive=True)


def save_walk_as_scenario(parent: QWidget, session: Session, pack: RulePack) -> Path | None:
    """Ask for a name, case and file, and append the finished walk; the file it went to."""
    dialog = SaveScenarioDialog(session, pack, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_to is None:
        return None
    QMessageBox.information(parent, translate("SaveScenarioDialog", "Scenario saved"),
                            translate("SaveScenarioDialog", "Saved to %s. 'isp-wizard rules "
                                      "test' now runs it; it appears in the library when the "
                                      "rules are next loaded.")
                            % dialog.saved_to)
    return dialog.saved_to
