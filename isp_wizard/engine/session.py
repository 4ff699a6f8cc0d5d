"""A walk through one tree: the answers given, the route they make, and where it ends.

The route is never stored: it is derived from the start node and the answers, so going back
keeps later answers (they still lie on the route), and changing an answer drops exactly the
answers that no longer do.

A walk that reaches an outcome with ``start_tree`` is handed off (``hand_off``): the new walk
keeps the earlier ones (``earlier``, in order) for the record, and starts with the answers the
hand-off ``carries`` (``carried``), which are not asked again. Back from its first question
returns into the earlier walk (``resume_earlier``), which keeps the later one (``later``) so that
continuing again keeps its answers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from isp_wizard.errors import DraftError, InvalidAnswerError, NotReachedError, SessionError
from isp_wizard.rulepack.graph import reachable, successors
from isp_wizard.rulepack.models import AnswerValue, Decision, Grounds, Node, Partner
from isp_wizard.rulepack.models import OutcomeNode as OutcomeSpec
from isp_wizard.rulepack.nodes import AnyNode, compile_node
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.vocabulary import SHARING_DECISIONS

SESSION_FORMAT = 1
HANDED_OFF_FORMAT = 2
"""A saved session that holds earlier walks (or a later one): an older version refuses it rather
than resume only part of it."""


@dataclass(frozen=True)
class Outcome:
    """The decision a route reached, with what the answers on the way added to it."""

    node_id: str
    text: str
    decision: Decision | None
    grounds: Grounds
    conditions: tuple[str, ...]
    consult: tuple[str, ...]
    refs: tuple[str, ...]
    start_tree: str | None
    emergency: bool
    help: str = ""

    @property
    def legal_basis(self) -> tuple[str, ...]:
        """Every reference the grounds cite, role by role (for tables and diffs)."""
        return tuple(self.grounds.ids())


@dataclass(frozen=True)
class Carried:
    """Where a carried answer was given: the earlier walk's tree and its node."""

    tree: str
    node_id: str

    def __str__(self) -> str:
        return f"{self.tree}:{self.node_id}"


@dataclass(frozen=True)
class Step:
    """One question on the route and the answer given: a line of the record's trail."""

    node_id: str
    kind: str
    text: str
    value: AnswerValue
    labels: tuple[str, ...]
    refs: tuple[str, ...]
    consult: tuple[str, ...]
    why: str = ""
    help: str = ""
    carried: Carried | None = None
    """Set when the answer was carried from an earlier walk (the question was not asked)."""


