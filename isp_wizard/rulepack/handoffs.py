"""Checks of what crosses from one tree to the next, and of what answers establish for details.

A hand-off's ``carries`` name a node in the tree that hands off and a node in the tree it
continues with; an answer carried must be one the receiving question accepts, or the walk
would ask it again without saying why. An ``establishes: {isa: …}`` names an agreement that
must be in isas.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

from isp_wizard.rulepack.graph import reachable, successors
from isp_wizard.rulepack.models import OTHER_PARTNER, Carry, Establishes
from isp_wizard.rulepack.nodes import AnyNode
from isp_wizard.rulepack.pack import LoadedTree, RulePack
from isp_wizard.rulepack.problems import Problem


def handoff_problems(pack: RulePack) -> list[Problem]:
    """Every carry that cannot work, and every agreement named that does not exist."""
    problems: list[Problem] = []
    for loaded in pack.trees.values():
        graph = successors(loaded.compiled.values())
        for outcome in loaded.outcomes:
            target = pack.trees.get(outcome.start_tree) if outcome.start_tree else None
            for carry in outcome.carries:
                for message in _carry_problems(loaded, outcome.id, carry, target, graph):
                    problems.append(Problem(loaded.display, loaded.line(outcome.id),
                                            f"outcome {outcome.id!r} carries {carry.from_!r} to "
                                            f"{carry.to!r}: {message}"))
        for node_id, establishes in _establishing(loaded):
            if establishes.isa and establishes.isa not in pack.isas:
                problems.append(Problem(loaded.display, loaded.line(node_id),
                                        f"node {node_id!r} names unknown ISA "
                                        f"{establishes.isa!r}"))
    return problems


def _establishing(loaded: LoadedTree) -> Iterator[tuple[str, Establishes]]:
    for node in loaded.compiled.values():
        for answer in node.answers:
            if answer.establishes:
                yield node.id, answer.establishes
        if node.outcome is not None and node.outcome.establishes:
            yield node.id, node.outcome.establishes


def _carry_problems(loaded: LoadedTree, outcome_id: str, carry: Carry,
                    target: LoadedTree | None, graph: dict[str, list[str]]) -> Iterator[str]:
    source = loaded.compiled.get(carry.from_)
    if source is None:
        yield f"there is no node {carry.from_!r} in {loaded.id!r}"
    elif not source.takes_answer:
        yield f"{carry.from_!r} takes no answer"
    elif outcome_id not in reachable(carry.from_, graph):
        yield f"{carry.from_!r} is never on a route to {outcome_id!r}"
    if target is None:
        return  # an unknown start_tree is the outcome's own problem
    receiver = target.compiled.get(carry.to)
    if receiver is None:
        yield f"there is no node {carry.to!r} in {target.id!r}"
        return
    if not receiver.takes_answer:
        yield f"{carry.to!r} in {target.id!r} takes no answer"
        return
    if source is None or not source.takes_answer:
        return
    if source.kind != receiver.kind:
        yield (f"{carry.from_!r} is a {source.kind} node and {carry.to!r} in {target.id!r} is a "
               f"{receiver.kind} node")
        return
    yield from _value_problems(source, receiver, carry, target.id)


def _value_problems(source: AnyNode, receiver: AnyNode, carry: Carry,
                    target_id: str) -> Iterator[str]:
    """The answers that can be carried must be answers the receiving question accepts."""
    offered = [a.value for a in source.answers]
    accepted = {a.value for a in receiver.answers}
    if carry.values is not None:
        for given, becomes in carry.values.items():
            if offered and given not in offered:
                yield f"{given!r} is not an answer of {carry.from_!r}"
            if accepted and becomes not in accepted:
                yield f"{becomes!r} is not an answer of {carry.to!r} in {target_id!r}"
        return
    if accepted:
        wrong = [v for v in offered if v not in accepted]
        if wrong:
            yield (f"{', '.join(map(repr, wrong))} would not be an answer of {carry.to!r} in "
                   f"{target_id!r} (give 'values' to map or leave them out)")
    if source.kind == "partner" and getattr(source.spec, "allow_other", False) \
            and not getattr(receiver.spec, "allow_other", False):
        yield (f"{carry.from_!r} allows {OTHER_PARTNER!r} and {carry.to!r} in {target_id!r} "
               "does not")
