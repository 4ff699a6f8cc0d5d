"""The tree map's layered layout and its SVG: every node drawn, no two boxes overlapping."""

from __future__ import annotations

import itertools
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.rulepack import load_pack
from isp_wizard.rulepack.layout import Layout, layout_tree
from isp_wizard.rulepack.models import Tree
from isp_wizard.rulepack.svg import DECISION_COLOURS, layout_svg, tree_svg

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
SHIPPED_TREES = sorted((ROOT / "rules" / "trees").glob("*.yaml"))

LARGER_TREE = """\
id: larger
title: A larger tree with branches, shared outcomes and long edges
version: 1.0.0
effective: 2026-01-01
summary: For layout tests.
start: emergency
nodes:
  - {id: emergency, kind: question, text: Is anyone at immediate risk of serious harm?,
     answers: [{value: "yes", label: "Yes", next: act-now},
               {value: "no", label: "No", next: personal}]}
  - {id: personal, kind: question, text: Is the information about an identifiable person?,
     answers: [{value: "yes", label: "Yes, it identifies someone", next: partner},
               {value: "no", label: "No, it is anonymised or statistical", next: anon}]}
  - id: partner
    kind: partner
    text: Which organisation would receive the information?
    branches:
      - when: {partner-of: partner, attribute: relevant_authority, is: true}
        next: purpose
    next: basis
  - {id: basis, kind: question, text: Does the recipient have its own lawful basis?,
     answers: [{value: "yes", label: "Yes", next: purpose},
               {value: "no", label: "No", next: do-not-share},
               {value: unsure, label: "Not sure", next: ask}]}
  - {id: purpose, kind: question, text: Is the sharing to reduce crime and disorder?,
     answers: [{value: "yes", label: "Yes", next: special},
               {value: "no", label: "No", next: do-not-share}]}
  - {id: special, kind: question, text: Does it include special category data?,
     answers: [{value: "yes", label: "Yes", next: condition},
               {value: "no", label: "No", next: minimum}]}
  - {id: condition, kind: question, text: Is a Schedule 1 condition met?,
     answers: [{value: "yes", label: "Yes", next: minimum},
               {value: "no", label: "No", next: do-not-share},
               {value: unsure, label: "Not sure", next: ask}]}
  - {id: minimum, kind: info, text: Share only the minimum necessary., next: what}
  - {id: what, kind: text, text: What will you share?, next: share}
  - {id: act-now, kind: outcome, text: Act now and record it afterwards., decision: share,
     emergency: true, grounds: {lawful_basis: [uk-gdpr-6-1-e]}}
  - {id: share, kind: outcome, text: You may share., decision: share_with_conditions,
     grounds: {lawful_basis: [uk-gdpr-6-1-e]}}
  - {id: anon, kind: outcome, text: Not personal data., decision: share,
     grounds: {lawful_basis: [uk-gdpr-6-1-e]}}
  - {id: do-not-share, kind: outcome, text: Do not share., decision: do_not_share}
  - {id: ask, kind: outcome, text: Ask the Data Protection Officer., decision: seek_advice}
"""


@pytest.fixture(scope="module")
def larger_tree(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    root = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(DEMO, root)
    (root / "trees" / "larger.yaml").write_text(LARGER_TREE, encoding="utf-8")
    pack = load_pack(root)
    assert not pack.errors, pack.errors
    return pack.tree("larger").tree


def demo_tree() -> Tree:
    return load_pack(DEMO).tree("demo").tree


def assert_sound(layout: Layout, tree: Tree) -> None:
    assert set(layout.nodes) == {n.id for n in tree.nodes}
    boxes = list(layout.nodes.values())
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{a.id} overlaps {b.id}"
    labels = [e.label_box for e in layout.edges if e.label_box]
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(labels, 2):
        assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah)
    for box in boxes:
        assert box.x >= 0 and box.x + box.width <= layout.width
        assert box.y >= 0 and box.y + box.height <= layout.height
        assert box.width >= max(len(line) for line in box.lines) * layout.font_size * 0.55
    for edge in layout.edges:
        source, target = layout.nodes[edge.source], layout.nodes[edge.target]
        start, end = edge.points[0], edge.points[-1]
        assert source.x <= start[0] <= source.x + source.width
        assert target.x <= end[0] <= target.x + target.width


def test_demo_layout_is_layered_from_the_start(larger_tree: Tree) -> None:
    for tree in (demo_tree(), larger_tree):
        layout = layout_tree(tree)
        assert_sound(layout, tree)
        start = layout.nodes[tree.start]
        assert all(start.y < box.y for box in layout.nodes.values() if box.id != tree.start)
        for edge in layout.edges:  # no loops: every edge runs downwards
            assert layout.nodes[edge.source].y < layout.nodes[edge.target].y


