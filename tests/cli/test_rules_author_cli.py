"""The rule authors' commands, run as a user would: graph --format svg|png, new-tree, diff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                           capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEMO, target)
    return target


def test_graph_svg_to_the_screen_and_to_a_file(rules: Path, tmp_path: Path) -> None:
    shown = cli("rules", "graph", "demo", "--dir", rules, "--format", "svg")
    assert shown.returncode == 0, shown.stderr
    root = ET.fromstring(shown.stdout.split("\n", 1)[1])
    ids = {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {"node-emergency", "node-purpose", "node-share", "node-ask-dpo"} <= ids
    out = tmp_path / "demo.svg"
    written = cli("rules", "graph", "demo", "--dir", rules, "--format", "svg", "--out", out)
    assert written.returncode == 0 and out.read_text(encoding="utf-8") == shown.stdout


def test_graph_png_needs_no_graphviz(rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.png"
    done = cli("rules", "graph", "demo", "--dir", rules, "--format", "png", "--out", out)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    assert "wrote" in done.stdout


def test_graph_png_without_out_is_bad_usage(rules: Path) -> None:
    done = cli("rules", "graph", "demo", "--dir", rules, "--format", "png")
    assert done.returncode == 2
    assert done.stderr.startswith("isp-wizard: a PNG needs a file")
    assert "Traceback" not in done.stderr


def test_graph_of_an_unknown_tree(rules: Path) -> None:
    done = cli("rules", "graph", "nope", "--dir", rules, "--format", "svg")
    assert done.returncode == 2
    assert "no tree called 'nope'" in done.stderr and "Traceback" not in done.stderr


def test_new_tree_validates_and_its_scenarios_pass(rules: Path) -> None:
    made = cli("rules", "new-tree", "housing-referral", "--dir", rules,
               "--title", "Housing referral")
    assert made.returncode == 0, made.stdout + made.stderr
    tree_file = rules / "trees" / "housing-referral.yaml"
    text = tree_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server")
    assert 'title: "Housing referral"' in text
    assert text.count("\n#") + text.count("\n  #") >= 8  # it teaches by comments
    validated = cli("rules", "validate", rules, "--strict")
    # the only note is the demo's placeholder DPO, which --strict lists and fails on
    assert validated.stdout.splitlines()[:-1] == [
        "rules/contacts.yaml:3: note: contact 'dpo' (Data Protection Officer) is a placeholder: "
        "give the real person or service and set placeholder: false"], validated.stdout
    assert "2 trees loaded, 0 skipped; 0 errors, 0 warnings" in validated.stdout
    tested = cli("rules", "test", rules, "-v")
    assert tested.returncode == 0, tested.stdout
    assert "PASS housing-referral: immediate risk" in tested.stdout
    assert "4 passed, 0 failed" in tested.stdout


def test_new_tree_refuses_to_overwrite_or_a_bad_id(rules: Path) -> None:
    assert cli("rules", "new-tree", "fresh", "--dir", rules).returncode == 0
    again = cli("rules", "new-tree", "fresh", "--dir", rules)
    assert again.returncode == 2 and "already exists" in again.stderr
    clash = cli("rules", "new-tree", "demo", "--dir", rules)
    assert clash.returncode == 2 and "already exists" in clash.stderr
    bad = cli("rules", "new-tree", "Bad Name", "--dir", rules)
    assert bad.returncode == 2 and "not a usable id" in bad.stderr


def test_diff_exits_1_when_an_outcome_changes(rules: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(rules, new)
    same = cli("rules", "diff", rules, new)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "demo: unchanged (1.0.0 → 1.0.0)" in same.stdout
    tree = new / "trees" / "demo.yaml"
    text = tree.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0")
    tree.write_text(text.replace("    decision: seek_advice\n", "    decision: do_not_share\n"),
                    encoding="utf-8")
    changed = cli("rules", "diff", rules, new)
    assert changed.returncode == 1
    assert "demo: new version (1.0.0 → 1.1.0)" in changed.stdout
    assert "route 1: decision seek_advice → do_not_share" in changed.stdout
    assert "Is there a clear and legitimate purpose for sharing? → Not sure" in changed.stdout


def test_diff_of_a_missing_folder_is_bad_input(rules: Path, tmp_path: Path) -> None:
    done = cli("rules", "diff", rules, tmp_path / "missing")
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_new_tree_where_it_cannot_write(rules: Path) -> None:
    shutil.rmtree(rules / "scenarios")
    (rules / "scenarios").write_text("not a folder", encoding="utf-8")
    done = cli("rules", "new-tree", "fresh", "--dir", rules)
    assert done.returncode == 2 and "cannot write the starter files" in done.stderr
    assert "Traceback" not in done.stderr
