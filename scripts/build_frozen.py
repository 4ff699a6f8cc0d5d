#!/usr/bin/env python3
"""Build the one-folder app for council laptops: ``dist/isp-wizard/``.

    python3 dev.py build                 (sets up .venv with PyInstaller, then runs this)
    python scripts/build_frozen.py       (from a Python that already has PyInstaller)

The same command and ``build.spec`` work on Windows and Linux; each builds for its own platform.
It prints the folder's size and how long the build took.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / "isp-wizard"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def executable(folder: Path = APP_DIR, cli: bool = True) -> Path:
    name = "isp-wizard-cli" if cli else "isp-wizard"
    return folder / (name + ".exe" if os.name == "nt" else name)


def build(clean: bool) -> int:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("build_frozen: PyInstaller is missing: pip install -e '.[build]' "
              "(or use: python3 dev.py build)", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
        shutil.rmtree(APP_DIR, ignore_errors=True)
    start = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT)
    took = time.perf_counter() - start
    if code:
        print(f"build_frozen: PyInstaller failed (exit {code})", file=sys.stderr)
        return 1
    size = folder_size(APP_DIR)
    print(f"build_frozen: built {APP_DIR} — {size / 2**20:.0f} MiB in "
          f"{sum(1 for _ in APP_DIR.rglob('*'))} files, {took:.0f} s", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_frozen", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true",
                        help="start from nothing (slower; default reuses PyInstaller's cache)")
    args = parser.parse_args(argv)
    return build(args.clean)


if __name__ == "__main__":
    raise SystemExit(main())
