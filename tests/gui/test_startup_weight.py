"""Home paints before the rule format loads: the window's first frame is drawn from the
remembered summary, so YAML, pydantic and the Markdown parser are imported only afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui_driving import DEMO_RULES

START = "import os; from isp_wizard.gui.app import run; run(False, quit_when={!r}); os._exit(0)"
LATER = {"yaml", "pydantic", "markdown_it", "reportlab", "pyhanko", "cryptography"}


def _imported(quit_when: str, home: Path) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ISP_WIZARD_HOME=str(home),
               ISP_WIZARD_RULES_DIR=str(DEMO_RULES))
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", START.format(quit_when)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "isp_wizard" in names and "PySide6" in names  # the listing really is of the app
    return names


def test_home_paints_before_the_rule_format_is_imported(isolated_home: Path) -> None:
    # the first run has no summary yet: it loads the pack (and so the rule format) and keeps one
    assert {"yaml", "pydantic"} <= _imported("ready", isolated_home)
    painted = _imported("painted", isolated_home)
    assert not painted & LATER, painted & LATER


def test_the_app_is_made_in_fusion_whatever_the_environment_asks() -> None:
    code = ("import sys; from isp_wizard.gui.theme import new_application; "
            "app = new_application(sys.argv); print(app.style().name())")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_STYLE_OVERRIDE="windows")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().lower() == "fusion"
