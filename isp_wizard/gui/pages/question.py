"""One generic page for every node of every tree: the question, its answers and its help.

The page renders what the Session says and hands answers back to it; the engine decides the
route. Enter = Next, Alt+Left or Backspace (outside a text field) = Back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.markdown import help_md
from isp_wizard.gui.widgets.answer_inputs import AnswerInput, input_for
from isp_wizard.gui.widgets.common import announce, button, label, tab_chain, vertical_scroll

if TYPE_CHECKING:
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.models import Tree
    from isp_wizard.rulepack.pack import RulePack


def _steps(tree: Tree) -> dict[str, int]:
    from isp_wizard.rulepack.graph import steps_to_outcome

    return steps_to_outcome(tree)


class QuestionPage(QWidget):
    completed = Signal()       # the route reached an outcome: show the review
    save_and_close = Signal()  # the user wants to stop for now (the draft is kept)
    left_start = Signal()      # Back on the first question: return Home

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionPage")
        self.walk: WalkState | None = None
        self.pack: RulePack | None = None
        self.input: AnswerInput = AnswerInput()

        self.tree_title = label("", "muted")
        self.breadcrumb = label("", "muted", rich=True)
        self.breadcrumb.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.breadcrumb.setAccessibleName(self.tr("Route so far"))
        self.breadcrumb.linkActivated.connect(self._go_to)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress_text = label("", "muted")
        self.question = label("", "title", selectable=True)
        self.question.setObjectName("questionText")
        self.notes = label("", "error")
        self.notes.hide()
        self.input_holder = QVBoxLayout()
        self.error = label("", "error")
        self.error.setObjectName("answerError")
        self.error.hide()

        self.back_button = button(self.tr("&Back"), self.tr("Back"),
                                  description=self.tr("Back to the previous question (Alt+Left)"))
        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"),
                                  description=self.tr("Keep your answers as a draft and return "
                                                      "to Home"))
        self.next_button = button(self.tr("&Next"), self.tr("Next"), primary=True,
                                  description=self.tr("Answer and go on (Enter)"))
        self.back_button.clicked.connect(self.go_back)
        self.save_button.clicked.connect(self.save_and_close.emit)
        self.next_button.clicked.connect(self.go_next)

        self.help = QTextBrowser()
        self.help.setObjectName("helpPanel")
        self.help.setAccessibleName(self.tr("Help for this question"))
        self.help.setOpenExternalLinks(False)
        self.help.setOpenLinks(False)
        self.help.setMinimumWidth(260)

        column = QWidget()
        col = QVBoxLayout(column)
        for widget in (self.tree_title, self.breadcrumb, self.progress, self.progress_text,
                       self.question, self.notes):
            col.addWidget(widget)
        col.addLayout(self.input_holder)
        col.addWidget(self.error)
        col.addStretch(1)
        scroll = vertical_scroll(column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(scroll, 1)
        left_box.addLayout(buttons)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.body.addWidget(left, 3)
        self.body.addWidget(self.help, 2)

        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)
        # in a box of several lines Enter starts a new line, so Ctrl+Enter answers there
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            answer = QShortcut(QKeySequence(keys), self)
            answer.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            answer.activated.connect(self.go_next)

    # --- layout for large text -------------------------------------------------------------

    def set_stacked(self, stacked: bool) -> None:
        """At large text sizes the help goes below the question instead of beside it."""
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                               else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(1, 1 if stacked else 2)  # below, the help takes less room

    # --- rendering --------------------------------------------------------------------------

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        self.walk, self.pack = walk, pack
        self.show_current()

    def show_current(self) -> None:
        assert self.walk is not None and self.pack is not None
        session = self.walk.session
        node = session.current
        self.tree_title.setText(self.walk.tree_title)
        self.question.setText(node.text)
        self.question.setAccessibleName(node.text)
        notes = list(session.notes)
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
        self.input_holder.addWidget(self.input)
        previous = session.answer_of(node.id)
        if previous is not None:
            self.input.set_value(previous)
        self.back_button.setEnabled(True)
        self.next_button.setText(self.tr("&Continue") if node.kind == "info" else self.tr("&Next"))
        self.next_button.setAccessibleName(self.tr("Continue") if node.kind == "info"
                                           else self.tr("Next"))
        self.help.setMarkdown(help_md(
            help_text=node.help, why=node.why, refs=node.refs, consult=node.consult,
            references=self.pack.references, contacts=self.pack.contacts))
        self._set_tab_order()
        if self.isVisible():
            self.focus_start()

    def focus_start(self) -> None:
        if self.input.focusables():
            self.input.focus_first()
        else:
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.breadcrumb, *self.input.focusables(), self.back_button,
                                self.save_button, self.next_button, self.help]
        tab_chain(chain)

    def _render_progress(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        remaining = _steps(session.tree.tree).get(session.current.id, 1)
        done = session.position
        self.progress.setMaximum(done + remaining)
        self.progress.setValue(done)
        if remaining <= 1:
            text = self.tr("Question %1. The outcome may follow this answer.")
        else:
            text = self.tr("Question %1. At least %2 more questions to go.")
        text = text.replace("%1", str(done + 1)).replace("%2", str(remaining - 1))
        self.progress_text.setText(text)
        self.progress.setAccessibleDescription(text)

    def _render_breadcrumb(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        earlier = session.path[:session.position]
        if not earlier:
            self.breadcrumb.setText(self.tr("This is the first question."))
            return
        items = [f'<a href="{node_id}">{_html(_short(session.tree.node(node_id).text))}</a>'
                 for node_id in earlier]
        if len(items) > 4:
            items = [items[0], "…", *items[-3:]]
        self.breadcrumb.setText(" › ".join(items) + " › " + self.tr("this question"))

    # --- moving -----------------------------------------------------------------------------

    def go_next(self) -> None:
        from isp_wizard.engine.session import check_answer
        from isp_wizard.errors import InvalidAnswerError

        assert self.walk is not None and self.pack is not None
        session = self.walk.session
        node = session.current
        value = self.input.value()
        try:
            value = check_answer(node, value, self.pack.partners)
        except InvalidAnswerError as exc:
            self.show_error(_plain_reason(node.kind, str(exc)))
            return
        before = session.answer_of(node.id)
        if before is not None and before != value:
            dropped = session.preview_change(node.id, value)
            if dropped and not self._confirm_drop(dropped):
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
        self.error.setText(message)
        self.error.show()
        self.input.setAccessibleDescription(message)
        announce(self.error, message, assertive=True)
        self.input.focus_first()

    def _confirm_drop(self, dropped: list[str]) -> bool:
        assert self.walk is not None
        tree = self.walk.session.tree
        texts = [tree.node(n).text for n in dropped if n in tree.nodes]
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


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_reason(kind: str, reason: str) -> str:
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("QuestionPage", text)

    if kind in ("question", "partner"):
        return tr("Choose one of the answers to go on.")
    return tr("Please check your answer: %s.") % reason
