"""The main window: a stack of pages, navigation, the rules banner and the walk's flow.

Adding a page takes one call: ``window.add_page("key", widget, nav_label)``. Training mode has
one hook, ``set_training(on)``: the banner, the accent colour and the window title follow it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import theme
from isp_wizard.gui.pages.home import HomePage
from isp_wizard.gui.widgets.banner import ProblemsBanner
from isp_wizard.gui.widgets.common import button, card, judgement_note, label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack


class MainWindow(QMainWindow):
    page_shown = Signal(str)   # key of the page now on screen (tests and benchmarks wait on it)
    pack_ready = Signal()      # the full rule pack is loaded (or failed to)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.walk: WalkState | None = None
        self.pages: dict[str, QWidget] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        self.resize(1100, 760)

        central = QWidget()
        self.layout_ = QVBoxLayout(central)
        self.layout_.setContentsMargins(12, 8, 12, 8)
        self.training_bar = card("training")
        self.training_bar.setObjectName("trainingBar")
        bar = QHBoxLayout(self.training_bar)
        self.training_text = label(self.tr("TRAINING MODE — practice only. Records made now are "
                                           "marked as training and kept apart from real ones."))
        bar.addWidget(self.training_text)
        self.nav = QHBoxLayout()
        self.nav.addStretch(1)
        self.banner = ProblemsBanner()
        self.stack = QStackedWidget()
        self.footer = judgement_note()
        self.layout_.addWidget(self.training_bar)
        self.layout_.addLayout(self.nav)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.stack, 1)
        self.layout_.addWidget(self.footer)
        self.setCentralWidget(central)

        self.home = HomePage()
        self.add_page("home", self.home, self.tr("&Home"))
        self.home.start_tree.connect(self.start_tree)
        self.home.resume_draft.connect(self.resume_draft)
        self.home.discard_draft.connect(self.discard_draft)
        self.home.golden_rules.connect(self.show_golden_rules)
        self.home.open_register.connect(lambda: self.show_page("register"))
        self._lazy_pages = {"register": self.tr("Re&gister"), "settings": self.tr("Se&ttings")}
        for key, text in self._lazy_pages.items():
            self._add_nav(key, text)

        from isp_wizard.gui import training

        training.install(self)  # the trainers' pages and the training bar's buttons
        self.set_training(ctx.training)

    # --- pages ------------------------------------------------------------------------------

    def add_page(self, key: str, widget: QWidget, nav_label: str | None = None) -> None:
        """Add a page to the stack, and to the navigation bar when ``nav_label`` is given."""
        self.pages[key] = widget
        self.stack.addWidget(widget)
        if nav_label and key not in self.nav_buttons:
            self._add_nav(key, nav_label)

    def _add_nav(self, key: str, text: str) -> None:
        nav = button(text, text.replace("&", ""))
        nav.setObjectName(f"nav-{key}")
        nav.setAutoDefault(False)
        nav.clicked.connect(lambda _=False, k=key: self.show_page(k))
        self.nav.insertWidget(self.nav.count() - 1, nav)
        self.nav_buttons[key] = nav

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            self.add_page(key, self._build_page(key))
        return self.pages[key]

    def _build_page(self, key: str) -> QWidget:
        """Pages that are not needed at start-up are built the first time they are shown."""
        if key == "question":
            from isp_wizard.gui.pages.question import QuestionPage

            question = QuestionPage()
            question.completed.connect(self.show_review)
            question.save_and_close.connect(self.save_and_close)
            question.left_start.connect(self.leave_walk)
            question.set_stacked(self.ctx.settings.text_scale > 150)
            page: QWidget = question
        elif key == "review":
            from isp_wizard.gui.pages.review import ReviewPage

            page = ReviewPage()
            page.high_contrast = self.ctx.settings.high_contrast
            page.change.connect(self.change_answer)
            page.back.connect(self.back_from_review)
            page.save_and_close.connect(self.save_and_close)
            page.record.connect(lambda: self.show_walk_page("details"))
            page.continue_tree.connect(self.continue_with_tree)
        elif key == "details":
            from isp_wizard.gui.pages.details import DetailsPage

            page = DetailsPage()
            page.back.connect(self.show_review)
            page.save_and_close.connect(self.save_and_close)
            page.done.connect(lambda: self.show_walk_page("sign"))
        elif key == "sign":
            from isp_wizard.gui.pages.sign import SignPage

            page = SignPage(self.ctx)
            page.back.connect(lambda: self.show_walk_page("details"))
            page.start_another.connect(self.finish_and_go_home)
            page.signed.connect(self._walk_signed)
        elif key == "register":
            from isp_wizard.gui.pages.register_view import RegisterPage

            page = RegisterPage(self.ctx)
        elif key == "settings":
            from isp_wizard.gui.pages.settings import SettingsPage

            page = SettingsPage(self.ctx)
            page.applied.connect(self.settings_changed)
        else:
            raise KeyError(key)
        return page

    def show_page(self, key: str) -> None:
        page = self.page(key)
        if key == "home":
            self.refresh_home()
        elif hasattr(page, "refresh"):
            page.refresh()
        self.stack.setCurrentWidget(page)
        for nav_key, nav in self.nav_buttons.items():
            nav.setProperty("current", nav_key == key)
        focus = getattr(page, "focus_start", None)
        if callable(focus):
            focus()
        elif key == "home":
            self.home.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        self.page_shown.emit(key)

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is current), "")

    # --- the rule pack ----------------------------------------------------------------------

    def show_summary(self) -> None:
        summary = self.ctx.summary
        if summary is None:
            return
        self.home.set_trees(summary.trees)
        self.banner.show_problems(summary.problems, summary.skipped)

    def finish_loading(self) -> None:
        """Load the full pack (after the first paint) and fill in drafts and records."""
        if self.ctx.pack is None:
            self.ctx.load_pack()
        self.show_summary()
        self.refresh_home()
        self.pack_ready.emit()
        QTimer.singleShot(0, self.prebuild_pages)

    def prebuild_pages(self) -> None:
        """Build the walk's pages while the user reads Home, so the first Next is as quick as
        the rest."""
        for key in ("question", "review", "details"):
            self.page(key)

    def require_pack(self) -> RulePack | None:
        if self.ctx.pack is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.finish_loading()
            finally:
                QApplication.restoreOverrideCursor()
        return self.ctx.pack

    def refresh_home(self) -> None:
        from isp_wizard.errors import WizardError

        if self.ctx.pack is None:
            return
        try:
            drafts = [d for d in self.ctx.drafts().list(self.ctx.pack)
                      if d.training == self.ctx.training]
        except (WizardError, OSError):
            drafts = []
        self.home.set_drafts(drafts, loaded=set(self.ctx.pack.trees))
        try:
            if self.ctx.register_path.exists():
                with self.ctx.register() as register:
                    entries = register.records()
                entries = sorted(entries, key=lambda e: e.created_utc, reverse=True)[:5]
            else:
                entries = []
            self.home.set_records(entries)
        except (WizardError, OSError) as exc:
            self.home.set_records([], problem=self.tr("The register cannot be read: %s") % exc)

    # --- the walk ---------------------------------------------------------------------------

    def start_tree(self, tree_id: str) -> None:
        from isp_wizard.engine.session import Session
        from isp_wizard.gui.walk_state import WalkState

        pack = self.require_pack()
        if pack is None or tree_id not in pack.trees:
            QMessageBox.warning(self, self.tr("Cannot start"),
                                self.tr("These rules could not be loaded."))
            return
        self.walk = WalkState(self.ctx, Session(pack.trees[tree_id], pack.partners))
        self.walk.autosave()
        self.show_walk_page("question")

    def resume_draft(self, draft_id: str) -> None:
        from isp_wizard.errors import WizardError
        from isp_wizard.gui.walk_state import WalkState

        pack = self.require_pack()
        if pack is None:
            return
        try:
            resumed = self.ctx.drafts().load(draft_id, pack)
        except WizardError as exc:
            QMessageBox.warning(self, self.tr("Cannot resume this draft"), str(exc))
            return
        self.walk = WalkState(self.ctx, resumed.session, draft_id=draft_id,
                              details=dict(resumed.details or {}))
        session = self.walk.session
        if session.is_complete and session.position == len(session.path) - 1:
            self.show_review()
        else:
            self.show_walk_page("question")

    def discard_draft(self, draft_id: str) -> None:
        answer = QMessageBox.question(
            self, self.tr("Discard this draft?"),
            self.tr("The answers in this draft will be deleted. This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.drafts().discard(draft_id)
            self.refresh_home()

    def show_walk_page(self, key: str) -> None:
        assert self.walk is not None and self.ctx.pack is not None
        page = self.page(key)
        page.show_walk(self.walk, self.ctx.pack)  # type: ignore[attr-defined]
        self.show_page(key)

    def show_review(self) -> None:
        self.show_walk_page("review")

    def change_answer(self, node_id: str) -> None:
        assert self.walk is not None
        self.walk.session.goto(node_id)
        self.show_walk_page("question")

    def back_from_review(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        session.goto(session.path[-2] if len(session.path) > 1 else session.path[0])
        self.show_walk_page("question")

    def continue_with_tree(self, tree_id: str) -> None:
        if self.walk is not None:
            self.walk.discard_draft()
        self.start_tree(tree_id)

    def save_and_close(self) -> None:
        if self.walk is not None:
            self.walk.autosave()
        self.walk = None
        self.show_page("home")
        self.statusBar().showMessage(self.tr("Saved. Your draft is listed on Home."), 8000)

    def leave_walk(self) -> None:
        """Back from the first question: keep nothing if nothing was answered."""
        if self.walk is not None and not self.walk.session.answers:
            self.walk.discard_draft()
        self.save_and_close()

    def _walk_signed(self) -> None:
        """The record is filed: its draft goes, and nothing about it is saved again."""
        if self.walk is not None:
            self.walk.discard_draft()
        self.walk = None

    def finish_and_go_home(self) -> None:
        self.walk = None
        self.show_page("home")

    # --- golden rules, settings, training ----------------------------------------------------

    def show_golden_rules(self) -> None:
        from isp_wizard.gui.golden_rules import GoldenRulesDialog

        GoldenRulesDialog(self.ctx, self).exec()

    def settings_changed(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        settings = self.ctx.settings
        self.set_training(self.ctx.training)  # the banner and title follow; applies the theme
        question = self.pages.get("question")
        if question is not None:
            question.set_stacked(settings.text_scale > 150)  # type: ignore[attr-defined]
        review = self.pages.get("review")
        if review is not None:
            review.high_contrast = settings.high_contrast  # type: ignore[attr-defined]
        if self.ctx.pack is not None and self.ctx.pack.root != self.ctx.where.rules_dir:
            self.ctx.pack = None
            self.finish_loading()

    def set_training(self, on: bool) -> None:
        self.ctx.training = on
        self.training_bar.setVisible(on)
        title = self.tr("Information sharing wizard")
        self.setWindowTitle(self.tr("%s — TRAINING") % title if on else title)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            settings = self.ctx.settings
            theme.apply(app, scale=settings.text_scale, high_contrast=settings.high_contrast,
                        training=on)

    # --- closing ----------------------------------------------------------------------------

    def ask_to_close(self) -> None:
        if QApplication.activeModalWidget() is not None:
            return
        text = self.tr("Close the wizard?")
        if self.walk is not None:
            text += "\n\n" + self.tr("Your answers so far are saved as a draft; you can carry "
                                     "on from Home next time.")
        answer = QMessageBox.question(self, self.tr("Close"), text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc, when no field or list used it first, asks before closing."""
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.walk is not None:
            self.walk.autosave()
        super().closeEvent(event)
