"""Version info and portable mode, in process (they run without a build, as if frozen)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from frozen_helpers import ROOT

from isp_wizard import __version__, paths
from isp_wizard.buildinfo import build_info, pyside_version
from isp_wizard.rulepack import load_pack


@pytest.fixture
def as_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the standalone build in ``tmp_path/app``, with the user's data elsewhere."""
    app = tmp_path / "app"
    bundle = app / "_internal"
    bundle.mkdir(parents=True)
    (bundle / "rules").symlink_to(ROOT / "rules", target_is_directory=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "isp-wizard"))
    monkeypatch.delenv("ISP_WIZARD_HOME", raising=False)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "user" / name.lower()))
    return app


def test_lines_name_app_python_qt_and_every_tree() -> None:
    info = build_info(paths.locations(), qt_version="6.9.9")
    text = "\n".join(info.lines())
    assert text.startswith(f"isp-wizard {__version__}\n")
    assert f"Qt for Python (PySide6) {pyside_version()}, Qt 6.9.9" in text
    for tree in load_pack(ROOT / "rules").trees.values():
        assert f"  {tree.id} {tree.tree.version} sha256:{tree.sha256}" in text
    assert info.rules_error is None and not info.frozen and info.data_home is None


def test_a_broken_rules_folder_is_reported_not_raised(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(tmp_path / "gone"))
    info = build_info(paths.locations())
    assert info.rules_error and info.trees == []
    assert f"rules: cannot load {tmp_path / 'gone'}" in "\n".join(info.lines())


def test_frozen_without_portable_txt_uses_the_user_folders(as_frozen: Path,
                                                           tmp_path: Path) -> None:
    where = paths.locations()
    assert paths.portable_home() is None
    assert where.rules_dir == as_frozen / "_internal" / "rules"
    assert tmp_path / "user" in where.register_path.parents
    info = build_info(paths.locations())
    assert info.frozen and info.data_home is None
    assert info.lines()[0].endswith("(standalone build)")


def test_frozen_with_portable_txt_keeps_everything_beside_it(as_frozen: Path) -> None:
    (as_frozen / "portable.txt").write_text("")
    data = as_frozen / "isp-wizard-data"
    assert paths.portable_home() == data
    where = paths.locations()
    for place in (where.drafts_dir, where.records_dir, where.register_path, where.identity_path,
                  where.cache_dir, where.config_dir, where.training_register_path):
        assert data in place.parents, place
    assert paths.settings_path() == data / "config" / "settings.json"
    assert f"portable mode: data in {data}" in build_info(paths.locations()).lines()


def test_a_rules_folder_in_the_settings_wins_over_the_bundled_one(as_frozen: Path) -> None:
    (as_frozen / "portable.txt").write_text("")
    shared = ROOT / "tests" / "fixtures" / "demo-rules"
    paths.Settings(rules_dir=str(shared)).save(paths.settings_path())
    assert paths.locations().rules_dir == shared
    assert [t.id for t in build_info(paths.locations()).trees] == ["demo"]


def test_a_tree_with_errors_is_named_and_the_rest_listed(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "tests" / "fixtures" / "demo-rules", rules)
    tree = rules / "trees" / "demo.yaml"
    tree.write_text(tree.read_text(encoding="utf-8") + "  - broken: [\n", encoding="utf-8")
    monkeypatch.setenv("ISP_WIZARD_RULES_DIR", str(rules))
    lines = build_info(paths.locations()).lines()
    assert "  not loaded (errors): demo" in lines
    assert any("'isp-wizard rules validate' lists them" in line for line in lines)
