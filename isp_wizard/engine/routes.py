"""Every route through a tree, with its outcome: the decision table a legal reviewer signs off.

Partners are grouped by the attributes the tree's conditions actually test, so a route reads
"a relevant authority" rather than repeating for every organisation.

A repeated section (questions asked once per person or per recipient) is listed for one person
or recipient at a time: each route passes through the section once, and its row gives that
person's (or recipient's) result beside the decision. A walk about several people combines one
such pass per person; those combinations are not listed, and the table says how many they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from isp_wizard.engine.session import ItemOutcome, Outcome, Session
from isp_wizard.errors import RulesError
from isp_wizard.rulepack.condition_reads import tested_by_conditions
from isp_wizard.rulepack.models import (
    AnswerValue,
    Partner,
)
from isp_wizard.rulepack.nodes import AnyNode, Choice, Omission, Tested
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.rulepack.sections import scoped_key, split_key

MAX_ROUTES = 20_000
COMBINED_PEOPLE = 3
"""How many people the table's note on combinations counts with (a household, say)."""


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
        outcome: dict[str, object] = {
            "node": self.outcome.node_id, "decision": self.outcome.decision,
            "legal_basis": list(self.outcome.legal_basis),
            "grounds": self.outcome.grounds.model_dump(exclude_defaults=True),
            "conditions": list(self.outcome.conditions),
            "consult": list(self.outcome.consult),
            "start_tree": self.outcome.start_tree}
        for name, items in (("people", self.outcome.people),
                            ("recipients", self.outcome.recipients)):
            if items:
                outcome[name] = [_item_json(i) for i in items]
        return {
            "steps": [{"node": s.node, "text": s.text, "value": s.value, "label": s.label}
                      for s in self.steps],
            "outcome": outcome,
        }


def _item_json(item: ItemOutcome) -> dict[str, object]:
    data: dict[str, object] = {
        "section": item.about.section, "end": item.end, "decision": item.decision,
        "grounds": item.grounds.model_dump(exclude_defaults=True),
        "conditions": list(item.conditions)}
    for name in ("category", "role", "receives", "channel"):
        value = getattr(item, name)
        if value:
            data[name] = list(value) if isinstance(value, tuple) else value
    return data


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
        if node.each is not None or node.end is not None:
            stack.append((node, _pass_choice(tree, node, answers), [False]))
            return
        if not node.is_outcome:
            choices = node.table_choices(partners, tested.get(node.id, Tested()))
            stack.append((node, choices, [False]))
            omission = node.table_omission()
            if omission is not None:
                omitted.setdefault(node.id, omission)
            return
        outcome = Session(tree, partners, _session_answers(tree, answers)).outcome()
        assert outcome is not None
        found.append(Route(tuple(steps), outcome,
                           tuple(_session_answers(tree, answers).items())))
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
        if node.on_trail or node.end is not None:
            steps.append(RouteStep(node.id, node.text, value, label))
            stepped[0] = True
        nxt = _next(tree, node, answers, partners)
        if nxt is not None and nxt in tree.nodes and nxt not in answers:
            enter(nxt)
    if tree.sections:
        omitted.update(_combinations(tree, found))
    return RouteTable(found, tuple(omitted.values()))


def _pass_choice(tree: LoadedTree, node: AnyNode,
                 answers: Mapping[str, AnswerValue]) -> Iterator[Choice]:
    """The one way through an each node (into its section) or an end node (on after it)."""
    end = node.end
    if end is not None:
        section = tree.sections.get(end.section)
        whose = f"this {section.about}" if section is not None else "this pass"
        yield end.decision, f"{whose}: {end.decision.replace('_', ' ')}"
        return
    yield "", ""


def _next(tree: LoadedTree, node: AnyNode, answers: Mapping[str, AnswerValue],
          partners: Mapping[str, Partner]) -> str | None:
    end = node.end
    if end is not None:
        section = tree.sections.get(end.section)
        return section.each.next if section is not None else None
    owner = tree.section_of.get(node.id)
    if owner is None:
        return node.next_id(answers, partners)
    listed = answers.get(owner.each.over)
    item = listed[0] if isinstance(listed, list) and listed else ""
    seen = dict(answers)
    seen[owner.each.over] = item
    return node.next_id(seen, partners, owner.scope(item))


def _session_answers(tree: LoadedTree,
                     answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The table's answers (one pass through each section) as a session keeps them."""
    owner = tree.section_of
    kept: dict[str, AnswerValue] = {}
    for node_id, value in answers.items():
        node = tree.compiled[node_id]
        if node.each is not None or node.end is not None:
            continue
        section = owner.get(node_id)
        if section is None:
            kept[node_id] = value
            continue
        listed = answers.get(section.each.over)
        if isinstance(listed, list) and listed:
            kept[scoped_key(node_id, listed[0])] = value
    return kept


def _combinations(tree: LoadedTree, found: list[Route]) -> dict[str, Omission]:
    """What the table leaves out for each section: the passes of several people (or
    recipients) combined. Each row shows one pass; a walk about n people combines n."""
    notes: dict[str, Omission] = {}
    for each_id, section in tree.sections.items():
        passes = {tuple(s.node + "=" + str(s.value) for s in r.steps
                        if split_key(s.node)[0] in section.nodes | section.ends)
                  for r in found}
        passes.discard(())
        count = len(passes)
        if count == 0:
            continue
        n = COMBINED_PEOPLE
        total = count ** n
        reason = (f"each route passes through the questions asked once per {section.about} "
                  f"for one {section.about} ({count} different passes); a decision about "
                  f"{n} {'people' if section.about == 'person' else 'recipients'} combines "
                  f"{n} passes, {count}^{n} = {total:,} ways, which the table does not list "
                  f"(every one is made of passes it does list)")
        notes[each_id] = Omission(each_id, section.each.text, count, total, reason)
    return notes


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
                         o.decision or f"continue: {o.start_tree}",
                         " ".join(o.legal_basis) + _items_text(o, " | "),
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


def _items_text(outcome: Outcome, sep: str) -> str:
    """Each person's (or recipient's) result on the route, after the whole decision's."""
    parts = []
    for item in (*outcome.people, *outcome.recipients):
        ids = ", ".join(item.grounds.ids()) or "no grounds"
        parts.append(f"{sep}this {item.about.about}: {item.decision}, {ids}")
    return "".join(parts)


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
        basis = (", ".join(o.legal_basis) or "—") + cell(_items_text(o, "<br>"))
        lines.append(f"| {number} | {answers} | `{o.node_id}` | {decision} | "
                     f"{basis} | {', '.join(o.consult) or '—'} |")
    return "\n".join(lines) + "\n"
