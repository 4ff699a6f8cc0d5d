"""Walking a tree headless from a map of answers: scenarios, ``decide`` and tests use it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from isp_wizard.engine.session import Session
from isp_wizard.errors import InvalidAnswerError, ScenarioError
from isp_wizard.rulepack.models import (
    MAX_PEOPLE,
    AnswerValue,
    Partner,
    Scenario,
)
from isp_wizard.rulepack.pack import LoadedTree, RulePack


def walk(tree: LoadedTree, answers: Mapping[str, AnswerValue],
         partners: Mapping[str, Partner] | None = None, *,
         then: Mapping[str, Mapping[str, AnswerValue]] | None = None,
         trees: Mapping[str, LoadedTree] | None = None) -> Session:
    """Answer the tree from ``answers`` (node id → value) until an outcome is reached. Where it
    hands off to another tree for which ``then`` holds answers (tree id → node id → value), the
    walk continues there, as the app's does (``trees`` are the pack's)."""
    session = _walk_one(Session(tree, partners or {}), answers)
    then = then or {}
    while (target := session.hands_off_to) is not None and target in then:
        if trees is None or target not in trees:
            raise ScenarioError(f"the walk continues with {target!r}, which did not load")
        session = _walk_one(session.hand_off(trees[target]), then[target])
    return session


def unused_answers(session: Session, answers: Mapping[str, AnswerValue],
                   then: Mapping[str, Mapping[str, AnswerValue]] | None = None) -> list[str]:
    """The answers given that no walk of ``session`` used ("tree:node" for a later tree's)."""
    walks = {s.tree.id: s for s in session.walks}
    first = session.walks[0]
    unused = [k for k in answers if k not in first.answers or k in first.carried]
    for tree_id, given in (then or {}).items():
        walked = walks.get(tree_id)
        unused += [f"{tree_id}:{k}" for k in given
                   if walked is None or k not in walked.answers or k in walked.carried]
    return unused


def _walk_one(session: Session, answers: Mapping[str, AnswerValue]) -> Session:
    """Answer one tree's walk from ``answers`` until it reaches an outcome."""
    tree = session.tree
    for _ in range((len(tree.nodes) + 1) * (MAX_PEOPLE + 1)):
        node, key = session.current_node, session.current_key
        if node.is_outcome:
            return session
        if not node.takes_answer:
            value: AnswerValue | None = None
        elif key in answers:
            value = answers[key]
        elif node.blank is not None:
            value = node.blank
        else:
            about = session.current_about
            whom = f" about {about.name}" if about else ""
            raise ScenarioError(f"no answer given for {key!r} (“{node.text}”{whom})")
        try:
            session.answer(value)
        except InvalidAnswerError as exc:
            raise ScenarioError(f"answer for {key!r} does not fit: {exc}") from exc
    raise ScenarioError("the answers go round in a loop")  # lint prevents this


@dataclass(frozen=True)
class ScenarioResult:
    tree: str
    scenario: Scenario
    passed: bool
    reached: str | None
    message: str
    session: Session | None = None


def run_scenario(pack: RulePack, tree_id: str, scenario: Scenario) -> ScenarioResult:
    tree = pack.trees.get(tree_id)
    if tree is None:
        return ScenarioResult(tree_id, scenario, False, None, f"tree {tree_id!r} did not load")
    try:
        session = walk(tree, scenario.answers, pack.partners, then=scenario.then,
                       trees=pack.trees)
    except ScenarioError as exc:
        return ScenarioResult(tree_id, scenario, False, None, str(exc))
    outcome = session.outcome()
    assert outcome is not None
    unused = unused_answers(session, scenario.answers, scenario.then)
    problems = []
    if outcome.node_id != scenario.expected:
        problems.append(f"expected {scenario.expected!r}, reached {outcome.node_id!r}")
    if scenario.expected_decision and outcome.decision != scenario.expected_decision:
        problems.append(f"expected decision {scenario.expected_decision!r}, "
                        f"got {outcome.decision!r}")
    if unused:
        problems.append("answers not on the route: " + ", ".join(unused))
    return ScenarioResult(tree_id, scenario, not problems, outcome.node_id,
                          "; ".join(problems) or "ok", session)


def run_all_scenarios(pack: RulePack) -> list[ScenarioResult]:
    return [run_scenario(pack, group.tree, scenario)
            for group in pack.scenario_sets for scenario in group.scenarios]
