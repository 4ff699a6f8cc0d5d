"""Checks of repeated sections (``each`` … ``end``) that no single node can make alone.

A section must be entered only through its ``each`` node, hold no outcome and no section of its
own, end only at ``end`` nodes that name it, come after the list it repeats over, and give its
named questions (category, role, receives, channel) from among its own nodes; ``this`` tests
stand only inside a section about that kind of item. Grounds along each person's route are
checked with the rest of the tree's grounds (``rulepack.grounds``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from isp_wizard.rulepack.conditions import ThisTests
from isp_wizard.rulepack.graph import reverse
from isp_wizard.rulepack.pack import LoadedTree
from isp_wizard.vocabulary import PERSON_CATEGORIES


def section_problems(loaded: LoadedTree, graph: dict[str, list[str]],
                     before: Mapping[str, set[str]] | None) -> Iterator[tuple[str, str]]:
    """(node id, message) for each problem; ``before`` (nodes some route passes before each
    node) is None when the tree loops."""
    compiled = loaded.compiled
    back = reverse(graph)
    owner = loaded.section_of
    for each_id, section in loaded.sections.items():
        each = section.each
        if not section.about:
            continue  # the each node itself says its list is wrong
        if before is not None and each.over not in before.get(each_id, set()):
            yield each_id, f"section {each_id!r} repeats over {each.over!r}, which no route " \
                           "asks before it"
        if each.start not in compiled:
            continue
        if not section.ends:
            yield each_id, f"section {each_id!r} never reaches an end node"
        for node_id in sorted(section.nodes):
            node = compiled[node_id]
            if node.is_outcome:
                yield node_id, f"outcome {node_id!r} is inside section {each_id!r}: a person's " \
                               "or recipient's questions end at an 'end' node of the section"
            elif node.each is not None or node.lists is not None:
                yield node_id, f"{node.kind} {node_id!r} is inside section {each_id!r}: " \
                               "sections cannot be repeated inside one another"
            for source in back.get(node_id, []):
                if source not in section.nodes and not (source == each_id
                                                        and node_id == each.start):
                    yield node_id, f"{node_id!r} is inside section {each_id!r} but " \
                                   f"{source!r} leads into it from outside"
        for end_id in sorted(section.ends):
            end = compiled[end_id].end
            if end is not None and end.section != each_id:
                yield end_id, f"section {each_id!r} reaches end {end_id!r}, which closes " \
                              f"{end.section!r}"
        for meaning, node_id in each.named_nodes().items():
            if node_id not in section.nodes:
                yield each_id, f"section {each_id!r} names {node_id!r} as its {meaning}, " \
                               "which is not one of its questions"
            elif meaning == "category":
                yield from _category_problems(loaded, each_id, node_id)
    for node in compiled.values():
        end = node.end
        if end is not None and end.section in loaded.sections \
                and node.id not in loaded.sections[end.section].ends:
            yield node.id, f"end {node.id!r} closes section {end.section!r}, but no route " \
                           "through that section reaches it"
        for branch in node.branches:
            for test in ThisTests().visit(branch.when):
                within = owner.get(node.id)
                if within is None:
                    yield node.id, f"a condition at {node.id!r} tests 'this {test.this}' " \
                                   "outside a repeated section"
                elif within.about != test.this:
                    yield node.id, f"a condition at {node.id!r} tests 'this {test.this}' in " \
                                   f"a section about each {within.about}"
                elif test.attribute in ("category", "role") \
                        and not getattr(within.each, test.attribute):
                    yield node.id, f"a condition at {node.id!r} tests this person's " \
                                   f"{test.attribute}, which section {within.each.id!r} " \
                                   "does not name"


def _category_problems(loaded: LoadedTree, each_id: str, node_id: str) -> Iterator[tuple[str, str]]:
    node = loaded.compiled[node_id]
    if node.kind != "question":
        yield each_id, f"section {each_id!r}: its category question {node_id!r} must be a " \
                       "one-choice question"
        return
    for answer in node.answers:
        if answer.value not in PERSON_CATEGORIES:
            yield node_id, f"category question {node_id!r} offers {answer.value!r}, which is " \
                           "not a person category (" + ", ".join(PERSON_CATEGORIES.keys()) + ")"


def nodes_before(graph: dict[str, list[str]]) -> dict[str, set[str]]:
    """For each node, the nodes some route passes before it (the graph has no loops)."""
    indegree = dict.fromkeys(graph, 0)
    for targets in graph.values():
        for target in targets:
            indegree[target] += 1
    before: dict[str, set[str]] = {n: set() for n in graph}
    ready = [n for n, d in indegree.items() if d == 0]
    while ready:
        current = ready.pop()
        for target in graph[current]:
            before[target] |= before[current] | {current}
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return before
