"""Lint: what a schema cannot see, each reported on the line where it is."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from isp_wizard.rulepack import RulePack, load_pack
from isp_wizard.rulepack.lint import lint_pack

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
HEAD = """\
id: t
title: T
version: 1.0.0
effective: 2026-01-01
summary: A tree.
start: a
nodes:
"""  # nodes start on line 8


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


def lint(root: Path, nodes: str, head: str = HEAD) -> tuple[RulePack, list[str]]:
    (root / "trees" / "t.yaml").write_text(head + textwrap.dedent(nodes), encoding="utf-8")
    pack = load_pack(root)
    return pack, [str(p) for p in pack.problems if p.path.endswith("t.yaml")]


def test_the_fixture_pack_is_clean(root: Path) -> None:
    pack = load_pack(root)
    assert pack.problems == []
    assert list(pack.trees) == ["demo"]


def test_a_clean_tree_loads_beside_the_others(root: Path) -> None:
    pack, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: "yes", label: Y, next: o}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == []
    assert sorted(pack.trees) == ["demo", "t"]


def test_unknown_node_reference_and_contact_ids(root: Path) -> None:
    pack, found = lint(root, """\
        - id: a
          kind: question
          text: A?
          refs: [no-such-ref]
          consult: [nobody]
          answers:
            - {value: x, label: X, next: ghost, grounds: {power: [no-such-act]}, consult: [dpo]}
            - {value: y, label: Y, next: o}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == [
        "rules/trees/t.yaml:8: node 'a' leads to unknown node 'ghost'",
        "rules/trees/t.yaml:8: node 'a' cites unknown reference 'no-such-ref'",
        "rules/trees/t.yaml:8: node 'a' cites unknown reference 'no-such-act'",
        "rules/trees/t.yaml:8: node 'a' names unknown contact 'nobody'",
    ]
    assert "t" in pack.skipped and "t" not in pack.trees
    assert "demo" in pack.trees  # a broken tree is skipped, the rest loads


def test_an_unknown_start_node(root: Path) -> None:
    _, found = lint(root, """\
        - {id: b, kind: outcome, text: O, decision: do_not_share}
    """)
    assert "rules/trees/t.yaml: start node 'a' does not exist" in found


def test_unreachable_nodes_and_routes_with_no_outcome(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
        - {id: island, kind: info, text: I, next: o}
    """)
    assert found == ["rules/trees/t.yaml:10: node 'island' cannot be reached from the start"]


def test_a_cycle_is_named_with_its_route(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: b},
                                                      {value: y, label: Y, next: o}]}
        - {id: b, kind: info, text: B, next: c}
        - {id: c, kind: text, text: C, next: b}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == [
        "rules/trees/t.yaml:10: no route from 'b' reaches an outcome",
        "rules/trees/t.yaml:10: the route loops: b -> c -> b",
        "rules/trees/t.yaml:11: no route from 'c' reaches an outcome",
    ]


def test_questions_with_no_answers_repeated_answers_and_dead_ends(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, next: b, answers: []}
        - id: b
          kind: question
          text: B?
          answers: [{value: x, label: X, next: m}, {value: x, label: X again, next: m},
                    {value: z, label: Z}]
        - {id: m, kind: multi, text: M?, min_choices: 2, next: o,
           answers: [{value: one, label: One}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == [
        "rules/trees/t.yaml:8: question 'a' has no answers",
        "rules/trees/t.yaml:9: question 'b' has answer 'x' twice",
        "rules/trees/t.yaml:9: answer 'z' of 'b' leads nowhere (give it a 'next')",
        "rules/trees/t.yaml:14: question 'm' asks for at least 2 choices but offers 1",
    ]


def test_a_node_with_nowhere_to_go(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: text, text: A}
    """)
    assert "rules/trees/t.yaml:8: node 'a' leads nowhere (give it a 'next')" in found
    assert "rules/trees/t.yaml:8: no route from 'a' reaches an outcome" in found


