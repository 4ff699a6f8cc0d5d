"""The scenario library shows every scenario's name in full (the shipped names run to 80
characters and more): wrapped, never cut at the list's edge, on a laptop at 100 % and 200 %
text and on a projector."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QTreeWidgetItemIterator

from isp_wizard.gui import theme

CONFIGS = {"1366x768-100": (1366, 768, 100, False), "1366x768-200": (1366, 768, 200, False),
           "1280x720-presentation": (1280, 720, 100, True)}


@pytest.mark.parametrize("config", list(CONFIGS))
def test_every_scenario_name_is_shown_in_full(qtbot, monkeypatch, config: str) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext
    from isp_wizard.settings import Settings

    width, height, scale, presentation = CONFIGS[config]
    ctx = AppContext(training=presentation, settings=Settings(text_scale=scale))
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    try:
        if presentation:
            window.set_presentation(True)
        player = window.show_page("scenarios")
        qtbot.wait(50)
        library = player.library
        names, cut = 0, []
        iterator = QTreeWidgetItemIterator(library)
        while (item := iterator.value()) is not None:
            iterator += 1
            if item.parent() is None:
                continue
            names += 1
            library.scrollToItem(item)
            QApplication.processEvents()
            shown = library.visualItemRect(item)
            metrics = QFontMetrics(library.font())
            needed = metrics.boundingRect(QRect(0, 0, shown.width(), 100_000),
                                          int(Qt.TextFlag.TextWordWrap), item.text(0))
            if needed.height() > shown.height() or needed.width() > shown.width():
                cut.append(f"{item.text(0)!r}: needs {needed.width()}×{needed.height()}, "
                           f"shown in {shown.width()}×{shown.height()}")
        assert names > 100, "the shipped scenarios are listed"
        assert max(len(n) for n in _names(library)) > 60, "long names are among them"
        assert cut == [], "\n".join(cut[:10])
    finally:
        window.set_presentation(False)
        window.set_training(False)
        theme.apply(QApplication.instance(), scale=100, high_contrast=False, training=False)


def _names(library) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    iterator = QTreeWidgetItemIterator(library)
    while (item := iterator.value()) is not None:
        iterator += 1
        if item.parent() is not None:
            found.append(item.text(0))
    return found
