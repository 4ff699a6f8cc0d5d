"""Start-up stays light: heavy libraries are imported only when a record is built, signed or drawn.

Checked with ``python -X importtime``, which lists every module a process imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
HEAVY = {"reportlab", "pyhanko", "pyhanko_certvalidator", "PySide6", "shiboken6", "cryptography",
         "fontTools", "PIL"}


def _modules(*args: str) -> set[str]:
    """The modules a run of ``python -m isp_wizard ARGS`` imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "isp_wizard", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":
                modules.add(name)
    assert "isp_wizard" in modules  # the listing really is of this program
    return modules


def imported(*args: str) -> set[str]:
    """The top-level packages a run of ``python -m isp_wizard ARGS`` imports."""
    return {name.split(".")[0] for name in _modules(*args)}


def test_help_imports_nothing_heavy_and_not_even_the_rule_format() -> None:
    names = imported("--help")
    assert not names & HEAVY, names & HEAVY
    assert not names & {"yaml", "pydantic"}, "--help should not load the rule format"


@pytest.mark.parametrize("args", [
    ("rules", "validate", str(FIXTURE)),
    ("rules", "test", str(FIXTURE)),
    ("rules", "table", "demo", "--dir", str(FIXTURE), "--format", "json"),
    ("rules", "graph", "demo", "--dir", str(FIXTURE)),
])
def test_rule_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    names = imported(*args)
    assert {"yaml", "pydantic"} <= names
    assert not names & HEAVY, names & HEAVY


def test_verify_imports_neither_the_rule_format_nor_a_second_pdf_library() -> None:
    """A record is verified with pyHanko (its own parser reads the stamps' drawing) and
    reportlab (the pages drawn again); the rule models and pypdf are not needed."""
    record = FIXTURE.parent / "record-v2.pdf"
    modules = _modules("verify", "--allow-untrusted", str(record))
    names = {name.split(".")[0] for name in modules}
    assert {"pyhanko", "reportlab"} <= names
    assert not names & {"yaml", "pypdf", "PySide6"}, names & {"yaml", "pypdf", "PySide6"}
    assert not {m for m in modules if m.startswith("isp_wizard.rulepack")}