def test_duplicate_node_ids(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
        - {id: o, kind: outcome, text: O2, decision: seek_advice}
    """)
    assert found == ["rules/trees/t.yaml:9: duplicate node id 'o'"]


@pytest.mark.parametrize(("decision", "flagged"), [
    ("share", True), ("share_with_conditions", True), ("do_not_share", False),
    ("seek_advice", False),
])
def test_an_outcome_that_shares_needs_a_lawful_basis(root: Path, decision: str,
                                                     flagged: bool) -> None:
    _, found = lint(root, f"""\
        - {{id: a, kind: question, text: A?, answers: [{{value: x, label: X, next: o}}]}}
        - {{id: o, kind: outcome, text: O, decision: {decision}}}
    """)
    message = ("rules/trees/t.yaml:9: outcome 'o' shares, but a route to it establishes no UK "
               "GDPR Article 6 lawful basis: a: X")
    assert (found == [message]) is flagged
    assert (found == []) is not flagged


def test_every_route_to_a_share_needs_a_lawful_basis_not_just_one(root: Path) -> None:
    _, found = lint(root, """\
        - id: a
          kind: question
          text: Basis?
          answers:
            - {value: task, label: Task, next: o, grounds: {lawful_basis: [uk-gdpr-6-1-e]}}
            - {value: exempt, label: Exempt, next: o, grounds: {exemption: [uk-gdpr-6-1-e]}}
        - {id: o, kind: outcome, text: O, decision: share}
    """)
    assert found == ["rules/trees/t.yaml:14: outcome 'o' shares, but a route to it establishes "
                     "no UK GDPR Article 6 lawful basis: a: Exempt"]


def test_special_category_or_criminal_offence_data_needs_a_condition(root: Path) -> None:
    _, found = lint(root, """\
        - id: a
          kind: question
          text: What kind?
          answers:
            - {value: special, label: S, next: b,
               grounds: {lawful_basis: [uk-gdpr-6-1-e], data: [special_category]}}
            - {value: criminal, label: C, next: b,
               grounds: {lawful_basis: [uk-gdpr-6-1-e], data: [criminal_offence],
                         condition: [uk-gdpr-6-1-e]}}
        - id: b
          kind: question
          text: Condition?
          answers:
            - {value: para, label: P, next: o, grounds: {schedule_1: [uk-gdpr-6-1-e]}}
            - {value: none, label: N, next: o}
        - {id: o, kind: outcome, text: O, decision: share}
    """)
    assert found == [
        "rules/trees/t.yaml:23: outcome 'o' shares, but a route to it establishes criminal "
        "offence data but no DPA 2018 Schedule 1 paragraph for its Article 10 condition: "
        "a: C, b: N",
        "rules/trees/t.yaml:23: outcome 'o' shares, but a route to it establishes special "
        "category data but no Article 9 condition: a: S, b: N",
    ]


def test_grounds_on_an_outcome_that_shares_nothing_are_flagged(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share,
           grounds: {power: [uk-gdpr-6-1-e]}}
    """)
    assert found == ["rules/trees/t.yaml:9: warning: outcome 'o' decides 'do_not_share', which shares "
                     "nothing, but names grounds: they are not printed (cite what explains the "
                     "decision in 'refs')"]


def test_old_legal_basis_is_refused_with_the_new_shape(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o}]}
        - {id: o, kind: outcome, text: O, decision: share, legal_basis: [uk-gdpr-6-1-e]}
    """)
    assert len(found) == 1
    assert "'legal_basis' is the old rule format" in found[0]
    assert "grounds: {lawful_basis: [uk-gdpr-6-1-e]" in found[0]


def test_conditions_must_name_real_nodes_answers_and_partners(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: p}]}
        - id: p
          kind: partner
          text: Who?
          next: o
          branches:
            - when: {all: [{answer-of: a, is: "y"}, {not: {answer-of: ghost, is: x}}]}
              next: o
            - when: {any: [{partner-of: a, attribute: type, is: police},
                           {partner-of: p, attribute: id, is: nobody}]}
              next: o
            - when: {partner-of: p, attribute: id, is: council}
              next: o
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == [
        "rules/trees/t.yaml:9: a condition tests 'a' for 'y', not one of its answers",
        "rules/trees/t.yaml:9: a condition asks about unknown node 'ghost'",
        "rules/trees/t.yaml:9: a condition asks for the partner chosen at 'a', which is not a "
        "partner question",
        "rules/trees/t.yaml:9: a condition tests for unknown partner 'nobody'",
    ]


def test_a_condition_about_a_node_never_passed_before_it(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: b},
                                                      {value: y, label: Y, next: c}]}
        - id: b
          kind: info
          text: B
          next: end
          branches: [{when: {answer-of: c, is: z}, next: end},
                     {when: {answer-of: a, is: x}, next: end},
                     {when: {answer-of: b, is: seen}, next: end}]
        - {id: c, kind: question, text: C?, answers: [{value: z, label: Z, next: d}]}
        - id: d
          kind: info
          text: D
          next: end
          branches: [{when: {not: {answer-of: e, is: x}}, next: e}]
        - {id: e, kind: question, text: E?, answers: [{value: x, label: X, next: end}]}
        - {id: end, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == [
        "rules/trees/t.yaml:10: a condition at 'b' asks about 'c', which no route passes "
        "before it: it can never see that answer",
        "rules/trees/t.yaml:18: a condition at 'd' asks about 'e', which no route passes "
        "before it: it can never see that answer",
    ]


def test_is_on_a_several_choice_question_is_flagged(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: multi, text: A?, next: o, answers: [{value: x, label: X}]}
        - id: o
          kind: info
          text: I
          next: end
          branches: [{when: {answer-of: a, is: x}, next: end},
                     {when: {answer-of: a, includes: x}, next: end}]
        - {id: end, kind: outcome, text: O, decision: do_not_share}
    """)
    assert found == ["rules/trees/t.yaml:9: a condition tests several-choice question 'a' with "
                     "'is', which never holds; use 'includes' or 'in'"]


