"""Training mode's controls, presentation view, and the trainers' pages in the main window.

The main window owns the training banner, accent and title (``MainWindow.set_training``); this
module adds what trainers use: "Presentation view" (text at 150% or more, help beside the
question, for a projector at 1280×720), "Leave training mode" (with a confirmation), and the
Scenarios, Rules and Tree map pages, built the first time they are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QSizePolicy, QWidget

if TYPE_CHECKING:
    from isp_wizard.gui.main_window import MainWindow

PRESENTATION_SCALE = 150
PAGES = {"scenarios": "S&cenarios", "treemap": "Tree &map", "rules": "R&ules"}


def tr(text: str) -> str:
    return QCoreApplication.translate("Training", text)


def confirm_leave_training(parent: QWidget) -> bool:
    """Ask before leaving training mode: records made afterwards are real ones."""
    answer = QMessageBox.question(
        parent, tr("Leave training mode?"),
        tr("After this, decisions are recorded for real: records are signed, kept in the real "
           "register and are not marked as training.\n\nLeave training mode?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def leave_training(window: MainWindow) -> bool:
    """Leave training mode after a confirmation; False if the trainer changed their mind."""
    if not window.ctx.training:
        return True
    if not confirm_leave_training(window):
        return False
    set_presentation(window, False)
    window.set_training(False)
    if window.ctx.settings.training:  # switched on in Settings: switch it off there too
        window.ctx.settings.training = False
        window.ctx.save_settings()
    return True


def set_presentation(window: MainWindow, on: bool) -> None:
    """Large text with the help beside the question, for a projector; off restores Settings."""
    from isp_wizard.gui import theme

    settings = window.ctx.settings
    scale = max(PRESENTATION_SCALE, settings.text_scale) if on else settings.text_scale
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme.apply(app, scale=scale, high_contrast=settings.high_contrast,
                    training=window.ctx.training)
    window.setProperty("presentation", on)
    _fit_question_page(window)
    button = getattr(window, "presentation_button", None)
    if button is not None:
        button.blockSignals(True)
        button.setChecked(on)
        button.blockSignals(False)
        button.setText(tr("End &presentation view") if on else tr("&Presentation view"))


def _fit_question_page(window: MainWindow) -> None:
    """In presentation view the help sits beside the question, and the route-so-far lines give
    way to the question itself (the tree map shows the route); otherwise as Settings say."""
    page = window.pages.get("question")
    if page is None:
        return
    on = bool(window.property("presentation"))
    page.set_stacked(False if on else window.ctx.settings.text_scale > 150)  # type: ignore[attr-defined]
    for name in ("breadcrumb", "tree_title"):
        widget = getattr(page, name, None)
        if isinstance(widget, QWidget):
            widget.setVisible(not on)


def install(window: MainWindow) -> None:
    """Add the trainers' navigation and the training bar's buttons to the main window (once)."""
    from isp_wizard.gui.widgets.common import button

    if hasattr(window, "presentation_button"):
        return

    for key, text in PAGES.items():
        nav = button(tr(text), tr(text).replace("&", ""))
        nav.setObjectName(f"nav-{key}")
        nav.setAutoDefault(False)
        nav.clicked.connect(lambda _=False, k=key: open_page(window, k))
        window.nav.insertWidget(window.nav.count() - 1, nav)
        window.nav_buttons[key] = nav
    bar = window.training_bar.layout()
    presentation = button(tr("&Presentation view"),
                          description=tr("Large text with the help beside the question, for "
                                         "a projector"))
    presentation.setObjectName("presentationButton")
    presentation.setCheckable(True)
    presentation.setAutoDefault(False)
    presentation.toggled.connect(lambda on: set_presentation(window, on))
    leave = button(tr("&Leave training mode…"),
                   description=tr("Return to recording real decisions"))
    leave.setObjectName("leaveTrainingButton")
    leave.setAutoDefault(False)
    leave.clicked.connect(lambda: leave_training(window))
    for widget in (presentation, leave):
        widget.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        bar.addWidget(widget)  # type: ignore[union-attr]
    bar.setStretch(0, 1)  # type: ignore[union-attr]  # the banner's words take the room
    window.presentation_button = presentation  # type: ignore[attr-defined]
    def page_shown(key: str) -> None:
        if key == "question":
            _fit_question_page(window)

    window.page_shown.connect(page_shown)
    window.leave_training_button = leave  # type: ignore[attr-defined]


def open_page(window: MainWindow, key: str) -> QWidget:
    """Show one of the trainers' pages, building it the first time."""
    if key not in window.pages:
        window.add_page(key, build_page(window, key))
    window.show_page(key)
    return window.pages[key]


def build_page(window: MainWindow, key: str) -> Any:
    """The trainers' pages, built the first time they are shown."""
    if key == "scenarios":
        from isp_wizard.gui.pages.scenarios import ScenarioPlayer

        return ScenarioPlayer(window.require_pack())
    if key == "rules":
        from isp_wizard.gui.pages.rules_page import RulesPage

        page = RulesPage(window.require_pack())
        page.show_map.connect(lambda tree_id: show_map(window, tree_id))
        return page
    if key == "treemap":
        return MapPage(window)
    raise KeyError(key)


def show_map(window: MainWindow, tree_id: str) -> None:
    if "treemap" not in window.pages:
        window.add_page("treemap", build_page(window, "treemap"))
    page = window.pages["treemap"]
    page.tree_id, page.explicit = tree_id, True  # type: ignore[attr-defined]
    window.show_page("treemap")


class MapPage(QWidget):
    """The tree map as a page: the walk's tree with its route lit, or the tree last chosen."""

    def __init__(self, window: MainWindow) -> None:
        from PySide6.QtWidgets import QComboBox, QVBoxLayout

        from isp_wizard.gui.treemap import TreeMapPanel

        super().__init__()
        self.setObjectName("mapPage")
        self.main = window
        self.tree_id = ""
        self.explicit = False  # a tree was chosen here or on the Rules page, not the walk's
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(tr("Tree to draw"))
        self.chooser.activated.connect(lambda _i: self._choose(self.chooser.currentData()))
        self.panel = TreeMapPanel(window.ctx.pack)
        self.panel.title.hide()  # the chooser above names the tree
        col = QVBoxLayout(self)
        col.addWidget(self.chooser)
        col.addWidget(self.panel, 1)

    def _choose(self, tree_id: str) -> None:
        self.tree_id, self.explicit = tree_id, True
        self.refresh()

    def refresh(self) -> None:
        pack = self.main.require_pack()
        if pack is None or not pack.trees:
            return
        self.panel.pack = pack
        walk = self.main.walk
        if walk is not None and not self.explicit:
            self.tree_id = walk.session.tree.id
        self.explicit = False
        if self.tree_id not in pack.trees:
            self.tree_id = next(iter(sorted(pack.trees)))
        self.chooser.clear()
        for tree_id, loaded in sorted(pack.trees.items()):
            self.chooser.addItem(loaded.tree.title, tree_id)
        self.chooser.setCurrentIndex(self.chooser.findData(self.tree_id))
        tree = pack.trees[self.tree_id].tree
        if self.panel.view.tree is not tree:
            self.panel.set_tree(tree)
        self.panel.set_training(self.main.ctx.training)
        if walk is not None and walk.session.tree.id == self.tree_id:
            session = walk.session
            self.panel.view.set_route(session.path, session.current.id)
        else:
            self.panel.view.set_route([])
