"""The tree map: a whole tree drawn from the same layered layout as ``rules graph --format svg``.

The current route is lit during a walk. Ctrl+wheel or +/- zooms, dragging pans, 0 fits the
whole tree. In training mode a click on a node opens its page: the question, its answers and
where each leads, and its help. Run alone for development:
``python -m isp_wizard.gui.treemap TREE [--dir RULES]``.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from isp_wizard.gui.translations import translate
from isp_wizard.gui.widgets.common import button, label
from isp_wizard.rulepack.layout import Layout, NodeBox, layout_tree
from isp_wizard.rulepack.svg import EDGE, INK, OTHER_FILL, QUESTION_FILL, ROUTE, outcome_colour

if TYPE_CHECKING:
    from isp_wizard.rulepack.models import Tree
    from isp_wizard.rulepack.pack import RulePack

ZOOM_STEP = 1.2
READABLE_ZOOM = 0.6  # below this a node's words are too small to read, least of all projected
FOCUS = "#0b0c0c"  # the keyboard's node: a thick dark ring, unlike the route's colour
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Segoe UI", "Arial", "Helvetica"])
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


class NodeItem(QGraphicsPathItem):
    """One node's box and its text."""

    def __init__(self, box: NodeBox, layout: Layout) -> None:
        super().__init__()
        self.box = box
        path = QPainterPath()
        radius = 14.0 if box.kind == "outcome" else 4.0
        path.addRoundedRect(QRectF(box.x, box.y, box.width, box.height), radius, radius)
        self.setPath(path)
        outcome = box.kind == "outcome"
        fill = outcome_colour(box.decision) if outcome else (
            QUESTION_FILL if box.kind in ("question", "multi") else OTHER_FILL)
        self.fill = QColor(fill)
        self.setBrush(QBrush(self.fill))
        self.setToolTip(" ".join(box.lines))
        self.setData(0, box.id)
        ink = QColor("#ffffff" if outcome else INK)
        font = _font(layout.font_size)
        line_h = layout.line_height
        top = box.y + (box.height - line_h * len(box.lines)) / 2
        self.texts: list[QGraphicsSimpleTextItem] = []
        for i, line in enumerate(box.lines):
            text = QGraphicsSimpleTextItem(line, self)
            text.setFont(font)
            text.setBrush(QBrush(ink))
            width = text.boundingRect().width()
            text.setPos(box.x + (box.width - width) / 2,
                        top + i * line_h + (line_h - text.boundingRect().height()) / 2)
            self.texts.append(text)
        self.set_state(lit=False, current=False)

    def set_state(self, *, lit: bool, current: bool) -> None:
        outcome = self.box.kind == "outcome"
        colour = QColor(ROUTE) if lit or current else (self.fill if outcome else QColor("#2b2b2b"))
        pen = QPen(colour, 4.5 if current else (3.0 if lit else 1.2))
        if self.box.kind == "info" and not lit:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(2 if lit else 1)