@dataclass
class Session:
    tree: LoadedTree
    partners: Mapping[str, Partner] = field(default_factory=dict)
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    position: int = 0
    notes: list[str] = field(default_factory=list)
    earlier: list[Session] = field(default_factory=list)
    """The walks this one continues, first to last; each ended by handing off to the next."""
    carried: dict[str, Carried] = field(default_factory=dict)
    """Answers (in ``answers``) carried from the walk before: node id → where it was given."""

    def __post_init__(self) -> None:
        self._route: list[str] | None = None
        self.later: Session | None = None
        """The walk this one handed off to, kept after Back returned here from it."""

    # --- where we are ------------------------------------------------------------------------

    @property
    def path(self) -> list[str]:
        """The route so far: answered nodes, then the first unanswered node or the outcome."""
        if self._route is None:
            self._route = self._derive_route(self.answers)
        return self._route

    def _derive_route(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        """The route the answers make. Conditions see only the answers on the route so far:
        an answer kept from an abandoned route must not steer the new one."""
        nodes = self.tree.compiled
        route: list[str] = []
        on_route: dict[str, AnswerValue] = {}
        node_id: str | None = self.tree.tree.start
        while node_id is not None and node_id in nodes and node_id not in on_route:
            route.append(node_id)
            if node_id not in answers:
                break
            on_route[node_id] = answers[node_id]
            node_id = nodes[node_id].next_id(on_route, self.partners)
        return route

    @property
    def current(self) -> Node:
        return self.tree.node(self.path[self.position])

    @property
    def current_node(self) -> AnyNode:
        """The current node's object (``current`` is its definition, as the file has it)."""
        return self.tree.compiled[self.path[self.position]]

    @property
    def is_complete(self) -> bool:
        return self.tree.compiled[self.path[-1]].is_outcome

    @property
    def can_back(self) -> bool:
        """Whether there is a question of this walk before the current one (carried answers
        were not asked here, so Back passes them)."""
        return any(n not in self.carried for n in self.path[:self.position])

    @property
    def can_back_into_earlier(self) -> bool:
        """At the first question of a walk that continues an earlier one: Back returns there."""
        return not self.can_back and bool(self.earlier)

    @property
    def walks(self) -> list[Session]:
        """Every walk of this decision, first to last (this one last)."""
        return [*self.earlier, self]

    @property
    def can_forward(self) -> bool:
        return self.position < len(self.path) - 1

    def answer_of(self, node_id: str) -> AnswerValue | None:
        return self.answers.get(node_id)

    # --- moving ------------------------------------------------------------------------------

    def answer(self, value: AnswerValue | None = None) -> list[str]:
        """Answer the current node and move on; returns the ids of answers that were dropped."""
        node = self.current
        if node.id in self.carried:
            raise SessionError(self._carried_message(node.id))
        dropped = self._apply(node, value)
        self.position = min(self.position + 1, len(self.path) - 1)
        self._settle()
        return dropped

    def _settle(self) -> None:
        """Move past answers carried from the earlier walk: they are not asked again."""
        while self.position < len(self.path) - 1 and self.path[self.position] in self.carried:
            self.position += 1

    def _carried_message(self, node_id: str) -> str:
        source = self.carried[node_id]
        title = next((s.tree.tree.title for s in self.earlier if s.tree.id == source.tree),
                     source.tree)
        return (f"{node_id!r} was answered in “{title}” and carried over; change it there "
                "(Back from the first question of this part)")

    def preview_change(self, node_id: str, value: AnswerValue | None) -> list[str]:
        """The answers that changing ``node_id`` to ``value`` would drop, without changing it."""
        node = self._on_route(node_id)
        trial = dict(self.answers)
        trial[node.id] = self._checked(node, value)
        return self._stale(trial)

    def _stale(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        """Answers that no route from here can use again: neither on the route the answers
        make, nor at a question still ahead of it (a changed answer may add a question before
        the routes join again; the answers after the join are kept for when they are reached)."""
        route = self._derive_route(answers)
        ahead = reachable(route[-1], self._graph) if route else set()
        keep = set(route) | ahead | set(self.carried)
        return [n for n in answers if n not in keep]

    @cached_property
    def _graph(self) -> dict[str, list[str]]:
        return successors(self.tree.compiled.values())

    def back(self) -> None:
        if not self.can_back:
            raise SessionError("already at the first question")
        self.position -= 1
        while self.path[self.position] in self.carried:
            self.position -= 1

    def forward(self) -> None:
        if not self.can_forward:
            raise SessionError("answer this question first")
        self.position += 1
        self._settle()

    def goto(self, node_id: str) -> None:
        """Return to a node on the route, e.g. to change its answer from the review page."""
        self._on_route(node_id)
        if node_id in self.carried:
            raise SessionError(self._carried_message(node_id))
        self.position = self.path.index(node_id)

    # --- hand-offs ---------------------------------------------------------------------------

    @property
    def hands_off_to(self) -> str | None:
        """The tree this walk's outcome continues with, if it has reached one that does."""
        if not self.is_complete:
            return None
        node = self.tree.compiled[self.path[-1]].outcome
        return node.start_tree if node is not None else None

    def hand_off(self, target: LoadedTree) -> Session:
        """The walk that continues this one in ``target``: it keeps this walk (and those before
        it) and starts with the answers the outcome carries. A later walk kept from an earlier
        Back keeps its own answers where they still fit."""
        kept = self.later if self.later is not None and self.later.tree.id == target.id \
            else None
        session = self._continue(target)
        if kept is not None:
            own = {n: v for n, v in kept.answers.items() if n not in kept.carried}
            session._restore(own, lenient=True)
            session.notes.clear()
            session.position = 0
            session._settle()
        self.later = None
        return session

    def _continue(self, target: LoadedTree) -> Session:
        """A new walk in ``target`` after this one, with the carried answers and nothing else."""
        if self.hands_off_to != target.id:
            raise SessionError(f"this walk does not continue with {target.id!r}")
        outcome = self.tree.compiled[self.path[-1]].outcome
        assert outcome is not None
        session = Session(target, self.partners, earlier=[*self.earlier, self])
        for carry in outcome.carries:
            value = self.answers.get(carry.from_)
            if carry.values is not None:
                value = carry.values.get(value) if isinstance(value, str) else None
            node = target.compiled.get(carry.to)
            if value is None or node is None:
                continue
            try:
                session.answers[carry.to] = node.check(value, self.partners)
            except InvalidAnswerError:
                continue  # lint says so; the question is asked instead
            session.carried[carry.to] = Carried(self.tree.id, carry.from_)
        session._route = None
        session._settle()
        return session

    def resume_earlier(self) -> Session:
        """Back from the first question of this walk: the walk it continues, at its outcome,
        keeping this one for when the practitioner continues again."""
        if not self.earlier:
            raise SessionError("this walk does not continue an earlier one")
        previous = self.earlier[-1]
        previous.later = self
        previous.position = len(previous.path) - 1
        return previous

    def change(self, node_id: str, value: AnswerValue | None) -> list[str]:
        self.goto(node_id)
        return self.answer(value)

    def next_steps(self) -> list[str]:
        """The nodes that could follow the current one, whatever the answer."""
        return list(dict.fromkeys(e.target for e in self.current_node.edges()))

    def _on_route(self, node_id: str) -> Node:
        if node_id not in self.path:
            raise NotReachedError(f"{node_id!r} is not on the current route")
        return self.tree.node(node_id)

    def _apply(self, node: Node, value: AnswerValue | None) -> list[str]:
        checked = self._checked(node, value)
        before = self.answers.get(node.id)
        self.answers[node.id] = checked
        self._route = None
        if before == checked:
            return []
        dropped = self._stale(self.answers)
        for node_id in dropped:
            del self.answers[node_id]
        self._route = None
        return dropped

    def _checked(self, node: Node, value: AnswerValue | None) -> AnswerValue:
        return self.tree.compiled[node.id].check(value, self.partners)

    # --- the result --------------------------------------------------------------------------

    def outcome(self) -> Outcome | None:
        if not self.is_complete:
            return None
        node = self.tree.compiled[self.path[-1]].outcome
        assert node is not None
        grounds, conditions, consult = [node.grounds], list(node.conditions), list(node.consult)
        for node_id in self.path[:-1]:
            for answer in self.tree.compiled[node_id].chosen(self.answers.get(node_id)):
                grounds.append(answer.grounds)
                conditions += answer.conditions
                consult += answer.consult
        if not self.establishes_grounds(node):
            grounds = []  # a refusal or a referral rests on no grounds (its refs say why)
        return Outcome(
            node_id=node.id, text=node.text, decision=node.decision,
            grounds=Grounds.merged(grounds), conditions=tuple(dict.fromkeys(conditions)),
            consult=tuple(dict.fromkeys(consult)), refs=tuple(node.refs),
            start_tree=node.start_tree, emergency=node.emergency, help=node.help,
        )

    def establishes_grounds(self, node: OutcomeSpec) -> bool:
        """Whether reaching ``node`` rests on legal grounds: a share, or any breach outcome (its
        grounds are the duties it engages)."""
        return node.decision in SHARING_DECISIONS or self.tree.tree.record_kind == "breach"

    def explain(self) -> list[Step]:
        """The trail: each question on the route, the answer, and what it drew on."""
        steps = []
        for node_id in self.path:
            node = self.tree.node(node_id)
            compiled = self.tree.compiled[node_id]
            if node_id not in self.answers or compiled.is_outcome:
                continue  # guidance pages the practitioner passed are kept: they said "do this"
            value = self.answers[node_id]
            chosen = compiled.chosen(value)
            refs = list(node.refs) + [r for a in chosen for r in a.grounds.ids()]
            consult = list(node.consult) + [c for a in chosen for c in a.consult]
            steps.append(Step(
                node_id=node_id, kind=node.kind, text=node.text, value=value,
                labels=tuple(self.labels(node, value)), refs=tuple(dict.fromkeys(refs)),
                consult=tuple(dict.fromkeys(consult)), why=node.why, help=node.help,
                carried=self.carried.get(node_id),
            ))
        return steps

    def asked(self) -> list[Step]:
        """The trail without the carried answers: the questions this walk itself asked."""
        return [step for step in self.explain() if step.carried is None]

    def labels(self, node: Node, value: AnswerValue) -> list[str]:
        """An answer to ``node`` in words."""
        compiled = self.tree.compiled[node.id]
        if not compiled.takes_answer:
            return ["Shown to the practitioner, who continued"]
        return compiled.labels(value, self.partners)

    # --- saving and restoring ----------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data = self._walk_json()
        if self.earlier:
            data["earlier"] = [s._walk_json() for s in self.earlier]
        if self.later is not None:
            data["later"] = self.later._walk_json()
        if self.earlier or self.later is not None:
            data["format"] = HANDED_OFF_FORMAT
        return data

    def _walk_json(self) -> dict[str, Any]:
        """This walk alone: its tree, its own answers (carried ones are derived) and where it is."""
        return {
            "format": SESSION_FORMAT,
            "tree": {"id": self.tree.id, "version": self.tree.tree.version,
                     "sha256": self.tree.sha256},
            "answers": {n: v for n, v in self.answers.items() if n not in self.carried},
            "position": self.position,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], tree: LoadedTree,
                  partners: Mapping[str, Partner] | None = None,
                  *, lenient: bool = False,
                  trees: Mapping[str, LoadedTree] | None = None) -> Session:
        """Rebuild a session. ``lenient`` keeps the answers that still fit a changed tree and
        notes the first that does not (in ``session.notes``) instead of raising. A handed-off
        session needs ``trees`` (the pack's) to rebuild its earlier walks."""
        partners = partners or {}
        try:
            if data.get("format") not in (SESSION_FORMAT, HANDED_OFF_FORMAT):
                raise DraftError(f"unknown session format {data.get('format')!r}")
            earlier = list(data.get("earlier") or [])
            later = data.get("later")
            if not all(isinstance(w, Mapping) for w in earlier) \
                    or not isinstance(later, Mapping | None):
                raise DraftError("not a saved session: its earlier walks are not walks")
            walks = [*earlier, data]
            tree_ids = [w["tree"]["id"] for w in walks]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DraftError(f"not a saved session: {exc}") from exc
        if tree_ids[-1] != tree.id:
            raise DraftError(f"the session is for tree {tree_ids[-1]!r}, not {tree.id!r}")
        if len(walks) > 1 and trees is None:
            raise DraftError("this session continues earlier walks; their rules are needed")
        found = dict(trees or {})
        found[tree.id] = tree
        session: Session | None = None
        for walk, tree_id in zip(walks, tree_ids, strict=True):
            loaded = found.get(tree_id)
            if session is not None and (loaded is None or session.hands_off_to != tree_id):
                if not lenient:
                    raise DraftError(f"the walk in {session.tree.id!r} no longer continues with "
                                     f"{tree_id!r}; the rules have changed")
                session.notes.append(  # resumed where the walks part: nothing is invented
                    f"Under the current rules your answers in “{session.tree.tree.title}” no "
                    "longer lead on to the tree you continued with; please check them here.")
                session.position = min(session.position, len(session.path) - 1)
                return session
            if loaded is None:
                raise DraftError(f"the session's earlier walk in {tree_id!r} cannot be "
                                 "resumed: that tree is not in the rules")
            session = cls(loaded, partners) if session is None else session._continue(loaded)
            session._load_walk(walk, lenient=lenient)
        assert session is not None
        if later is not None and trees is not None:
            target = trees.get(str(later.get("tree", {}).get("id", "")))
            if target is not None and session.hands_off_to == target.id:
                kept = session._continue(target)
                with contextlib.suppress(DraftError):
                    kept._load_walk(later, lenient=True)
                    kept.notes.clear()
                    session.later = kept
        return session

    def _load_walk(self, data: Mapping[str, Any], *, lenient: bool) -> None:
        """This walk's saved answers and position, checked against its tree."""
        try:
            answers = dict(data["answers"])
            position = int(data["position"])
            saved_sha = data["tree"].get("sha256")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DraftError(f"not a saved session: {exc}") from exc
        if saved_sha != self.tree.sha256 and self.tree.sha256:
            self.notes.append(f"The rules for '{self.tree.tree.title}' have changed since this "
                              "was saved; the answers were checked against the new version.")
        misfit = self._restore(answers, lenient=lenient)
        last = len(self.path) - 1
        self.position = last if misfit else max(0, min(position, last))
        if self.position < last and self.path[self.position] in self.carried:
            self._settle()

    def _restore(self, answers: Mapping[str, AnswerValue], *, lenient: bool) -> bool:
        """Give ``answers`` again along the route; True if one no longer fits (``lenient``)."""
        misfit = False
        self.position = len(self.path) - 1
        while True:
            node = self.current_node
            if node.is_outcome or node.id not in answers or node.id in self.carried:
                break
            try:
                self._apply(node.spec, answers[node.id])
            except InvalidAnswerError as exc:
                if not lenient:
                    raise DraftError(f"the saved answer to {node.id!r} does not fit: {exc}") \
                        from exc
                self.notes.append(f"Your earlier answer to “{node.text}” no longer fits the "
                                  f"rules ({exc}); please answer it again.")
                misfit = True
                break
            self.position = len(self.path) - 1
        ahead = reachable(self.path[-1], self._graph)
        for node_id, value in answers.items():  # answers kept for questions still ahead
            if node_id not in self.answers and node_id in ahead:
                with contextlib.suppress(InvalidAnswerError):
                    self.answers[node_id] = self.tree.compiled[node_id].check(value,
                                                                              self.partners)
        lost = [n for n in answers if n not in self.answers]
        if lost and not lenient:
            raise DraftError("saved answers are not on the route: " + ", ".join(lost))
        return misfit


def check_answer(node: Node, value: AnswerValue | None,
                 partners: Mapping[str, Partner]) -> AnswerValue:
    """``value`` made canonical for ``node``, or InvalidAnswerError saying what is wrong."""
    return compile_node(node).check(value, partners)
