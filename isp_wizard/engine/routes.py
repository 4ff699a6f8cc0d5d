"""Every route through a tree, with its outcome: the decision table a legal reviewer signs off.

Partners are grouped by the attributes the tree's conditions actually test, so a route reads
"a relevant authority" rather than repeating for every organisation.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from isp_wizard.engine.session import Outcome, Session
from isp_wizard.errors import RulesError
from isp_wizard.rulepack.condition_reads import tested_by_conditions
from isp_wizard.rulepack.models import (
    AnswerValue,
    Partner,
)
from isp_wizard.rulepack.nodes import AnyNode, Choice, Omission, Tested
from isp_wizard.rulepack.pack import LoadedTree

MAX_ROUTES = 20_000


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
                        "grounds": self.outcome.grounds.model_dump(exclude_defaults=True),
                        "conditions": list(self.outcome.conditions),
                        "consult": list(self.outcome.consult),
                        "start_tree": self.outcome.start_tree},
        }


@dataclass(frozen=True)
class RouteTable:
    """The routes, and what the table leaves out (at which question, how many, why)."""

    routes: list[Route]
    omitted: tuple[Omission, ...] = ()


def routes(tree: LoadedTree, partners: Mapping[str, Partner]) -> list[Route]:
    """Every route the decision table lists (see ``route_table`` for what it leaves out)."""
    return route_table(tree, partners).routes


def route_table(tree: LoadedTree, partners: Mapping[str, Partner]) -> RouteTable:
    """Every route, depth first, in the order the tree lists its answers, and what is left out.

    The walk keeps its own stack rather than recursing, so a tree of any depth is tabulated.
    """
    found: list[Route] = []
    omitted: dict[str, Omission] = {}
    tested = tested_by_conditions(tree)
    answers: dict[str, AnswerValue] = {}
    steps: list[RouteStep] = []
    # Each frame: the node, its remaining choices, and whether its current choice added a step.
    stack: list[tuple[AnyNode, Iterator[Choice], list[bool]]] = []

    def enter(node_id: str) -> None:
        node = tree.compiled[node_id]
        if not node.is_outcome:
            choices = node.table_choices(partners, tested.get(node.id, Tested()))
            stack.append((node, choices, [False]))
            omission = node.table_omission()
            if omission is not None:
                omitted.setdefault(node.id, omission)
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
        if node.on_trail:
            steps.append(RouteStep(node.id, node.text, value, label))
            stepped[0] = True
        nxt = node.next_id(answers, partners)
        if nxt is not None and nxt in tree.nodes and nxt not in answers:
            enter(nxt)
    return RouteTable(found, tuple(omitted.values()))


# --- rendering the table -----------------------------------------------------------------------


def render_table(tree: LoadedTree, table: RouteTable, fmt: str) -> str:
    """The decision table as ``fmt`` ("md", "csv" or "json"): what ``rules table`` writes."""
    render = {"md": table_markdown, "csv": table_csv, "json": table_json}[fmt]
    return render(tree, table.routes, table.omitted)


def table_json(tree: LoadedTree, found: list[Route], omitted: Sequence[Omission] = ()) -> str:
    data = {"tree": tree.id, "title": tree.tree.title, "version": tree.tree.version,
            "sha256": tree.sha256, "routes": [r.to_json() for r in found],
            "omitted": [{"node": o.node_id, "listed": o.listed, "total": o.total,
                         "left_out": o.left_out, "reason": o.reason} for o in omitted]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _answers_text(route: Route) -> str:
    return "; ".join(f"{s.node} = {s.label}" for s in route.steps)


def table_csv(tree: LoadedTree, found: list[Route], omitted: Sequence[Omission] = ()) -> str:
    """One row per route. What is left out is not in the CSV: ``rules table`` says it on
    standard error, and the Markdown and JSON tables carry it."""
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


WHAT_IS_LISTED = (
    "Every route through the tree, the answers that make it, and the outcome it reaches: each "
    "answer of a one-choice question; each combination of a several-choice question's answers; "
    "partner organisations grouped by what the tree's conditions test of them; and for a typed "
    "answer (text or a date), one placeholder and each value a condition compares it with.")


def omission_lines(omitted: Sequence[Omission]) -> list[str]:
    """What the table leaves out, one sentence per question."""
    return [f"Not every combination is tried at `{o.node_id}` (“{' '.join(o.text.split())}”): "
            f"{o.reason}. {o.left_out:,} combinations, and the routes they would make, are left "
            "out." for o in omitted]


def table_markdown(tree: LoadedTree, found: list[Route],
                   omitted: Sequence[Omission] = ()) -> str:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    t = tree.tree
    lines = [
        f"# Decision table: {t.title}",
        "",
        f"Tree `{t.id}` version {t.version}, effective {t.effective.isoformat()}. "
        f"SHA-256 of the rule file: `{tree.sha256 or 'n/a'}`.",
        "",
        WHAT_IS_LISTED + " Generated by `isp-wizard rules table`; do not edit by hand.",
        "",
        *(line for text in omission_lines(omitted) for line in (f"**{text}**", "")),
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
