"""What changed between two versions of the rules, route by route: what a legal reviewer checks.

Every route of each version's decision table is walked through the other version with the same
answers. A route that reaches a different outcome (another outcome node, decision, legal basis
or conditions) is a change to review. Also here: where a trainee's walk left the expected route.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from isp_wizard.engine.routes import PassRoute, Route, route_table
from isp_wizard.engine.session import ItemOutcome, Outcome, Session
from isp_wizard.engine.walk import walk
from isp_wizard.errors import RulesError, ScenarioError
from isp_wizard.rulepack.models import AnswerValue, Partner
from isp_wizard.rulepack.pack import LoadedTree, RulePack
from isp_wizard.vocabulary import GROUND_ROLES


@dataclass(frozen=True)
class RouteChange:
    """The same answers reach ``old`` before the edit and ``new`` after it."""

    answers: tuple[tuple[str, AnswerValue], ...]
    steps: tuple[str, ...]  # "question → answer" in words, from the version that has the route
    old: Outcome
    new: Outcome

    @property
    def what(self) -> list[str]:
        changed = []
        if self.old.node_id != self.new.node_id:
            changed.append(f"outcome {self.old.node_id} → {self.new.node_id}")
        if self.old.decision != self.new.decision:
            changed.append(f"decision {_decision(self.old)} → {_decision(self.new)}")
        for role in ("data", *GROUND_ROLES):
            old, new = getattr(self.old.grounds, role), getattr(self.new.grounds, role)
            if set(old) != set(new):
                changed.append(f"{role.replace('_', ' ')} {', '.join(old) or 'none'} → "
                               f"{', '.join(new) or 'none'}")
        if set(self.old.conditions) != set(self.new.conditions):
            changed.append("conditions changed")
        old_items = {(i.about.section, i.about.item): i
                     for i in (*self.old.people, *self.old.recipients)}
        new_items = {(i.about.section, i.about.item): i
                     for i in (*self.new.people, *self.new.recipients)}
        for key in dict.fromkeys([*old_items, *new_items]):
            before, after = old_items.get(key), new_items.get(key)
            whose = f"{key[0]} for {key[1]}"
            if before is None or after is None:
                changed.append(f"{whose}: {'no longer asked' if after is None else 'new'}")
            elif before.decision != after.decision or before.end != after.end:
                changed.append(f"{whose}: {before.end} ({before.decision}) → {after.end} "
                               f"({after.decision})")
            elif set(before.grounds.ids()) != set(after.grounds.ids()) \
                    or set(before.grounds.data) != set(after.grounds.data):
                changed.append(f"{whose}: grounds {', '.join(before.grounds.ids()) or 'none'} "
                               f"→ {', '.join(after.grounds.ids()) or 'none'}")
            elif set(before.conditions) != set(after.conditions):
                changed.append(f"{whose}: conditions changed")
        return changed


@dataclass
class TreeDiff:
    tree_id: str
    old_version: str | None
    new_version: str | None
    old_sha256: str = ""
    new_sha256: str = ""
    changes: list[RouteChange] = field(default_factory=list)
    gone: list[Route] = field(default_factory=list)  # old routes the new version does not ask
    added: list[Route] = field(default_factory=list)  # new routes the old version did not ask
    note: str = ""
    broken: str = ""  # the rules folder ("old" or "new") in which this tree does not load

    @property
    def routes_changed(self) -> bool:
        return bool(self.changes or self.gone or self.added or self.note or self.broken)

    @property
    def status(self) -> str:
        if self.broken:
            return f"does not load in the {self.broken} rules: not compared"
        if self.old_version is None:
            return "added"
        if self.new_version is None:
            return "removed"
        if self.old_sha256 == self.new_sha256:
            return "unchanged"
        if self.old_version == self.new_version:
            return "edited without a new version"
        return "new version"


@dataclass
class PackDiff:
    trees: list[TreeDiff]

    @property
    def outcomes_changed(self) -> bool:
        """Some answers now lead somewhere else: a route's outcome changed, or the questions."""
        return any(t.routes_changed for t in self.trees)


def diff_packs(old: RulePack, new: RulePack) -> PackDiff:
    result = []
    for tree_id in sorted(set(old.trees) | set(new.trees) | set(old.skipped) | set(new.skipped)):
        before, after = old.trees.get(tree_id), new.trees.get(tree_id)
        diff = TreeDiff(tree_id, before.tree.version if before else None,
                        after.tree.version if after else None,
                        before.sha256 if before else "", after.sha256 if after else "")
        if tree_id in new.skipped or tree_id in old.skipped:
            diff.broken = "new" if tree_id in new.skipped else "old"
            diff.note = (f"{(new if diff.broken == 'new' else old).skipped[tree_id]} has "
                         "errors: run 'isp-wizard rules validate' on that folder")
            result.append(diff)
            continue
        if before and after and before.sha256 != after.sha256:
            try:
                _compare(diff, before, old.partners, after, new.partners)
            except RulesError as exc:
                diff.note = str(exc)
        result.append(diff)
    return PackDiff(result)


