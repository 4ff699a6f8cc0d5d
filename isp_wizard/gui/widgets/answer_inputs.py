"""One input per node kind. Each keeps answer values apart from the labels it shows.

Every input offers ``value()``, ``set_value()``, ``focus_first()`` and an ``edited`` signal; the
question page does not need to know which kind it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.translations import translate
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AnswerValue,
    DateNode,
    MultiNode,
    Node,
    Partner,
    PartnerNode,
    QuestionNode,
    TextNode,
)


class AnswerInput(QWidget):
    edited = Signal()

    def value(self) -> AnswerValue | None:
        return None

    def set_value(self, value: AnswerValue | None) -> None:
        pass

    def focus_first(self) -> None:
        target = self.first_focus()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus(self) -> QWidget | None:
        """Where the keyboard starts: the chosen answer, else the first (None: nothing to
        answer)."""
        return None

    def focusables(self) -> list[QWidget]:
        return []


class _Buttons(AnswerInput):
    """Radio buttons or check boxes, one per answer, each holding its value apart from its label."""

    def __init__(self, choices: list[tuple[str, str, str]], exclusive: bool, question: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        self.buttons: list[QAbstractButton] = []
        for value, label, detail in choices:
            button: QAbstractButton = QRadioButton() if exclusive else QCheckBox()
            button.setProperty("answer_value", value)
            button.setAccessibleName(label)
            button.setAccessibleDescription(detail or question)
            self.group.addButton(button)
            layout.addWidget(ChoiceRow(button, label, detail))
            self.buttons.append(button)
            if exclusive:
                button.installEventFilter(self)
        self.group.buttonToggled.connect(lambda *_: self.edited.emit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys choose the next or previous answer, even when none is chosen yet (Qt
        would only move the focus then, and Enter would find nothing chosen)."""
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons \
                and isinstance(event, QKeyEvent) and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1,
                    Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}.get(Qt.Key(event.key()))
            if step is not None:
                index = self.buttons.index(watched)
                target = self.buttons[(index + step) % len(self.buttons)]
                target.setChecked(True)
                target.setFocus(Qt.FocusReason.TabFocusReason if step > 0
                                else Qt.FocusReason.BacktabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def first_focus(self) -> QWidget | None:
        checked = [b for b in self.buttons if b.isChecked()]
        chosen = checked or self.buttons
        return chosen[0] if chosen else None

    def focusables(self) -> list[QWidget]:
        return list(self.buttons)


class ChoiceRow(QWidget):
    """A radio button or check box whose label wraps (Qt's own button text never wraps).

    The button keeps focus and the accessible name; clicking the words clicks the button.
    """

    def __init__(self, button: QAbstractButton, text: str, detail: str) -> None:
        super().__init__()
        self.button = button
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        words.addWidget(self.text)
        if detail:
            note = QLabel(detail)
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            words.addWidget(note)
        row.addLayout(words, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)


class ChoiceInput(_Buttons):
    def __init__(self, node: QuestionNode, parent: QWidget | None = None) -> None:
        super().__init__([(a.value, a.label, a.help) for a in node.answers], True, node.text,
                         parent)

    def value(self) -> AnswerValue | None:
        button = self.group.checkedButton()
        return None if button is None else str(button.property("answer_value"))

    def set_value(self, value: AnswerValue | None) -> None:
        for button in self.buttons:
            if button.property("answer_value") == value:
                button.setChecked(True)


class MultiInput(_Buttons):
    def __init__(self, node: MultiNode, parent: QWidget | None = None) -> None:
        super().__init__([(a.value, a.label, a.help) for a in node.answers], False, node.text,
                         parent)

    def value(self) -> AnswerValue | None:
        return [str(b.property("answer_value")) for b in self.buttons if b.isChecked()]

    def set_value(self, value: AnswerValue | None) -> None:
        chosen = set(value if isinstance(value, list) else [value] if value else [])
        for button in self.buttons:
            button.setChecked(button.property("answer_value") in chosen)


class PartnerInput(_Buttons):
    """The partnership's organisations, each with its s115 status shown beside its name."""

    def __init__(self, node: PartnerNode, partners: Mapping[str, Partner],
                 parent: QWidget | None = None) -> None:
        choices = [(p.id, p.name, s115_status(p)) for p in partners.values()]
        if node.allow_other:
            choices.append((OTHER_PARTNER, self.tr("Another organisation (not listed)"),
                            self.tr("Not in the partnership's list: its status under s115 is "
                                    "not known.")))
        super().__init__(choices, True, node.text, parent)

    value = ChoiceInput.value
    set_value = ChoiceInput.set_value


def s115_status(partner: Partner) -> str:


    if partner.relevant_authority is True:
        status = translate(
            "PartnerInput", "A relevant authority under s115 of the Crime and Disorder Act 1998.")
    elif partner.relevant_authority is False:
        status = translate("PartnerInput", "Not a relevant authority under s115: s115 alone "
                           "does not allow sharing with them.")
    else:
        status = translate(
            "PartnerInput", "Whether this is a relevant authority under s115 is not confirmed: ask "
                    "your information governance lead.")
    return f"{partner.type.replace('_', ' ').capitalize()}. {status}"


class TextInput(AnswerInput):
    def __init__(self, node: TextNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.multiline = node.multiline
        self.editor: QLineEdit | QPlainTextEdit
        if node.multiline:
            self.editor = QPlainTextEdit()
            self.editor.setTabChangesFocus(True)
            self.editor.textChanged.connect(self.edited.emit)
        else:
            self.editor = QLineEdit()
            self.editor.setMaxLength(node.max_length)
            self.editor.textEdited.connect(lambda _t: self.edited.emit())
        self.editor.setAccessibleName(node.text)
        self.editor.setAccessibleDescription(
            self.tr("Your answer (required)") if node.required else self.tr("Your answer (optional)"))
        if node.multiline:
            self.editor.setPlaceholderText(self.tr("Ctrl+Enter when you have finished"))
        layout.addWidget(self.editor)

    def value(self) -> AnswerValue | None:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def set_value(self, value: AnswerValue | None) -> None:
        text = value if isinstance(value, str) else ""
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        else:
            self.editor.setText(text)

    def first_focus(self) -> QWidget | None:
        return self.editor

    def focusables(self) -> list[QWidget]:
        return [self.editor]


class DateInput(AnswerInput):
    """A date typed as YYYY-MM-DD (screen readers read it plainly); the engine checks it."""

    def __init__(self, node: DateNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = QLineEdit()
        self.editor.setPlaceholderText(self.tr("YYYY-MM-DD, for example %s")
                                       % QDate.currentDate().toString(Qt.DateFormat.ISODate))
        self.editor.setAccessibleName(node.text)
        self.editor.setAccessibleDescription(self.tr("A date, written year-month-day"))
        self.editor.textEdited.connect(lambda _t: self.edited.emit())
        layout.addWidget(self.editor)

    def value(self) -> AnswerValue | None:
        return self.editor.text().strip()

    def set_value(self, value: AnswerValue | None) -> None:
        self.editor.setText(value if isinstance(value, str) else "")

    def first_focus(self) -> QWidget | None:
        return self.editor

    def focusables(self) -> list[QWidget]:
        return [self.editor]


Maker = Callable[[Any, Mapping[str, Partner], "QWidget | None"], AnswerInput]
INPUTS: dict[str, Maker] = {
    "question": lambda node, partners, parent: ChoiceInput(node, parent),
    "multi": lambda node, partners, parent: MultiInput(node, parent),
    "partner": PartnerInput,
    "text": lambda node, partners, parent: TextInput(node, parent),
    "date": lambda node, partners, parent: DateInput(node, parent),
    "people": lambda node, partners, parent: _people(node, partners, parent),
    "recipients": lambda node, partners, parent: _recipients(node, partners, parent),
}
"""The input for each kind of node that takes an answer, by the node's ``kind``."""


def _people(node: Any, partners: Mapping[str, Partner], parent: QWidget | None) -> AnswerInput:
    from isp_wizard.gui.widgets.people_inputs import PeopleInput

    return PeopleInput(node, parent)


def _recipients(node: Any, partners: Mapping[str, Partner],
                parent: QWidget | None) -> AnswerInput:
    from isp_wizard.gui.widgets.people_inputs import RecipientsInput

    return RecipientsInput(node, partners, parent)


def input_for(node: Node, partners: Mapping[str, Partner],
              parent: QWidget | None = None) -> AnswerInput:
    make = INPUTS.get(node.kind)
    return make(node, partners, parent) if make else AnswerInput(parent)  # a guidance page
