"""Every location the application reads or writes, computed in one place.

Order of precedence for each location: an environment variable, then the settings file, then
portable mode (a ``portable.txt`` beside the frozen executable keeps everything in a folder beside
it), then the platform's usual folders from platformdirs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from isp_wizard.settings import Settings

APP_NAME = "isp-wizard"
APP_AUTHOR = "isp-wizard"

ENV_HOME = "ISP_WIZARD_HOME"
ENV_CONFIG = "ISP_WIZARD_CONFIG_DIR"
ENV_DATA = "ISP_WIZARD_DATA_DIR"
ENV_CACHE = "ISP_WIZARD_CACHE_DIR"
ENV_RULES = "ISP_WIZARD_RULES_DIR"
ENV_RECORDS = "ISP_WIZARD_RECORDS_DIR"
ENV_DRAFTS = "ISP_WIZARD_DRAFTS_DIR"
ENV_REGISTER = "ISP_WIZARD_REGISTER"
ENV_IDENTITY = "ISP_WIZARD_IDENTITY"


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


def _home() -> Path | None:
    env = os.environ.get(ENV_HOME)
    return Path(env) if env else portable_home()


def config_dir() -> Path:
    if env := os.environ.get(ENV_CONFIG):
        return Path(env)
    if home := _home():
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    if env := os.environ.get(ENV_DATA):
        return Path(env)
    if home := _home():
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    if env := os.environ.get(ENV_CACHE):
        return Path(env)
    if home := _home():
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    return Settings.load(settings_path())


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


def locations(settings: Settings | None = None) -> Locations:
    settings = settings if settings is not None else load_settings()
    data = data_dir()

    def pick(env: str, configured: str, default: Path) -> Path:
        if value := os.environ.get(env):
            return Path(value).expanduser()
        if configured:
            return Path(configured).expanduser()
        return default

    records = pick(ENV_RECORDS, settings.records_dir, data / "records")
    register = pick(ENV_REGISTER, settings.register_path, data / "register.sqlite")
    return Locations(
        rules_dir=pick(ENV_RULES, settings.rules_dir, shipped_rules_dir()),
        drafts_dir=pick(ENV_DRAFTS, settings.drafts_dir, data / "drafts"),
        records_dir=records,
        register_path=register,
        training_records_dir=records.parent / "training-records",
        training_register_path=register.with_name("training-" + register.name),
        identity_path=pick(ENV_IDENTITY, settings.identity_path, data / "identity.p12"),
        identities_dir=data / "identities",
        ca_dir=data / "ca",
        cache_dir=cache_dir(),
        config_dir=config_dir(),
    )