def test_answers_are_on_the_edges_and_shared_targets_merge() -> None:
    layout = layout_tree(demo_tree())
    labels = {(e.source, e.target): e.label for e in layout.edges}
    assert labels[("emergency", "act-now")] == "Yes / Not sure"
    assert labels[("purpose", "ask-dpo")] == "Not sure"
    assert labels[("what", "share")] == ""


def test_branches_are_described_in_words(larger_tree: Tree) -> None:
    layout = layout_tree(larger_tree)
    branch = next(e for e in layout.edges if e.via == "branch")
    assert branch.label == "if partner relevant authority: yes"
    otherwise = next(e for e in layout.edges if e.source == "partner" and e.via == "next")
    assert otherwise.label == "otherwise"


@pytest.mark.skipif(not SHIPPED_TREES, reason="no shipped trees in rules/trees")
def test_every_shipped_tree_lays_out_soundly(shipped_pack) -> None:  # type: ignore[no-untyped-def]
    assert shipped_pack.trees
    for loaded in shipped_pack.trees.values():
        assert_sound(layout_tree(loaded.tree), loaded.tree)


def test_svg_draws_every_node_with_outcomes_coloured(larger_tree: Tree) -> None:
    svg = tree_svg(larger_tree, route=["emergency", "act-now"], current="act-now")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {g.get("id") for g in root.iterfind(".//s:g[@id]", ns)}
    assert groups == {f"node-{n.id}" for n in larger_tree.nodes}
    outcome = root.find(".//s:g[@id='node-do-not-share']/s:rect", ns)
    assert outcome is not None and outcome.get("fill") == DECISION_COLOURS["do_not_share"]
    lit = root.find(".//s:g[@id='node-emergency']/s:rect", ns)
    unlit = root.find(".//s:g[@id='node-personal']/s:rect", ns)
    assert lit is not None and unlit is not None
    assert float(lit.get("stroke-width", 0)) > float(unlit.get("stroke-width", 0))
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    layout = layout_tree(larger_tree)
    for edge in layout.edges:
        assert set(edge.label_lines) <= texts
    for box in layout.nodes.values():
        assert set(box.lines) <= texts


def test_svg_escapes_text() -> None:
    tree = demo_tree().model_copy(update={"title": "Risk <script> & \"quotes\""})
    root = ET.fromstring(layout_svg(layout_tree(tree)))
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "Risk <script> & \"quotes\""


@st.composite
def random_trees(draw: st.DrawFn) -> Tree:
    """Random loop-free trees: each question's answers point to later nodes."""
    count = draw(st.integers(2, 14))
    outcomes = draw(st.integers(1, 4))
    nodes: list[dict[str, object]] = []
    total = count + outcomes
    for i in range(count):
        n_answers = draw(st.integers(1, 4))
        targets = [draw(st.integers(i + 1, total - 1)) for _ in range(n_answers)]
        text = draw(st.text("abcdefgh ijklmnop", min_size=1, max_size=120)).strip() or "q"
        nodes.append({"id": f"q{i}", "kind": "question", "text": text,
                      "answers": [{"value": f"a{j}", "label": f"answer {j}" * (j + 1),
                                   "next": f"q{t}" if t < count else f"o{t - count}"}
                                  for j, t in enumerate(targets)]})
    for k in range(outcomes):
        nodes.append({"id": f"o{k}", "kind": "outcome", "text": f"outcome {k}",
                      "decision": ["share", "do_not_share", "seek_advice"][k % 3]})
    return Tree.model_validate({"id": "random", "title": "Random", "version": "1.0.0",
                                "effective": "2026-01-01", "summary": "s", "start": "q0",
                                "nodes": nodes})


@settings(max_examples=60, deadline=None)
@given(random_trees())
def test_random_trees_never_overlap(tree: Tree) -> None:
    assert_sound(layout_tree(tree), tree)


def test_a_loop_is_still_drawn() -> None:
    tree = Tree.model_validate({
        "id": "loop", "title": "Loop", "version": "1.0.0", "effective": "2026-01-01",
        "summary": "s", "start": "a",
        "nodes": [
            {"id": "a", "kind": "question", "text": "A?",
             "answers": [{"value": "x", "label": "X", "next": "b"}]},
            {"id": "b", "kind": "question", "text": "B?",
             "answers": [{"value": "x", "label": "back", "next": "a"},
                         {"value": "y", "label": "on", "next": "end"}]},
            {"id": "end", "kind": "outcome", "text": "End", "decision": "share"},
        ]})
    layout = layout_tree(tree)
    assert_sound(layout, tree)
    back = next(e for e in layout.edges if e.source == "b" and e.target == "a")
    assert back.points[-1][1] <= layout.nodes["a"].y + layout.nodes["a"].height
