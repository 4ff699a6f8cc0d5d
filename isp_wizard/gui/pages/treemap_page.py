"""The tree map as a page: the walk's tree with its route lit, or the tree last chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from isp_wizard.gui.framework import Page

if TYPE_CHECKING:
    from isp_wizard.gui.context import AppContext


class MapPage(Page):
    key = "treemap"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from isp_wizard.gui.treemap import TreeMapPanel

        super().__init__(ctx, parent)
        self.setObjectName("mapPage")
        self.host: Any = None
        self.tree_id = ""
        self.explicit = False  # a tree was chosen here or on the Rules page, not the walk's
        self.heading_ = self.title(self.tr("Tree map"))
        self.chooser = QComboBox()
        self.chooser.setObjectName("mapTree")
        self.chooser.setAccessibleName(self.tr("Tree to draw"))
        self.chooser.activated.connect(lambda _i: self._choose(self.chooser.currentData()))
        self.panel = TreeMapPanel(ctx.pack)
        self.panel.title.hide()  # the chooser below the page's title names the tree
        col = QVBoxLayout(self)
        col.addWidget(self.heading_)
        col.addWidget(self.chooser)
        col.addWidget(self.panel, 1)

    def attach(self, host: Any) -> None:
        self.host = host

    def initial_focus(self) -> QWidget:
        return self.chooser

    def _choose(self, tree_id: str) -> None:
        self.tree_id, self.explicit = tree_id, True
        self.enter()

    def refresh(self) -> None:
        self.enter()

    def enter(self) -> None:
        assert self.ctx is not None
        pack = self.host.require_pack() if self.host is not None else self.ctx.pack
        if pack is None or not pack.trees:
            return
        self.panel.pack = pack
        walk = self.host.walk if self.host is not None else None
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
        self.panel.set_training(self.ctx.training)
        if walk is not None and walk.session.tree.id == self.tree_id:
            session = walk.session
            # a person's questions are one node of the map, however many people are asked
            route = list(dict.fromkeys(session.node_id_of(k) for k in session.path))
            self.panel.view.set_route(route, session.current.id)
        else:
            self.panel.view.set_route([])
