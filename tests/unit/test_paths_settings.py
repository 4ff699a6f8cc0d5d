"""Where things are kept (environment, settings, portable mode, platform) and the settings file."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from isp_wizard import paths
from isp_wizard.settings import Settings, write_atomically


def test_the_home_variable_holds_everything(isolated_home: Path) -> None:
    where = paths.locations()
    assert paths.config_dir() == isolated_home / "config"
    assert paths.data_dir() == isolated_home / "data"
    assert where.cache_dir == isolated_home / "cache"
    assert where.drafts_dir == isolated_home / "data" / "drafts"
    assert where.records_dir == isolated_home / "data" / "records"
    assert where.register_path == isolated_home / "data" / "register.sqlite"
    assert where.identity_path == isolated_home / "data" / "identity.p12"
    assert where.rules_dir == paths.shipped_rules_dir()


def test_training_keeps_its_records_and_register_apart(isolated_home: Path) -> None:
    where = paths.locations()
    assert where.records_for(False) == where.records_dir
    assert where.register_for(False) == where.register_path
    assert where.records_for(True) == isolated_home / "data" / "training-records"
    assert where.register_for(True) == isolated_home / "data" / "training-register.sqlite"
    assert where.records_for(True) != where.records_for(False)


def test_each_variable_overrides_the_settings_which_override_the_defaults(
        isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(rules_dir=str(tmp_path / "set-rules"),
                        drafts_dir=str(tmp_path / "set-drafts"),
                        register_path="~/set-register.sqlite")
    settings.save(paths.settings_path())
    where = paths.locations()
    assert where.rules_dir == tmp_path / "set-rules"
    assert where.drafts_dir == tmp_path / "set-drafts"
    assert where.register_path == Path("~/set-register.sqlite").expanduser()
    monkeypatch.setenv(paths.ENV_RULES, str(tmp_path / "env-rules"))
    monkeypatch.setenv(paths.ENV_REGISTER, str(tmp_path / "env.sqlite"))
    monkeypatch.setenv(paths.ENV_CACHE, str(tmp_path / "env-cache"))
    monkeypatch.setenv(paths.ENV_CONFIG, str(tmp_path / "env-config"))
    where = paths.locations(settings)
    assert where.rules_dir == tmp_path / "env-rules"
    assert where.register_path == tmp_path / "env.sqlite"
    assert where.cache_dir == tmp_path / "env-cache"
    assert where.config_dir == tmp_path / "env-config"
    assert where.drafts_dir == tmp_path / "set-drafts"  # no variable: the setting stands


def test_without_a_home_the_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_HOME)
    for folder in (paths.config_dir(), paths.data_dir(), paths.cache_dir()):
        assert "isp-wizard" in folder.parts


def test_portable_mode_keeps_everything_beside_the_frozen_program(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_HOME)
    exe = tmp_path / "isp-wizard.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.portable_home() is None  # no portable.txt: the usual folders
    (tmp_path / "portable.txt").write_text("")
    assert paths.portable_home() == tmp_path / "isp-wizard-data"
    assert paths.data_dir() == tmp_path / "isp-wizard-data" / "data"
    assert paths.config_dir() == tmp_path / "isp-wizard-data" / "config"


def test_a_bundle_finds_its_rules_and_assets_inside(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.install_dir() == Path(paths.__file__).resolve().parent.parent
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.shipped_rules_dir() == tmp_path / "rules"
    assert paths.assets_dir() == tmp_path / "assets"


# --- settings ------------------------------------------------------------------------------------


def test_settings_round_trip_and_keep_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"text_scale": 150, "training": True, "future_option": [1, 2]}))
    settings = Settings.load(path)
    assert settings.text_scale == 150 and settings.training is True
    assert settings.extra == {"future_option": [1, 2]}
    settings.high_contrast = True
    settings.save(path)
    again = Settings.load(path)
    assert again == settings
    assert json.loads(path.read_text())["future_option"] == [1, 2]


@pytest.mark.parametrize("content", ["", "{broken", "[1, 2]", "null", '"text"'])
def test_an_unreadable_settings_file_gives_the_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert Settings.load(path) == Settings()
    assert Settings.load(tmp_path / "missing.json") == Settings()


def test_values_of_the_wrong_type_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"text_scale": "huge", "training": "yes", "rules_dir": 5,
                                "high_contrast": 1, "trust_anchors": "one.pem"}))
    assert Settings.load(path) == Settings()


def test_a_boolean_is_not_a_text_size(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"text_scale": True, "trust_anchors": ["a.pem", 3]}))
    settings = Settings.load(path)
    assert settings.text_scale == 100
    assert settings.trust_anchors == []


def test_write_atomically_replaces_whole_files_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    write_atomically(target, b"first")
    write_atomically(target, b"second", mode=0o600)
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(target.parent) == ["file.json"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        write_atomically(folder, b"cannot replace a folder")
    assert sorted(os.listdir(tmp_path)) == ["a-folder"]
    assert (folder / "inside").is_dir()


def test_the_rules_option_wins_over_the_environment_and_the_settings(
        isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = paths.Settings(rules_dir=str(tmp_path / "from-settings"))
    assert paths.locations(settings).rules_dir == tmp_path / "from-settings"
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(tmp_path / "from-env"))
    assert paths.locations(settings).rules_dir == tmp_path / "from-env"
    assert paths.locations(settings, rules=tmp_path / "given").rules_dir == tmp_path / "given"
