"""Portable mode: ``portable.txt`` beside the program keeps settings, caches, drafts, identity,
records and the register in ``isp-wizard-data/`` beside it (a USB stick for a workshop), and
nothing in the user's own folders. Without it, the platform's usual folders are used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from frozen_helpers import ANSWERS, DETAILS, ROOT, FrozenApp, clean_env, copy_build

DEMO = ROOT / "tests" / "fixtures" / "demo-rules"


def user_env(user_home: Path) -> dict[str, str]:
    """A user with an empty home folder, and none of our location variables set."""
    env = clean_env()
    for name in list(env):
        if name.startswith("ISP_WIZARD_"):
            del env[name]
    env.update(HOME=str(user_home), USERPROFILE=str(user_home),
               XDG_CONFIG_HOME=str(user_home / ".config"),
               XDG_DATA_HOME=str(user_home / ".local" / "share"),
               XDG_CACHE_HOME=str(user_home / ".cache"),
               APPDATA=str(user_home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(user_home / "AppData" / "Local"))
    return env


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def stick(frozen: FrozenApp, tmp_path: Path) -> FrozenApp:
    # A folder name with spaces and accents, as on many Windows profiles and USB sticks.
    return copy_build(frozen, tmp_path / "Zoë's USB stick" / "isp wizard")


def test_portable_txt_keeps_everything_beside_the_program(stick: FrozenApp,
                                                          tmp_path: Path) -> None:
    user_home = tmp_path / "user"
    user_home.mkdir()
    env = user_env(user_home)
    (stick.folder / "portable.txt").write_text("Keep my data beside me.\n", encoding="utf-8")
    data = stick.folder / "isp-wizard-data"

    version = stick.run("--version", env=env)
    assert version.returncode == 0, version.stderr
    assert f"portable mode: data in {data}" in version.stdout

    selftest = stick.run("--rules", DEMO, "--self-test", env=env)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr

    if "decide" in stick.run("--help", env=env).stdout:
        env["PW"] = "a workshop passphrase"
        made = stick.run("identity", "create", "--name", "Trainer", "--role", "Trainer",
                         "--org", "Example CSP", "--passphrase-env", "PW", env=env)
        assert made.returncode == 0, made.stdout + made.stderr
        answers, details = tmp_path / "a.yaml", tmp_path / "d.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        details.write_text(DETAILS, encoding="utf-8")
        done = stick.run("--rules", DEMO, "decide", "demo", "--answers", answers, "--details",
                         details, "--out", data / "my-record.pdf", "--passphrase-env", "PW",
                         env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        stored = files_under(data)
        assert "data/identity.p12" in stored, stored
        assert "my-record.pdf" in stored

    stored = files_under(data)
    assert any(name.startswith("cache/parsed-rules/") for name in stored), stored
    assert (data / "data" / "drafts").is_dir()  # the self-test's draft came and went here

    assert data.is_dir() and files_under(data)
    assert files_under(user_home) == []  # nothing written to the user's own folders


def test_without_portable_txt_the_user_folders_are_used(stick: FrozenApp,
                                                        tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("the platform folders checked here are the Linux (XDG) ones")
    user_home = tmp_path / "user"
    user_home.mkdir()
    env = user_env(user_home)
    version = stick.run("--version", env=env)
    assert version.returncode == 0, version.stderr
    assert "portable mode" not in version.stdout
    assert stick.run("--rules", DEMO, "--self-test", env=env).returncode == 0
    assert not (stick.folder / "isp-wizard-data").exists()
    assert files_under(user_home / ".cache")  # the parsed-rules cache went to the usual place
