"""The standalone build answers on the command line as the source does, with no Python present."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from frozen_helpers import ROOT, FrozenApp

from isp_wizard import __version__
from isp_wizard.rulepack import load_pack


def source(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def _files(folder: Path) -> list[Path]:
    """The folder's files, less the package marker that only pip needs (and bytecode)."""
    return [p for p in folder.rglob("*") if p.is_file() and p.name != "__init__.py"
            and "__pycache__" not in p.parts]


def test_the_build_carries_rules_assets_and_schemas(frozen: FrozenApp) -> None:
    shipped = ROOT / "rules"
    for path in _files(shipped):
        bundled = frozen.bundle / "rules" / path.relative_to(shipped)
        assert bundled.read_bytes() == path.read_bytes(), bundled
    assert list((frozen.bundle / "rules" / "schema").glob("*.schema.json"))
    for path in _files(ROOT / "assets"):
        assert (frozen.bundle / "assets" / path.relative_to(ROOT / "assets")).is_file()
    for folder in ("rules", "assets"):
        assert not (frozen.bundle / folder / "__init__.py").exists()


def test_the_build_leaves_out_tests_and_unused_qt(frozen: FrozenApp) -> None:
    names = {p.name for p in frozen.bundle.rglob("*")}
    assert not any(n.startswith(("pytest", "_pytest", "hypothesis")) for n in names)
    unused = re.compile(r"Qt6(Qml|Quick|Pdf|Network|WebEngine|Designer)", re.IGNORECASE)
    assert not [n for n in names if unused.search(n)]
    assert not (frozen.bundle / "tests").exists()


def test_version_names_app_python_qt_and_each_rules_tree(frozen: FrozenApp,
                                                         env: dict[str, str]) -> None:
    done = frozen.run("--version", env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"isp-wizard {__version__} (standalone build)" in out
    assert re.search(r"^Python 3\.\d+\.\d+", out, re.MULTILINE)
    assert re.search(r"^Qt for Python \(PySide6\) 6\.\d+", out, re.MULTILINE), out
    assert f"rules: {frozen.bundle / 'rules'}" in out or "rules: " in out
    pack = load_pack(ROOT / "rules")
    for tree in pack.trees.values():
        assert f"  {tree.id} {tree.tree.version} sha256:{tree.sha256}" in out


def test_version_shows_the_rules_folder_given(frozen: FrozenApp, env: dict[str, str]) -> None:
    fixture = ROOT / "tests" / "fixtures" / "demo-rules"
    for done in (frozen.run("--rules", fixture, "--version", env=env),
                 frozen.run("--version", env=dict(env, ISP_WIZARD_RULES_DIR=str(fixture)))):
        assert done.returncode == 0, done.stderr
        assert f"rules: {fixture}" in done.stdout
        assert re.search(r"^  demo \S+ sha256:[0-9a-f]{64}$", done.stdout, re.MULTILINE)


def test_version_survives_a_missing_rules_folder(frozen: FrozenApp, env: dict[str, str],
                                                 tmp_path: Path) -> None:
    done = frozen.run("--rules", tmp_path / "nowhere", "--version", env=env)
    assert done.returncode == 0, done.stderr
    assert "rules: cannot load" in done.stdout


def test_rules_validate_and_test_agree_with_the_source(frozen: FrozenApp,
                                                       env: dict[str, str]) -> None:
    for action in ("validate", "test"):
        built = frozen.run("rules", action, env=env)  # the rules inside the build
        from_source = source("rules", action, ROOT / "rules", env=env)
        assert built.returncode == from_source.returncode, (built.stdout, built.stderr)
        assert built.returncode in (0, 1), built.stderr
        assert "Traceback" not in built.stderr
        assert len(built.stdout.splitlines()) == len(from_source.stdout.splitlines())


def test_rules_validate_on_a_folder_beside_the_build(frozen: FrozenApp, env: dict[str, str],
                                                     tmp_path: Path) -> None:
    import shutil

    rules = tmp_path / "shared-drive" / "rules"
    shutil.copytree(ROOT / "tests" / "fixtures" / "demo-rules", rules)
    assert frozen.run("rules", "validate", rules, env=env).returncode == 0
    tree = rules / "trees" / "demo.yaml"
    tree.write_text(tree.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")
    done = frozen.run("rules", "validate", rules, env=env)
    assert done.returncode == 1
    assert re.search(r"demo\.yaml:\d+: ", done.stdout + done.stderr)


def test_bad_usage_exits_2(frozen: FrozenApp, env: dict[str, str]) -> None:
    done = frozen.run("no-such-command", env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
