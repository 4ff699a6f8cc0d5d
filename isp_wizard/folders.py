"""The folders of one run (``Locations``) and the folders the application ships.

Nothing here reads the environment or the settings file: ``isp_wizard.paths`` resolves the
``Locations`` for the command line and the desktop app, which hand them down. The shipped rules
and assets are package data (``isp_wizard.shipped_rules`` and ``isp_wizard.shipped_assets``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def install_dir() -> Path:
    """Where the application itself is: the standalone bundle, or the folder holding the package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def _shipped(package: str, folder: str) -> Path:
    """A folder the app ships: beside the standalone bundle's program (``folder``), otherwise the
    package data ``package`` (rules/ or assets/ of the source tree in an editable install).

    A broken install gives a folder that does not exist, so that loading it says so plainly."""
    if getattr(sys, "_MEIPASS", None):
        return install_dir() / folder
    try:
        found = resources.files(package)
    except ModuleNotFoundError:
        return install_dir() / folder
    if not isinstance(found, Path):  # the package is zipped: the app reads real folders
        return install_dir() / folder
    return found


def shipped_rules_dir() -> Path:
    return _shipped("isp_wizard.shipped_rules", "rules")


def assets_dir() -> Path:
    return _shipped("isp_wizard.shipped_assets", "assets")


def portable_home() -> Path | None:
    """The portable data folder when ``portable.txt`` sits beside the frozen executable."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if (exe_dir / "portable.txt").exists():
        return exe_dir / "isp-wizard-data"
    return None


@dataclass(frozen=True)
class Locations:
    """The resolved folders and files for one run of the application."""

    rules_dir: Path
    drafts_dir: Path
    records_dir: Path
    register_path: Path
    training_records_dir: Path
    training_register_path: Path
    identity_path: Path
    identities_dir: Path
    ca_dir: Path
    cache_dir: Path
    config_dir: Path

    def records_for(self, training: bool) -> Path:
        return self.training_records_dir if training else self.records_dir

    def register_for(self, training: bool) -> Path:
        return self.training_register_path if training else self.register_path
