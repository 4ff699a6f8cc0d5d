"""Exports other tools accept: Mermaid read by Mermaid's own parser, DOT by Graphviz ``dot``
without a warning, and SVG by an XML parser — for every shipped tree and a tree written to
trip them (ids that differ only by '-' and '_', labels full of the characters each format reads).

Mermaid's parser comes from the npm registry into a cache folder the first time (with jsdom as
the DOM it expects); where node, npm or the registry are missing, those tests say so and skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from isp_wizard.rulepack import LoadedTree
from isp_wizard.rulepack.export import mermaid_id, to_dot, to_mermaid
from isp_wizard.rulepack.layout import layout_tree
from isp_wizard.rulepack.models import Tree
from isp_wizard.rulepack.svg import layout_svg, tree_svg

MERMAID = "11.17.2"
JSDOM = "29.1.1"
PARSER = Path(__file__).resolve().parents[1] / "tools" / "mermaid_parse.mjs"
NASTY_TEXT = 'Is it "urgent" (today) | <b>&amp; #35; [x] {y} end; A --> B\\n?'
NASTY = Tree.model_validate({
    "id": "nasty", "title": "Nasty", "version": "1.0.0", "effective": "2026-01-01",
    "summary": "Ids and labels that trip drawing tools.", "start": "start", "nodes": [
        {"id": "start", "kind": "question", "text": NASTY_TEXT, "answers": [
            {"value": "a", "label": "Yes (s115) | \"quoted\"", "next": "go-s115"},
            {"value": "b", "label": "No <none> #1", "next": "go_s115"},
            {"value": "c", "label": "Maybe; end", "next": "end"},
            {"value": "d", "label": "Other [x]", "next": "go.s115"}]},
        {"id": "go-s115", "kind": "outcome", "text": "Share (s115).", "decision": "share",
         "grounds": {"lawful_basis": ["r"]}},
        {"id": "go_s115", "kind": "outcome", "text": "Do not share \"yet\".",
         "decision": "do_not_share"},
        {"id": "go.s115", "kind": "outcome", "text": "Seek advice {DPO}.",
         "decision": "seek_advice"},
        {"id": "end", "kind": "outcome", "text": "end", "start_tree": "other"},
    ]})


def _trees(shipped_pack: Any) -> dict[str, Tree]:
    trees: dict[str, Tree] = {tid: t.tree for tid, t in shipped_pack.trees.items()}
    return {**trees, "nasty": NASTY}


# --- Mermaid -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mermaid_parser() -> Path:
    """A folder with Mermaid and jsdom installed from the npm registry, and the parse script."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Mermaid's parser was not run: node and npm are not installed "
                    "(they are in system-packages.toml's test group)")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "isp-wizard-tests" / f"mermaid-{MERMAID}-jsdom-{JSDOM}"
    if not (folder / "node_modules" / "mermaid" / "package.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(
                [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund",
                 "--no-save", "--loglevel=error", f"mermaid@{MERMAID}", f"jsdom@{JSDOM}"],
                capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            pytest.skip("Mermaid's parser was not run: npm took over 10 minutes to install it")
        if done.returncode:
            pytest.skip("Mermaid's parser was not run: npm could not install it "
                        f"({done.stderr.strip().splitlines()[-1:]})")
    shutil.copy(PARSER, folder / PARSER.name)
    probe = folder / "probe.mmd"
    probe.write_text('flowchart TD\n  a["A"] -->|"yes"| b["B"]\n', encoding="utf-8")
    done = subprocess.run([node, PARSER.name, str(probe)], cwd=folder, capture_output=True,
                          text=True, timeout=300)
    if done.returncode or '"ok":true' not in done.stdout:
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
        pytest.skip(f"Mermaid's parser was not run: it does not start on node {version.strip()} "
                    f"({(done.stderr.strip().splitlines() or ['no output'])[-1]})")
    return folder


def _parse_mermaid(folder: Path, texts: dict[str, str], tmp: Path) -> dict[str, Any]:
    files = []
    for name, text in texts.items():
        path = tmp / f"{name}.mmd"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(["node", PARSER.name, *files], cwd=folder, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results: dict[str, Any] = json.loads(done.stdout)
    return {Path(f).stem: r for f, r in results.items()}


def test_every_tree_parses_in_mermaid_with_one_box_per_node(
        mermaid_parser: Path, shipped_pack: Any, tmp_path: Path) -> None:
    trees = _trees(shipped_pack)
    results = _parse_mermaid(mermaid_parser, {tid: to_mermaid(t) for tid, t in trees.items()},
                             tmp_path)
    for tree_id, tree in trees.items():
        result = results[tree_id]
        assert result["ok"], f"{tree_id}: {result.get('error')}"
        assert sorted(result["vertices"]) == sorted(mermaid_id(n.id) for n in tree.nodes)
        assert result["edges"] == to_mermaid(tree).count("-->")


def test_the_parser_is_real_it_refuses_an_unquoted_label(mermaid_parser: Path,
                                                         tmp_path: Path) -> None:
    results = _parse_mermaid(mermaid_parser, {
        "old": 'flowchart TD\n  n_a["A"] -->|A child (under 18)| n_b["B"]\n'}, tmp_path)
    assert not results["old"]["ok"]
    assert "Parse error" in results["old"]["error"]


def test_ids_that_differ_only_by_punctuation_stay_apart() -> None:
    ids = ["go-s115", "go_s115", "go.s115", "go__s115", "go_hs115", "end"]
    encoded = [mermaid_id(i) for i in ids]
    assert len(set(encoded)) == len(ids)
    assert all(e.startswith("n_") and e.replace("_", "").isalnum() for e in encoded)
    text = to_mermaid(NASTY)
    assert '"Yes (s115) | #quot;quoted#quot;"' in text  # quoted, the quote as an entity


# --- Graphviz DOT ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz dot is not installed (system-packages.toml's test group)")
def test_every_tree_goes_through_graphviz_without_a_warning(shipped_pack: Any) -> None:
    for tree_id, tree in _trees(shipped_pack).items():
        done = subprocess.run(["dot", "-Tsvg"], input=to_dot(tree), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, f"{tree_id}: {done.stderr}"
        assert done.stderr == "", f"{tree_id}: {done.stderr}"
        svg = ElementTree.fromstring(done.stdout.encode())
        titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
        assert {n.id for n in tree.nodes} <= titles  # one box per node, names kept


# --- SVG ---------------------------------------------------------------------------------------


def test_every_tree_map_is_well_formed_svg(shipped_pack: Any) -> None:
    for tree_id, tree in _trees(shipped_pack).items():
        for svg in (tree_svg(tree), layout_svg(layout_tree(tree), route=[tree.start])):
            root = ElementTree.fromstring(svg.encode("utf-8"))
            assert root.tag == "{http://www.w3.org/2000/svg}svg", tree_id
    nasty = ElementTree.fromstring(tree_svg(NASTY).encode("utf-8"))
    text = " ".join(t for t in nasty.itertext())
    assert '"urgent"' in text and "<b>&amp;" in text  # shown as written, not as markup


def test_the_nasty_tree_is_a_valid_tree() -> None:
    loaded = LoadedTree.from_tree(NASTY)
    assert len(loaded.compiled) == 5
