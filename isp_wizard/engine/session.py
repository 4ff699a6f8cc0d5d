"""A walk through one tree: the answers given, the route they make, and where it ends.

The route is never stored: it is derived from the start node and the answers, so going back
keeps later answers (they still lie on the route), and changing an answer drops exactly the
answers that no longer do.

A walk that reaches an outcome with ``start_tree`` is handed off (``hand_off``): the new walk
keeps the earlier ones (``earlier``, in order) for the record, and starts with the answers the
hand-off ``carries`` (``carried``), which are not asked again. Back from its first question
returns into the earlier walk (``resume_earlier``), which keeps the later one (``later``) so that
continuing again keeps its answers.

A tree may repeat a section of questions once per person or per recipient (``each`` nodes, see
``rulepack/sections.py``). The answers given inside a section are kept under ``node@item`` keys
(``person-category@Child 1``); the route, ``position``, ``goto`` and ``change`` use those keys,
so changing the list of people keeps every answer of the people still listed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from isp_wizard.engine.overall import held_item_text, held_to_items
from isp_wizard.errors import DraftError, InvalidAnswerError, NotReachedError, SessionError
from isp_wizard.rulepack.graph import reachable, successors
from isp_wizard.rulepack.models import Answer, AnswerValue, Decision, Grounds, Node, Partner
from isp_wizard.rulepack.models import OutcomeNode as OutcomeSpec
from isp_wizard.rulepack.nodes import AnyNode, compile_node
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.rulepack.sections import Section, items_of, scoped_key, split_key, view
from isp_wizard.vocabulary import SHARING_DECISIONS

SESSION_FORMAT = 1
HANDED_OFF_FORMAT = 2
"""A saved session that holds earlier walks (or a later one): an older version refuses it rather
than resume only part of it."""
_MAX_STEPS = 1_000_000  # a bound on deriving a route (lint refuses loops; this is a guard)


@dataclass(frozen=True)
class About:
    """The person or recipient a question inside a repeated section is asked about."""

    section: str
    """The ``each`` node of the section."""
    about: str
    """"person" or "recipient"."""
    item: str
    """The person's label, or the recipient's partner id."""
    name: str
    """How the app and the record name them: the label, or the partner's name."""


@dataclass(frozen=True)
class ItemOutcome:
    """Where one person's (or one recipient's) pass through a section ended: the decision for
    their data, the grounds established for it, and what a recipient receives and how."""

    about: About
    end: str
    text: str
    decision: Decision
    grounds: Grounds
    conditions: tuple[str, ...]
    consult: tuple[str, ...]
    category: str = ""
    """A person's category (a key of ``vocabulary.PERSON_CATEGORIES``), if the section asks it."""
    role: tuple[str, ...] = ()
    """A person's role in the case, in words, if the section asks it."""
    receives: tuple[str, ...] = ()
    """What a recipient receives, in words."""
    channel: tuple[str, ...] = ()
    """How it is sent to the recipient, in words."""


@dataclass(frozen=True)
class Outcome:
    """The decision a route reached, with what the answers on the way added to it; for a
    decision about several people or recipients, the result for each of them as well."""

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
    people: tuple[ItemOutcome, ...] = ()
    recipients: tuple[ItemOutcome, ...] = ()

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
    about: About | None = None
    """The person or recipient the question was asked about (inside a repeated section);
    ``node_id`` is then the ``node@item`` key the answer is kept under."""


