"""Fixtures for driving the real app window with pytest-qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_driving import DEMO_RULES, PASSPHRASE


@pytest.fixture
def demo_rules(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(DEMO_RULES))
    return DEMO_RULES


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    """Build the main window as the app does (``training`` optional), shown and on Home."""
    from isp_wizard.gui.app import build_window
    from isp_wizard.gui.context import AppContext

    def make(training: bool = False):  # type: ignore[no-untyped-def]
        ctx = AppContext(training=training)
        window = build_window(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if ctx.pack is None:
            with qtbot.waitSignal(window.pack_ready, timeout=10_000):
                pass
        return window

    return make


@pytest.fixture
def window(demo_rules: Path, make_window):  # type: ignore[no-untyped-def]
    return make_window()


@pytest.fixture
def identity(isolated_home: Path) -> Iterator[Path]:
    """A signing identity already created in the test's home (creating one is tested apart)."""
    from isp_wizard.paths import locations
    from isp_wizard.record.identity import create_identity

    path = locations().identity_path
    create_identity(path, name="Sam Patel", role="Community Safety Officer",
                    organisation="Example Council", passphrase=PASSPHRASE)
    yield path
