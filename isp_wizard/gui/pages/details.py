"""The record's details (ICO Annex B), with validation messages a screen reader announces.

What is typed is kept in the walk's draft as it is typed (half a second after the last key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import details_fields as form
from isp_wizard.gui.framework import FieldError, Heading, WalkPage
from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import button, form_header, label, vertical_scroll
from isp_wizard.gui.words import subject_choices

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack

Editor = QLineEdit | QPlainTextEdit | QComboBox




class DetailsPage(WalkPage):
    key = "details"
    back = Signal()
    save_and_close = Signal()
    done = Signal()

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("detailsPage")
        self.walk: WalkState | None = None
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.known: dict[str, str] = {}
        self._loading = False
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(500)
        self.save_timer.timeout.connect(self.save_now)

        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.addWidget(label(self.tr("Only the case reference is needed; fill in what "
                                            "applies. Anything left blank is printed as 'Not "
                                            "recorded'.")))
        self.summary = self.summary_of_errors(self.tr("Please correct this before signing"))
        self.summary.setObjectName("detailsErrors")
        self.column.addWidget(self.summary)
        scroll = vertical_scroll(self.content)

        self.back_button = button(self.tr("&Back"), self.tr("Back"),
                                  description=self.tr("Back to the review"))
        self.save_button = button(self.tr("&Save and close"), self.tr("Save and close"))
        self.next_button = button(self.tr("&Next: sign"), self.tr("Next: sign"), primary=True)
        self.back_button.clicked.connect(self._back)
        self.save_button.clicked.connect(self._save_and_close)
        self.next_button.clicked.connect(self.submit)
        # the actions head the form, beside its title and always in view: the keyboard,
        # landing on the case reference (the one field needed), is a Shift+Tab from Next
        outer = QVBoxLayout(self)
        header = form_header(self.title(self.tr("Details for the record")),
                             self.back_button, self.save_button, self.next_button)
        header.setContentsMargins(9, 0, 0, 0)  # the title in line with the form's text
        outer.addLayout(header)
        outer.addWidget(scroll, 1)
        self._built_for: tuple[int, str] | None = None

    # --- building the form (once per pack) ---------------------------------------------------

    def _build(self, pack: RulePack, record_kind: str = "decision") -> None:
        if self._built_for == (id(pack), record_kind):
            return
        for widget in list(self.editors.values()) + list(self.errors.values()):
            widget.deleteLater()
        self.editors, self.errors = {}, {}
        while self.column.count() > 3:
            item = self.column.takeAt(3)
            if item is not None and (old := item.widget()) is not None:
                old.deleteLater()
        self.captions = {}
        for title, fields in form.sections_for(record_kind):
            self.column.addWidget(Heading(translate("DetailsPage", title), 2))
            layout = QVBoxLayout()
            for spec in fields:
                editor = self._editor(spec, pack)
                editor.setObjectName(f"field-{spec.key}")
                required = translate("DetailsPage", " (required)") if spec.required else ""
                name = translate("DetailsPage", spec.label) + required
                editor.setAccessibleName(name)
                inner = editor.lineEdit() if isinstance(editor, QComboBox) else None
                if inner is not None:  # an editable list: its typing box needs the name too
                    inner.setAccessibleName(name)
                if spec.hint:
                    editor.setAccessibleDescription(translate("DetailsPage", spec.hint))
                caption = label(name)
                caption.setBuddy(editor)
                self.captions[spec.key] = caption
                holder = QWidget()
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(editor)
                if spec.hint:
                    box.addWidget(label(translate("DetailsPage", spec.hint), "muted"))
                error = label("", "error")
                error.hide()
                box.addWidget(error)
                layout.addWidget(caption)
                layout.addWidget(holder)
                self.editors[spec.key] = editor
                self.errors[spec.key] = error
            self.column.addLayout(layout)
        self.column.addStretch(1)
        self._built_for = (id(pack), record_kind)

    def _editor(self, spec: form.FieldSpec, pack: RulePack) -> Editor:
        if spec.kind == "text":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setMinimumHeight(70)
            text.textChanged.connect(self._edited)
            return text
        if spec.kind in ("subject", "partner", "isa", "channel", "contact"):
            combo = QComboBox()
            combo.setEditable(spec.kind in ("channel", "contact"))
            # long names must not widen the form past the window at large text sizes
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            for value, shown in self._choices(spec.kind, pack):
                combo.addItem(shown, value)
            combo.currentIndexChanged.connect(self._edited)
            combo.editTextChanged.connect(self._edited)
            return combo
        line = QLineEdit()
        if spec.kind == "date":
            line.setPlaceholderText(translate("DetailsPage", "DD/MM/YYYY, for example 31/03/2027"))
        line.textEdited.connect(self._edited)
        return line

    @staticmethod
    def _choices(kind: str, pack: RulePack) -> list[tuple[str, str]]:
        if kind == "subject":
            return subject_choices()
        if kind == "partner":
            return [("", translate(
                "DetailsPage", "Not recorded"))] + [(p.id, p.name) for p in pack.partners.values()]
        if kind == "isa":
            none = translate("DetailsPage", "None, or not known")
            return [("", none)] + [(i.id, i.title) for i in pack.isas.values()]
        if kind == "channel":
            channels = sorted({c for p in pack.partners.values() for c in p.channels})
            return [("", "")] + [(c, c) for c in channels]
        contacts = [f"{c.role} ({c.name})" if c.name and not c.placeholder else c.role
                    for c in pack.contacts.values()]
        return [("", "")] + [(c, c) for c in contacts]

    # --- values ------------------------------------------------------------------------------

    def show_walk(self, walk: WalkState, pack: RulePack) -> None:
        from isp_wizard.record.prefill import established, per_recipient

        self.walk = walk
        self._build(pack, walk.session.tree.tree.record_kind)
        self._loading = True
        flat = form.nested_to_flat(walk.details)
        known = {**established(walk.session, pack),
                 **per_recipient(walk.session.outcome())}  # several recipients, one by one
        for key, editor in self.editors.items():
            value = flat.get(key, "")
            if not value and key in known and key not in walk.details_edited:
                value = known[key]  # what the answers established, shown as already known
            _set(editor, value)
            self.errors[key].hide()
            self._mark_known(key, known.get(key))
        self.known = known
        if known:  # the form now holds what the answers established: keep it in the draft
            self.walk.details = form.flat_to_nested(self.values())
        self.summary.show_errors([])
        self._loading = False

    def _mark_known(self, key: str, value: str | None) -> None:
        """A field the answers filled says so in its caption and to screen readers."""
        spec = next(s for s in form.ALL_FIELDS if s.key == key)
        name = translate("DetailsPage", spec.label) + (
            translate("DetailsPage", " (required)") if spec.required else "")
        if value:
            name += translate("DetailsPage", " — known from your answers; change it if it is not "
                              "right")
        self.captions[key].setText(name)
        self.editors[key].setAccessibleName(name)

    def values(self) -> dict[str, str]:
        return {key: _get(editor) for key, editor in self.editors.items() if _get(editor)}

    def _edited(self) -> None:
        if self._loading or self.walk is None:
            return
        self.walk.details = form.flat_to_nested(self.values())
        self.walk.details_edited.update(  # a cleared prefilled field stays cleared
            k for k, v in self.known.items() if k in self.editors and _get(self.editors[k]) != v)
        self.save_timer.start()

    def save_now(self) -> None:
        self.save_timer.stop()
        if self.walk is not None:
            self.walk.details = form.flat_to_nested(self.values())
            self.walk.autosave()

    def _back(self) -> None:
        self.save_now()
        self.back.emit()

    def _save_and_close(self) -> None:
        self.save_now()
        self.save_and_close.emit()

    def submit(self) -> None:
        self.save_now()
        assert self.walk is not None
        found = form.problems(self.walk.details)
        for key, error in self.errors.items():
            message = found.get(key, "")
            error.setText(message)
            error.setVisible(bool(message))
            editor = self.editors[key]
            spec_hint = next(s.hint for s in form.ALL_FIELDS if s.key == key)
            editor.setAccessibleDescription(message or translate("DetailsPage", spec_hint))
        if found:
            labels = {spec.key: translate("DetailsPage", spec.label) for spec in form.ALL_FIELDS}
            self.show_errors([FieldError(self.editors[k], labels.get(k, k), found[k])
                              for k in self.editors if found.get(k)])
            return
        self.show_errors([])
        self.done.emit()

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.back.connect(host.show_review)
        self.save_and_close.connect(host.save_and_close)
        self.done.connect(lambda: host.show_walk_page("sign"))

    def primary_action(self) -> QPushButton:
        return self.next_button

    def initial_focus(self) -> QWidget:
        return self.editors.get("case_reference") or self.next_button

    def focus_start(self) -> None:
        self.initial_focus().setFocus(Qt.FocusReason.OtherFocusReason)


def _get(editor: Editor) -> str:
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QComboBox):
        if editor.isEditable():
            index = editor.findText(editor.currentText())
            data = editor.itemData(index) if index >= 0 else None
            return str(data) if data else editor.currentText()
        return str(editor.currentData() or "")
    return editor.text()


def _set(editor: Editor, value: str) -> None:
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(value)
    elif isinstance(editor, QComboBox):
        index = editor.findData(value)
        if index >= 0:
            editor.setCurrentIndex(index)
        elif editor.isEditable():
            editor.setEditText(value)
        else:
            editor.setCurrentIndex(0)
    else:
        editor.setText(value)
