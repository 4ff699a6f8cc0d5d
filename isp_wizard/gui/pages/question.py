"""One generic page for every node of every tree: the question, its answers and its help.

The page renders what the Session says and hands answers back to it; the engine decides the
route. Enter = Next, Alt+Left or Backspace (outside a text field) = Back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import (
    Display,
    Heading,
    LinkButton,
    WalkPage,
    ensure_visible,
    settle,
)
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.answer_inputs import AnswerInput, input_for
from isp_wizard.gui.widgets.common import announce, button, card, label, vertical_scroll
from isp_wizard.gui.widgets.help_panel import HelpPanel

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.models import Tree
    from isp_wizard.rulepack.pack import RulePack


def _steps(tree: Tree) -> dict[str, int]:
    from isp_wizard.rulepack.graph import steps_to_outcome

    found = _FEWEST.get(id(tree))
    if found is None or found[0] is not tree:
        found = _FEWEST[id(tree)] = (tree, steps_to_outcome(tree))
    return found[1]


_FEWEST: dict[int, tuple[Tree, dict[str, int]]] = {}


def _most_steps(tree: Tree) -> dict[str, int]:
    from isp_wizard.rulepack.graph import most_steps_to_outcome

    found = _MOST.get(id(tree))
    if found is None or found[0] is not tree:
        found = _MOST[id(tree)] = (tree, most_steps_to_outcome(tree))
    return found[1]


_MOST: dict[int, tuple[Tree, dict[str, int]]] = {}


class QuestionPage(WalkPage):
    """The walk's question page; with ``practice=True`` the scenario player's (the case above
    the question, Stop instead of Save and close, no route links, nothing saved)."""

    key = "question"
    completed = Signal()       # the route reached an outcome: show the review
    save_and_close = Signal()  # the user wants to stop for now (the draft is kept)
    left_start = Signal()      # Back on the first question: return Home
    back_into_earlier = Signal()  # Back on the first question after a hand-off: the walk before
    stopped = Signal()         # practice: Stop pressed

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None, *,
                 practice: bool = False) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("playPage" if practice else "questionPage")
        self.practice = practice
        self.walk: Any = None
        self.pack: RulePack | None = None
        self.input: AnswerInput = AnswerInput()
        self._focus_after_render = True

        self.tree_title = label("", "muted")
        self.case = label("", "muted", selectable=True)
        self.case.setObjectName("caseText")
        self.case_box = card()
        QVBoxLayout(self.case_box).addWidget(self.case)
        self.back_button = button(self.tr("← &Back"), self.tr("Back"),
                                  description=self.tr("Back to the previous question (Alt+Left)"))
        self.back_button.setObjectName("backButton")
        self.back_button.setAutoDefault(False)
        self.route = QWidget()
        self.route.setObjectName("routeSoFar")
        self.route_box = QVBoxLayout(self.route)
        self.route_box.setContentsMargins(0, 0, 0, 0)
        self.route_box.setSpacing(0)
        self.route.setAccessibleName(self.tr("Route so far"))
        self.breadcrumb = self.route  # the earlier questions, each a link back to it
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress_text = label("", "muted")
        self.about = Heading("", 2)  # whom a question of a repeated section is about
        self.about.setObjectName("aboutHeading")
        self.about.hide()
        self.question = self.title("")
        self.question.setObjectName("playQuestion" if practice else "questionText")
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = label("", "error")
        self.notes.hide()
        self.input_holder = QVBoxLayout()
        self.error = label("", "error")
        self.error.setObjectName("answerError")
        self.error.hide()

        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"),
                                  description=self.tr("Keep your answers as a draft and return "
                                                      "to Home"))
        self.stop_button = button(self.tr("S&top"), self.tr("Stop"),
                                  description=self.tr("Back to the case"))
        self.next_button = button(self.tr("&Next"), self.tr("Next"), primary=True,
                                  description=self.tr("Answer and go on (Enter)"))
        self.back_button.clicked.connect(self.go_back)
        self.save_button.clicked.connect(self.save_and_close.emit)
        self.stop_button.clicked.connect(self.stopped.emit)
        self.next_button.clicked.connect(self.go_next)

        self.help = HelpPanel(self.tr("Help for this question"))
        self.help.setObjectName("playHelp" if practice else "helpPanel")
        self.help.setMinimumWidth(220)

        column = QWidget()
        column.setObjectName("questionColumn")
        col = QVBoxLayout(column)
        for widget in (self.case_box, self.tree_title, self.route, self.progress,
                       self.progress_text, self.about, self.question, self.notes):
            col.addWidget(widget)
        col.addLayout(self.input_holder)
        col.addWidget(self.error)
        col.addStretch(1)
        self.scroller = vertical_scroll(column)
        # the buttons stay below the scrolling question, always on screen; the one that moves
        # on comes first, as it is read
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        self.column = QWidget()
        self.column.setObjectName("questionColumn")
        left = QVBoxLayout(self.column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.scroller, 1)
        left.addLayout(buttons)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.column, 3)
        self.body.addWidget(self.help, 2)
        self.save_button.setHidden(practice)  # (after the layout: a parentless widget shown
        self.stop_button.setHidden(not practice)  # would open as a window of its own)
        self.case_box.setHidden(not practice)

        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)
        # in a box of several lines Enter starts a new line, so Ctrl+Enter answers there
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            answer = QShortcut(QKeySequence(keys), self)
            answer.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            answer.activated.connect(self.go_next)

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.completed.connect(host.show_review)
        self.save_and_close.connect(host.save_and_close)
        self.left_start.connect(host.leave_walk)
        self.back_into_earlier.connect(host.back_into_earlier)

    def configure(self, display: Display) -> None:
        self.set_stacked(display.stacked)
        if display.presentation:  # on a projector the question and its answers come first
            self.body.setStretch(0, 7)
            self.body.setStretch(1, 3)
        else:
            self.body.setStretch(0, 3)
        # in presentation view the tree map shows the route; the question gets the room
        self.tree_title.setVisible(not display.presentation and not self.practice)
        self.route.setVisible(not display.presentation and not self.practice)

    def primary_action(self) -> QPushButton:
        return self.next_button

    def initial_focus(self) -> QWidget:
        return self.input.first_focus() or self.next_button

    def reading_regions(self) -> list[QWidget]:
        return [self.column, self.help]

    # --- layout for large text -------------------------------------------------------------

    def set_stacked(self, stacked: bool) -> None:
        """At large text sizes the help goes below the question instead of beside it."""
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                               else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(1, 1 if stacked else 2)  # below, the help takes less room

    # --- rendering --------------------------------------------------------------------------

    def show_walk(self, walk: WalkState | Any, pack: RulePack) -> None:
        self.walk, self.pack = walk, pack
        self.show_current()

    def show_current(self) -> None:
        assert self.walk is not None and self.pack is not None
        session = self.walk.session
        node = session.current
        self.tree_title.setText(self.walk.tree_title)
        about = session.current_about
        self.about.setVisible(about is not None)
        self.about.setText(about_heading(about.name) if about is not None else "")
        self.question.setText(node.text)
        self.question.setAccessibleName(
            f"{about_heading(about.name)}. {node.text}" if about is not None else node.text)
        notes = list(session.notes)
        if session.can_back_into_earlier:
            before = session.earlier[-1].tree.tree.title
            notes.append(self.tr("This continues “%1”: your answers there are kept for the "
                                 "record, and what they already settled is not asked again. "
                                 "Back returns there.").replace("%1", before))
        if self.walk.last_save_error:
            notes.append(self.tr("Your answers could not be saved as a draft (%s). Keep this "
                                 "window open; the next answer tries again.")
                         % self.walk.last_save_error)
        self.notes.setVisible(bool(notes))
        self.notes.setText("\n".join(notes))
        self.error.hide()
        self._render_progress()
        self._render_breadcrumb()

        old = self.input
        self.input_holder.removeWidget(old)
        old.hide()
        old.deleteLater()
        self.input = input_for(node, self.pack.partners)
        self.input.setObjectName("answerInput")
        self.input.edited.connect(self.error.hide)
        reshaped = getattr(self.input, "reshaped", None)
        if reshaped is not None:  # an input that adds and removes rows (people)
            reshaped.connect(self.rearranged.emit)
        self.input_holder.addWidget(self.input)
        previous = session.answer_of(session.current_key)
        if previous is not None:
            self.input.set_value(previous)
        if about is not None:  # each answer says whom it is about, as the heading does
            for field in self.input.focusables():
                field.setAccessibleDescription(
                    f"{about_heading(about.name)}. {field.accessibleDescription()}")
        self.back_button.setEnabled(not self.practice or session.can_back)
        self.next_button.setText(self.tr("&Continue") if node.kind == "info" else self.tr("&Next"))
        self.next_button.setAccessibleName(self.tr("Continue") if node.kind == "info"
                                           else self.tr("Next"))
        self.next_button.setProperty("wanted_text", None)
        self.help.show_help(help_text=node.help, why=node.why, refs=node.refs,
                            consult=node.consult, references=self.pack.references,
                            contacts=self.pack.contacts)
        self.scroller.verticalScrollBar().setValue(0)
        self.rearranged.emit()  # Tab order and Alt letters for the new controls
        if self.isVisible():
            self.focus_start()

    def focus_start(self) -> None:
        target = self.initial_focus()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        settle(lambda: ensure_visible(target))

    def _render_progress(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        tree = session.tree.tree
        most = _most_steps(tree).get(session.current.id, 1)
        done = len([n for n in session.path[:session.position] if n not in session.carried])
        # a progress bar repaints itself at once when its value changes: the page repaints
        # whole in a moment, so once is enough
        self.progress.setUpdatesEnabled(False)
        self.progress.setMaximum(done + most)  # never shrinks faster than ``done`` grows
        self.progress.setValue(done)
        self.progress.setUpdatesEnabled(True)
        fewest = max(0, _steps(tree).get(session.current.id, 1) - 1)
        if fewest == 0:
            text = self.tr("Question %1.")
        else:
            text = self.tr("Question %1. At least %n more question(s) after this one.", "",
                           fewest)
        text = text.replace("%1", str(done + 1))
        self.progress_text.setText(text)
        self.progress.setAccessibleDescription(text)

    def _render_breadcrumb(self) -> None:
        """The earlier questions as links back (the first, then the last two); the links are
        kept from one question to the next, only their words change."""
        assert self.walk is not None
        session = self.walk.session
        earlier = [n for n in session.path[:session.position] if n not in session.carried]
        shown = list(earlier) if len(earlier) <= 3 else [earlier[0], *earlier[-2:]]
        self._route_ids = shown
        if not hasattr(self, "_first_note"):
            self._first_note = label(self.tr("This is the first question."), "muted")
            self.route_box.addWidget(self._first_note)
            self._route_links: list[LinkButton] = []
        self._first_note.setVisible(not shown)
        while len(self._route_links) < len(shown):
            index = len(self._route_links)
            link = LinkButton("")
            link.clicked.connect(lambda _=False, i=index: self._go_to(self._route_ids[i]))
            self.route_box.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
            self._route_links.append(link)
        for index, link in enumerate(self._route_links):
            link.setVisible(index < len(shown))
            if index < len(shown):
                text = question_about(session, shown[index])
                link.setText("› " + _short(text, 70))
                link.setProperty("wanted_text", None)  # new words: not the ones first shown
                link.setAccessibleName(self.tr("Go back to: %s") % " ".join(text.split()))
                link.setObjectName(f"route-{shown[index]}")

    # --- moving -----------------------------------------------------------------------------

    def go_next(self) -> None:
        from isp_wizard.engine.session import check_answer
        from isp_wizard.errors import InvalidAnswerError

        assert self.walk is not None and self.pack is not None
        session = self.walk.session
        node = session.current
        key = session.current_key
        value = self.input.value()
        try:
            value = check_answer(node, value, self.pack.partners)
        except InvalidAnswerError as exc:
            self.show_error(_plain_reason(node.kind, str(exc)))
            return
        before = session.answer_of(key)
        if before is not None and before != value:
            dropped = session.preview_change(key, value)
            if dropped and not self._confirm_drop(dropped):
                self.input.set_value(before)  # the answer kept is the one shown
                return
        session.answer(value)
        self.walk.autosave()
        if session.is_complete and session.position == len(session.path) - 1:
            self.completed.emit()
        else:
            self.show_current()

    def go_back(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        if session.can_back_into_earlier and not self.practice:
            self.back_into_earlier.emit()
            return
        if not session.can_back:
            self.left_start.emit()
            return
        session.back()
        self.walk.autosave()
        self.show_current()

    def _go_to(self, node_id: str) -> None:
        assert self.walk is not None
        self.walk.session.goto(node_id)
        self.walk.autosave()
        self.show_current()

    def show_error(self, message: str) -> None:
        """The message below the answers, tied to them for screen readers; the keyboard stays
        on the answer it was on (or goes to the first), and both are scrolled into view."""
        from PySide6.QtWidgets import QApplication

        self.error.setText(message)
        self.error.show()
        for field in self.input.focusables():
            if field.property("plain_description") is None:
                field.setProperty("plain_description", field.accessibleDescription())
            field.setAccessibleDescription(f"{message} {field.property('plain_description')}")
        announce(self.error, message, assertive=True)
        focused = QApplication.focusWidget()
        target = focused if focused in self.input.focusables() else self.initial_focus()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

        def show_both() -> None:
            ensure_visible(self.error)
            ensure_visible(target)

        settle(show_both)

    def _confirm_drop(self, dropped: list[str]) -> bool:
        assert self.walk is not None
        session = self.walk.session
        texts = [question_about(session, n) for n in dropped
                 if session.node_id_of(n) in session.tree.nodes]
        shown = "\n".join(f"• {t}" for t in texts[:8])
        if len(texts) > 8:
            shown += "\n" + self.tr("… and %n more.", "", len(texts) - 8)
        answer = QMessageBox.question(
            self, self.tr("Change this answer?"),
            self.tr("Changing this answer means these later answers no longer apply and will "
                    "be cleared:") + "\n\n" + shown + "\n\n" + self.tr("Change the answer?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_next()
            return
        if key == Qt.Key.Key_Backspace and not isinstance(
                self.focusWidget(), QLineEdit | QPlainTextEdit):
            self.go_back()
            return
        super().keyPressEvent(event)


def about_heading(name: str) -> str:
    """The heading above a question asked about one person or recipient."""
    return translate("QuestionPage", "About: %1").replace("%1", name)


def question_about(session: Any, key: str) -> str:
    """A question's words, with whom it was asked about inside a repeated section."""
    text = session.tree.node(session.node_id_of(key)).text
    about = session.about(key)
    if about is None:
        item = key.partition("@")[2]  # an answer no longer on the route: name it by its key
        return f"{text} ({item})" if item else text
    return f"{text} ({about.name})"


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_reason(kind: str, reason: str) -> str:


    if kind in ("question", "partner"):
        return translate("QuestionPage", "Choose one of the answers to go on.")
    return translate("QuestionPage", "Please check your answer: %s.") % reason
