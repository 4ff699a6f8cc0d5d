"""Fixtures for the tests of the standalone build; see frozen_helpers for how it is found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from frozen_helpers import FrozenApp, clean_env, find_build


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
