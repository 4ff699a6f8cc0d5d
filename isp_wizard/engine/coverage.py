"""What the scenarios cover: for each tree, the nodes, answers and outcomes some scenario reaches,
and the ones none reaches; and the routes to a chosen outcome, in words.

A scenario "reaches" a node when the node lies on the route its answers make (a scenario that
fails still counts for what it reached: ``rules test`` reports the failure), an answer when it is
among the answers picked at a choice question on that route, and an outcome when the route ends
there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from isp_wizard.engine.routes import Route, route_table
from isp_wizard.engine.walk import walk
from isp_wizard.errors import ScenarioError
from isp_wizard.rulepack.models import Partner, Scenario
from isp_wizard.rulepack.pack import LoadedTree, RulePack

KINDS = ("nodes", "answers", "outcomes")
"""What coverage is counted over, in the order it is shown."""


@dataclass(frozen=True)
class Part:
    """One kind of thing counted (nodes, answers or outcomes): all of them, and those reached."""

    all: tuple[str, ...]
    reached: frozenset[str]

    @property
    def unreached(self) -> tuple[str, ...]:
        return tuple(x for x in self.all if x not in self.reached)

    @property
    def count(self) -> int:
        return sum(x in self.reached for x in self.all)

    @property
    def percent(self) -> float:
        """Share reached; a tree with none of this kind is fully covered."""
        return 100.0 if not self.all else 100.0 * self.count / len(self.all)


@dataclass(frozen=True)
class TreeCoverage:
    tree: str
    title: str
    scenarios: int
    nodes: Part
    answers: Part
    outcomes: Part
    failed: tuple[str, ...] = field(default=())
    """Scenarios whose answers could not be walked (they reach nothing)."""

    def part(self, kind: str) -> Part:
        return {"nodes": self.nodes, "answers": self.answers, "outcomes": self.outcomes}[kind]

    def lowest(self, kinds: Iterable[str] = KINDS) -> float:
        return min(self.part(k).percent for k in kinds)

    def to_json(self) -> dict[str, object]:
        return {"tree": self.tree, "title": self.title, "scenarios": self.scenarios,
                "failed": list(self.failed),
                **{k: {"total": len(self.part(k).all), "reached": self.part(k).count,
                       "percent": round(self.part(k).percent, 1),
                       "unreached": list(self.part(k).unreached)} for k in KINDS}}


def answer_key(node_id: str, value: str) -> str:
    """How an answer is named in coverage: ``node = value``."""
    return f"{node_id} = {value}"


def tree_coverage(tree: LoadedTree, scenarios: Sequence[Scenario],
                  partners: Mapping[str, Partner]) -> TreeCoverage:
    """What ``scenarios`` reach of ``tree``."""
    nodes = tree.compiled
    all_answers = [answer_key(n.id, a.value) for n in nodes.values() for a in n.answers]
    all_outcomes = [n.id for n in nodes.values() if n.is_outcome]
    reached_nodes: set[str] = set()
    reached_answers: set[str] = set()
    reached_outcomes: set[str] = set()
    failed: list[str] = []
    for scenario in scenarios:
        try:
            session = walk(tree, scenario.answers, partners)
        except ScenarioError:
            failed.append(scenario.name)
            continue
        reached_nodes.update(session.node_id_of(k) for k in session.path)
        reached_nodes.update(session.reached_ends)
        reached_outcomes.add(session.node_id_of(session.path[-1]))
        for key in session.path[:-1]:
            node_id = session.node_id_of(key)
            for answer in nodes[node_id].chosen(session.answers.get(key)):
                reached_answers.add(answer_key(node_id, answer.value))
    return TreeCoverage(
        tree=tree.id, title=tree.tree.title, scenarios=len(scenarios),
        nodes=Part(tuple(nodes), frozenset(reached_nodes)),
        answers=Part(tuple(all_answers), frozenset(reached_answers)),
        outcomes=Part(tuple(all_outcomes), frozenset(reached_outcomes)),
        failed=tuple(failed))


def pack_coverage(pack: RulePack, tree_ids: Iterable[str] | None = None) -> list[TreeCoverage]:
    """Coverage of each loaded tree (or of ``tree_ids``), in id order."""
    wanted = sorted(pack.trees) if tree_ids is None else list(tree_ids)
    return [tree_coverage(pack.tree(t), pack.scenarios_for(t), pack.partners) for t in wanted]


def coverage_text(found: Sequence[TreeCoverage], *, unreached: bool = True) -> str:
    """The coverage report as plain text: a line per tree, then what no scenario reaches."""
    lines = []
    for cov in found:
        figures = ", ".join(f"{k} {cov.part(k).count}/{len(cov.part(k).all)} "
                            f"({cov.part(k).percent:.0f} %)" for k in KINDS)
        lines.append(f"{cov.tree}: {cov.scenarios} scenarios; {figures}")
        if cov.failed:
            lines.append(f"  scenarios that could not be walked: {', '.join(cov.failed)}")
        if unreached:
            for kind in KINDS:
                missing = cov.part(kind).unreached
                if missing:
                    lines.append(f"  {kind} no scenario reaches: {', '.join(missing)}")
    return "\n".join(lines) + "\n"


# --- how an outcome is reached -----------------------------------------------------------------


def routes_to(tree: LoadedTree, outcome_id: str, partners: Mapping[str, Partner]) -> list[Route]:
    """Every route of the decision table that ends at ``outcome_id``."""
    if outcome_id not in tree.compiled or not tree.compiled[outcome_id].is_outcome:
        raise ScenarioError(f"tree {tree.id!r} has no outcome {outcome_id!r}")
    return [r for r in route_table(tree, partners).routes if r.outcome.node_id == outcome_id]


def route_in_words(route: Route) -> str:
    """A route as a sentence a reviewer reads: each question, then the answer given."""
    if not route.steps:
        return "Straight away, without a question."
    parts = [f"“{' '.join(s.text.split())}” — {s.label}" for s in route.steps]
    return "; then ".join(parts) + "."


def how_reached_text(tree: LoadedTree, outcome_id: str,
                     partners: Mapping[str, Partner]) -> str:
    """“How is this outcome reached?” in words: each route to it, numbered."""
    found = routes_to(tree, outcome_id, partners)
    node = tree.compiled[outcome_id]
    head = f"How is “{' '.join(node.text.split())}” ({outcome_id}) reached?"
    if not found:
        return f"{head}\nNo route reaches it: no answers lead here.\n"
    lines = [head, f"{len(found)} route{'s' if len(found) != 1 else ''}:"]
    lines += [f"{i}. {route_in_words(r)}" for i, r in enumerate(found, start=1)]
    return "\n".join(lines) + "\n"


# --- filling the gaps --------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """A scenario that would reach what none reaches yet, from a route of the decision table."""

    covers: str
    scenario: Scenario


def suggest_scenarios(tree: LoadedTree, coverage: TreeCoverage,
                      partners: Mapping[str, Partner]) -> tuple[list[Suggested], list[str]]:
    """One scenario per route needed to reach every unreached answer, outcome and node, and
    what no route of the decision table reaches (those need a change to the tree, not a test).

    Each scenario's case says it was made from the route; its notes ask for a realistic case.
    """
    nodes = tree.compiled
    table = route_table(tree, partners).routes
    wanted = [*coverage.answers.unreached, *coverage.outcomes.unreached,
              *coverage.nodes.unreached]
    done: set[str] = set()
    found: list[Suggested] = []
    left: list[str] = []

    def reached_by(route: Route) -> set[str]:
        answers = dict(route.answers)
        got = {route.outcome.node_id, *answers}
        for node_id, value in answers.items():
            got.update(answer_key(node_id, a.value) for a in nodes[node_id].chosen(value))
        return got

    reach = [(route, reached_by(route)) for route in table]
    for target in wanted:
        if target in done:
            continue
        route = next((r for r, got in reach if target in got), None)
        if route is None:
            left.append(target)
            continue
        done |= reached_by(route)
        step = next((s for s in route.steps if target.startswith(f"{s.node} = ")), None)
        said = (f"at “{' '.join(step.text.split())}” the answer is “{step.label}”"
                if step is not None else f"the route reaches {target}")
        scenario = Scenario(
            name=f"route test: {target}", expected=route.outcome.node_id,
            case=f"A route test made from the decision table: {said}.",
            answers={k: v for k, v in route.answers},
            expected_decision=route.outcome.decision,
            notes="Made by 'isp-wizard rules coverage --add-scenarios' so that every answer is "
                  "tested; replace the case with a realistic one.")
        found.append(Suggested(target, scenario))
    return found, left
