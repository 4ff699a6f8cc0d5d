"""What a tree's conditions read of each node's answer: partner attributes and compared values."""

from __future__ import annotations

from collections.abc import Iterator

from isp_wizard.rulepack.conditions import Collect, ThisTests
from isp_wizard.rulepack.models import AnswerIs, PartnerHas, ThisHas
from isp_wizard.rulepack.nodes import Tested
from isp_wizard.rulepack.pack import LoadedTree


class Tests(Collect[tuple[str, str, str]]):
    """(node, "attribute" or "value", what) for each test in a condition: the partner
    attributes it reads, and the values it compares an answer with."""

    def answer(self, cond: AnswerIs) -> Iterator[tuple[str, str, str]]:
        for value in (cond.is_, cond.includes, *(cond.in_ or ())):
            if value is not None:
                yield cond.answer_of, "value", value

    def partner(self, cond: PartnerHas) -> Iterator[tuple[str, str, str]]:
        yield cond.partner_of, "attribute", cond.attribute

    def this_has(self, cond: ThisHas) -> Iterator[tuple[str, str, str]]:
        return iter(())  # read through the section (below)


def tested_by_conditions(tree: LoadedTree) -> dict[str, Tested]:
    """For each node whose answer some condition reads: what is read of it (the decision
    table and lint's search of the routes try each)."""
    found: dict[str, dict[str, list[str]]] = {}
    owner = tree.section_of
    for node in tree.compiled.values():
        for branch in node.branches:
            for node_id, what, value in Tests().visit(branch.when):
                found.setdefault(node_id, {"attribute": [], "value": []})[what].append(value)
            section = owner.get(node.id)
            if section is None:
                continue
            for test in ThisTests().visit(branch.when):
                each = section.each
                if test.this == "recipient":  # the recipient is the recipients node's answer
                    found.setdefault(each.over, {"attribute": [], "value": []})[
                        "attribute"].append(test.attribute)
                elif test.attribute in ("category", "role") and getattr(each, test.attribute):
                    tested: list[object] = list(test.in_) if test.in_ is not None else [test.is_]
                    values = [str(v) for v in tested]
                    found.setdefault(getattr(each, test.attribute),
                                     {"attribute": [], "value": []})["value"].extend(values)
    return {node_id: Tested(frozenset(t["attribute"]), tuple(dict.fromkeys(t["value"])))
            for node_id, t in found.items()}
