"""The drawing libraries' exact versions live in one file: pip constraints for dev.py, read by
verify; pyproject.toml has only lower bounds."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from isp_wizard.record.libraries import (
    CONSTRAINTS,
    drawn_with,
    installed_versions,
    parse_constraints,
    version_differences,
)

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "isp_wizard" / "record" / CONSTRAINTS


def test_the_constraints_name_the_three_drawing_libraries_exactly() -> None:
    pins = drawn_with()
    assert set(pins) == {"reportlab", "python-bidi", "arabic-reshaper",
                         "markdown-it-py"}
    assert pins == parse_constraints(FILE.read_text(encoding="utf-8"))
    assert parse_constraints("# x\n\nReportLab == 5.1.0  # c\nfoo>=1\n") == {"reportlab": "5.1.0"}


def test_pyproject_has_lower_bounds_at_the_drawing_versions() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for name, version in drawn_with().items():
        assert f"{name}>={version}" in deps, deps
    assert not [d for d in deps if "==" in d], "pyproject.toml pins lower bounds only"


def test_dev_py_installs_with_the_constraints() -> None:
    spec = importlib.util.spec_from_file_location("dev_for_test", ROOT / "dev.py")
    assert spec and spec.loader
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    assert dev.DRAWING_CONSTRAINTS == FILE
    for extras in ("dev", "dev,build"):
        command = dev.install_command(extras)
        assert command[command.index("-c") + 1] == str(FILE)
        assert command[-2:] == ["-e", f".[{extras}]"]


def test_this_installation_draws_with_the_record_versions() -> None:
    assert installed_versions() == drawn_with()
    assert version_differences() == []


def test_a_newer_library_is_named_with_the_version_records_need(monkeypatch) -> None:
    from isp_wizard.record import libraries

    monkeypatch.setattr(libraries, "installed_versions",
                        lambda: {**drawn_with(), "python-bidi": "0.7.0"})
    assert version_differences() == ["python-bidi 0.7.0 (records are drawn with 0.6.12)"]
