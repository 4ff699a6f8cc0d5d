"""Every test runs with its own empty home folder, so nothing touches the user's real data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_RULES = ROOT / "rules"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ISP_WIZARD_HOME", str(home))
    for name in ("ISP_WIZARD_CONFIG_DIR", "ISP_WIZARD_DATA_DIR", "ISP_WIZARD_CACHE_DIR",
                 "ISP_WIZARD_RULES_DIR", "ISP_WIZARD_RECORDS_DIR", "ISP_WIZARD_DRAFTS_DIR",
                 "ISP_WIZARD_REGISTER", "ISP_WIZARD_IDENTITY"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def shipped_pack():
    from isp_wizard.rulepack import load_pack

    return load_pack(SHIPPED_RULES)
