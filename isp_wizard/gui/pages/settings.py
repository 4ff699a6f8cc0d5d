"""Settings: identity, rules folder, records folder, text size, high contrast, training mode."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.framework import Heading, Page
from isp_wizard.gui.translations import LANGUAGES, use_language
from isp_wizard.gui.widgets.common import announce, button, form_header, label, vertical_scroll

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext


class SettingsPage(Page):
    key = "settings"
    applied = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("settingsPage")
        self.ctx: AppContext = ctx
        content = QWidget()
        col = QVBoxLayout(content)

        col.addWidget(Heading(self.tr("Your signing identity"), 2))
        self.identity_text = label("", selectable=True)
        self.identity_text.setObjectName("identitySummary")
        col.addWidget(self.identity_text)
        self.import_button = button(self.tr("&Import a .p12 file…"),
                                    self.tr("Import an identity file"),
                                    description=self.tr("Use the identity file your "
                                                        "organisation issued"))
        self.import_button.clicked.connect(self.import_identity)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        col.addLayout(row)

        col.addWidget(Heading(self.tr("Where things are"), 2))
        form = QVBoxLayout()
        self.rules_dir = QLineEdit()
        self.rules_dir.setObjectName("rulesDir")
        self.rules_dir.setAccessibleName(self.tr("Rules folder"))
        self.rules_dir.setPlaceholderText(self.tr("The rules shipped with the app"))
        self.rules_browse = button(self.tr("Choose…"), self.tr("Choose the rules folder"))
        self.rules_browse.clicked.connect(lambda: self._browse(self.rules_dir))
        self.rules_reset = button(self.tr("Use the shipped rules"))
        self.rules_reset.clicked.connect(self.rules_dir.clear)
        self.records_dir = QLineEdit()
        self.records_dir.setObjectName("recordsDir")
        self.records_dir.setAccessibleName(self.tr("Records folder"))
        self.records_browse = button(self.tr("Choose…"), self.tr("Choose the records folder"))
        self.records_browse.clicked.connect(lambda: self._browse(self.records_dir))
        form.addWidget(self._caption(self.tr("Rules folder (a council can point at its own)"),
                                     self.rules_dir))
        form.addWidget(_row(self.rules_dir, self.rules_browse, self.rules_reset))
        form.addWidget(self._caption(self.tr("Records folder (signed PDFs)"), self.records_dir))
        form.addWidget(_row(self.records_dir, self.records_browse))
        col.addLayout(form)

        from isp_wizard.gui.widgets.partnership import PartnershipSettings

        self.partnership = PartnershipSettings(ctx)
        col.addWidget(self.partnership)

        col.addWidget(Heading(self.tr("Display"), 2))
        self.text_scale = QSpinBox()
        self.text_scale.setObjectName("textScale")
        self.text_scale.setRange(100, 200)
        self.text_scale.setSingleStep(25)
        self.text_scale.setSuffix(" %")
        self.text_scale.setAccessibleName(self.tr("Text size"))
        if (editor := self.text_scale.findChild(QLineEdit)) is not None:
            editor.setAccessibleName(self.tr("Text size"))
        self.high_contrast = QCheckBox(self.tr("High-contrast colours"))
        self.high_contrast.setObjectName("highContrast")
        self.high_contrast.setAccessibleName(self.tr("High-contrast colours"))
        self.training = QCheckBox(self.tr("Training mode (practice records, kept apart)"))
        self.training.setObjectName("trainingMode")
        self.training.setAccessibleName(self.tr("Training mode"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        col.addWidget(self._caption(self.tr("&Language (screens opened after saving use it; "
                                            "the whole app after a restart)"), self.language))
        col.addWidget(self.language)
        col.addWidget(self._caption(self.tr("Text size"), self.text_scale))
        self.text_scale.setMaximumWidth(self.text_scale.fontMetrics().horizontalAdvance("0") * 14)
        col.addWidget(self.text_scale)
        col.addWidget(self.high_contrast)
        col.addWidget(self.training)


        col.addWidget(Heading(self.tr("About"), 2))
        self.about_button = button(self.tr("&About this app…"), self.tr("About this app"),
                                   description=self.tr("Versions of the app and of the rules, "
                                                       "for support"))
        self.about_button.setObjectName("aboutButton")
        self.about_button.clicked.connect(self.show_about)
        about_row = QHBoxLayout()
        about_row.addWidget(self.about_button)
        about_row.addStretch(1)
        col.addLayout(about_row)
        col.addStretch(1)
        scroll = vertical_scroll(content)
        # Save heads the page, beside its title and always in view (a Shift+Tab from the
        # first control), with what saving did beside it
        self.status = label("", "muted")
        self.status.setObjectName("settingsStatus")
        self.save_button = button(self.tr("&Save settings"), self.tr("Save settings"),
                                  primary=True)
        self.save_button.clicked.connect(self.save)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        header = form_header(self.title(self.tr("Settings")), self.save_button,
                             status=self.status)
        header.setContentsMargins(9, 9, 9 + scroll.verticalScrollBar().sizeHint().width(), 0)
        outer.addLayout(header)
        outer.addWidget(scroll, 1)

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QWidget:
        caption = label(text)
        caption.setBuddy(buddy)
        return caption

    # --- the page framework -----------------------------------------------------------------

    def attach(self, host: Any) -> None:
        self.applied.connect(host.settings_changed)

    def enter(self) -> None:
        self.refresh()

    def primary_action(self) -> QPushButton:
        return self.save_button

    def initial_focus(self) -> QWidget:
        return self.import_button

    def refresh(self) -> None:
        from isp_wizard.record.identity import identity_summary

        s = self.ctx.settings
        self.rules_dir.setText(s.rules_dir)
        self.records_dir.setText(s.records_dir or str(self.ctx.where.records_dir))
        self.text_scale.setValue(s.text_scale)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.high_contrast.setChecked(s.high_contrast)
        self.training.setChecked(self.ctx.training)
        self.partnership.refresh()
        who = identity_summary(self.ctx.where.identity_path)
        if who is None:
            self.identity_text.setText(self.tr("No identity yet. You will be asked to create "
                                               "one when you first sign a record, or you can "
                                               "import your organisation's file now."))
        else:
            self.identity_text.setText(f"{who.name}, {who.role}, {who.organisation}\n"
                                       f"{self.ctx.where.identity_path}")
        self.status.clear()

    def show_about(self) -> None:
        from isp_wizard.gui.about import AboutDialog

        self.about_dialog = AboutDialog(self.ctx.where, self)
        self.about_dialog.open()

    def _browse(self, target: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"),
                                                  target.text() or str(Path.home()))
        if chosen:
            target.setText(chosen)

    def import_identity(self) -> None:
        from isp_wizard.errors import WizardError
        from isp_wizard.record.identity import import_identity

        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Import your identity file"),
                                                str(Path.home()),
                                                self.tr("Identity files (*.p12 *.pfx)"))
        if not chosen:
            return
        passphrase, ok = QInputDialog.getText(self, self.tr("Passphrase"),
                                              self.tr("The passphrase of this file:"),
                                              QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            import_identity(Path(chosen), self.ctx.where.identity_path, passphrase)
        except WizardError as exc:
            self._say(str(exc))
            return
        self.refresh()
        self._say(self.tr("Identity imported."))

    def save(self) -> None:
        if self.ctx.training and not self.training.isChecked():
            from isp_wizard.gui.training import confirm_leave_training

            if not confirm_leave_training(self):
                self.training.setChecked(True)
                return
        s = self.ctx.settings
        rules = self.rules_dir.text().strip()
        if rules and not Path(rules).expanduser().is_dir():
            self._say(self.tr("The rules folder does not exist: %s") % rules)
            self.rules_dir.setFocus()
            return
        s.rules_dir = rules
        records = self.records_dir.text().strip()
        default_records = str(self.ctx.where.records_dir) if not s.records_dir else ""
        s.records_dir = "" if records == default_records else records
        s.text_scale = self.text_scale.value()
        missing = ""
        if s.language != (language := str(self.language.currentData() or "")):
            s.language = language
            if not use_language(language):
                missing = self.language.currentText()
        s.high_contrast = self.high_contrast.isChecked()
        s.training = self.training.isChecked()
        self.ctx.training = s.training
        self.partnership.apply()
        self.ctx.save_settings()
        if missing:
            self._say(self.tr("Settings saved. The %s translation is not installed, so the app "
                              "stays in English (python3 dev.py app builds it).") % missing)
        else:
            self._say(self.tr("Settings saved."))
        self.applied.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        announce(self.status, text)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(widgets[0], 1)
    for widget in widgets[1:]:
        box.addWidget(widget)
    return holder