@dataclass(frozen=True)
class _Walked:
    """The route the answers make (keys), which section pass each key lies in, and the passes
    that reached their end: (section, item, end node, index in the route where the pass
    began)."""

    route: list[str]
    scopes: dict[str, tuple[Section, str]]
    ends: list[tuple[Section, str, str, int]]


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
        self._walked: _Walked | None = None
        self.later: Session | None = None
        """The walk this one handed off to, kept after Back returned here from it."""

    # --- where we are ------------------------------------------------------------------------

    @property
    def path(self) -> list[str]:
        """The route so far: answered nodes, then the first unanswered node or the outcome.
        Inside a repeated section each entry is a ``node@item`` key."""
        return self._walk().route

    def _walk(self) -> _Walked:
        if self._walked is None:
            self._walked = self._derive(self.answers)
        return self._walked

    def _derive_route(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        return self._derive(answers).route

    def _derive(self, answers: Mapping[str, AnswerValue]) -> _Walked:
        """The route the answers make. Conditions see only the answers on the route so far:
        an answer kept from an abandoned route must not steer the new one. A section is walked
        once for each item of its list, in the order listed; inside it, conditions see that
        item's answers under their plain node ids."""
        nodes, sections = self.tree.compiled, self.tree.sections
        route: list[str] = []
        on_route: dict[str, AnswerValue] = {}
        scopes: dict[str, tuple[Section, str]] = {}
        ends: list[tuple[Section, str, str, int]] = []
        frame: tuple[Section, list[str], int, int] | None = None  # section, items, index, start
        node_id: str | None = self.tree.tree.start
        for _ in range(_MAX_STEPS):
            if node_id is None or node_id not in nodes:
                break
            node = nodes[node_id]
            if node.each is not None:
                section = sections[node_id]
                items = items_of(on_route.get(section.each.over))
                if frame is not None or not section.about:
                    break  # a section inside a section, or over no list: lint refuses both
                if items:
                    frame = (section, items, 0, len(route))
                    node_id = section.each.start
                else:
                    node_id = section.each.next
                continue
            if node.end is not None:
                if frame is None:
                    break  # an end outside its section: lint refuses it
                section, items, index, began = frame
                ends.append((section, items[index], node_id, began))
                if index + 1 < len(items):
                    frame = (section, items, index + 1, len(route))
                    node_id = section.each.start
                else:
                    frame = None
                    node_id = section.each.next
                continue
            item = frame[1][frame[2]] if frame is not None else None
            key = scoped_key(node_id, item)
            if key in on_route:
                break
            route.append(key)
            if frame is not None and item is not None:
                scopes[key] = (frame[0], item)
            if key not in answers:
                break
            on_route[key] = answers[key]
            if frame is not None and item is not None:
                node_id = node.next_id(view(on_route, frame[0], item), self.partners,
                                       frame[0].scope(item))
            else:
                node_id = node.next_id(on_route, self.partners)
        return _Walked(route, scopes, ends)

    def node_id_of(self, key: str) -> str:
        """The node a route key is for (``node@item`` → ``node``)."""
        return split_key(key)[0]

    def current_node_kind(self, key: str) -> str:
        """The kind of the node at route key ``key``."""
        return self.tree.compiled[self.node_id_of(key)].kind

    @property
    def reached_ends(self) -> list[str]:
        """The section ends (and so each nodes) the route has passed, for coverage."""
        walked = self._walk()
        return list(dict.fromkeys([n for s, _, end, _ in walked.ends
                                   for n in (s.each.id, end)]))

    @property
    def current_key(self) -> str:
        """The key of the current question (``node@item`` inside a repeated section)."""
        return self.path[self.position]

    @property
    def current(self) -> Node:
        return self.tree.node(self.node_id_of(self.current_key))

    @property
    def current_node(self) -> AnyNode:
        """The current node's object (``current`` is its definition, as the file has it)."""
        return self.tree.compiled[self.node_id_of(self.current_key)]

    @property
    def current_about(self) -> About | None:
        """Whom the current question is about, inside a repeated section (else None)."""
        return self.about(self.current_key)

    def about(self, key: str) -> About | None:
        """Whom the question at route key ``key`` is about (None outside a section)."""
        found = self._walk().scopes.get(key)
        if found is None:
            return None
        return self._about(*found)

    def _about(self, section: Section, item: str) -> About:
        partner = self.partners.get(item) if section.about == "recipient" else None
        return About(section.each.id, section.about, item, partner.name if partner else item)

    @property
    def is_complete(self) -> bool:
        return self.tree.compiled[self.node_id_of(self.path[-1])].is_outcome

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

    def answer_of(self, key: str) -> AnswerValue | None:
        return self.answers.get(key)

    # --- moving ------------------------------------------------------------------------------

    def answer(self, value: AnswerValue | None = None) -> list[str]:
        """Answer the current node and move on; returns the keys of answers that were dropped."""
        key = self.current_key
        if key in self.carried:
            raise SessionError(self._carried_message(key))
        dropped = self._apply(key, value)
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

    def preview_change(self, key: str, value: AnswerValue | None) -> list[str]:
        """The answers that changing ``key`` to ``value`` would drop, without changing it."""
        self._on_route(key)
        trial = dict(self.answers)
        trial[key] = self._checked(key, value)
        return self._stale(trial)

    def _stale(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        """Answers that no route from here can use again: neither on the route the answers
        make, nor at a question still ahead of it (a changed answer may add a question before
        the routes join again; the answers after the join are kept for when they are reached).
        Inside a repeated section, ahead are this item's later questions, every question for
        the items after it, and what follows the section — for the people or recipients still
        listed."""
        walked = self._derive(answers)
        keep = set(walked.route) | set(self.carried)
        if walked.route:
            keep |= self._ahead(walked, answers)
        return [k for k in answers if k not in keep]

    def _ahead(self, walked: _Walked, answers: Mapping[str, AnswerValue]) -> set[str]:
        last = walked.route[-1]
        node_id, _ = split_key(last)
        scoped = walked.scopes.get(last)
        if scoped is None:
            return self._ahead_of(reachable(node_id, self._graph), answers)
        section, item = scoped
        items = items_of(answers.get(section.each.over))
        later = items[items.index(item) + 1:] if item in items else []
        keys = {scoped_key(n, item) for n in reachable(node_id, self._graph)
                if n in section.nodes}
        keys |= {scoped_key(n, other) for other in later for n in section.nodes}
        return keys | self._ahead_of(reachable(section.each.next, self._graph), answers)

    def _ahead_of(self, nodes: set[str], answers: Mapping[str, AnswerValue]) -> set[str]:
        """The keys of ``nodes``: inside a section, one per person or recipient listed."""
        owner = self.tree.section_of
        keys: set[str] = set()
        for node_id in nodes:
            section = owner.get(node_id)
            if section is None:
                keys.add(node_id)
            else:
                keys |= {scoped_key(node_id, item)
                         for item in items_of(answers.get(section.each.over))}
        return keys

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

    def goto(self, key: str) -> None:
        """Return to a question on the route (by its key: ``node@item`` inside a repeated
        section), e.g. to change its answer from the review page."""
        self._on_route(key)
        if key in self.carried:
            raise SessionError(self._carried_message(key))
        self.position = self.path.index(key)

    # --- hand-offs ---------------------------------------------------------------------------

    @property
    def hands_off_to(self) -> str | None:
        """The tree this walk's outcome continues with, if it has reached one that does."""
        if not self.is_complete:
            return None
        node = self.tree.compiled[self.node_id_of(self.path[-1])].outcome
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
        outcome = self.tree.compiled[self.node_id_of(self.path[-1])].outcome
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
        session._walked = None
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

    def change(self, key: str, value: AnswerValue | None) -> list[str]:
        self.goto(key)
        return self.answer(value)

    def next_steps(self) -> list[str]:
        """The nodes that could follow the current one, whatever the answer."""
        return list(dict.fromkeys(e.target for e in self.current_node.edges()))

    def _on_route(self, key: str) -> Node:
        if key not in self.path:
            raise NotReachedError(f"{key!r} is not on the current route")
        return self.tree.node(self.node_id_of(key))

    def _apply(self, key: str, value: AnswerValue | None) -> list[str]:
        checked = self._checked(key, value)
        before = self.answers.get(key)
        self.answers[key] = checked
        self._walked = None
        if before == checked:
            return []
        dropped = self._stale(self.answers)
        for stale in dropped:
            del self.answers[stale]
        self._walked = None
        return dropped

    def _checked(self, key: str, value: AnswerValue | None) -> AnswerValue:
        return self.tree.compiled[self.node_id_of(key)].check(value, self.partners)

    # --- the result --------------------------------------------------------------------------

    def outcome(self) -> Outcome | None:
        if not self.is_complete:
            return None
        node = self.tree.compiled[self.node_id_of(self.path[-1])].outcome
        assert node is not None
        walked = self._walk()
        main = [k for k in walked.route[:-1] if k not in walked.scopes]
        grounds, conditions, consult = [node.grounds], list(node.conditions), list(node.consult)
        for answer in self._chosen(main):
            grounds.append(answer.grounds)
            conditions += answer.conditions
            consult += answer.consult
        shares = self.establishes_grounds(node)
        if not shares:
            grounds = []  # a refusal or a referral rests on no grounds (its refs say why)
        decision, text, refs = node.decision, node.text, tuple(node.refs)
        held = held_to_items(decision, self._section_decisions(walked))
        if held is not None:  # nobody in a section may be shared about: neither may the whole
            decision, text, shares, refs = held.decision, held.text, False, ()
            grounds, conditions = [], []
        items = [self._item_outcome(walked, section, item, end, began, shares)
                 for section, item, end, began in walked.ends]
        if held is not None:
            items = [_held(item, held.decision, held_item_text(item.about.about, held.by))
                     for item in items]
            consult += [c for item in items for c in item.consult]
        return Outcome(
            node_id=node.id, text=text, decision=decision,
            grounds=Grounds.merged(grounds), conditions=tuple(dict.fromkeys(conditions)),
            consult=tuple(dict.fromkeys(consult)), refs=refs,
            start_tree=node.start_tree, emergency=node.emergency, help=node.help,
            people=tuple(i for i in items if i.about.about == "person"),
            recipients=tuple(i for i in items if i.about.about == "recipient"),
        )

    def _section_decisions(self, walked: _Walked) -> list[tuple[str, list[str]]]:
        """Per section passed, what it is about and the end decision of each pass."""
        sections: dict[str, tuple[str, list[str]]] = {}
        for section, _item, end_id, _began in walked.ends:
            end = self.tree.compiled[end_id].end
            assert end is not None
            sections.setdefault(section.each.id, (section.about, []))[1].append(end.decision)
        return list(sections.values())

    def item_outcomes(self) -> list[ItemOutcome]:
        """The result of each person's (or recipient's) pass through a section that has reached
        its end so far, with the grounds it would carry if the decision shares (the decision
        table lists each pass this way before the walk reaches its outcome)."""
        walked = self._walk()
        return [self._item_outcome(walked, section, item, end, began, True)
                for section, item, end, began in walked.ends]

    def _chosen(self, keys: list[str]) -> list[Answer]:
        """The offered answers chosen at route keys ``keys``."""
        return [answer for key in keys
                for answer in self.tree.compiled[self.node_id_of(key)].chosen(
                    self.answers.get(key))]

    def _item_outcome(self, walked: _Walked, section: Section, item: str, end_id: str,
                      began: int, shares: bool) -> ItemOutcome:
        """One person's or recipient's result: the grounds of the answers on the route before
        their pass (what the whole decision rests on) and of their own answers, and the end."""
        end = self.tree.compiled[end_id].end
        assert end is not None
        before = [k for k in walked.route[:began] if k not in walked.scopes]
        own = [k for k, (s, i) in walked.scopes.items() if s is section and i == item]
        grounds = [end.grounds] + [a.grounds for a in self._chosen(before + own)]
        conditions = list(end.conditions) + [c for a in self._chosen(own) for c in a.conditions]
        consult = list(end.consult) + [c for a in self._chosen(own) for c in a.consult]
        if not (shares and end.decision in SHARING_DECISIONS):
            grounds = []

        def words(node_id: str | None) -> tuple[str, ...]:
            key = scoped_key(node_id, item) if node_id else ""
            if key not in self.answers or key not in own:
                return ()
            return tuple(self.labels(self.tree.node(node_id or ""), self.answers[key]))

        each = section.each
        category = self.answers.get(scoped_key(each.category, item)) if each.category else None
        return ItemOutcome(
            about=self._about(section, item), end=end.id, text=end.text,
            decision=end.decision, grounds=Grounds.merged(grounds),
            conditions=tuple(dict.fromkeys(conditions)), consult=tuple(dict.fromkeys(consult)),
            category=category if isinstance(category, str) else "",
            role=words(each.role), receives=words(each.receives), channel=words(each.channel))

    def establishes_grounds(self, node: OutcomeSpec) -> bool:
        """Whether reaching ``node`` rests on legal grounds: a share, or any breach outcome (its
        grounds are the duties it engages)."""
        return node.decision in SHARING_DECISIONS or self.tree.tree.record_kind == "breach"

    def explain(self) -> list[Step]:
        """The trail: each question on the route, the answer, and what it drew on."""
        steps = []
        for key in self.path:
            node = self.tree.node(self.node_id_of(key))
            compiled = self.tree.compiled[node.id]
            if key not in self.answers or compiled.is_outcome:
                continue  # guidance pages the practitioner passed are kept: they said "do this"
            value = self.answers[key]
            chosen = compiled.chosen(value)
            refs = list(node.refs) + [r for a in chosen for r in a.grounds.ids()]
            consult = list(node.consult) + [c for a in chosen for c in a.consult]
            steps.append(Step(
                node_id=key, kind=node.kind, text=node.text, value=value,
                labels=tuple(self.labels(node, value)), refs=tuple(dict.fromkeys(refs)),
                consult=tuple(dict.fromkeys(consult)), why=node.why, help=node.help,
                carried=self.carried.get(key), about=self.about(key),
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
        if not all(isinstance(t, str) for t in tree_ids):
            raise DraftError("not a saved session: a walk does not name its tree")
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
            ref = later.get("tree")
            target = trees.get(str(ref.get("id", ""))) if isinstance(ref, Mapping) else None
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
            node, key = self.current_node, self.current_key
            if node.is_outcome or key not in answers or key in self.carried:
                break
            try:
                self._apply(key, answers[key])
            except InvalidAnswerError as exc:
                if not lenient:
                    raise DraftError(f"the saved answer to {node.id!r} does not fit: {exc}") \
                        from exc
                self.notes.append(f"Your earlier answer to “{node.text}” no longer fits the "
                                  f"rules ({exc}); please answer it again.")
                misfit = True
                break
            self.position = len(self.path) - 1
        ahead = self._ahead(self._walk(), answers)
        for key, value in answers.items():  # answers kept for questions still ahead
            if key not in self.answers and key in ahead:
                with contextlib.suppress(InvalidAnswerError):
                    self.answers[key] = self._checked(key, value)
        lost = [n for n in answers if n not in self.answers]
        if lost and not lenient:
            raise DraftError("saved answers are not on the route: " + ", ".join(lost))
        return misfit


def check_answer(node: Node, value: AnswerValue | None,
                 partners: Mapping[str, Partner]) -> AnswerValue:
    """``value`` made canonical for ``node``, or InvalidAnswerError saying what is wrong."""
    return compile_node(node).check(value, partners)


def _held(item: ItemOutcome, decision: Decision, text: str) -> ItemOutcome:
    """``item`` held to the overall decision that shares nothing: a result that would share
    becomes ``decision`` with ``text`` saying why, and a recipient receives nothing."""
    if item.decision not in SHARING_DECISIONS:
        return item
    return replace(item, decision=decision, text=text, conditions=(), receives=(), channel=())
