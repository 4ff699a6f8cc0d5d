"""Every route through a tree, with its outcome: the decision table a legal reviewer signs off.

Partners are grouped by the attributes the tree's conditions actually test, so a route reads
"a relevant authority" rather than repeating for every organisation.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from isp_wizard.engine.conditions import next_node, partner_attribute
from isp_wizard.engine.session import Outcome, Session
from isp_wizard.errors import RulesError
from isp_wizard.rulepack.conditions import Collect
from isp_wizard.rulepack.models import (
    OTHER_PARTNER,
    AnswerIs,
    AnswerValue,
    DateNode,
    InfoNode,
    MultiNode,
    Node,
    OutcomeNode,
    Partner,
    PartnerHas,
    PartnerNode,
    QuestionNode,
    TextNode,
)
from isp_wizard.rulepack.pack import LoadedTree

MAX_ROUTES = 20_000
TEXT_PLACEHOLDER = "…"
DATE_PLACEHOLDER = "2000-01-01"


@dataclass(frozen=True)
class RouteStep:
    node: str
    text: str
    value: AnswerValue
    label: str


@dataclass(frozen=True)
class Route:
    steps: tuple[RouteStep, ...]
    outcome: Outcome
    answers: tuple[tuple[str, AnswerValue], ...]

    def to_json(self) -> dict[str, object]:
        return {
            "steps": [{"node": s.node, "text": s.text, "value": s.value, "label": s.label}
                      for s in self.steps],
            "outcome": {"node": self.outcome.node_id, "decision": self.outcome.decision,
                        "legal_basis": list(self.outcome.legal_basis),
                        "conditions": list(self.outcome.conditions),
                        "consult": list(self.outcome.consult),
                        "start_tree": self.outcome.start_tree},
        }


def routes(tree: LoadedTree, partners: Mapping[str, Partner]) -> list[Route]:
    """Every route, depth first, in the order the tree lists its answers.

    The walk keeps its own stack rather than recursing, so a tree of any depth is tabulated.
    """
    found: list[Route] = []
    tested = _tested_partner_attributes(tree)
    answers: dict[str, AnswerValue] = {}
    steps: list[RouteStep] = []
    # Each frame: the node, its remaining choices, and whether its current choice added a step.
    stack: list[tuple[Node, Iterator[tuple[AnswerValue, str]], list[bool]]] = []

    def enter(node_id: str) -> None:
        node = tree.node(node_id)
        if not isinstance(node, OutcomeNode):
            choices = _choices(node, partners, tested.get(node.id, set()))
            stack.append((node, iter(choices), [False]))
            return
        outcome = Session(tree, partners, dict(answers)).outcome()
        assert outcome is not None
        found.append(Route(tuple(steps), outcome, tuple(answers.items())))
        if len(found) > MAX_ROUTES:
            raise RulesError(f"tree {tree.id!r} has more than {MAX_ROUTES} routes")

    if tree.tree.start in tree.nodes:
        enter(tree.tree.start)
    while stack:
        node, choices, stepped = stack[-1]
        answers.pop(node.id, None)  # undo this node's previous choice
        if stepped[0]:
            steps.pop()
            stepped[0] = False
        choice = next(choices, None)
        if choice is None:
            stack.pop()
            continue
        value, label = choice
        answers[node.id] = value
        if not isinstance(node, InfoNode):
            steps.append(RouteStep(node.id, node.text, value, label))
            stepped[0] = True
        nxt = next_node(node, answers, partners)
        if nxt is not None and nxt in tree.nodes and nxt not in answers:
            enter(nxt)
    return found


def _choices(node: Node, partners: Mapping[str, Partner],
             attributes: set[str]) -> Iterator[tuple[AnswerValue, str]]:
    if isinstance(node, QuestionNode):
        for answer in node.answers:
            yield answer.value, answer.label
    elif isinstance(node, MultiNode):
        options = node.answers
        sizes = range(len(options) + 1) if len(options) <= 5 else (0, 1, len(options))
        for size in sizes:
            if size < node.min_choices:
                continue
            for combo in itertools.combinations(options, size):
                yield [a.value for a in combo], "; ".join(a.label for a in combo) or "(none)"
    elif isinstance(node, TextNode):
        yield TEXT_PLACEHOLDER, "(text entered)"
    elif isinstance(node, DateNode):
        yield DATE_PLACEHOLDER, "(date entered)"
    elif isinstance(node, PartnerNode):
        groups: dict[tuple[object, ...], list[str]] = {}
        ids = [*partners, *([OTHER_PARTNER] if node.allow_other else [])]
        for pid in ids:
            key = tuple(partner_attribute(pid, a, partners) for a in sorted(attributes))
            groups.setdefault(key, []).append(pid)
        for members in groups.values():
            names = [partners[p].name if p in partners else "another organisation"
                     for p in members]
            yield members[0], "any of: " + ", ".join(names) if len(names) > 1 else names[0]
    elif isinstance(node, InfoNode):
        yield "seen", "(read)"


class PartnerTests(Collect[tuple[str, str]]):
    """(partner node, attribute) for each partner test in a condition."""

    def answer(self, cond: AnswerIs) -> Iterator[tuple[str, str]]:
        return iter(())

    def partner(self, cond: PartnerHas) -> Iterator[tuple[str, str]]:
        yield cond.partner_of, cond.attribute


def _tested_partner_attributes(tree: LoadedTree) -> dict[str, set[str]]:
    tested: dict[str, set[str]] = {}
    for node in tree.tree.nodes:
        for branch in getattr(node, "branches", []):
            for node_id, attribute in PartnerTests().visit(branch.when):
                tested.setdefault(node_id, set()).add(attribute)
    return tested


# --- rendering the table -----------------------------------------------------------------------


def table_json(tree: LoadedTree, found: list[Route]) -> str:
    data = {"tree": tree.id, "title": tree.tree.title, "version": tree.tree.version,
            "sha256": tree.sha256, "routes": [r.to_json() for r in found]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _answers_text(route: Route) -> str:
    return "; ".join(f"{s.node} = {s.label}" for s in route.steps)


def table_csv(tree: LoadedTree, found: list[Route]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["route", "answers", "outcome", "decision", "legal_basis", "conditions",
                     "consult"])
    for number, route in enumerate(found, start=1):
        o = route.outcome
        writer.writerow([number, _answers_text(route), o.node_id,
                         o.decision or f"continue: {o.start_tree}", " ".join(o.legal_basis),
                         " | ".join(o.conditions), " ".join(o.consult)])
    return out.getvalue()


def table_markdown(tree: LoadedTree, found: list[Route]) -> str:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    t = tree.tree
    lines = [
        f"# Decision table: {t.title}",
        "",
        f"Tree `{t.id}` version {t.version}, effective {t.effective.isoformat()}. "
        f"SHA-256 of the rule file: `{tree.sha256 or 'n/a'}`.",
        "",
        "Every route through the tree, the answers that make it, and the outcome it reaches. "
        "Generated by `isp-wizard rules table`; do not edit by hand.",
        "",
        "| # | Answers | Outcome | Decision | Legal basis | Consult |",
        "|---|---|---|---|---|---|",
    ]
    for number, route in enumerate(found, start=1):
        o = route.outcome
        answers = "<br>".join(cell(f"{s.text} → **{s.label}**") for s in route.steps)
        decision = o.decision or f"continue with `{o.start_tree}`"
        lines.append(f"| {number} | {answers} | `{o.node_id}` | {decision} | "
                     f"{', '.join(o.legal_basis) or '—'} | {', '.join(o.consult) or '—'} |")
    return "\n".join(lines) + "\n"
