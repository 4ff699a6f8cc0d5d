"""A walk through one tree: the answers given, the route they make, and where it ends.

The route is never stored: it is derived from the start node and the answers, so going back
keeps later answers (they still lie on the route), and changing an answer drops exactly the
answers that no longer do.
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


@dataclass
class Session:
    tree: LoadedTree
    partners: Mapping[str, Partner] = field(default_factory=dict)
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    position: int = 0
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._route: list[str] | None = None

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
        return self.position > 0

    @property
    def can_forward(self) -> bool:
        return self.position < len(self.path) - 1

    def answer_of(self, node_id: str) -> AnswerValue | None:
        return self.answers.get(node_id)

    # --- moving ------------------------------------------------------------------------------

    def answer(self, value: AnswerValue | None = None) -> list[str]:
        """Answer the current node and move on; returns the ids of answers that were dropped."""
        node = self.current
        dropped = self._apply(node, value)
        self.position = min(self.position + 1, len(self.path) - 1)
        return dropped

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
        keep = set(route) | ahead
        return [n for n in answers if n not in keep]

    @cached_property
    def _graph(self) -> dict[str, list[str]]:
        return successors(self.tree.compiled.values())

    def back(self) -> None:
        if not self.can_back:
            raise SessionError("already at the first question")
        self.position -= 1

    def forward(self) -> None:
        if not self.can_forward:
            raise SessionError("answer this question first")
        self.position += 1

    def goto(self, node_id: str) -> None:
        """Return to a node on the route, e.g. to change its answer from the review page."""
        self._on_route(node_id)
        self.position = self.path.index(node_id)

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
            ))
        return steps

    def labels(self, node: Node, value: AnswerValue) -> list[str]:
        """An answer to ``node`` in words."""
        compiled = self.tree.compiled[node.id]
        if not compiled.takes_answer:
            return ["Shown to the practitioner, who continued"]
        return compiled.labels(value, self.partners)

    # --- saving and restoring ----------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SESSION_FORMAT,
            "tree": {"id": self.tree.id, "version": self.tree.tree.version,
                     "sha256": self.tree.sha256},
            "answers": dict(self.answers),
            "position": self.position,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], tree: LoadedTree,
                  partners: Mapping[str, Partner] | None = None,
                  *, lenient: bool = False) -> Session:
        """Rebuild a session. ``lenient`` keeps the answers that still fit a changed tree and
        notes the first that does not (in ``session.notes``) instead of raising."""
        partners = partners or {}
        try:
            if data.get("format") != SESSION_FORMAT:
                raise DraftError(f"unknown session format {data.get('format')!r}")
            answers = dict(data["answers"])
            position = int(data["position"])
            tree_id = data["tree"]["id"]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DraftError(f"not a saved session: {exc}") from exc
        if tree_id != tree.id:
            raise DraftError(f"the session is for tree {tree_id!r}, not {tree.id!r}")
        session = cls(tree, partners)
        if data["tree"].get("sha256") != tree.sha256 and tree.sha256:
            session.notes.append(f"The rules for '{tree.tree.title}' have changed since this "
                                 "was saved; the answers were checked against the new version.")
        misfit = False
        while True:
            node = session.current_node
            if node.is_outcome or node.id not in answers:
                break
            try:
                session._apply(node.spec, answers[node.id])
            except InvalidAnswerError as exc:
                if not lenient:
                    raise DraftError(f"the saved answer to {node.id!r} does not fit: {exc}") \
                        from exc
                session.notes.append(f"Your earlier answer to “{node.text}” no longer fits the "
                                     f"rules ({exc}); please answer it again.")
                misfit = True
                break
            session.position = len(session.path) - 1
        ahead = reachable(session.path[-1], session._graph)
        for node_id, value in answers.items():  # answers kept for questions still ahead
            if node_id not in session.answers and node_id in ahead:
                with contextlib.suppress(InvalidAnswerError):
                    session.answers[node_id] = tree.compiled[node_id].check(value, partners)
        lost = [n for n in answers if n not in session.answers]
        if lost and not lenient:
            raise DraftError("saved answers are not on the route: " + ", ".join(lost))
        last = len(session.path) - 1
        session.position = last if misfit else max(0, min(position, last))
        return session


def check_answer(node: Node, value: AnswerValue | None,
                 partners: Mapping[str, Partner]) -> AnswerValue:
    """``value`` made canonical for ``node``, or InvalidAnswerError saying what is wrong."""
    return compile_node(node).check(value, partners)
