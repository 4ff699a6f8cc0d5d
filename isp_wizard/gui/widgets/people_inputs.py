"""Inputs for the people a decision concerns and the organisations it goes to.

``PeopleInput`` keeps a list of short labels ("Adult A", "Child 1"): a person is added by typing
a label and pressing Add (or Enter), and removed with the Remove button beside them.
``RecipientsInput`` offers the partnership's organisations as check boxes, keeping the order in
which they were chosen (the questions about each recipient follow that order). Both are
``AnswerInput``s: the question page treats them as any other answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Heading, ensure_visible, settle
from isp_wizard.gui.widgets.answer_inputs import AnswerInput, _Buttons, s115_status
from isp_wizard.gui.widgets.common import announce, button, label
from isp_wizard.rulepack.models import AnswerValue, Partner, PeopleNode, RecipientsNode


class PeopleInput(AnswerInput):
    """The people named so far, each with Remove, then a field and Add for the next one."""

    reshaped = Signal()  # rows were added or removed: the page orders Tab anew

    def __init__(self, node: PeopleNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleInput")
        self.node = node
        self.people: list[str] = []
        self.rows: list[tuple[QLabel, QPushButton]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list_heading = Heading(self.tr("People named so far"), 2)
        self.empty = label(self.tr("Nobody yet: add the first person below."), "muted")
        self.rows_box = QGridLayout()  # names in one column, each Remove beside its name
        self.rows_box.setVerticalSpacing(2)
        self.rows_box.setHorizontalSpacing(12)
        self.rows_box.setColumnStretch(2, 1)
        self.add_label = QLabel(self.tr("&Label for the next person"))
        self.editor = QLineEdit()
        self.editor.setObjectName("personLabel")
        self.editor.setMaxLength(node.label_max)
        self.editor.setPlaceholderText(self.tr("Initials, or for example “Child 1”"))
        self.editor.setAccessibleName(self.tr("Label for the next person"))
        self._plain = self.tr("Initials, or for example “Child 1”: enough for the record and "
                              "no more. Enter adds the person.")
        self.editor.setAccessibleDescription(self._plain)
        self.add_label.setBuddy(self.editor)
        self.editor.installEventFilter(self)
        self.editor.textEdited.connect(lambda _t: self._clear_error())
        self.add_button = button(self.tr("&Add person"), self.tr("Add person"),
                                 description=self.tr("Add the label typed to the list"))
        self.add_button.setObjectName("addPerson")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        self.error = label("", "error")
        self.error.setObjectName("personError")
        self.error.hide()
        adder = QHBoxLayout()
        adder.addWidget(self.editor, 1)
        adder.addWidget(self.add_button)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.add_label)
        layout.addLayout(adder)
        layout.addWidget(self.error)

    # --- AnswerInput ---------------------------------------------------------------------------

    def value(self) -> AnswerValue | None:
        """The people listed, and a label typed but not yet added (nothing typed is lost)."""
        typed = " ".join(self.editor.text().split())
        return [*self.people, typed] if typed else list(self.people)

    def set_value(self, value: AnswerValue | None) -> None:
        self.people = [str(v) for v in value] if isinstance(value, list) else []
        self._show_rows()

    def first_focus(self) -> QWidget | None:
        return self.editor

    def focusables(self) -> list[QWidget]:
        return [self.editor]

    # --- adding and removing -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the field adds the person typed; with nothing typed it answers (Next)."""
        if watched is self.editor and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and self.editor.text().strip():
            self.add_typed()
            return True
        return super().eventFilter(watched, event)

    def add_typed(self) -> None:
        typed = " ".join(self.editor.text().split())
        problem = self._problem(typed)
        if problem:
            self._say_error(problem)
            return
        self.people.append(typed)
        self.editor.clear()
        self._clear_error()
        self._show_rows()
        self.edited.emit()
        announce(self.editor, self.tr("%1 added. %n person(s) listed.", "", len(self.people))
                 .replace("%1", typed))
        self._focus(self.editor)

    def remove(self, person: str) -> None:
        if person not in self.people:
            return
        index = self.people.index(person)
        self.people.remove(person)
        self._show_rows()
        self.edited.emit()
        announce(self.editor, self.tr("%1 removed. %n person(s) listed.", "", len(self.people))
                 .replace("%1", person))
        # the keyboard goes to the next person's Remove (or the one before, or the field)
        self._focus(self.rows[min(index, len(self.people) - 1)][1] if self.people
                    else self.editor)

    def _problem(self, typed: str) -> str:
        if not typed:
            return self.tr("Type a label first, for example “Child 1”.")
        if typed.casefold() in (p.casefold() for p in self.people):
            return self.tr("“%1” is already listed: give each person their own label.") \
                .replace("%1", typed)
        if len(self.people) >= self.node.max_people:
            return self.tr("This decision can name at most %n people.", "", self.node.max_people)
        return ""

    def _say_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.editor.setAccessibleDescription(f"{message} {self._plain}")
        announce(self.editor, message, assertive=True)
        self._focus(self.editor, self.error)

    def _focus(self, target: QWidget, also: QWidget | None = None) -> None:
        """The keyboard to ``target``, scrolled into view (with ``also``, an error below it)
        once the rows added or removed are laid out."""
        target.setFocus(Qt.FocusReason.OtherFocusReason)

        def show() -> None:
            if also is not None:
                ensure_visible(also)
            ensure_visible(target)

        settle(show)

    def _clear_error(self) -> None:
        if self.error.isVisible():
            self.error.hide()
            self.editor.setAccessibleDescription(self._plain)

    def _show_rows(self) -> None:
        """One row per person: the label, then Remove named with it. Rows are kept and
        relabelled (the keyboard stays on a row that is still there)."""
        while len(self.rows) < len(self.people):
            words = label("", "answer")
            remove = button(self.tr("Remove"))
            remove.setAutoDefault(False)
            index = len(self.rows)
            remove.clicked.connect(lambda _=False, i=index: self.remove(self.people[i]))
            self.rows_box.addWidget(words, index, 0)
            self.rows_box.addWidget(remove, index, 1, Qt.AlignmentFlag.AlignLeft)
            self.rows.append((words, remove))
        for index, (words, remove) in enumerate(self.rows):
            shown = index < len(self.people)
            words.setVisible(shown)
            remove.setVisible(shown)
            if shown:
                person = self.people[index]
                words.setText(person)
                remove.setAccessibleName(self.tr("Remove %1").replace("%1", person))
                remove.setAccessibleDescription(
                    self.tr("Take %1 off the list; what you answered about the others is "
                            "kept").replace("%1", person))
                remove.setObjectName(f"remove-{index}")
        self.empty.setVisible(not self.people)
        self.reshaped.emit()


class RecipientsInput(_Buttons):
    """The partnership's organisations as check boxes; the answer lists those chosen, in the
    order they were chosen."""

    def __init__(self, node: RecipientsNode, partners: Mapping[str, Partner],
                 parent: QWidget | None = None) -> None:
        super().__init__([(p.id, p.name, s115_status(p)) for p in partners.values()], False,
                         node.text, parent)
        self.setObjectName("recipientsInput")
        self.order: list[str] = []
        self.group.buttonToggled.connect(self._toggled)

    def _toggled(self, button: object, checked: bool) -> None:
        pid = str(button.property("answer_value"))  # type: ignore[attr-defined]
        if checked and pid not in self.order:
            self.order.append(pid)
        elif not checked and pid in self.order:
            self.order.remove(pid)

    def value(self) -> AnswerValue | None:
        return list(self.order)

    def set_value(self, value: AnswerValue | None) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        self.order = []
        for pid in chosen:
            for box in self.buttons:
                if box.property("answer_value") == pid:
                    box.setChecked(True)
        for box in self.buttons:
            if box.property("answer_value") not in chosen:
                box.setChecked(False)
        self.order = [p for p in chosen if any(b.property("answer_value") == p
                                               for b in self.buttons)]
