"""A wheel is a complete app: built with ``python -m build``, installed into a throwaway virtual
environment and run from a folder that has nothing to do with the source tree.

The rules, schemas, fonts and assets come from the package data; nothing here may reach the
checkout (the environment is cleared of every ISP_WIZARD_* variable and the home is a temporary
folder). check-manifest proves the sdist holds every file in version control (minus the
exclusions justified in pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(cmd: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # "byte-compiling is disabled" is setuptools saying PYTHONDONTWRITEBYTECODE is set here.
    warnings = [line for line in (done.stdout + done.stderr).splitlines()
                if "warn" in line.lower() and "byte-compiling is disabled" not in line]
    assert warnings == [], "\n".join(warnings)
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def installed(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``isp-wizard`` program of a fresh virtual environment holding only the wheel and its
    dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    made = _run([sys.executable, "-m", "venv", "--without-pip", "--clear", venv], cwd=venv)
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                 "--disable-pip-version-check", dists["wheel"]], cwd=venv)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return bindir / "isp-wizard"


def test_the_wheel_holds_the_shipped_files_and_the_licence(dists: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    for folder, package in (("rules", "shipped_rules"), ("assets", "shipped_assets")):
        tracked = _run(["git", "ls-files", folder], cwd=ROOT).stdout.split()
        assert tracked, f"git lists nothing under {folder}/"
        for path in tracked:
            assert f"isp_wizard/{package}/{Path(path).relative_to(folder).as_posix()}" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "isp_wizard/record/drawing-libraries.txt" in names  # verify reads it
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(dists["wheel"]).read(metadata).decode()
    assert "License-Expression: MIT" in text and "Classifier: " in text


def test_the_sdist_matches_version_control() -> None:
    done = _run([sys.executable, "-m", "check_manifest", ROOT], cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_the_installed_wheel_works_from_an_unrelated_folder(installed: Path,
                                                             tmp_path: Path) -> None:
    here = tmp_path / "elsewhere"
    here.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISP_WIZARD_")}
    env.update(ISP_WIZARD_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               PP="a long enough passphrase for the test")

    def app(*args: str | Path) -> subprocess.CompletedProcess[str]:
        done = _run([installed, *args], cwd=here, env=env, timeout=300)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    where = app("--version")
    assert where.returncode == 0 and str(ROOT) not in where.stdout, where.stdout
    for command in (["rules", "validate"], ["rules", "test"]):
        done = app(*command)
        assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"

    scenario_file = sorted((ROOT / "rules" / "scenarios").glob("*.yaml"))[0]
    group = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
    scenario = f"{group['tree']}:{group['scenarios'][0]['name']}"
    assert app("identity", "create", "--name", "Sam Taylor", "--role", "Officer", "--org",
               "Council", "--passphrase-env", "PP").returncode == 0
    details = here / "details.yaml"
    details.write_text("case_reference: WHEEL-1\n", encoding="utf-8")
    record = here / "record.pdf"
    decided = app("decide", "--scenario", scenario, "--details", details, "--out", record,
                  "--passphrase-env", "PP")
    assert decided.returncode == 0, decided.stderr
    assert record.read_bytes().startswith(b"%PDF")
    certificate = tmp_path / "home" / "data" / "identity.pem"  # a self-signed identity:
    verified = app("verify", record, "--trust", certificate)  # trusted because we say so
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Register: filed in the register, PDF matches" in verified.stdout

    selftest = app("--self-test")
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    assert "self-test: passed" in selftest.stdout


def test_the_self_test_of_an_install_without_its_rules_fails_in_one_line(
        installed: Path, tmp_path: Path) -> None:
    """A copy whose package data went missing must not pass its self-test."""
    site = next(installed.parent.parent.glob("lib*/python*/site-packages/isp_wizard"), None) \
        or installed.parent.parent / "Lib" / "site-packages" / "isp_wizard"
    shipped = site / "shipped_rules"
    hidden = site / "shipped_rules.hidden"
    shipped.rename(hidden)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ISP_WIZARD_")}
        env.update(ISP_WIZARD_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
        done = _run([installed, "--self-test"], cwd=tmp_path, env=env, timeout=300)
    finally:
        hidden.rename(shipped)
    assert done.returncode == 1, done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("isp-wizard: self-test failed: the rules shipped with the app are "
                           "missing")


@pytest.fixture(autouse=True, scope="module")
def _tools() -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
