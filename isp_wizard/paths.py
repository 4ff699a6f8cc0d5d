"""Every location the application reads or writes, computed in one place.

Order of precedence for each location: a command-line option (``--rules``), an environment
variable, then the settings file, then portable mode (a ``portable.txt`` beside the frozen
executable keeps everything in a folder beside it), then the platform's usual folders from
platformdirs.

Only the command line and the desktop app call this module: they build the ``Locations`` (and
load the ``Settings``) once and hand them down. The layers below never read the environment or
the settings file; they take what they need as arguments (see ``isp_wizard.folders``).
"""

from __future__ import annotations

import os
from pathlib import Path

from isp_wizard.folders import (
    Locations,
    assets_dir,
    install_dir,
    portable_home,
    shipped_rules_dir,
)
from isp_wizard.settings import Settings

__all__ = ["Locations", "assets_dir", "install_dir", "load_settings", "locations",
           "portable_home", "settings_path", "shipped_rules_dir"]

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


def locations(settings: Settings | None = None, *, rules: str | Path | None = None) -> Locations:
    """This run's folders; ``rules`` (the ``--rules`` option) wins over everything else."""
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
        rules_dir=Path(rules).expanduser() if rules else
        pick(ENV_RULES, settings.rules_dir, shipped_rules_dir()),
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
