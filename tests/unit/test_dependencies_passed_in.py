"""Locations and settings are passed in: below the command line and the desktop app nothing reads
the environment or the settings file (import-linter keeps them from importing ``paths`` and
``settings``; this test catches ``os.environ`` itself)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import isp_wizard
from isp_wizard import cli

PACKAGE = Path(isp_wizard.__file__).resolve().parent
DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
# The command line and the desktop app build the locations; paths is the one place they ask.
ALLOWED = {"cli", "gui", "paths.py", "__main__.py"}


def _reads_environment(tree: ast.AST) -> list[int]:
    names = {"environ", "getenv", "environb"}

    def reads(node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return node.value.id == "os" and node.attr in names
        return isinstance(node, ast.ImportFrom) and node.module == "os" \
            and any(a.name in names for a in node.names)

    return [node.lineno for node in ast.walk(tree) if reads(node)]


def test_no_module_below_the_cli_and_gui_reads_the_environment() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] in ALLOWED:
            continue
        for line in _reads_environment(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert found == []


def test_the_check_would_see_a_read() -> None:
    assert _reads_environment(ast.parse("import os\nx = os.environ.get('A')\n")) == [2]
    assert _reads_environment(ast.parse("from os import getenv\n")) == [1]


def test_rules_from_the_command_line_reach_the_commands_without_the_environment(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("ISP_WIZARD_RULES_DIR", raising=False)
    assert cli.main(["--rules", str(DEMO), "rules", "validate"]) == 0
    assert "ISP_WIZARD_RULES_DIR" not in os.environ
    assert capsys.readouterr().out.startswith("1 trees loaded")  # the demo folder, not shipped


def test_the_command_line_option_wins_over_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(tmp_path / "not-there"))
    assert cli.main(["rules", "validate"]) != 0
    capsys.readouterr()
    assert cli.main(["--rules", str(DEMO), "rules", "validate"]) == 0
