"""Fixtures for the tests of the standalone build; see frozen_helpers for how it is found.

Without a build (or with one older than the sources) the tests that need it are left out with a
single line saying why, rather than a line of "skipped" for each; when ``ISP_WIZARD_FROZEN``
names a build (as CI does), they all run and a missing build fails them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from frozen_helpers import FrozenApp, clean_env, find_build

_left_out: dict[str, object] = {}


def _needs_build(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return ("frozen" in getattr(item, "fixturenames", ())
            or (callspec is not None and callspec.params.get("app") == "frozen"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("ISP_WIZARD_FROZEN"):
        return
    folder, reason = find_build()
    if folder is not None:
        return
    unrun = [item for item in items if _needs_build(item)]
    if unrun:
        items[:] = [item for item in items if not _needs_build(item)]
        config.hook.pytest_deselected(items=unrun)
        _left_out.update(count=len(unrun), reason=reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _left_out:
        terminalreporter.write_line(f"tests/frozen: {_left_out['count']} tests of the standalone "
                                    f"build not run: {_left_out['reason']}")


@pytest.fixture(scope="session")
def frozen() -> FrozenApp:
    folder, reason = find_build()
    if folder is None and os.environ.get("ISP_WIZARD_FROZEN"):
        pytest.fail(reason)  # a build was asked for (as CI does): its absence is a failure
    if folder is None:
        pytest.skip(reason)
    return FrozenApp(folder)


@pytest.fixture
def env(isolated_home: Path) -> dict[str, str]:
    """A clean environment whose data lives in the test's own home folder."""
    return clean_env(ISP_WIZARD_HOME=str(isolated_home))