def test_an_outcome_that_continues_with_an_unknown_tree(root: Path) -> None:
    _, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o},
                                                      {value: y, label: Y, next: o2}]}
        - {id: o, kind: outcome, text: Go on, start_tree: nowhere}
        - {id: o2, kind: outcome, text: Go on, start_tree: demo}
    """)
    assert found == ["rules/trees/t.yaml:10: outcome 'o' continues with unknown tree 'nowhere'"]


def test_an_overdue_review_is_a_warning_and_the_tree_still_loads(root: Path) -> None:
    head = HEAD.replace("start: a\n", "start: a\ngovernance: {next_review: 2020-01-01}\n")
    pack, found = lint(root, """\
        - {id: a, kind: question, text: A?, answers: [{value: x, label: X, next: o}]}
        - {id: o, kind: outcome, text: O, decision: do_not_share}
    """, head)
    assert found == ["rules/trees/t.yaml: warning: tree 't' was due for review on 2020-01-01"]
    assert "t" in pack.trees
    later = lint_pack(pack, today=dt.date(2019, 12, 31))
    assert not [p for p in later if p.path.endswith("t.yaml")]


def test_catalogue_problems_name_their_line(root: Path) -> None:
    (root / "partners.yaml").write_text(textwrap.dedent("""\
        partners:
          - {id: council, name: The Council, type: local_authority, isas: [protocol]}
          - id: clinic
            name: A clinic
            type: health
            confirmed: false
            isas: [no-such-isa]
          - {id: council, name: Again, type: local_authority}
        """), encoding="utf-8")
    (root / "isas.yaml").write_text(
        "isas:\n  - {id: protocol, title: P, parties: [council, ghost]}\n", encoding="utf-8")
    pack = load_pack(root)
    found = [str(p) for p in pack.problems]
    assert "rules/partners.yaml:2: duplicate id 'council'" in found
    assert "rules/partners.yaml:3: partner 'clinic' names unknown ISA 'no-such-isa'" in found
    assert "rules/partners.yaml:3: note: partner 'clinic': s115 status not confirmed " \
           "(no source)" in found
    assert "rules/isas.yaml:2: ISA 'protocol' names unknown partner 'ghost'" in found


def test_scenarios_for_unknown_trees_or_expecting_a_question(root: Path) -> None:
    (root / "scenarios" / "more.yaml").write_text(textwrap.dedent("""\
        tree: demo
        scenarios:
          - {name: wrong end, case: c, answers: {emergency: "no"}, expected: purpose}
        """), encoding="utf-8")
    (root / "scenarios" / "ghost.yaml").write_text(
        "tree: ghost\nscenarios: []\n", encoding="utf-8")
    pack = load_pack(root)
    found = [str(p) for p in pack.problems]
    assert "rules/scenarios/more.yaml:3: scenario 'wrong end' expects 'purpose', not an " \
           "outcome of 'demo'" in found
    assert "rules/scenarios/ghost.yaml: scenarios are for unknown tree 'ghost'" in found
    assert "demo" in pack.trees  # a scenario problem does not take the tree away


def test_two_files_with_the_same_tree_id(root: Path) -> None:
    shutil.copyfile(root / "trees" / "demo.yaml", root / "trees" / "demo-copy.yaml")
    pack = load_pack(root)
    said = ("tree id 'demo' is used by 2 files (rules/trees/demo-copy.yaml, "
            "rules/trees/demo.yaml); none of them is loaded until one is renamed or removed "
            "(rules/trees/demo.yaml had it first)")
    assert [str(p) for p in pack.errors] == [f"rules/trees/demo-copy.yaml:3: {said}",
                                             f"rules/trees/demo.yaml:3: {said}"]
    assert "demo" not in pack.trees  # neither file silently wins
