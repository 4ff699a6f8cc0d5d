"""dev.py sets up the machine from the one list of Debian packages (system-packages.toml)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_list_has_both_groups_and_the_tools_the_suite_runs():
    dev = _dev()
    app = dev.system_packages(("app",))
    everything = dev.system_packages(("app", "test"))
    assert "libxcb-cursor0" in app and "poppler-utils" not in app
    for needed in ("poppler-utils", "qpdf", "libnss3-tools", "postgresql", "graphviz", "xvfb",
                   "at-spi2-core", "python3-pyatspi", "dbus", "dbus-x11", "libxcb-cursor0"):
        assert needed in everything
    assert len(everything) == len(set(everything))


def test_ci_keeps_no_copy_of_the_list_and_calls_the_readme_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci and "poppler-utils" not in ci and "libxcb" not in ci
    assert "python3 dev.py test" in ci
    assert "python3 dev.py test" in (ROOT / "README.md").read_text()


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="needs a Debian-like system")
def test_installed_packages_are_seen_and_unknown_ones_are_missing():
    dev = _dev()
    assert dev._missing(["dpkg", "no-such-package-isp-wizard"]) == ["no-such-package-isp-wizard"]


def test_without_root_or_sudo_it_stops_at_once_with_the_command(monkeypatch):
    dev = _dev()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("ISP_WIZARD_NO_APT", raising=False)
    monkeypatch.setattr(dev, "missing_system_packages", lambda groups: ["qpdf", "poppler-utils"])
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(dev.shutil, "which",
                        lambda name: None if name == "sudo" else f"/usr/bin/{name}")
    ran = []
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: ran.append(a) or 0)
    with pytest.raises(SystemExit) as stop:
        dev.ensure_system_packages(("app", "test"))
    message = str(stop.value)
    assert "apt-get install -y --no-install-recommends qpdf poppler-utils" in message
    assert message.count("\n") == 1 and not ran


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="needs a Debian-like system")
def test_a_failed_install_names_the_command_to_run(monkeypatch):
    dev = _dev()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("ISP_WIZARD_NO_APT", raising=False)
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(dev.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(dev, "missing_system_packages",
                        lambda groups: ["no-such-package-isp-wizard"])
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: 100)  # sudo refused
    with pytest.raises(SystemExit) as stop:
        dev.ensure_system_packages(("test",))
    assert "sudo apt-get install -y --no-install-recommends no-such-package-isp-wizard" in str(
        stop.value)


def test_on_this_machine_nothing_is_missing_after_set_up():
    """dev.py test ran ensure_system_packages before this suite: the list is really installed."""
    if not shutil.which("dpkg-query") or os.environ.get("ISP_WIZARD_NO_APT"):
        pytest.skip("packages are not managed by dev.py here")
    dev = _dev()
    assert dev.missing_system_packages(("app", "test")) == []
    assert subprocess.run(["pdfsig", "-v"], capture_output=True).returncode == 0


def test_a_package_installed_another_way_counts_through_its_command(monkeypatch):
    """NodeSource's nodejs carries npm; Debian's npm package would conflict with it."""
    dev = _dev()
    monkeypatch.setattr(dev, "_missing", lambda packages: ["npm", "qpdf"])
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/npm" if name == "npm" else None)
    assert dev.missing_system_packages(("app", "test")) == ["qpdf"]
