"""A tree's nodes compiled into objects that carry their own behaviour.

``compile_node(spec)`` turns a validated node definition (the pydantic model of the file format)
into the object for its kind. To add a kind: its pydantic model in ``rulepack/models.py`` (the
file format and the JSON Schema), its class here (a module of its own, listed in ``KINDS``), and
its tests; the GUI adds an input for it if it takes a new shape of answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from isp_wizard.rulepack.models import Node
from isp_wizard.rulepack.nodes.base import (
    Choice,
    CompiledNode,
    Edge,
    LintContext,
    Omission,
    RoutedNode,
    Tested,
)
from isp_wizard.rulepack.nodes.choices import CompiledMulti, CompiledQuestion
from isp_wizard.rulepack.nodes.entries import CompiledDate, CompiledPartner, CompiledText
from isp_wizard.rulepack.nodes.info import CompiledInfo
from isp_wizard.rulepack.nodes.outcome import CompiledOutcome
from isp_wizard.rulepack.nodes.repeat import (
    CompiledEach,
    CompiledEnd,
    CompiledPeople,
    CompiledRecipients,
)

AnyNode = CompiledNode[Any]
"""A node of any kind."""
KINDS: dict[str, type[AnyNode]] = {
    cls.kind: cls for cls in (CompiledQuestion, CompiledMulti, CompiledText, CompiledDate,
                              CompiledPartner, CompiledInfo, CompiledOutcome, CompiledPeople,
                              CompiledRecipients, CompiledEach, CompiledEnd)
}


def compile_node(spec: Node) -> AnyNode:
    """The node object for a validated node definition."""
    return KINDS[spec.kind](spec)


def compile_nodes(specs: Iterable[Node]) -> dict[str, AnyNode]:
    """Each node by id (a repeated id: the last, as lint reports the repeat)."""
    return {spec.id: compile_node(spec) for spec in specs}


__all__ = ["KINDS", "AnyNode", "Choice", "CompiledDate", "CompiledEach", "CompiledEnd",
           "CompiledInfo", "CompiledMulti", "CompiledNode", "CompiledOutcome", "CompiledPartner",
           "CompiledPeople", "CompiledQuestion", "CompiledRecipients",
           "CompiledText", "Edge", "LintContext", "Omission", "RoutedNode", "Tested", "compile_node",
           "compile_nodes"]