class EdgeItem(QGraphicsPathItem):
    def __init__(self, points: Sequence[tuple[float, float]], dashed: bool) -> None:
        super().__init__()
        path = QPainterPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        (x1, y1), (x2, y2) = _last_segment(points)
        import math

        angle = math.atan2(y2 - y1, x2 - x1)
        head = QPolygonF()
        for point in ((x2, y2),
                      (x2 - 9 * math.cos(angle - 0.4), y2 - 9 * math.sin(angle - 0.4)),
                      (x2 - 9 * math.cos(angle + 0.4), y2 - 9 * math.sin(angle + 0.4))):
            head.append(_qpoint(point))
        path.addPolygon(head)
        path.closeSubpath()
        self.head = head
        self.setPath(path)
        self.dashed = dashed
        self.set_lit(False)

    def set_lit(self, lit: bool) -> None:
        colour = QColor(ROUTE if lit else EDGE)
        pen = QPen(colour, 3.0 if lit else 1.4)
        if self.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(0.5 if lit else 0)
        self.lit = lit

    def paint(self, painter: QPainter, option: object, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        painter.setBrush(QBrush(self.pen().color()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(self.head)


def _qpoint(point: tuple[float, float]):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF

    return QPointF(*point)


def _last_segment(points: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    end = points[-1]
    start = next((p for p in reversed(points[:-1]) if p != end), points[0])
    return start, end


class TreeMapView(QGraphicsView):
    node_clicked = Signal(str)   # a node was clicked (only while ``clickable``)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from isp_wizard.gui.framework import install_accessibility

        install_accessibility()
        # a canvas to screen readers (not a nameless filler), named with the node in focus
        self.setProperty("a11y_role", int(QAccessible.Role.Canvas.value))
        self.setObjectName("treeMap")
        self.setAccessibleName(self.tr("Map of the decision tree"))
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.focus_ring = QGraphicsPathItem()
        self.focus_ring.setZValue(5)
        self.focused_node: str | None = None  # the node the arrow keys are on
        self.clickable = False
        self.tree: Tree | None = None
        self.layout_: Layout | None = None
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[tuple[str, str], EdgeItem] = {}
        self.route: list[str] = []
        self.current: str | None = None

    # --- content ----------------------------------------------------------------------------

    def set_tree(self, tree: Tree) -> None:
        self.tree = tree
        self.layout_ = layout_tree(tree)
        scene = self.scene()
        scene.clear()
        self.node_items, self.edge_items = {}, {}
        layout = self.layout_
        label_font = _font(layout.label_font_size)
        for edge in layout.edges:
            edge_item = EdgeItem(edge.points, dashed=edge.via == "branch")
            scene.addItem(edge_item)
            self.edge_items[(edge.source, edge.target)] = edge_item
            if edge.label_box is not None:
                x, y, w, h = edge.label_box
                frame = QGraphicsPathItem()
                path = QPainterPath()
                path.addRoundedRect(QRectF(x, y, w, h), 3, 3)
                frame.setPath(path)
                frame.setBrush(QBrush(QColor("#ffffff")))
                frame.setPen(QPen(QColor(EDGE), 0.8))
                frame.setZValue(0.8)
                scene.addItem(frame)
                for i, line in enumerate(edge.label_lines):
                    text = QGraphicsSimpleTextItem(line, frame)
                    text.setFont(label_font)
                    rect = text.boundingRect()
                    text.setPos(x + (w - rect.width()) / 2,
                                y + 2 + i * layout.label_line_height
                                + (layout.label_line_height - rect.height()) / 2)
        for box in layout.nodes.values():
            item = NodeItem(box, layout)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, False)
            item.setToolTip(next(n.text for n in tree.nodes if n.id == box.id))
            scene.addItem(item)
            self.node_items[box.id] = item
        scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))
        self.focus_ring = QGraphicsPathItem()
        self.focus_ring.setZValue(5)
        self.focus_ring.setPen(QPen(QColor(FOCUS), 5.0))
        self.focus_ring.hide()
        scene.addItem(self.focus_ring)
        self.focused_node = None
        self._name_focus()
        self.set_route(self.route if all(n in self.node_items for n in self.route) else [],
                       self.current if self.current in self.node_items else None)

    def set_route(self, route: Sequence[str], current: str | None = None) -> None:
        """Light the nodes of ``route`` and the edges between them; mark ``current``."""
        self.route, self.current = list(route), current
        lit_nodes = set(self.route)
        lit_edges = set(itertools.pairwise(self.route))
        for node_id, item in self.node_items.items():
            item.set_state(lit=node_id in lit_nodes, current=node_id == current)
        for key, edge in self.edge_items.items():
            edge.set_lit(key in lit_edges)

    def set_clickable(self, on: bool) -> None:
        self.clickable = on
        cursor = Qt.CursorShape.PointingHandCursor if on else Qt.CursorShape.OpenHandCursor
        for item in self.node_items.values():
            item.setCursor(cursor)

    # --- zoom and pan -----------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom * factor))
        self.scale(target / self.zoom, target / self.zoom)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        self.resetTransform()
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:  # never blow a small tree up beyond its natural size
            self.resetTransform()
        self.zoom_changed.emit(self.zoom)

    def fit_readable(self) -> None:
        """The whole tree if its words stay readable (on a projector too); otherwise life size
        at its start, to be panned and zoomed."""
        self.fit()
        if self.zoom < READABLE_ZOOM and self.layout_ is not None and self.layout_.nodes:
            self.resetTransform()
            self.zoom_changed.emit(self.zoom)
            self.centre_on_node(self.current or self.reading_order()[0])

    def centre_on_node(self, node_id: str) -> None:
        item = self.node_items.get(node_id)
        if item is not None:
            self.centerOn(item)

    def node_at(self, pos: QPoint) -> str | None:
        item = self.itemAt(pos)
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        return item.box.id if isinstance(item, NodeItem) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            node_id = self.node_at(event.position().toPoint())
            if node_id is not None:
                self.node_clicked.emit(node_id)
                event.accept()
                return
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_by(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    # --- the keyboard: arrow keys go from node to node, Enter opens one ----------------------

    def reading_order(self) -> list[str]:
        """Nodes top to bottom, left to right, as the map is read."""
        assert self.layout_ is not None
        boxes = self.layout_.nodes.values()
        return [b.id for b in sorted(boxes, key=lambda b: (round(b.y), b.x))]

    def focus_node(self, node_id: str | None) -> None:
        self.focused_node = node_id
        item = self.node_items.get(node_id or "")
        if item is None:
            self.focus_ring.hide()
        else:
            box = item.box
            path = QPainterPath()
            path.addRoundedRect(QRectF(box.x - 6, box.y - 6, box.width + 12, box.height + 12),
                                8, 8)
            self.focus_ring.setPath(path)
            self.focus_ring.show()
            self.ensureVisible(item, 24, 24)
        self._name_focus()

    def _name_focus(self) -> None:
        """Screen readers hear the node the keyboard is on, and what the keys do."""
        base = self.tr("Map of the decision tree")
        node = self.focused_node
        if node is None or self.tree is None or node not in self.node_items:
            self.setAccessibleName(base)
            self.setAccessibleDescription(self.tr("Arrow keys move from node to node."))
            return
        order = self.reading_order()
        text = " ".join(self.node_items[node].box.lines)
        self.setAccessibleName(self.tr("%1: node %2 of %3, %4").replace("%1", base)
                               .replace("%2", str(order.index(node) + 1))
                               .replace("%3", str(len(order))).replace("%4", text))
        self.setAccessibleDescription(self.tr("Enter opens its page.") if self.clickable
                                      else self.tr("Arrow keys move from node to node."))
        from isp_wizard.gui.widgets.common import announce

        if self.hasFocus():
            announce(self, self.accessibleName())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.focused_node is None and self.node_items:
            self.focus_node(self.current or self.reading_order()[0])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left,
                   Qt.Key.Key_Home, Qt.Key.Key_End) and self.node_items \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            order = self.reading_order()
            at = order.index(self.focused_node) if self.focused_node in order else -1
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1
            target = 0 if key == Qt.Key.Key_Home else len(order) - 1 if key == Qt.Key.Key_End \
                else max(0, min(len(order) - 1, at + step))
            self.focus_node(order[target])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                self.clickable and self.focused_node is not None:
            self.node_clicked.emit(self.focused_node)
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    # --- export -----------------------------------------------------------------------------

    def svg(self) -> str:
        from isp_wizard.rulepack.svg import layout_svg

        assert self.layout_ is not None
        return layout_svg(self.layout_, self.route, self.current)

    def export_svg(self, path: Path) -> None:
        path.write_text(self.svg(), encoding="utf-8")

    def export_png(self, path: Path, scale: float = 2.0) -> tuple[int, int]:
        from isp_wizard.gui.svg_render import svg_to_png

        return svg_to_png(self.svg(), path, scale)


class TreeMapPanel(QWidget):
    """The map with its tool buttons, and (in training mode) the clicked node's page beside it."""

    open_node = Signal(str)  # a trainer clicked a node: the host may open its question page

    def __init__(self, pack: RulePack | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("treeMapPanel")
        self.pack = pack
        self.view = TreeMapView()
        self.title = label("", "heading")
        self.hint = label(self.tr("Ctrl+wheel or +/− to zoom, drag to move, 0 to fit."), "muted")
        tools = QHBoxLayout()
        self.zoom_in_button = button(self.tr("Zoom in"), description=self.tr("Zoom in (+)"))
        self.zoom_out_button = button(self.tr("Zoom out"), description=self.tr("Zoom out (−)"))
        self.fit_button = button(self.tr("Fit"), description=self.tr("Show the whole tree (0)"))
        self.png_button = button(self.tr("Save as PNG…"),
                                 description=self.tr("Save the map as a picture"))
        self.svg_button = button(self.tr("Save as SVG…"),
                                 description=self.tr("Save the map as a drawing for print or "
                                                     "the web"))
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setAutoDefault(False)
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.png_button, self.svg_button):
            widget.setAutoDefault(False)
            tools.addWidget(widget)
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.fit_button.clicked.connect(self.view.fit)
        self.png_button.clicked.connect(lambda: self._export("png"))
        self.svg_button.clicked.connect(lambda: self._export("svg"))

        self.node_page = NodePage()
        self.node_page.setMinimumWidth(280)
        self.node_page.hide()
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.node_page)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.legend = label(legend_html(), "muted", rich=True)
        self.legend.setObjectName("mapLegend")
        self.legend.setAccessibleName(self.tr("Key to the map"))
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addLayout(tools)
        column.addWidget(self.legend)  # above the map: always in view, at any window size
        column.addWidget(splitter, 1)
        column.addWidget(self.hint)
        self.view.node_clicked.connect(self.show_node)

    def set_tree(self, tree: Tree) -> None:
        self.title.setText(tree.title)
        self.view.set_tree(tree)
        self.node_page.hide()
        self.view.fit_readable()

    def set_training(self, on: bool) -> None:
        self.view.set_clickable(on)
        self.hint.setText(self.tr("Ctrl+wheel or +/− to zoom, drag to move, 0 to fit.")
                          + (" " + self.tr("Click a question to open its page and help.")
                             if on else ""))
        if not on:
            self.node_page.hide()

    def show_node(self, node_id: str) -> None:
        """The node's page: its text, its answers and where they lead, and its help."""
        tree = self.view.tree
        assert tree is not None
        self.node_page.show_node(tree, node_id, self.pack)
        self.node_page.show()
        self.open_node.emit(node_id)

    def _export(self, kind: str) -> None:
        assert self.view.tree is not None
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the map"), f"{self.view.tree.id}-map.{kind}",
            self.tr("PNG pictures (*.png)") if kind == "png" else self.tr("SVG drawings (*.svg)"))
        if not name:
            return
        path = Path(name)
        from isp_wizard.errors import WizardError

        try:
            if kind == "png":
                self.view.export_png(path)
            else:
                self.view.export_svg(path)
        except (OSError, WizardError) as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("The map was not saved"), str(exc))


