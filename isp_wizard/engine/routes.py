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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from isp_wizard.engine.tabulate import (
    PassRoute,
    Route,
    RouteStep,
    SectionTable,
    Tabulator,
    item_json,
)
from isp_wizard.rulepack.models import (
    Partner,
)
from isp_wizard.rulepack.nodes import Omission
from isp_wizard.rulepack.pack import LoadedTree

MAX_ROUTES = 20_000


@dataclass(frozen=True)
class RouteTable:
    """The routes, and what the table leaves out (at which question, how many, why); for a
    tree with repeated sections, each section's routes for one person or recipient."""

    routes: list[Route]
    omitted: tuple[Omission, ...] = ()
    sections: tuple[SectionTable, ...] = ()


def routes(tree: LoadedTree, partners: Mapping[str, Partner]) -> list[Route]:
    """Every route the decision table lists (see ``route_table`` for what it leaves out)."""
    return route_table(tree, partners).routes


def route_table(tree: LoadedTree, partners: Mapping[str, Partner]) -> RouteTable:
    """Every route, depth first, in the order the tree lists its answers, and what is left out;
    each repeated section's routes apart, for one person or recipient at a time."""
    tab = Tabulator(tree, partners, MAX_ROUTES)
    found = tab.routes()
    tab.combinations()
    return RouteTable(found, tuple(tab.omitted.values()), tuple(tab.sections()))


# --- rendering the table -----------------------------------------------------------------------


def render_table(tree: LoadedTree, table: RouteTable, fmt: str) -> str:
    """The decision table as ``fmt`` ("md", "csv" or "json"): what ``rules table`` writes."""
    render = {"md": table_markdown, "csv": table_csv, "json": table_json}[fmt]
    return render(tree, table.routes, table.omitted, table.sections)


def table_json(tree: LoadedTree, found: list[Route], omitted: Sequence[Omission] = (),
               sections: Sequence[SectionTable] = ()) -> str:
    data: dict[str, object] = {
        "tree": tree.id, "title": tree.tree.title, "version": tree.tree.version,
        "sha256": tree.sha256, "routes": [r.to_json() for r in found],
        "omitted": [{"node": o.node_id, "listed": o.listed, "total": o.total,
                     "left_out": o.left_out, "reason": o.reason} for o in omitted]}
    if sections:
        data["sections"] = [
            {"each": t.each, "text": t.text, "about": t.about,
             "routes": [{"steps": [{"node": s.node, "text": s.text, "value": s.value,
                                    "label": s.label} for s in p.steps],
                         "result": item_json(p.item)} for p in t.passes]}
            for t in sections]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _answers_text(steps: Sequence[RouteStep]) -> str:
    return "; ".join(f"{s.node} = {s.label}" for s in steps)


def table_csv(tree: LoadedTree, found: list[Route], omitted: Sequence[Omission] = (),
              sections: Sequence[SectionTable] = ()) -> str:
    """One row per route (a section's routes numbered "SECTION:N", one person or recipient
    each). What is left out is not in the CSV: ``rules table`` says it on standard error, and
    the Markdown and JSON tables carry it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["route", "answers", "outcome", "decision", "legal_basis", "conditions",
                     "consult"])
    for number, route in enumerate(found, start=1):
        o = route.outcome
        writer.writerow([number, _answers_text(route.steps), o.node_id,
                         o.decision or f"continue: {o.start_tree}", " ".join(o.legal_basis),
                         " | ".join(o.conditions), " ".join(o.consult)])
    for table in sections:
        for number, found_pass in enumerate(table.passes, start=1):
            item = found_pass.item
            writer.writerow([f"{table.each}:{number}", _answers_text(found_pass.steps),
                             item.end, item.decision, " ".join(item.grounds.ids()),
                             " | ".join(item.conditions), " ".join(item.consult)])
    return out.getvalue()


WHAT_IS_LISTED = (
    "Every route through the tree, the answers that make it, and the outcome it reaches: each "
    "answer of a one-choice question; each combination of a several-choice question's answers; "
    "partner organisations grouped by what the tree's conditions test of them; and for a typed "
    "answer (text or a date), one placeholder and each value a condition compares it with.")
SECTIONS_LISTED = (
    "Questions asked once per person (or per recipient) are listed in a table of their own, "
    "one person at a time: each row is that person's route and the result for their "
    "information — the grounds include those the answers before the section established. The "
    "routes above pass each such section with one of its rows.")


def omission_lines(omitted: Sequence[Omission]) -> list[str]:
    """What the table leaves out, one sentence per question."""
    return [f"Not every combination is tried at `{o.node_id}` (“{' '.join(o.text.split())}”): "
            f"{o.reason}. {o.left_out:,} combinations, and the routes they would make, are left "
            "out." for o in omitted]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(tree: LoadedTree, found: list[Route], omitted: Sequence[Omission] = (),
                   sections: Sequence[SectionTable] = ()) -> str:
    t = tree.tree
    lines = [
        f"# Decision table: {t.title}",
        "",
        f"Tree `{t.id}` version {t.version}, effective {t.effective.isoformat()}. "
        f"SHA-256 of the rule file: `{tree.sha256 or 'n/a'}`.",
        "",
        WHAT_IS_LISTED + (" " + SECTIONS_LISTED if sections else "")
        + " Generated by `isp-wizard rules table`; do not edit by hand.",
        "",
        *(line for text in omission_lines(omitted) for line in (f"**{text}**", "")),
        "| # | Answers | Outcome | Decision | Legal basis | Consult |",
        "|---|---|---|---|---|---|",
    ]
    for number, route in enumerate(found, start=1):
        o = route.outcome
        answers = "<br>".join(_cell(f"{s.text} → **{s.label}**") for s in route.steps)
        decision = o.decision or f"continue with `{o.start_tree}`"
        lines.append(f"| {number} | {answers} | `{o.node_id}` | {decision} | "
                     f"{', '.join(o.legal_basis) or '—'} | {', '.join(o.consult) or '—'} |")
    for table in sections:
        lines += _section_markdown(table)
    return "\n".join(lines) + "\n"


def _section_markdown(table: SectionTable) -> list[str]:
    whom = table.about
    lines = ["", f"## {table.text}: one {whom} at a time", "",
             f"| # | Answers for one {whom} | End | Decision for this {whom} | Grounds | "
             "Conditions |",
             "|---|---|---|---|---|---|"]
    for number, found in enumerate(table.passes, start=1):
        item = found.item
        answers = "<br>".join(_cell(f"{s.text} → **{s.label}**") for s in found.steps)
        grounds = ", ".join(item.grounds.ids()) or "—"
        if item.grounds.data:
            grounds += " (data: " + ", ".join(item.grounds.data) + ")"
        lines.append(f"| {number} | {answers} | `{item.end}` | {item.decision} | "
                     f"{_cell(grounds)} | {_cell('; '.join(item.conditions)) or '—'} |")
    return lines


__all__ = ["MAX_ROUTES", "PassRoute", "Route", "RouteStep", "RouteTable", "SectionTable",
           "omission_lines", "render_table", "route_table", "routes", "table_csv", "table_json",
           "table_markdown"]
