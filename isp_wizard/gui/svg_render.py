"""Rendering an SVG document to a PNG file with QtSvg, so rule authors need no Graphviz."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from isp_wizard.errors import InputFileError


def ensure_gui_app() -> None:
    """A QGuiApplication is needed to draw text; make one (headless if there is no display)."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QGuiApplication.instance() or QGuiApplication([])  # kept alive by Qt's own reference


def svg_to_png(svg: str, out: Path, scale: float = 2.0) -> tuple[int, int]:
    """Draw ``svg`` at ``scale`` times its size onto a white image and save it as PNG."""
    ensure_gui_app()
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise InputFileError("the drawing could not be read as SVG")
    size = renderer.defaultSize()
    width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    if not QImageWriter(str(out), b"png").write(image):
        raise InputFileError(f"{out}: cannot write the PNG file")
    return width, height