class NodePage(QWidget):
    """The chosen node's page: its text and where its answers lead, then its help as the
    question page shows it (each reference and link a link of its own, under headings)."""

    def __init__(self) -> None:
        super().__init__()
        from isp_wizard.gui.widgets.help_panel import HelpPanel

        self.setObjectName("nodePage")
        self.summary = QTextBrowser()
        self.summary.setObjectName("nodeSummary")
        self.summary.setAccessibleName(self.tr("The chosen question"))
        self.summary.setOpenLinks(False)
        self.summary.setTabChangesFocus(True)
        self.help = HelpPanel(self.tr("Help for the chosen question"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary, 1)
        column.addWidget(self.help, 2)

    def show_node(self, tree: Tree, node_id: str, pack: RulePack | None) -> None:
        from isp_wizard.gui.markdown import as_html
        from isp_wizard.rulepack.nodes import compile_nodes

        self.summary.setHtml(as_html(node_summary_md(tree, node_id)))
        spec = compile_nodes(tree.nodes)[node_id].spec
        self.help.show_help(help_text=spec.help, why=spec.why, refs=spec.refs,
                            consult=spec.consult,
                            references=pack.references if pack else {},
                            contacts=pack.contacts if pack else {})

    def toPlainText(self) -> str:  # as the text box it replaced
        """Every word of the page as read in order."""
        return self.summary.toPlainText() + "\n" + self.help.plain_text()


def node_page_md(tree: Tree, node_id: str, pack: RulePack | None) -> str:
    """The node's page as one Markdown text (its summary, then its help)."""
    from isp_wizard.gui.markdown import help_md
    from isp_wizard.rulepack.nodes import compile_nodes

    spec = compile_nodes(tree.nodes)[node_id].spec
    return "\n\n".join([node_summary_md(tree, node_id),
                         help_md(help_text=spec.help, why=spec.why, refs=spec.refs,
                                 consult=spec.consult,
                                 references=pack.references if pack else {},
                                 contacts=pack.contacts if pack else {})])


def node_summary_md(tree: Tree, node_id: str) -> str:
    """The node's text and where its answers lead (or the outcome it is)."""
    from isp_wizard.gui.markdown import escape
    from isp_wizard.rulepack.nodes import compile_nodes

    nodes = compile_nodes(tree.nodes)
    node = nodes[node_id]
    parts = [f"## {escape(node.text)}"]
    if node.outcome is not None:
        decision = (node.outcome.decision or f"continue with {node.outcome.start_tree}")
        parts.append(f"**Outcome:** {escape(decision.replace('_', ' '))}")
    else:
        leads = []
        for edge in node.edges():
            target = nodes.get(edge.target)
            where = escape(target.text) if target else escape(edge.target)
            what = escape(edge.label) if edge.label else "then"
            leads.append(f"- **{what}** → {where}")
        if leads:
            parts.append("\n".join(leads))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Show one tree's map in a window: ``python -m isp_wizard.gui.treemap TREE``."""
    import argparse

    from PySide6.QtWidgets import QApplication

    from isp_wizard.paths import locations
    from isp_wizard.rulepack import load_pack

    parser = argparse.ArgumentParser(prog="python -m isp_wizard.gui.treemap")
    parser.add_argument("tree")
    parser.add_argument("--dir", type=Path, help="rules folder (default: in use)")
    parser.add_argument("--training", action="store_true", help="nodes open their page")
    parser.add_argument("--route", help="node ids to light, separated by commas")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    pack = load_pack(args.dir or locations().rules_dir)
    if args.tree not in pack.trees:
        print(f"isp-wizard: no tree called {args.tree!r}", file=sys.stderr)
        return 2
    panel = TreeMapPanel(pack)
    panel.set_tree(pack.trees[args.tree].tree)
    panel.set_training(args.training)
    if args.route:
        route = args.route.split(",")
        panel.view.set_route(route, route[-1])
    panel.resize(1100, 800)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())


def legend_html() -> str:
    """The map's key: what the colours and lines mean."""

    from isp_wizard.rulepack.svg import DECISION_NAMES


    def swatch(colour: str, text: str) -> str:
        return (f'<span style="color:{colour}; font-size:large">■</span> {text}'
                "&nbsp;&nbsp;&nbsp;")

    parts = [swatch(QUESTION_FILL, translate(
        "TreeMap", "Question")), swatch(OTHER_FILL, translate("TreeMap", "Other step"))]
    parts += [swatch(outcome_colour(decision), name) for decision, name in DECISION_NAMES.items()]
    parts.append(swatch(ROUTE, translate("TreeMap", "Your route so far")))
    return "".join(parts)
