"""The self-test's check of the installation: rules and fonts found, every shipped tree loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isp_wizard.paths import assets_dir, shipped_rules_dir
from isp_wizard.record.fonts import FONT_FILES
from isp_wizard.services.install_check import install_problem

FONTS = assets_dir() / "fonts"


def test_this_installation_is_complete() -> None:
    assert install_problem(shipped_rules_dir(), shipped_rules_dir(), FONTS) is None


def test_the_shipped_rules_and_fonts_are_package_data() -> None:
    """Found through importlib.resources (the source tree's rules/ and assets/ in a checkout)."""
    assert (shipped_rules_dir() / "trees").is_dir()
    assert all((FONTS / name).is_file() for name in FONT_FILES)


def test_missing_rules_folders_are_named(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    assert install_problem(gone, shipped_rules_dir(), FONTS) == \
        f"the rules folder {gone} does not exist"
    assert install_problem(shipped_rules_dir(), gone, FONTS) == \
        f"the rules shipped with the app are missing (no folder {gone})"


def test_a_missing_font_is_named(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(FONTS, fonts)
    (fonts / "NanumGothic.ttf").unlink()
    problem = install_problem(shipped_rules_dir(), shipped_rules_dir(), fonts)
    assert problem == f"the record's fonts are missing from {fonts}: NanumGothic.ttf"


def test_a_shipped_tree_that_does_not_load_is_named_with_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    tree = sorted((rules / "trees").glob("*.yaml"))[0]
    tree.write_text(tree.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    problem = install_problem(rules, rules, FONTS)
    assert problem is not None and problem.startswith("a shipped rule file does not load: ")
    assert f"trees/{tree.name}" in problem and "\n" not in problem


def test_an_empty_shipped_rules_folder_fails(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    problem = install_problem(rules, rules, FONTS)
    assert problem is not None and problem.startswith("a shipped rule file does not load: ")


def test_in_a_checkout_the_shipped_folders_are_the_source_trees() -> None:
    """The editable install maps the packages onto rules/ and assets/: an edit shows at once."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists() and not (root / "pyproject.toml").exists():
        pytest.skip("not run from a source checkout")
    assert shipped_rules_dir().resolve() == (root / "rules").resolve()
    assert assets_dir().resolve() == (root / "assets").resolve()
