"""``--self-test``: the desktop app opens offscreen, walks one page and quits with 0 — from the
source, and from the standalone build. A rules folder with problems never stops it opening; a
missing one fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frozen_helpers import ROOT, FrozenApp, clean_env

DEMO = ROOT / "tests" / "fixtures" / "demo-rules"


def from_source(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture(params=["source", "frozen"])
def app(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Run the app either way; the frozen one only when a build is there."""
    if request.param == "source":
        return from_source
    frozen: FrozenApp = request.getfixturevalue("frozen")
    return lambda *args, env: frozen.run(*args, env=env)


def broken_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "broken-rules"
    shutil.copytree(DEMO, rules)
    (rules / "trees" / "demo.yaml").write_text("id: demo\nnodes: [unclosed\n", encoding="utf-8")
    (rules / "partners.yaml").write_text("partners:\n  - {id: x, name:\n", encoding="utf-8")
    return rules


def passed(done: subprocess.CompletedProcess[str]) -> str:
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "self-test: passed" in done.stdout, out
    assert "Traceback" not in out
    return done.stdout


def test_opens_and_walks_one_page_on_the_shipped_rules(app, isolated_home: Path) -> None:
    out = passed(app("--self-test", env=clean_env(ISP_WIZARD_HOME=str(isolated_home))))
    assert "main window painted" in out
    assert "walked one page" in out
    drafts = isolated_home / "data" / "drafts"
    assert not drafts.exists() or not any(drafts.iterdir())  # no draft left behind


def test_training_mode_opens_too(app, isolated_home: Path) -> None:
    env = clean_env(ISP_WIZARD_HOME=str(isolated_home))
    assert "walked one page" in passed(app("--training", "--rules", DEMO, "--self-test", env=env))


@pytest.mark.parametrize("how", ["flag", "environment", "settings"])
def test_a_broken_rules_folder_never_stops_the_app(app, how: str, isolated_home: Path,
                                                   tmp_path: Path) -> None:
    rules = broken_rules(tmp_path)
    env = clean_env(ISP_WIZARD_HOME=str(isolated_home))
    args: list[str | Path] = ["--self-test"]
    if how == "flag":
        args = ["--rules", rules, *args]
    elif how == "environment":
        env["ISP_WIZARD_RULES_DIR"] = str(rules)
    else:
        from isp_wizard.settings import Settings

        Settings(rules_dir=str(rules)).save(isolated_home / "config" / "settings.json")
    out = passed(app(*args, env=env))
    assert "rules have problems" in out


def test_a_missing_rules_folder_fails_the_self_test_in_one_line(app, isolated_home: Path,
                                                                 tmp_path: Path) -> None:
    """The app itself still opens (with the banner); the self-test says the install cannot work."""
    env = clean_env(ISP_WIZARD_HOME=str(isolated_home))
    missing = tmp_path / "unplugged-drive" / "rules"
    done = app("--rules", missing, "--self-test", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.strip() == f"isp-wizard: self-test failed: the rules folder {missing} " \
                                  "does not exist"
    assert "self-test: passed" not in done.stdout


def test_the_build_opens_on_a_real_x_display(frozen: FrozenApp, isolated_home: Path,
                                              tmp_path: Path) -> None:
    """The xcb platform plugin and the X libraries it needs are in the build (Linux)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or not sys.platform.startswith("linux"):
        pytest.skip("needs Linux and Xvfb")
    import os
    import time

    display = f":{90 + os.getpid() % 400}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        env = clean_env(ISP_WIZARD_HOME=str(isolated_home), DISPLAY=display,
                        QT_QPA_PLATFORM="xcb")
        out = passed(frozen.run("--rules", DEMO, "--self-test", env=env))
        assert "(xcb platform)" in out
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_desktop_program_starts_bare_and_self_tests(frozen: FrozenApp,
                                                         isolated_home: Path) -> None:
    """``isp-wizard`` itself (the program a practitioner double-clicks), not only the CLI one:
    opened with no arguments it reaches Home painted (quitting there, as the start-up benchmark
    does), and ``--self-test`` passes."""
    env = clean_env(ISP_WIZARD_HOME=str(isolated_home))
    bare = frozen.run(exe=frozen.gui, env=dict(env, ISP_WIZARD_QUIT_WHEN="ready"), timeout=60)
    assert bare.returncode == 0, bare.stdout + bare.stderr
    assert "Traceback" not in bare.stderr
    if sys.platform.startswith("win"):
        return  # the windowed program has no console to print the self-test's report on
    assert "walked one page" in passed(frozen.run("--self-test", exe=frozen.gui, env=env))
