"""The tree map widget: every shipped tree drawn whole, the route lit, zoom, export, clicks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent

from isp_wizard.engine.walk import walk
from isp_wizard.gui.treemap import TreeMapPanel, TreeMapView, node_page_md
from isp_wizard.rulepack import load_pack

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
SHIPPED = sorted(p.stem for p in (ROOT / "rules" / "trees").glob("*.yaml"))


@pytest.fixture(scope="module")
def demo_pack():  # type: ignore[no-untyped-def]
    return load_pack(DEMO)


@pytest.mark.skipif(not SHIPPED, reason="no shipped trees")
@pytest.mark.parametrize("tree_file", SHIPPED)
def test_every_shipped_tree_is_drawn_whole(qtbot, shipped_pack, tree_file: str) -> None:  # type: ignore[no-untyped-def]
    loaded = next((t for t in shipped_pack.trees.values() if t.path and t.path.stem == tree_file),
                  None)
    assert loaded is not None, f"{tree_file} did not load: {shipped_pack.errors}"
    view = TreeMapView()
    qtbot.addWidget(view)
    view.set_tree(loaded.tree)
    assert set(view.node_items) == {n.id for n in loaded.tree.nodes}
    rects = {k: item.sceneBoundingRect() for k, item in view.node_items.items()}
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        inner_a = ra.adjusted(2, 2, -2, -2)  # less the pen's width
        assert not inner_a.intersects(rb.adjusted(2, 2, -2, -2)), f"{a} overlaps {b}"
    scene = view.scene().sceneRect()
    for rect in rects.values():
        assert scene.contains(rect.adjusted(2, 2, -2, -2))
    image = QImage(int(scene.width()), int(scene.height()), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    view.scene().render(painter)
    painter.end()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 200  # boxes, text and edges were really painted


def test_the_route_is_lit(qtbot, demo_pack) -> None:  # type: ignore[no-untyped-def]
    tree = demo_pack.tree("demo")
    view = TreeMapView()
    qtbot.addWidget(view)
    view.set_tree(tree.tree)
    session = walk(tree, {"emergency": "no", "purpose": "unsure"})
    view.set_route(session.path, session.path[-1])
    lit = {k for k, item in view.node_items.items() if item.pen().widthF() >= 3}
    assert lit == {"emergency", "purpose", "ask-dpo"}
    assert view.node_items["ask-dpo"].pen().widthF() > view.node_items["purpose"].pen().widthF()
    lit_edges = {k for k, item in view.edge_items.items() if item.lit}
    assert lit_edges == {("emergency", "purpose"), ("purpose", "ask-dpo")}
    view.set_route([])
    assert not any(item.lit for item in view.edge_items.values())


def test_zoom_with_keys_and_ctrl_wheel(qtbot, demo_pack) -> None:  # type: ignore[no-untyped-def]
    view = TreeMapView()
    qtbot.addWidget(view)
    view.set_tree(demo_pack.tree("demo").tree)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    start = view.zoom
    with qtbot.waitSignal(view.zoom_changed):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom == pytest.approx(start * 1.2)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom == pytest.approx(start)
    centre = QPointF(300, 200)
    wheel = QWheelEvent(centre, view.mapToGlobal(QPoint(300, 200)).toPointF(), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    with qtbot.waitSignal(view.zoom_changed):
        view.wheelEvent(wheel)
    assert view.zoom == pytest.approx(start * 1.2)


def test_export_png_and_svg(qtbot, demo_pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = TreeMapView()
    qtbot.addWidget(view)
    view.set_tree(demo_pack.tree("demo").tree)
    view.set_route(["emergency", "act-now"], "act-now")
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    view.export_svg(svg)
    assert 'id="node-ask-dpo"' in svg.read_text(encoding="utf-8")
    width, height = view.export_png(png)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (width, height)
    assert width > 800 and height > 600


def test_clicking_a_node_opens_its_page_only_in_training(qtbot, demo_pack) -> None:  # type: ignore[no-untyped-def]
    panel = TreeMapPanel(demo_pack)
    qtbot.addWidget(panel)
    panel.set_tree(demo_pack.tree("demo").tree)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    view = panel.view
    view.resetTransform()
    view.centre_on_node("purpose")

    def click(node_id: str) -> None:
        centre = view.node_items[node_id].sceneBoundingRect().center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.mapFromScene(centre))

    with qtbot.assertNotEmitted(view.node_clicked):
        click("purpose")
    assert panel.node_page.isHidden()
    panel.set_training(True)
    with qtbot.waitSignal(panel.open_node) as opened:
        click("purpose")
    assert opened.args == ["purpose"]
    assert panel.node_page.isVisible()
    text = panel.node_page.toPlainText()
    assert "Is there a clear and legitimate purpose for sharing?" in text
    assert "Not sure → Ask the Data Protection Officer" in text
    # its help as beside the question: each reference a link of its own, under headings
    help_panel = panel.node_page.help
    assert "The law and guidance" in [h.text() for h in help_panel.headings]
    names = [link.accessibleName() for link in help_panel.links]
    assert "Information sharing advice for safeguarding practitioners (2024) (opens gov.uk)" \
        in names and len(names) == len(set(names))


def test_node_page_of_an_outcome(demo_pack) -> None:  # type: ignore[no-untyped-def]
    page = node_page_md(demo_pack.tree("demo").tree, "ask-dpo", demo_pack)
    assert "**Outcome:** seek advice" in page


def test_standalone_refuses_an_unknown_tree(qtbot, capsys) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.treemap import main

    assert main(["nope", "--dir", str(DEMO)]) == 2
    assert "no tree called 'nope'" in capsys.readouterr().err


def test_the_save_buttons_write_the_chosen_file_or_say_why_not(
        qtbot, demo_pack, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    panel = TreeMapPanel(demo_pack)
    qtbot.addWidget(panel)
    panel.set_tree(demo_pack.tree("demo").tree)
    chosen = {"path": tmp_path / "map.svg"}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(chosen["path"]), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warnings.append(text))
    panel.svg_button.click()
    assert chosen["path"].read_text(encoding="utf-8").startswith("<?xml")
    chosen["path"] = tmp_path / "map.png"
    panel.png_button.click()
    assert chosen["path"].read_bytes().startswith(b"\x89PNG")
    chosen["path"] = tmp_path / "missing" / "map.svg"
    panel.svg_button.click()
    assert warnings and "No such file" in warnings[0]


def test_the_keyboard_goes_from_node_to_node_and_opens_one(qtbot, demo_pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible

    panel = TreeMapPanel(demo_pack)
    qtbot.addWidget(panel)
    panel.set_tree(demo_pack.tree("demo").tree)
    panel.set_training(True)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    view = panel.view
    interface = QAccessible.queryAccessibleInterface(view)
    assert interface.role() == QAccessible.Role.Canvas  # not a nameless filler
    panel.activateWindow()
    qtbot.waitActive(panel)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    order = view.reading_order()
    assert view.focused_node == order[0] and view.focus_ring.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_node == order[1]
    assert f"node 2 of {len(order)}" in interface.text(QAccessible.Text.Name)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.focused_node == order[-1]
    with qtbot.waitSignal(panel.open_node) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [order[-1]] and panel.node_page.isVisible()


def test_the_map_opens_readable_and_shows_its_key(qtbot, demo_pack) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.treemap import READABLE_ZOOM

    panel = TreeMapPanel(demo_pack)
    qtbot.addWidget(panel)
    panel.resize(640, 360)  # a small window: the whole tree would be too small to read
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_tree(demo_pack.tree("demo").tree)
    assert panel.view.zoom >= READABLE_ZOOM
    assert panel.legend.isVisible() and "Your route so far" in panel.legend.text()