def _compare(diff: TreeDiff, old: LoadedTree, old_partners: Mapping[str, Partner],
             new: LoadedTree, new_partners: Mapping[str, Partner]) -> None:
    seen: set[tuple[tuple[str, str], ...]] = set()
    old_table, new_table = route_table(old, old_partners), route_table(new, new_partners)
    for route, other, other_partners, old_first in (
            *((r, new, new_partners, True) for r in old_table.routes),
            *((r, old, old_partners, False) for r in new_table.routes)):
        key = tuple((k, repr(v)) for k, v in route.answers)
        if key in seen:
            continue
        seen.add(key)
        reached = _follow(other, dict(route.answers), other_partners)
        if reached is None:
            (diff.gone if old_first else diff.added).append(route)
            continue
        before, after = (route.outcome, reached) if old_first else (reached, route.outcome)
        change = RouteChange(route.answers, _steps(route), before, after)
        if change.what:
            diff.changes.append(change)
    for passed, other, other_partners, old_first in (
            *((p, new, new_partners, True) for t in old_table.sections for p in t.passes),
            *((p, old, old_partners, False) for t in new_table.sections for p in t.passes)):
        key = tuple((k, repr(v)) for k, v in passed.answers)
        if key in seen:
            continue
        seen.add(key)
        moved = _pass_change(passed, other, other_partners, old_first)
        if moved is not None and moved.what:
            diff.changes.append(moved)


def _pass_change(passed: PassRoute, other: LoadedTree, partners: Mapping[str, Partner],
                 old_first: bool) -> RouteChange | None:
    """One person's (or recipient's) route through a section, walked in the other version:
    a change when it ends elsewhere or with other grounds (reported per person)."""
    try:
        ends = Session(other, partners, dict(passed.answers)).item_outcomes()
    except RulesError:
        return None
    here = _as_outcome(passed.item)
    there = _as_outcome(ends[-1]) if ends else None
    if there is None:
        whom = passed.item.about
        there = Outcome(node_id="(not reached)", text="", decision=None,
                        grounds=passed.item.grounds.model_copy(update={
                            r: [] for r in ("data", *GROUND_ROLES)}),
                        conditions=(), consult=(), refs=(), start_tree=None, emergency=False)
        note = f"{whom.section} for one {whom.about}: this route is no longer asked"
        steps = (note, *(f"{s.text} → {s.label}" for s in passed.steps))
    else:
        steps = tuple(f"{s.text} → {s.label}" for s in passed.steps)
    before, after = (here, there) if old_first else (there, here)
    return RouteChange(passed.answers, steps, before, after)


def _as_outcome(item: ItemOutcome) -> Outcome:
    """A person's result as an outcome, so that a route change reads the same for both."""
    people = (item,) if item.about.about == "person" else ()
    return Outcome(node_id=item.end, text=item.text, decision=item.decision,
                   grounds=item.grounds, conditions=item.conditions, consult=item.consult,
                   refs=(), start_tree=None, emergency=False, people=people,
                   recipients=() if people else (item,))


def _follow(tree: LoadedTree, answers: dict[str, AnswerValue],
            partners: Mapping[str, Partner]) -> Outcome | None:
    try:
        session = walk(tree, answers, partners)
    except ScenarioError:
        return None
    if any(k not in session.answers for k in answers):
        return None  # the route no longer asks all of these questions: not the same route
    return session.outcome()


def _steps(route: Route) -> tuple[str, ...]:
    return tuple(f"{s.text} → {s.label}" for s in route.steps)


def _decision(outcome: Outcome) -> str:
    return outcome.decision or f"continue with {outcome.start_tree}"


def diff_text(diff: PackDiff) -> str:
    lines: list[str] = []
    for tree in diff.trees:
        versions = f"{tree.old_version or '—'} → {tree.new_version or '—'}"
        lines.append(f"{tree.tree_id}: {tree.status} ({versions})")
        if tree.note:
            lines.append(f"  {tree.note}")
        for number, change in enumerate(tree.changes, start=1):
            lines.append(f"  route {number}: {'; '.join(change.what)}")
            lines.extend(f"    {step}" for step in change.steps)
        for title, found in (("route no longer asked", tree.gone),
                             ("new route", tree.added)):
            for route in found:
                lines.append(f"  {title}, ending at {route.outcome.node_id} "
                             f"({_decision(route.outcome)}):")
                lines.extend(f"    {step}" for step in _steps(route))
    changed = sum(len(t.changes) for t in diff.trees)
    moved = sum(len(t.gone) + len(t.added) for t in diff.trees)
    lines.append(f"{changed} route(s) now reach a different outcome; "
                 f"{moved} route(s) no longer asked or new" if changed or moved
                 else "no route reaches a different outcome")
    broken = sum(bool(t.broken) for t in diff.trees)
    if broken:
        lines[-1] += f"; {broken} tree(s) could not be compared"
    return "\n".join(lines) + "\n"


# --- training: where a walk left the expected route -------------------------------------------


@dataclass(frozen=True)
class Divergence:
    """The question where two routes part: its id, and the answers each route gave there."""

    node_id: str
    given: AnswerValue | None
    expected: AnswerValue | None


def first_divergence(trainee: Session, expected: Session) -> Divergence | None:
    """The last question both routes share before they part, or None when they do not part."""
    ours, theirs = trainee.path, expected.path
    for index, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            if index == 0:
                return None
            node_id = ours[index - 1]
            return Divergence(node_id, trainee.answers.get(node_id),
                              expected.answers.get(node_id))
    if len(ours) != len(theirs) and min(len(ours), len(theirs)):
        node_id = ours[min(len(ours), len(theirs)) - 1]
        return Divergence(node_id, trainee.answers.get(node_id), expected.answers.get(node_id))
    return None
