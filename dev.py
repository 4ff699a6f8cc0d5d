#!/usr/bin/env python3
"""Set up and run isp-wizard from a source checkout, with nothing but Python 3.11+.

    python3 dev.py app [ARGS…]     set up (first time only) and open the app
    python3 dev.py test [ARGS…]    set up and run the whole test suite (lint, contracts, types, pytest)
    python3 dev.py bench [NAME…]   set up and run the benchmarks
    python3 dev.py build           set up and build the standalone app in dist/isp-wizard/

Before that, `app` and `test` install the Debian packages they need (system-packages.toml: Qt's
X11 libraries for the app; PDF, signature, PostgreSQL and accessibility tools for the tests) with
apt-get, as root or through sudo. Set ISP_WIZARD_NO_APT=1 to skip this on a machine you manage
yourself. The virtual environment lives in .venv and is refreshed whenever pyproject.toml or the drawing
libraries' exact versions (isp_wizard/record/drawing-libraries.txt, pip constraints) change.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".dev-stamp"
SYSTEM_PACKAGES = ROOT / "system-packages.toml"
# The exact versions of the libraries that draw a record's pages (pip constraints): verify draws
# each record again and compares it byte for byte, so the app is installed with exactly these,
# while pyproject.toml says only what the code needs at least. verify reads the same file.
DRAWING_CONSTRAINTS = ROOT / "isp_wizard" / "record" / "drawing-libraries.txt"


def _run(*cmd: object, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def _groups() -> dict[str, dict[str, object]]:
    return tomllib.loads(SYSTEM_PACKAGES.read_text(encoding="utf-8"))


def system_packages(groups: tuple[str, ...]) -> list[str]:
    """The Debian packages of these groups of system-packages.toml, in file order."""
    table = _groups()
    names: list[str] = []
    for group in groups:
        names += [n for n in table[group]["packages"] if n not in names]
    return names


def _present_as_command(groups: tuple[str, ...]) -> dict[str, str]:
    """Packages that count as present when a command is on PATH (installed some other way)."""
    table = _groups()
    found: dict[str, str] = {}
    for group in groups:
        found.update(table[group].get("present_if_command", {}))
    return found


def _missing(packages: list[str]) -> list[str]:
    query = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *packages],
                           capture_output=True, text=True)
    installed = {line.split()[0] for line in query.stdout.splitlines()
                 if line.endswith(" install ok installed")}
    return [p for p in packages if p not in installed]


def missing_system_packages(groups: tuple[str, ...]) -> list[str]:
    """The packages of these groups that are neither installed nor present as a command."""
    commands = _present_as_command(groups)
    return [p for p in _missing(system_packages(groups))
            if not (p in commands and shutil.which(commands[p]))]


def ensure_system_packages(groups: tuple[str, ...]) -> None:
    """Install the missing Debian packages of these groups, or stop with the command to run."""
    if not sys.platform.startswith("linux") or os.environ.get("ISP_WIZARD_NO_APT"):
        return
    packages = system_packages(groups)
    if not shutil.which("dpkg-query") or not shutil.which("apt-get"):
        sys.exit(f"dev.py: this is not a Debian-like system; install the equivalents of: "
                 f"{' '.join(packages)} (then set ISP_WIZARD_NO_APT=1)")
    missing = missing_system_packages(groups)
    if not missing:
        return
    command = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo"):
        prefix = ["sudo"] if sys.stdin.isatty() else ["sudo", "-n"]
    else:
        sys.exit(f"dev.py: missing Debian packages and no root or sudo; run as root:\n"
                 f"  apt-get update && {command}")
    print(f"Installing Debian packages ({', '.join(groups)}): {' '.join(missing)} …", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = subprocess.DEVNULL
    if subprocess.call([*prefix, "apt-get", "update", "-qq"], env=env, stdout=quiet) or \
            subprocess.call([*prefix, *shlex.split(command), "-qq"], env=env, stdout=quiet) or \
            _missing(missing):
        sudo = "sudo " if prefix else ""
        sys.exit(f"dev.py: installing Debian packages failed; run:\n"
                 f"  {sudo}apt-get update && {sudo}{command}")


def _bootstrap_pip() -> None:
    """Debian's python3 has no ensurepip without python3-venv: fetch pip's wheel from PyPI."""
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as reply:
        files = json.load(reply)["urls"]
    wheel = next(f for f in files if f["filename"].endswith(".whl"))
    folder = Path(tempfile.mkdtemp())
    target = folder / wheel["filename"]
    urllib.request.urlretrieve(wheel["url"], target)
    if hashlib.sha256(target.read_bytes()).hexdigest() != wheel["digests"]["sha256"]:
        sys.exit("dev.py: the downloaded pip did not match its published hash")
    if _run(PYTHON, f"{target}/pip", "install", "--quiet", str(target)):
        sys.exit("dev.py: could not install pip into .venv")


def install_command(extras: str) -> list[str]:
    """pip's command installing the checkout with these extras, the drawing libraries pinned."""
    return [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "-c", str(DRAWING_CONSTRAINTS), "-e", f".[{extras}]"]


def ensure_environment() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()
                            + DRAWING_CONSTRAINTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError):
            venv.EnvBuilder(with_pip=False, clear=True).create(VENV)
            _bootstrap_pip()
    print("Installing isp-wizard and its dependencies (first run takes a few minutes) …",
          flush=True)
    quiet = ["--quiet", "--disable-pip-version-check"]
    if _run(PYTHON, "-m", "pip", "install", *quiet, "--upgrade", "pip") or \
            _run(*install_command("dev")):
        sys.exit("dev.py: installing the dependencies failed (see above)")
    STAMP.write_text(wanted)


def build_translations() -> None:
    """Compile assets/translations/*.ts to the .qm files the app loads (pyside6-lrelease,
    shipped with PySide6-Essentials), when a .ts is newer than its .qm."""
    for source in sorted((ROOT / "assets" / "translations").glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            continue
        if _run(BIN / "pyside6-lrelease", "-silent", source, "-qm", compiled):
            sys.exit(f"dev.py: compiling {source.name} failed (see above)")


def build(args: list[str]) -> int:
    """The standalone one-folder app (PyInstaller, from build.spec) in dist/isp-wizard/."""
    if subprocess.call([str(PYTHON), "-c", "import PyInstaller"], stderr=subprocess.DEVNULL):
        print("Installing PyInstaller (the build extra) …", flush=True)
        if _run(*install_command("dev,build")):
            sys.exit("dev.py: installing PyInstaller failed (see above)")
    return _run(PYTHON, ROOT / "scripts" / "build_frozen.py", *args)


def test(args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for step in ([BIN / "ruff", "check", "."], [BIN / "lint-imports"], [BIN / "mypy"]):
        print("$ " + " ".join(str(Path(p).name) if i == 0 else str(p) for i, p in
                              enumerate(step)), flush=True)
        if _run(*step, env=env):
            print("dev.py: the check above failed", flush=True)
            return 1
    return _run(PYTHON, "-m", "pytest", *args, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "bench", "build"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command in {"app", "test", "build"}:
        ensure_system_packages(("app",) if command == "app" else ("app", "test"))
    ensure_environment()
    build_translations()
    if command == "app":
        return _run(BIN / "isp-wizard", *rest)
    if command == "bench":
        return _run(PYTHON, "-m", "benchmarks", *rest)
    if command == "build":
        return build(rest)
    return test(rest)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
