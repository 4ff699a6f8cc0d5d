"""The decision table: every route through a tree, rendered as Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from isp_wizard.engine import routes as routes_module
from isp_wizard.engine.routes import (
    render_table,
    route_table,
    routes,
    table_csv,
    table_json,
    table_markdown,
)
from isp_wizard.engine.walk import walk
from isp_wizard.errors import RulesError
from isp_wizard.rulepack import LoadedTree, load_pack
from isp_wizard.rulepack.models import Partner, Tree

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
PARTNERS = {
    "police": Partner(id="police", name="Police", type="police", relevant_authority=True),
    "council": Partner(id="council", name="Council", type="local_authority",
                       relevant_authority=True),
    "charity": Partner(id="charity", name="Charity", type="voluntary", public_authority=False,
                       relevant_authority=False),
}


def make_tree(nodes: list[dict[str, Any]]) -> LoadedTree:
    return LoadedTree.from_tree(Tree.model_validate({
        "id": "t", "title": "T", "version": "2.0.0", "effective": "2026-01-01",
        "summary": "S", "start": nodes[0]["id"], "nodes": nodes}))


@pytest.fixture(scope="module")
def demo() -> LoadedTree:
    return load_pack(FIXTURE).trees["demo"]


def summary(found: list[routes_module.Route]) -> list[tuple[tuple[tuple[str, Any], ...], str]]:
    return [(tuple((s.node, s.value) for s in r.steps), r.outcome.node_id) for r in found]


def test_every_route_through_the_demo_tree(demo: LoadedTree) -> None:
    found = routes(demo, {})
    assert summary(found) == [
        ((("emergency", "yes"),), "act-now"),
        ((("emergency", "no"), ("purpose", "yes"), ("what", "…")), "share"),
        ((("emergency", "no"), ("purpose", "no")), "do-not-share"),
        ((("emergency", "no"), ("purpose", "unsure")), "ask-dpo"),
        ((("emergency", "unsure"),), "act-now"),
    ]


def test_each_route_is_what_a_session_reaches_with_its_answers(demo: LoadedTree) -> None:
    for route in routes(demo, {}):
        session = walk(demo, dict(route.answers))
        assert session.outcome() == route.outcome


def test_the_json_shape_other_tools_read(demo: LoadedTree) -> None:
    found = routes(demo, {})
    data = json.loads(table_json(demo, found))
    assert set(data) == {"tree", "title", "version", "sha256", "routes", "omitted"}
    assert data["omitted"] == []
    assert (data["tree"], data["version"], data["sha256"]) == ("demo", "1.0.0", demo.sha256)
    assert len(data["routes"]) == 5
    for route in data["routes"]:
        assert set(route) == {"steps", "outcome"}
        for step in route["steps"]:
            assert set(step) == {"node", "text", "value", "label"}
        assert set(route["outcome"]) >= {"node", "decision", "legal_basis"}
        assert isinstance(route["outcome"]["legal_basis"], list)
    second = data["routes"][1]
    assert second["steps"][1] == {"node": "purpose", "value": "yes", "label": "Yes",
                                  "text": "Is there a clear and legitimate purpose for sharing?"}
    assert second["outcome"]["node"] == "share"
    assert second["outcome"]["decision"] == "share"
    assert second["outcome"]["legal_basis"] == ["uk-gdpr-6-1-e"]
    assert data["routes"][3]["outcome"]["consult"] == ["dpo"]


def test_csv_has_one_row_per_route(demo: LoadedTree) -> None:
    rows = list(csv.reader(io.StringIO(table_csv(demo, routes(demo, {})))))
    assert rows[0] == ["route", "answers", "outcome", "decision", "legal_basis", "conditions",
                       "consult"]
    assert len(rows) == 6
    assert rows[2][:5] == ["2", "emergency = No; purpose = Yes; what = (text entered)", "share",
                           "share", "uk-gdpr-6-1-e"]


def test_markdown_is_a_table_a_reviewer_can_sign(demo: LoadedTree) -> None:
    text = table_markdown(demo, routes(demo, {}))
    assert text.startswith("# Decision table: Demonstration — is there a purpose?\n")
    assert demo.sha256 in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 5
    assert rows[3].startswith("| 4 | Is anyone at immediate risk of serious harm? → **No**<br>")
    assert "| `ask-dpo` | seek_advice | — | dpo |" in rows[3]


def test_markdown_escapes_pipes_and_new_lines() -> None:
    tree = make_tree([
        {"id": "a", "kind": "question", "text": "Either | or\nboth?",
         "answers": [{"value": "x", "label": "A | B", "next": "o"}]},
        {"id": "o", "kind": "outcome", "text": "O", "decision": "do_not_share"},
    ])
    row = table_markdown(tree, routes(tree, {})).splitlines()[-1]
    assert "Either \\| or both? → **A \\| B**" in row
    assert row.count(" | ") == 5  # six cells, no stray cell from the user's pipe


def test_partners_are_grouped_by_the_attributes_the_tree_tests() -> None:
    tree = make_tree([
        {"id": "who", "kind": "partner", "text": "Who?", "next": "no",
         "branches": [{"when": {"partner-of": "who", "attribute": "relevant_authority",
                                "is": True}, "next": "yes"}]},
        {"id": "yes", "kind": "outcome", "text": "Y", "decision": "share",
         "grounds": {"lawful_basis": ["s115"]}},
        {"id": "no", "kind": "outcome", "text": "N", "decision": "seek_advice"},
    ])
    found = routes(tree, PARTNERS)
    labels = [(r.steps[0].label, r.outcome.node_id) for r in found]
    # An unlisted organisation's s115 status is unknown, not false: a route of its own.
    assert labels == [("any of: Police, Council", "yes"), ("Charity", "no"),
                      ("another organisation", "no")]


def test_multi_questions_route_every_combination_and_info_pages_are_silent() -> None:
    tree = make_tree([
        {"id": "i", "kind": "info", "text": "Read", "next": "m"},
        {"id": "m", "kind": "multi", "text": "Which?", "min_choices": 1, "next": "o",
         "answers": [{"value": "a", "label": "A", "next": "oa"}, {"value": "b", "label": "B"}]},
        {"id": "d", "kind": "date", "text": "When?", "next": "o"},
        {"id": "oa", "kind": "outcome", "text": "OA", "decision": "do_not_share"},
        {"id": "o", "kind": "outcome", "text": "O", "decision": "do_not_share"},
    ])
    found = routes(tree, {})
    assert summary(found) == [
        ((("m", ["a"]),), "oa"),
        ((("m", ["b"]),), "o"),
        ((("m", ["a", "b"]),), "oa"),
    ]
    assert found[2].steps[0].label == "A; B"


def test_a_tree_with_too_many_routes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = [{"id": f"q{i}", "kind": "question", "text": f"Q{i}?",
              "answers": [{"value": v, "label": v, "next": f"q{i + 1}" if i < 5 else "o"}
                          for v in ("a", "b", "c")]} for i in range(6)]
    tree = make_tree([*nodes, {"id": "o", "kind": "outcome", "text": "O",
                               "decision": "do_not_share"}])
    assert len(routes(tree, {})) == 3 ** 6
    monkeypatch.setattr(routes_module, "MAX_ROUTES", 100)
    with pytest.raises(RulesError, match="more than 100 routes"):
        routes(tree, {})


def test_a_very_long_route_is_tabulated_without_running_out_of_stack() -> None:
    depth = 3000
    nodes = [{"id": f"q{i}", "kind": "question", "text": f"Q{i}?",
              "answers": [{"value": "x", "label": "X", "next": f"q{i + 1}" if i < depth - 1
                           else "o"}]} for i in range(depth)]
    tree = make_tree([*nodes, {"id": "o", "kind": "outcome", "text": "O",
                               "decision": "do_not_share"}])
    (route,) = routes(tree, {})
    assert len(route.steps) == depth and route.outcome.node_id == "o"


def _multi(options: int, min_choices: int = 0) -> LoadedTree:
    return make_tree([
        {"id": "m", "kind": "multi", "text": "Which apply?", "min_choices": min_choices,
         "next": "o", "answers": [{"value": f"v{i}", "label": f"V{i}"} for i in range(options)]},
        {"id": "o", "kind": "outcome", "text": "O", "decision": "do_not_share"},
    ])


def test_a_several_choice_question_of_seven_answers_is_tried_in_every_combination() -> None:
    table = route_table(_multi(7, min_choices=2), {})
    assert len(table.routes) == 2 ** 7 - 1 - 7  # every combination of two or more
    assert len({tuple(r.steps[0].value) for r in table.routes}) == len(table.routes)
    assert table.omitted == ()
    text = render_table(_multi(7), route_table(_multi(7), {}), "md")
    assert "each combination of a several-choice question's answers" in text
    assert "Not every combination" not in text


def test_past_the_size_guard_the_table_says_what_it_left_out_and_why() -> None:
    tree = _multi(10)
    table = route_table(tree, {})
    # sizes 0-3 (1 + 10 + 45 + 120) and all ten together: the rest are counted, not hidden
    assert len(table.routes) == 177
    (omission,) = table.omitted
    assert (omission.node_id, omission.listed, omission.total, omission.left_out) == \
        ("m", 177, 1024, 847)
    assert "those of 0 to 3 answers and all 10 together" in omission.reason
    text = render_table(tree, table, "md")
    assert "**Not every combination is tried at `m` (“Which apply?”): its 10 answers make " \
           "1,024 combinations" in text
    assert "847 combinations, and the routes they would make, are left out.**" in text
    data = json.loads(render_table(tree, table, "json"))
    assert data["omitted"] == [{"node": "m", "listed": 177, "total": 1024, "left_out": 847,
                                "reason": omission.reason}]
    for route in table.routes:  # what is listed is still exactly what a session reaches
        assert walk(tree, dict(route.answers)).outcome() == route.outcome


def test_a_typed_answer_that_a_condition_tests_is_tried_with_that_value() -> None:
    tree = make_tree([
        {"id": "t", "kind": "text", "text": "Code word?", "next": "o",
         "branches": [{"when": {"answer-of": "t", "in": ["red", "amber"]}, "next": "stop"}]},
        {"id": "stop", "kind": "outcome", "text": "Stop", "decision": "seek_advice"},
        {"id": "o", "kind": "outcome", "text": "O", "decision": "do_not_share"},
    ])
    found = routes(tree, {})
    assert [(r.steps[0].label, r.outcome.node_id) for r in found] == [
        ("(text entered, none of those tested)", "o"), ("“red”", "stop"), ("“amber”", "stop")]
