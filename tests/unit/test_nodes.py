"""Compiled nodes: every kind of the file format has its object, and only those objects switch
on a node's kind."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from isp_wizard import errors
from isp_wizard.rulepack import models
from isp_wizard.rulepack.models import Tree
from isp_wizard.rulepack.nodes import KINDS, LintContext, compile_nodes

PACKAGE = Path(models.__file__).resolve().parents[1]
NODE_MODELS = {"QuestionNode", "MultiNode", "TextNode", "DateNode", "PartnerNode", "InfoNode",
               "OutcomeNode", "ChoiceNode", "Routed", "NodeBase"}
CONDITION_MODELS = {"AllOf", "AnyOf", "NotOf", "AnswerIs", "PartnerHas"}
TREE = Tree.model_validate({
    "id": "t", "title": "T", "version": "1.0.0", "effective": "2026-01-01", "summary": "S.",
    "start": "q", "nodes": [
        {"id": "q", "kind": "question", "text": "Q?", "answers": [
            {"value": "yes", "label": "Yes", "next": "m", "grounds": {"lawful_basis": ["r2"]}},
            {"value": "no", "label": "No", "next": "end"}]},
        {"id": "m", "kind": "multi", "text": "M?", "next": "end", "answers": [
            {"value": "a", "label": "A"}, {"value": "b", "label": "B", "next": "p"}]},
        {"id": "p", "kind": "partner", "text": "Who?", "next": "end", "branches": [
            {"when": {"answer-of": "m", "includes": "c"}, "next": "end"}]},
        {"id": "end", "kind": "outcome", "text": "Share.", "decision": "share"},
    ]})


def test_every_kind_of_the_file_format_has_its_node_object() -> None:
    assert set(KINDS) == set(typing.get_args(models.NodeKind))
    node_union = typing.get_args(typing.get_args(models.Node)[0])
    assert {m.model_fields["kind"].annotation for m in node_union} == \
        {typing.Literal[k] for k in KINDS}


def _type_switches(path: Path) -> list[str]:
    """isinstance() calls that test for a node or condition model."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance":
            names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            if names & (NODE_MODELS | CONDITION_MODELS):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_nothing_outside_the_rule_format_switches_on_a_node_or_condition_type() -> None:
    switches = [s for path in sorted(PACKAGE.rglob("*.py")) for s in _type_switches(path)]
    # The file format's own discriminator, which tells a 'not' condition from the others.
    assert [s.split(":")[0] for s in switches] == ["rulepack/models.py"], switches


def test_each_node_answers_for_itself() -> None:
    nodes = compile_nodes(TREE.nodes)
    q, m, p, end = nodes["q"], nodes["m"], nodes["p"], nodes["end"]
    assert [e.target for e in q.edges()] == ["m", "end"]
    assert [(e.target, e.via) for e in m.edges()] == [("p", "answer"), ("end", "next")]
    assert [(e.target, e.via) for e in p.edges()] == [("end", "branch"), ("end", "next")]
    assert list(end.edges()) == [] and end.is_outcome and end.decision == "share"
    assert q.next_id({"q": "yes"}, {}) == "m"
    assert m.next_id({"m": ["a", "b"]}, {}) == "p"
    assert m.next_id({"m": ["a"]}, {}) == "end"
    assert m.check("b", {}) == ["b"]
    assert m.labels([], {}) == ["(none of these)"]
    assert [a.value for a in q.chosen("yes")] == ["yes"]
    with pytest.raises(errors.InvalidAnswerError):
        q.check("maybe", {})
    with pytest.raises(errors.InvalidAnswerError):
        end.check(None, {})


def test_each_node_finds_its_own_problems() -> None:
    nodes = compile_nodes(TREE.nodes)
    ctx = LintContext(nodes=nodes, references={"r1"}, contacts=set(), partners=set(),
                      trees=set())
    assert list(nodes["q"].problems(ctx)) == ["node 'q' cites unknown reference 'r2'"]
    assert list(nodes["p"].problems(ctx)) == [
        "a condition tests 'm' for 'c', not one of its answers"]
    assert list(nodes["end"].problems(ctx)) == []  # its grounds are the route's: see lint
