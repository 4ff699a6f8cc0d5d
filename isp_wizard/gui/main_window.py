"""The main window: a stack of pages, navigation, the rules banner and the walk's flow.

Pages are listed once, in :mod:`isp_wizard.gui.pages` (key, class, navigation label), and each
is a :class:`isp_wizard.gui.framework.Page`: the window enters and leaves them, puts the focus
where the page says, keeps it in view, makes Tab follow reading order, gives each visible button
its own Alt letter, and turns navigation off while a record is being signed. Training mode and
presentation view are a :class:`~isp_wizard.gui.framework.Display` every page is configured with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui import framework, theme
from isp_wizard.gui.framework import Busy, Display, Page, WalkPage
from isp_wizard.gui.pages import PAGES, SPECS
from isp_wizard.gui.widgets.banner import ProblemsBanner
from isp_wizard.gui.widgets.common import button, card, judgement_note, label

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext
    from isp_wizard.gui.pages.home import HomePage
    from isp_wizard.gui.walk_state import WalkState
    from isp_wizard.rulepack.pack import RulePack

from isp_wizard.gui.training import PRESENTATION_SCALE


class MainWindow(QMainWindow):
    page_shown = Signal(str)   # key of the page now on screen (tests and benchmarks wait on it)
    pack_ready = Signal()      # the full rule pack is loaded (or failed to)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.walk: WalkState | None = None
        self.draft_notes: list[str] = []  # unreadable drafts set aside since the app opened
        self.pages: dict[str, Page] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        self.presentation = False
        self.entered = False  # a page has been shown (until then nothing needs a Tab order)
        self.busy = Busy(self)
        self.busy.changed.connect(self._navigation_while_busy)
        self._fit_to_screen()
        framework.keep_focus_visible()

        central = QWidget()
        self.layout_ = QVBoxLayout(central)
        self.layout_.setContentsMargins(12, 8, 12, 8)
        self.training_bar = card("training")
        self.training_bar.setObjectName("trainingBar")
        bar = QHBoxLayout(self.training_bar)
        self.training_text = label(self.tr("TRAINING MODE — practice only. Records made now are "
                                           "marked as training and kept apart from real ones."))
        bar.addWidget(self.training_text, 1)
        self.presentation_button = button(
            self.tr("&Presentation view"),
            description=self.tr("Large text with the help beside the question, for a "
                                "projector"))
        self.presentation_button.setObjectName("presentationButton")
        self.presentation_button.setCheckable(True)
        self.presentation_button.setAutoDefault(False)
        self.presentation_button.toggled.connect(self.set_presentation)
        self.leave_training_button = button(
            self.tr("&Leave training mode…"),
            description=self.tr("Return to recording real decisions"))
        self.leave_training_button.setObjectName("leaveTrainingButton")
        self.leave_training_button.setAutoDefault(False)
        self.leave_training_button.clicked.connect(self.leave_training)
        for widget in (self.presentation_button, self.leave_training_button):
            widget.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            bar.addWidget(widget)
        self.nav_bar = QWidget()
        self.nav_bar.setObjectName("navigationBar")
        self.nav = QHBoxLayout(self.nav_bar)
        self.nav.setContentsMargins(0, 0, 0, 0)
        self.nav.addStretch(1)
        self.banner = ProblemsBanner()
        self.stack = QStackedWidget()
        self.footer = judgement_note()
        self.layout_.addWidget(self.training_bar)
        self.layout_.addWidget(self.nav_bar)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.stack, 1)
        self.layout_.addWidget(self.footer)
        self.setCentralWidget(central)

        for spec in PAGES:
            if spec.nav_label:
                self._add_nav(spec.key, self.tr(spec.nav_label))
        self.home: HomePage = self.page("home")  # type: ignore[assignment]
        self.set_training(ctx.training)

    def _fit_to_screen(self) -> None:
        """A comfortable size that never exceeds the screen (the app opens maximised)."""
        screen = QApplication.primaryScreen()
        if screen is None:
            self.resize(1100, 760)
            return
        room = screen.availableGeometry()
        self.resize(min(1100, room.width()), min(760, room.height()))

    # --- pages ------------------------------------------------------------------------------

    def display(self) -> Display:
        settings = self.ctx.settings
        scale = max(PRESENTATION_SCALE, settings.text_scale) if self.presentation \
            else settings.text_scale
        return Display(scale=scale, high_contrast=settings.high_contrast,
                       training=self.ctx.training, presentation=self.presentation)

    def _add_nav(self, key: str, text: str) -> None:
        nav = button(text, text.replace("&", ""))
        nav.setObjectName(f"nav-{key}")
        nav.clicked.connect(lambda _=False, k=key: self.show_page(k))
        self.nav.insertWidget(self.nav.count() - 1, nav)
        self.nav_buttons[key] = nav

    def page(self, key: str) -> Page:
        """The page for ``key``, built the first time it is asked for."""
        if key not in self.pages:
            page = SPECS[key].load()(self.ctx)
            page.attach(self)
            page.configure(self.display())
            page.rearranged.connect(lambda p=page: self._rearrange(p))
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_page(self, key: str,
                  focus: QWidget | Callable[[], QWidget | None] | None = None) -> Page:
        """Leave the current page and enter ``key``: content refreshed, scrolled to the top,
        Tab in reading order, focus on the page's initial focus (or ``focus``), in view."""
        current = self.stack.currentWidget()
        page = self.page(key)
        if self.busy.running and page is not current:
            return page  # the buttons are off too; this catches keys and code paths
        if isinstance(current, Page) and current is not page:
            current.leave()
        page.enter()
        self.entered = True
        self.stack.setCurrentWidget(page)
        for nav_key, nav in self.nav_buttons.items():
            nav.setProperty("current", nav_key == key)
        framework.scroll_to_top(page)
        self._rearrange(page)
        target = focus() if callable(focus) else focus
        target = target or page.initial_focus()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            framework.settle(lambda: framework.ensure_visible(target))
        self.page_shown.emit(key)
        return page

    def _rearrange(self, page: Page) -> None:
        """Tab order and Alt letters for the screen as it is now (once a page is on it)."""
        if page is not self.stack.currentWidget() or not self.entered:
            return
        _settle_layouts()
        bars = [*framework.visible_buttons(self.training_bar), *self.nav_buttons.values()]
        bars = [b for b in bars if b.isVisibleTo(self)]
        banner = framework.tab_stops(self.banner) if self.banner.isVisibleTo(self) else []
        framework.chain_in_reading_order([*bars, *banner], page)
        framework.resolve_shortcuts([*bars, *framework.visible_buttons(self.banner),
                                     *framework.visible_buttons(page)])

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is current), "")

    def _navigation_while_busy(self, busy: bool) -> None:
        """While a record is being signed, nothing may leave the page (or start a walk)."""
        for nav in self.nav_buttons.values():
            nav.setEnabled(not busy)
        self.leave_training_button.setEnabled(not busy)
        self.home.setEnabled(not busy)

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
        store = self.ctx.drafts()
        try:
            drafts = [d for d in store.list(self.ctx.pack) if d.training == self.ctx.training]
        except (WizardError, OSError):
            drafts = []
        # what was set aside is said for as long as the window is open, not just once
        self._note_drafts(store.messages)
        self.home.set_drafts(drafts, loaded=set(self.ctx.pack.trees), messages=self.draft_notes)
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

        if self.busy.running:  # a record is being signed: no new walk until it is filed
            return
        pack = self.require_pack()
        if pack is None or tree_id not in pack.trees:
            from PySide6.QtWidgets import QMessageBox  # made when first needed

            QMessageBox.warning(self, self.tr("Cannot start"),
                                self.tr("These rules could not be loaded."))
            return
        self.walk = WalkState(self.ctx, Session(pack.trees[tree_id], pack.partners))
        self.walk.autosave()
        self.show_walk_page("question")

    def resume_draft(self, draft_id: str) -> None:
        from isp_wizard.errors import WizardError
        from isp_wizard.gui.walk_state import WalkState

        if self.busy.running:
            return
        pack = self.require_pack()
        if pack is None:
            return
        try:
            resumed = self.ctx.drafts().load(draft_id, pack)
        except WizardError as exc:
            # said on Home beside the drafts (a draft that could not be read names the file
            # and where it was moved), not in a box that is gone once closed
            self._note_drafts([self.tr("Cannot resume this draft: %s") % exc])
            self.refresh_home()
            self.show_page("home", focus=lambda: self.home.draft_notes[-1])
            return
        # what resuming found (answers set aside, another version of the rules) is said on
        # the question page with the session's own notes, which it already holds
        resumed.session.notes[:] = resumed.notes
        self.walk = WalkState(self.ctx, resumed.session, draft_id=draft_id,
                              details=dict(resumed.details or {}))
        session = self.walk.session
        if session.is_complete and session.position == len(session.path) - 1:
            self.show_review()
        else:
            self.show_walk_page("question")

    def _note_drafts(self, messages: list[str]) -> None:
        """What happened to drafts that could not be read or resumed: kept on Home for as
        long as the window is open, and said once in the status bar and to screen readers."""
        new = [m for m in messages if m not in self.draft_notes]
        if not new:
            return
        self.draft_notes += new
        summary = self.tr("A draft could not be opened; Home says which and where it is now.") \
            if len(new) == 1 else \
            self.tr("%d drafts could not be opened; Home says which and where they are now.") \
            % len(new)
        self.statusBar().showMessage(summary, 30_000)

    def discard_draft(self, draft_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # made when first needed

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
        if self.busy.running:
            return
        page = self.page(key)
        assert isinstance(page, WalkPage), key
        page.show_walk(self.walk, self.ctx.pack)
        self.show_page(key)

    def show_review(self) -> None:
        self.show_walk_page("review")

    def change_answer(self, node_id: str) -> None:
        """Go to ``node_id``'s question to change it; "TREE:NODE" is a question of an earlier
        walk, which the walk returns into (the later walks are kept for Continue)."""
        assert self.walk is not None
        tree_id, _, node = node_id.rpartition(":")
        if tree_id and node_id not in self.walk.session.path:  # (a person's label may hold ":")
            session = self.walk.session
            while session.tree.id != tree_id and session.earlier:
                session = session.resume_earlier()
            self.walk.session = session
            node_id = node
        self.walk.session.goto(node_id)
        self.show_walk_page("question")

    def back_from_review(self) -> None:
        assert self.walk is not None
        session = self.walk.session
        session.goto(session.path[-2] if len(session.path) > 1 else session.path[0])
        self.show_walk_page("question")

    def continue_with_tree(self, tree_id: str) -> None:
        """The outcome hands off to ``tree_id``: the walk goes on there, keeping this one (its
        steps go on the record) and the answers it carries over, in the same draft."""
        pack = self.require_pack()
        if self.walk is None or pack is None or self.busy.running:
            return
        target = pack.trees.get(tree_id)
        if target is None or self.walk.session.hands_off_to != tree_id:
            from PySide6.QtWidgets import QMessageBox  # made when first needed

            QMessageBox.warning(self, self.tr("Cannot continue"),
                                self.tr("These rules could not be loaded."))
            return
        self.walk.session = self.walk.session.hand_off(target)
        self.walk.autosave()
        self.show_walk_page("question")

    def back_into_earlier(self) -> None:
        """Back from the first question of a walk that continues another: that walk's outcome,
        where it handed off (the later walk's answers are kept for Continue)."""
        if self.walk is None or not self.walk.session.can_back_into_earlier:
            return
        self.walk.session = self.walk.session.resume_earlier()
        self.walk.autosave()
        self.show_review()

    def save_and_close(self) -> None:
        """Keep the draft and go Home, with the keyboard on that draft's Resume button."""
        draft_id = None
        if self.walk is not None:
            self.walk.autosave()
            draft_id = self.walk.draft_id
        self.walk = None
        self.show_page("home", focus=lambda: self.home.resume_button(draft_id or ""))
        self.statusBar().showMessage(self.tr("Saved. Your draft is listed on Home."), 8000)

    def leave_walk(self) -> None:
        """Back from the first question: keep nothing if nothing was answered."""
        if self.walk is not None and not self.walk.session.answers:
            self.walk.discard_draft()
        self.save_and_close()

    def _walk_signed(self, _finished: object, walk: WalkState) -> None:
        """The record is filed: the draft of the walk that was signed goes (whatever walk is on
        screen now), and nothing about it is saved again."""
        walk.discard_draft()
        if self.walk is walk:
            self.walk = None
        # filed on this laptop: sent on to the partnership register in the background, when
        # one is set up and can be reached (nothing waits for it)
        self.page("register").partnership.send()  # type: ignore[attr-defined]

    def finish_and_go_home(self) -> None:
        self.walk = None
        self.show_page("home")

    # --- golden rules, settings, training ----------------------------------------------------

    def show_golden_rules(self) -> None:
        from isp_wizard.gui.golden_rules import GoldenRulesDialog

        GoldenRulesDialog(self.ctx, self).exec()

    def settings_changed(self) -> None:
        self.set_training(self.ctx.training)  # the banner and title follow; applies the theme
        if self.ctx.pack is not None and self.ctx.pack.root != self.ctx.where.rules_dir:
            self.ctx.pack = None
            self.finish_loading()

    def set_training(self, on: bool) -> None:
        self.ctx.training = on
        if not on:
            self.presentation = False
        self.training_bar.setVisible(on)
        title = self.tr("Information sharing wizard")
        self.setWindowTitle(self.tr("%s — TRAINING") % title if on else title)
        self.apply_display()

    def set_presentation(self, on: bool) -> None:
        """Large text with the help beside the question, for a projector; off restores
        Settings' text size."""
        self.presentation = on
        self.setProperty("presentation", on)
        self.presentation_button.blockSignals(True)
        self.presentation_button.setChecked(on)
        self.presentation_button.blockSignals(False)
        self.presentation_button.setProperty("wanted_text", None)
        self.presentation_button.setText(self.tr("End &presentation view") if on
                                         else self.tr("&Presentation view"))
        self.apply_display()

    def apply_display(self) -> None:
        """The theme, and every page laid out for the display as it is now."""
        display = self.display()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, scale=display.scale, high_contrast=display.high_contrast,
                        training=display.training)
        for page in self.pages.values():
            page.configure(display)
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            self._rearrange(current)

    def leave_training(self) -> bool:
        """Leave training mode after a confirmation; False if the trainer changed their mind."""
        from isp_wizard.gui.training import confirm_leave_training

        if not self.ctx.training:
            return True
        if not confirm_leave_training(self):
            return False
        self.presentation = False
        self.set_presentation(False)
        self.set_training(False)
        if self.ctx.settings.training:  # switched on in Settings: switch it off there too
            self.ctx.settings.training = False
            self.ctx.save_settings()
        return True

    def show_map(self, tree_id: str) -> None:
        page: Any = self.page("treemap")
        page.tree_id, page.explicit = tree_id, True
        self.show_page("treemap")

    # --- closing ----------------------------------------------------------------------------

    def ask_to_close(self) -> None:
        if QApplication.activeModalWidget() is not None:
            return
        text = self.tr("Close the wizard?")
        if self.walk is not None:
            text += "\n\n" + self.tr("Your answers so far are saved as a draft; you can carry "
                                     "on from Home next time.")
        from PySide6.QtWidgets import QMessageBox  # made when first needed

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


def _settle_layouts() -> None:
    """Do pending layouts now, so widgets' positions are the ones about to be painted."""
    for _ in range(2):
        QApplication.sendPostedEvents(None, QEvent.Type.MetaCall)  # widgets just added show
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
