"""Version and build information, for ``--version`` and the About dialog.

Works the same from source and in the frozen (PyInstaller) build. Nothing here imports Qt: the
GUI passes ``qVersion()`` in when it has Qt loaded already.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

from isp_wizard import __version__
from isp_wizard.folders import Locations


@dataclass(frozen=True)
class TreeVersion:
    id: str
    version: str
    sha256: str


@dataclass(frozen=True)
class BuildInfo:
    app_version: str
    python: str
    qt_for_python: str | None
    qt: str | None
    frozen: bool
    install_dir: Path
    data_home: Path | None  # the portable data folder, when portable mode is on
    rules_dir: Path
    rules_error: str | None = None
    trees: list[TreeVersion] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # trees left out because of errors
    errors: int = 0  # problems that are errors (``rules validate`` lists them)

    def lines(self) -> list[str]:
        out = [f"isp-wizard {self.app_version}" + (" (standalone build)" if self.frozen else ""),
               f"Python {self.python} on {platform.system()} {platform.machine()}"]
        if self.qt_for_python:
            out.append(f"Qt for Python (PySide6) {self.qt_for_python}"
                       + (f", Qt {self.qt}" if self.qt else ""))
        if self.data_home is not None:
            out.append(f"portable mode: data in {self.data_home}")
        if self.rules_error is not None:
            out.append(f"rules: cannot load {self.rules_dir}: {self.rules_error}")
            return out
        out.append(f"rules: {self.rules_dir}")
        out.extend(f"  {t.id} {t.version} sha256:{t.sha256}" for t in self.trees)
        if self.skipped:
            out.append(f"  not loaded (errors): {', '.join(self.skipped)}")
        if self.errors:
            out.append(f"  {self.errors} problem(s) with these rules: "
                       "'isp-wizard rules validate' lists them")
        return out


def pyside_version() -> str | None:
    """PySide6's version without importing Qt (metadata, or the module if Qt is loaded)."""
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    loaded = sys.modules.get("PySide6")
    return getattr(loaded, "__version__", None) if loaded is not None else None


def build_info(where: Locations, qt_version: str | None = None) -> BuildInfo:
    """Everything the About dialog and ``--version`` show for the folders ``where``; never raises
    over a bad rules folder."""
    from isp_wizard.folders import install_dir, portable_home

    trees: list[TreeVersion] = []
    skipped: list[str] = []
    errors = 0
    error: str | None = None
    try:
        from isp_wizard.rulepack import load_pack

        pack = load_pack(where.rules_dir, cache_dir=where.cache_dir)
        trees = [TreeVersion(t.id, str(t.tree.version), t.sha256)
                 for t in sorted(pack.trees.values(), key=lambda t: t.id)]
        skipped = sorted(pack.skipped)
        errors = len(pack.errors)
    except Exception as exc:  # a broken rules folder is reported, never fatal
        error = str(exc) or type(exc).__name__
    return BuildInfo(
        app_version=__version__,
        python=platform.python_version(),
        qt_for_python=pyside_version(),
        qt=qt_version,
        frozen=bool(getattr(sys, "frozen", False)),
        install_dir=install_dir(),
        data_home=portable_home(),
        rules_dir=where.rules_dir,
        rules_error=error,
        trees=trees,
        skipped=skipped,
        errors=errors,
    )
