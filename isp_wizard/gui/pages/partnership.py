"""Partnership setup: contacts, partners, agreements and each tree's governance, edited in forms.

For the information-governance lead, on a laptop where no YAML editor may be installed. Each
field is checked as it is typed with the rule format's own rules (``rulepack/editing.py``, as
``rules validate`` and ``isp-wizard partnership`` check them), the error beside the field; the
change is shown as a diff before it is saved; the save is atomic and refused if the file changed
on disk since it was opened. Nothing typed is lost: the form keeps its values until a save
succeeds, and each entry's unsaved values are kept while another entry is looked at.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import FieldError, Heading, Page
from isp_wizard.gui.widgets.common import announce, button, form_header, label, vertical_scroll

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.rulepack.editing import Proposal
    from isp_wizard.rulepack.pack import RulePack

KINDS = ("contacts", "partners", "isas", "governance")
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (("id", "Id (the trees name the contact by it)"), ("role", "Role"),
                 ("name", "Name"), ("how", "How to reach them"), ("when", "When to ask them"),
                 ("placeholder", "These are still example details")),
    "partners": (("id", "Id"), ("name", "Name"), ("type", "Type of organisation"),
                 ("public_authority", "A public authority"),
                 ("relevant_authority", "A relevant authority under s115"),
                 ("s115_source", "Where that status comes from"),
                 ("confirmed", "Status confirmed by legal services"),
                 ("channels", "Secure channels (one per line)"),
                 ("isas", "Agreements signed (agreement ids, one per line)"), ("note", "Note")),
    "isas": (("id", "Id"), ("title", "Title"), ("parties", "Parties (partner ids, one per line)"),
             ("purpose", "Purpose"), ("data", "Information shared"),
             ("review", "Review date (YYYY-MM-DD)"), ("note", "Note")),
    "governance": (("sources", "Sources (one per line)"), ("approved_by", "Approved by"),
                   ("approved_on", "Approved on (YYYY-MM-DD)"),
                   ("next_review", "Next review (YYYY-MM-DD)")),
}
MAYBE = (("yes", True), ("no", False), ("not known", None))


class PartnershipPage(Page):
    key = "partnership"
    saved = Signal(str)  # the file saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partnershipPage")
        self.ctx: AppContext = ctx
        self.host: Any = None
        self.pack: RulePack | None = None
        self.proposal: Proposal | None = None
        self.drafts: dict[tuple[str, str], dict[str, Any]] = {}
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False
        self._removing = False
        self._shown: tuple[str, str] = ("", "")

        content = QWidget()
        col = QVBoxLayout(content)
        col.addWidget(self.title(self.tr("Partnership setup")))
        col.addWidget(label(self.tr(
            "Contacts, partners, agreements and each tree's governance, as the rules folder "
            "holds them. Each change is checked as you type, shown before it is saved, and "
            "saved only if nobody else changed the file meanwhile."), "muted"))
        col.addWidget(self.summary_of_errors())
        self.folder = label("", "muted", selectable=True)
        col.addWidget(self.folder)

        switch = QHBoxLayout()
        self.view_buttons = QButtonGroup(self)
        for index, text in enumerate((self.tr("Edit &entries"), self.tr("&Legal sign-off"))):
            choice = button(text)
            choice.setCheckable(True)
            choice.setChecked(index == 0)
            self.view_buttons.addButton(choice, index)
            switch.addWidget(choice)
        switch.addStretch(1)
        col.addLayout(switch)
        # the edit view's actions head the page, right of the switch and above the entry
        # chosen (a Shift+Tab from "What to edit", where the keyboard lands)
        self.review_button = button(self.tr("Check and &review the change"), primary=True,
                                    description=self.tr("Check the whole rule pack with this "
                                                        "change and show what will be saved"))
        self.revert_button = button(self.tr("Undo &typing"), description=self.tr(
            "Put back the values the file holds"))
        switch.addWidget(self.revert_button)
        switch.addWidget(self.review_button)
        self.views = QStackedWidget()
        col.addWidget(self.views)
        self.view_buttons.idClicked.connect(self.show_view)
        entries = QWidget()
        ecol = QVBoxLayout(entries)
        ecol.setContentsMargins(0, 0, 0, 0)
        choose = QHBoxLayout()
        kind_label = label(self.tr("Edit:"))
        self.kind = QComboBox()
        self.kind.setObjectName("partnershipKind")
        self.kind.setAccessibleName(self.tr("What to edit"))
        for key, text in zip(KINDS, (self.tr("Contacts"), self.tr("Partners"),
                                     self.tr("Agreements"), self.tr("Tree governance")),
                             strict=True):
            self.kind.addItem(text, key)
        kind_label.setBuddy(self.kind)
        entry_label = label(self.tr("Entry:"))
        self.entry = QComboBox()
        self.entry.setObjectName("partnershipEntry")
        self.entry.setAccessibleName(self.tr("Entry"))
        self.entry.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.entry.setMinimumContentsLength(16)
        entry_label.setBuddy(self.entry)
        self.new_button = button(self.tr("&New entry"), description=self.tr(
            "Start a new entry of this kind"))
        self.remove_button = button(self.tr("Re&move entry"), description=self.tr(
            "Remove this entry, if nothing else names it"))
        choose.addWidget(kind_label)
        choose.addWidget(self.kind)
        choose.addWidget(entry_label)
        choose.addWidget(self.entry, 1)
        choose.addWidget(self.new_button)
        choose.addWidget(self.remove_button)
        ecol.addLayout(choose)

        self.form_holder = QWidget()
        self.form = QGridLayout(self.form_holder)
        self.form.setColumnStretch(1, 1)
        ecol.addWidget(self.form_holder)

        ecol.addWidget(Heading(self.tr("What will be saved"), 2))
        self.diff = QTextEdit()  # a view to read, not a field to fill in
        self.diff.setObjectName("partnershipDiff")
        self.diff.setReadOnly(True)
        self.diff.setAcceptRichText(False)
        self.diff.setLineWrapMode(QTextEdit.LineWrapMode.NoWrap)
        self.diff.setAccessibleName(self.tr("The change to the file, line by line"))
        self.diff.setMinimumHeight(120)
        self.diff.setPlaceholderText(self.tr("Check and review a change to see it here."))
        ecol.addWidget(self.diff)
        save_row = QHBoxLayout()
        self.save_button = button(self.tr("&Save the change"), description=self.tr(
            "Write the change to the rules folder"))
        self.save_button.setEnabled(False)
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        ecol.addLayout(save_row)
        self.status = label("", selectable=True)
        self.status.setObjectName("partnershipStatus")
        ecol.addWidget(self.status)
        ecol.addStretch(1)
        self.views.addWidget(entries)
        self.views.addWidget(self._sign_off_view())
        col.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(vertical_scroll(content))

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.entry.currentIndexChanged.connect(lambda _i: self._entry_changed())
        self.new_button.clicked.connect(self.new_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.review_button.clicked.connect(self.review)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)

    # --- the framework -------------------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.host = host

    def enter(self) -> None:
        pack = self.host.require_pack() if self.host is not None else self.ctx.pack
        if pack is None:
            self.folder.setText(self.ctx.pack_failure or self.tr("The rules could not be loaded."))
            return
        if pack is not self.pack:
            self.set_pack(pack)

    def primary_action(self) -> QPushButton:
        return self.review_button if self.views.currentIndex() == 0 else self.approve_button

    def show_view(self, index: int) -> None:
        """0: editing entries; 1: legal sign-off (confirming facts, approving trees)."""
        self.views.setCurrentIndex(index)
        self.view_buttons.button(index).setChecked(True)
        self.review_button.setVisible(index == 0)  # the edit view's actions
        self.revert_button.setVisible(index == 0)
        if index == 1:
            self._fill_sign_off()
        self.rearranged.emit()

    def initial_focus(self) -> QWidget:
        return self.kind if self.views.currentIndex() == 0 else self.unconfirmed

    # --- choosing ------------------------------------------------------------------------------

    @property
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    @property
    def current_target(self) -> str:
        return str(self.entry.currentData() or "")

    def set_pack(self, pack: RulePack, *, select: str | None = None) -> None:
        self.pack = pack
        self.folder.setText(self.tr("Rules folder: %s") % pack.root)
        self._fill_entries(select)
        if self.views.currentIndex() == 1:
            self._fill_sign_off()

    def _entries(self) -> list[tuple[str, str]]:
        assert self.pack is not None
        kind = self.current_kind
        if kind == "governance":
            return [(t, f"{t}: {loaded.tree.title}") for t, loaded in sorted(self.pack.trees.items())]
        found = []
        for entry_id, entry in getattr(self.pack, kind).items():
            name = getattr(entry, "name", "") or getattr(entry, "title", "") or \
                getattr(entry, "role", "")
            found.append((entry_id, f"{entry_id}: {name}"))
        return found

    def _fill_entries(self, select: str | None = None) -> None:
        self._stash()
        self._loading = True
        self.entry.clear()
        for entry_id, text in self._entries():
            self.entry.addItem(text, entry_id)
        if self.current_kind != "governance":
            self.entry.addItem(self.tr("(a new entry)"), "")
        index = self.entry.findData(select) if select is not None else 0
        self.entry.setCurrentIndex(max(index, 0))
        self._loading = False
        self.new_button.setEnabled(self.current_kind != "governance")
        self._entry_changed()

    def _kind_changed(self) -> None:
        if self.pack is not None and not self._loading:
            self._fill_entries()

    def _entry_changed(self) -> None:
        if self._loading or self.pack is None:
            return
        self._stash()
        kind, target = self.current_kind, self.current_target
        self._build_form(kind)
        values = self.drafts.get((kind, target)) or self._file_values(kind, target)
        self._put(values)
        self._shown = (kind, target)
        self.remove_button.setEnabled(bool(target) and kind != "governance")
        self._forget_review()
        self.check()
        self.rearranged.emit()

    def _file_values(self, kind: str, target: str) -> dict[str, Any]:
        from isp_wizard.rulepack.editing import blank_values, entry_values

        assert self.pack is not None
        return entry_values(self.pack, kind, target) if target else blank_values(kind)

    def _stash(self) -> None:
        """Keep what was typed for the entry being left."""
        kind, target = self._shown
        if kind and self.fields:
            typed, _problems = self.typed()
            if typed != self._file_values_or_none(kind, target):
                self.drafts[(kind, target)] = typed
            else:
                self.drafts.pop((kind, target), None)

    def _file_values_or_none(self, kind: str, target: str) -> dict[str, Any] | None:
        from isp_wizard.rulepack.editing import EditError

        try:
            return self._file_values(kind, target)
        except (EditError, KeyError):
            return None

    def new_entry(self) -> None:
        index = self.entry.findData("")
        if index >= 0:
            self.entry.setCurrentIndex(index)
            self.fields["id"].setFocus()

    # --- the form ------------------------------------------------------------------------------

    def _build_form(self, kind: str) -> None:
        from isp_wizard.rulepack.editing import field_shape

        while self.form.count():
            item = self.form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.fields, self.errors = {}, {}
        for row, (name, text) in enumerate(FIELDS[kind]):
            shape = field_shape(kind, name)
            editor: QWidget
            if shape == "flag":
                editor = QCheckBox(self.tr(text))
                editor.toggled.connect(lambda _on: self._typed())
                caption = QLabel("")
            else:
                caption = label(self.tr(text))
                if shape == "maybe":
                    editor = QComboBox()
                    for word, _value in MAYBE:
                        editor.addItem(self.tr(word))
                    editor.currentIndexChanged.connect(lambda _i: self._typed())
                elif shape == "list":
                    editor = QPlainTextEdit()
                    editor.setTabChangesFocus(True)
                    editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 4 + 12)
                    editor.textChanged.connect(self._typed)
                else:
                    editor = QLineEdit()
                    editor.textEdited.connect(lambda _t: self._typed())
                caption.setBuddy(editor)
            editor.setObjectName(f"field_{name}")
            editor.setAccessibleName(self.tr(text))
            error = label("", "error")
            error.setObjectName(f"error_{name}")
            error.hide()
            self.form.addWidget(caption, row * 2, 0, Qt.AlignmentFlag.AlignTop)
            self.form.addWidget(editor, row * 2, 1)
            self.form.addWidget(error, row * 2 + 1, 1)
            self.fields[name], self.errors[name] = editor, error

    def _put(self, values: dict[str, Any]) -> None:
        from isp_wizard.rulepack.editing import shown_field

        self._loading = True
        for name, editor in self.fields.items():
            value = values.get(name)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(next(i for i, (_w, v) in enumerate(MAYBE) if v is value)
                                       if value in (True, False, None) else 2)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText("\n".join(str(v) for v in value or []))
            elif isinstance(editor, QLineEdit):
                editor.setText(shown_field(value))
                editor.setCursorPosition(0)  # a long text shows its beginning
        self._loading = False

    def typed(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The values as typed, and the fields whose words cannot be read (a date, say)."""
        from isp_wizard.rulepack.editing import EditError, parse_field

        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        kind = self._shown[0] or self.current_kind
        for name, editor in self.fields.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                values[name] = MAYBE[max(editor.currentIndex(), 0)][1]
            elif isinstance(editor, QPlainTextEdit):
                values[name] = [line.strip() for line in editor.toPlainText().splitlines()
                                if line.strip()]
            elif isinstance(editor, QLineEdit):
                try:
                    values[name] = parse_field(kind, name, editor.text())
                except EditError as exc:
                    values[name] = editor.text()
                    problems[name] = str(exc).split(": ", 1)[-1]
        return values, problems

    def _typed(self) -> None:
        if self._loading:
            return
        self._forget_review()
        self.check()

    def change(self, *, remove: bool = False) -> Any:
        from isp_wizard.rulepack.editing import Change

        values, _ = self.typed()
        return Change(self.current_kind, self.current_target, {} if remove else values,
                      remove=remove)

    def check(self, today: dt.date | None = None) -> dict[str, str]:
        """Check the form as typed; each field's error shown beside it. Returns the errors."""
        from isp_wizard.rulepack.editing import field_problems

        if self.pack is None:
            return {}
        _values, problems = self.typed()
        if not problems:
            problems = field_problems(self.pack, self.change(), today)
        for name, error in self.errors.items():
            message = problems.get(name, "")
            error.setText(message)
            error.setVisible(bool(message))
            self.fields[name].setProperty("invalid", bool(message))
            self.fields[name].setAccessibleDescription(message)
        return problems

    def revert(self) -> None:
        kind, target = self.current_kind, self.current_target
        self.drafts.pop((kind, target), None)
        self._put(self._file_values(kind, target))
        self._forget_review()
        self.check()

    # --- reviewing and saving ------------------------------------------------------------------

    def _forget_review(self) -> None:
        self.proposal = None
        self.diff.clear()
        self.save_button.setEnabled(False)

    def review(self, *, remove: bool = False) -> bool:
        """Check the change against the whole pack and show its diff; True if it can be saved."""
        from isp_wizard.rulepack.editing import EditError, propose

        assert self.pack is not None
        self._forget_review()
        self._removing = remove
        problems = {} if remove else self.check()
        if problems:
            self.show_errors([FieldError(self.fields.get(name, self.kind),
                                         self._label_of(name), message)
                              for name, message in problems.items()])
            return False
        try:
            self.proposal = propose(self.pack, self.change(remove=remove))
        except EditError as exc:
            self.show_errors([FieldError(self.kind, self.tr("This change"), str(exc))])
            return False
        self.show_errors([])
        self.diff.setPlainText(self.proposal.diff)
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("Read the change below, then save it."))
        announce(self.status, self.status.text())
        self.save_button.setFocus()
        return True

    def remove_entry(self) -> None:
        self.review(remove=True)

    def save(self) -> bool:
        """Write the reviewed change; on any failure the form and the diff are kept."""
        from isp_wizard.rulepack.editing import ChangedOnDiskError, EditError, save

        if self.proposal is None:
            return False
        try:
            save(self.proposal)
        except ChangedOnDiskError as exc:
            self.save_button.setEnabled(False)
            self._failed(str(exc))
            return False
        except EditError as exc:
            self._failed(str(exc))
            return False
        path = self.proposal.opened.path
        kind, target = self.current_kind, self.current_target
        removed = self._removing
        typed, _ = self.typed()
        self.drafts.pop((kind, target), None)
        self._shown = ("", "")
        new_id = "" if removed else str(typed.get("id", target) if kind != "governance" else target)
        self.proposal = None
        pack = self._reload()
        if pack is not None:
            self.set_pack(pack, select=new_id or None)
        self.status.setText(self.tr("Saved %s.") % path.name)
        announce(self.status, self.status.text())
        self.saved.emit(str(path))
        return True

    def _reload(self) -> RulePack | None:
        self.ctx.pack = None
        if self.host is not None:
            pack: RulePack | None = self.host.require_pack()
            return pack
        return self.ctx.load_pack()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.show_errors([FieldError(self.review_button, self.tr("Not saved"), message)])

    def _label_of(self, name: str) -> str:
        return dict(FIELDS[self.current_kind]).get(name, self.tr("This entry"))


    # --- legal sign-off ------------------------------------------------------------------------

    def _sign_off_view(self) -> QWidget:
        view = QWidget()
        col = QVBoxLayout(view)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(Heading(self.tr("Legal facts not yet confirmed"), 2))
        self.unconfirmed = QListWidget()
        self.unconfirmed.setObjectName("unconfirmedFacts")
        self.unconfirmed.setAccessibleName(self.tr("Legal facts not yet confirmed, each with "
                                                   "its note"))
        self.unconfirmed.setWordWrap(True)
        self.unconfirmed.setMinimumHeight(160)
        col.addWidget(self.unconfirmed)
        self.approve_button = button(self.tr("&Approve and sign"), primary=True,
                                     description=self.tr("Write the chosen trees' governance and "
                                                         "file a signed rules approval record"))
        self.approve_button.clicked.connect(self.approve)
        by_row = QHBoxLayout()
        by_label = label(self.tr("Confirmed by (name and role):"))
        self.confirmed_by = QLineEdit()
        self.confirmed_by.setObjectName("confirmedBy")
        self.confirmed_by.setAccessibleName(self.tr("Confirmed by (name and role)"))
        by_label.setBuddy(self.confirmed_by)
        self.confirm_button = button(self.tr("Con&firm the chosen fact"), description=self.tr(
            "Mark the chosen fact confirmed, and by whom"))
        self.confirm_button.clicked.connect(self.confirm_chosen)
        by_row.addWidget(by_label)
        by_row.addWidget(self.confirmed_by, 1)
        by_row.addWidget(self.confirm_button)
        col.addLayout(by_row)

        # Approve heads its form (the trees, role, review date and passphrase that follow)
        col.addLayout(form_header(Heading(self.tr("Approve trees"), 2), self.approve_button))
        col.addWidget(label(self.tr(
            "Approving writes each chosen tree's governance and files a signed rules approval "
            "record in the register: every tree and catalogue with its version and SHA-256, "
            "the facts confirmed and by whom, and those still unconfirmed."), "muted"))
        self.tree_boxes_holder = QWidget()
        self.tree_boxes = QGridLayout(self.tree_boxes_holder)
        self.tree_boxes.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.tree_boxes_holder)
        self.tree_checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        self.approver_role = QLineEdit()
        self.approver_role.setObjectName("approverRole")
        self.next_review = QLineEdit()
        self.next_review.setObjectName("nextReview")
        self.approval_passphrase = QLineEdit()
        self.approval_passphrase.setObjectName("approvalPassphrase")
        self.approval_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        for row, (text, editor) in enumerate((
                (self.tr("Your role:"), self.approver_role),
                (self.tr("Next review (YYYY-MM-DD):"), self.next_review),
                (self.tr("Passphrase of your signing identity:"), self.approval_passphrase))):
            caption = label(text)
            caption.setBuddy(editor)
            editor.setAccessibleName(text.rstrip(":"))
            grid.addWidget(caption, row, 0)
            grid.addWidget(editor, row, 1)
        grid.setColumnStretch(1, 1)
        col.addLayout(grid)
        self.sign_off_status = label("", selectable=True)
        self.sign_off_status.setObjectName("signOffStatus")
        col.addWidget(self.sign_off_status)
        col.addStretch(1)
        return view

    def _fill_sign_off(self) -> None:
        from isp_wizard.record.approval import facts

        if self.pack is None:
            return
        _confirmed, unconfirmed = facts(self.pack)
        self.unconfirmed.clear()
        for item in unconfirmed:
            text = f"{item.catalogue}: {item.id} — {item.title}"
            if item.note:
                text += "\n" + self.tr("Note: %s") % item.note
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, (item.catalogue, item.id))
            self.unconfirmed.addItem(entry)
        if not unconfirmed:
            self.unconfirmed.addItem(self.tr("Every legal fact the rules mark is confirmed."))
        self.confirm_button.setEnabled(bool(unconfirmed))
        while self.tree_boxes.count():
            taken = self.tree_boxes.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        chosen = {t for t, box in self.tree_checks.items() if box.isChecked()}
        self.tree_checks = {}
        for index, (tree_id, loaded) in enumerate(sorted(self.pack.trees.items())):
            box = QCheckBox(f"{tree_id} {loaded.tree.version}")
            box.setObjectName(f"approve_{tree_id}")
            box.setAccessibleName(self.tr("Approve %s") % loaded.tree.title)
            box.setChecked(tree_id in chosen)
            self.tree_boxes.addWidget(box, index // 3, index % 3)
            self.tree_checks[tree_id] = box
        self.rearranged.emit()

    def confirm_chosen(self) -> bool:
        from isp_wizard.rulepack.editing import EditError
        from isp_wizard.services.approval import confirm_item

        item = self.unconfirmed.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if self.pack is None or not chosen:
            self._sign_off_failed(self.unconfirmed, self.tr("Choose a fact to confirm."))
            return False
        catalogue, item_id = chosen
        try:
            path = confirm_item(self.pack, catalogue, item_id, self.confirmed_by.text())
        except EditError as exc:
            self._sign_off_failed(self.confirmed_by, str(exc))
            return False
        self.show_errors([])
        pack = self._reload()
        if pack is not None:
            self.set_pack(pack)
        self._fill_sign_off()
        self._sign_off_said(self.tr("Confirmed %1 %2 in %3.").replace("%1", catalogue)
                            .replace("%2", item_id).replace("%3", path.name))
        return True

    def approve(self) -> bool:
        """Approve the ticked trees; the passphrase is cleared whatever happens."""
        from isp_wizard.errors import WizardError
        from isp_wizard.services.approval import approve_rules

        trees = [t for t, box in self.tree_checks.items() if box.isChecked()]
        problems: list[FieldError] = []
        if not trees:
            problems.append(FieldError(self.tree_boxes_holder, self.tr("Trees"),
                                       self.tr("tick the trees you approve")))
        if not self.approver_role.text().strip():
            problems.append(FieldError(self.approver_role, self.tr("Your role"),
                                       self.tr("say in what role you approve them")))
        try:
            review = dt.date.fromisoformat(self.next_review.text().strip())
        except ValueError:
            review = None
            problems.append(FieldError(self.next_review, self.tr("Next review"),
                                       self.tr("write the date as YYYY-MM-DD")))
        if problems:
            self.show_errors(problems)
            return False
        assert review is not None
        passphrase = self.approval_passphrase.text()
        self.approval_passphrase.clear()
        try:
            done = approve_rules(self.ctx.where.rules_dir, trees,
                                 role=self.approver_role.text(), next_review=review,
                                 identity_path=self.ctx.where.identity_path,
                                 passphrase=passphrase, locations=self.ctx.where,
                                 training=self.ctx.training)
        except WizardError as exc:
            self._sign_off_failed(self.approve_button, str(exc))
            return False
        self.show_errors([])
        pack = self._reload()
        if pack is not None:
            self.set_pack(pack)
        self._fill_sign_off()
        self._sign_off_said(self.tr("Approved and signed: the rules approval record is filed "
                                    "in the register (%s).") % done.pdf_path.name)
        return True

    def _sign_off_failed(self, field: QWidget, message: str) -> None:
        self.sign_off_status.setText(message)
        self.show_errors([FieldError(field, self.tr("Not done"), message)])

    def _sign_off_said(self, message: str) -> None:
        self.sign_off_status.setText(message)
        announce(self.sign_off_status, message)
