"""All of a tree's words in one document, for policy leads, lawyers and translators.

Every question, its guidance, its answers, each branch's condition, each outcome and every
reference cited, in reading order (from the start, each node before the nodes it leads to), with
node ids so a reviewer can comment without reading YAML. The document is built once as blocks;
``blocks_markdown`` writes Markdown and ``record/textpdf.py`` draws the same blocks as a PDF.

Fields the renderer does not know by name (a newer rule format's) are still listed, by their
field name, so nothing of a tree is left out of the review.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from isp_wizard.rulepack.layout import describe
from isp_wizard.rulepack.nodes import AnyNode
from isp_wizard.rulepack.pack import LoadedTree, RulePack

KIND_WORDS = {"question": "Question (one answer)", "multi": "Question (any number of answers)",
              "text": "Answered in words", "date": "Answered with a date",
              "partner": "Choose a partner organisation", "info": "Guidance to read",
              "outcome": "Outcome"}
_SHOWN = {"id", "kind", "text", "help", "why", "refs", "consult", "branches", "next",
          "answers", "decision", "start_tree", "emergency"}
_ANSWER_SHOWN = {"value", "label", "next", "help", "consult"}


@dataclass(frozen=True)
class Block:
    """A heading (level 1–3), a paragraph, an item of a list, or a note (``kind``)."""

    kind: str
    text: str
    level: int = 0


def reading_order(tree: LoadedTree) -> list[str]:
    """Node ids from the start, each before the nodes it leads to (depth first, in the order a
    node lists its ways out), then any node no route reaches, in file order."""
    nodes = tree.compiled
    seen: dict[str, None] = {}
    stack = [tree.tree.start] if tree.tree.start in nodes else []
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue
        seen[node_id] = None
        targets = [e.target for e in nodes[node_id].edges() if e.target in nodes]
        stack.extend(reversed(list(dict.fromkeys(targets))))
    return list(seen) + [n for n in nodes if n not in seen]


def _plain(text: str) -> str:
    return " ".join(str(text).split())


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "—"
    return _plain(value)


def _extra(data: Mapping[str, Any], shown: set[str], level: int = 0) -> Iterator[Block]:
    """The fields not rendered by name: legal bases, conditions and whatever else is set."""
    for name, value in data.items():
        if name in shown or value in (None, "", [], {}, False):
            continue
        if name == "grounds" and isinstance(value, dict):  # each role of the grounds by name
            yield from _extra(value, set(), level)
            continue
        yield Block("item", f"{name.replace('_', ' ').capitalize()}: {_value(value)}", level)


def node_blocks(node: AnyNode, number: int, pack: RulePack | None = None) -> Iterator[Block]:
    spec = node.spec
    data = spec.model_dump(mode="json")
    yield Block("heading", f"{number}. {_plain(spec.text)} [{spec.id}]", 2)
    yield Block("note", KIND_WORDS.get(spec.kind, spec.kind))
    if getattr(spec, "help", ""):
        yield Block("para", f"Guidance: {spec.help.strip()}")
    if getattr(spec, "why", ""):
        yield Block("para", f"Why we ask: {spec.why.strip()}")
    for answer in node.answers:
        yield Block("item", f"Answer “{_plain(answer.label)}” [{answer.value}]"
                    + (f" → {answer.next}" if answer.next else ""))
        if answer.help:
            yield Block("item", f"Guidance: {_plain(answer.help)}", 1)
        if answer.consult:
            yield Block("item", f"Consult: {', '.join(answer.consult)}", 1)
        yield from _extra(answer.model_dump(mode="json"), _ANSWER_SHOWN, 1)
    for branch in node.branches:
        yield Block("item", f"If {describe(branch.when)} → {branch.next}")
    if data.get("next"):
        yield Block("item", f"Otherwise → {data['next']}" if node.branches or node.answers
                    else f"Next → {data['next']}")
    if node.is_outcome:
        if data.get("decision"):
            yield Block("item", f"Decision: {data['decision']}")
        if data.get("start_tree"):
            yield Block("item", f"Continues with the tree {data['start_tree']}")
        if data.get("emergency"):
            yield Block("item", "Emergency outcome")
    if spec.refs:
        yield Block("item", f"References: {', '.join(spec.refs)}")
    if spec.consult:
        yield Block("item", f"Consult: {', '.join(spec.consult)}")
    yield from _extra(data, _SHOWN)


def tree_blocks(tree: LoadedTree, pack: RulePack | None = None) -> list[Block]:
    t = tree.tree
    blocks = [
        Block("heading", f"{t.title}", 1),
        Block("para", f"Tree {t.id}, version {t.version}, effective {t.effective.isoformat()}. "
                      f"SHA-256 of the rule file: {tree.sha256 or 'n/a'}."),
        Block("para", t.summary.strip()),
    ]
    if t.audience:
        blocks.append(Block("para", f"For: {t.audience.strip()}"))
    gov = t.governance
    blocks.append(Block("heading", "Governance", 2))
    blocks += [Block("item", f"Source: {_plain(s)}") for s in gov.sources]
    blocks.append(Block("item", f"Approved by: {_plain(gov.approved_by) or 'not recorded'}"))
    blocks.append(Block("item", "Approved on: " + (gov.approved_on.isoformat()
                                                    if gov.approved_on else "not recorded")))
    blocks.append(Block("item", "Next review: " + (gov.next_review.isoformat()
                                                    if gov.next_review else "not recorded")))
    blocks.append(Block("heading", "Questions and outcomes, in reading order", 2))
    order = reading_order(tree)
    reached = _reachable(tree)
    cited: dict[str, None] = {}
    heading_done = False
    for number, node_id in enumerate(order, start=1):
        if node_id not in reached and not heading_done:
            blocks.append(Block("heading", "Not reached from the start", 2))
            heading_done = True
        node = tree.compiled[node_id]
        blocks += node_blocks(node, number, pack)
        cited.update(dict.fromkeys(node.cited()))
    if cited:
        blocks.append(Block("heading", "References cited", 2))
        for ref_id in cited:
            ref = pack.references.get(ref_id) if pack is not None else None
            if ref is None:
                blocks.append(Block("item", f"[{ref_id}] (not in the references catalogue)"))
                continue
            text = f"[{ref.id}] {_plain(ref.title)} — {_plain(ref.citation)}"
            if ref.summary:
                text += f". {_plain(ref.summary)}"
            if not ref.confirmed:
                text += " (Unconfirmed" + (f": {_plain(ref.note)}" if ref.note else "") + ")"
            blocks.append(Block("item", text))
    return blocks


def _reachable(tree: LoadedTree) -> set[str]:
    from isp_wizard.rulepack.graph import reachable, successors

    return reachable(tree.tree.start, successors(tree.compiled.values()))


def blocks_markdown(blocks: list[Block]) -> str:
    """Guidance is Markdown already (the app shows it so), so text is written as it is."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            lines += ["", "#" * block.level + " " + block.text, ""]
        elif block.kind == "note":
            lines += [f"*{block.text}*", ""]
        elif block.kind == "item":
            lines.append("  " * block.level + "- " + _plain(block.text))
        else:
            if lines and lines[-1].lstrip().startswith("- "):
                lines.append("")
            lines += [block.text, ""]
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def tree_markdown(tree: LoadedTree, pack: RulePack | None = None) -> str:
    """The tree's text as Markdown: what ``rules text TREE --format md`` writes."""
    return blocks_markdown(tree_blocks(tree, pack))
