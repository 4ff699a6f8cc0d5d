"""A tree as text other tools draw: Mermaid (for Markdown pages and wikis) and Graphviz DOT.

Both are checked by the tools themselves in the tests: Mermaid's own parser and Graphviz ``dot``.
Every label is quoted, and node ids are encoded so that two different ids (``go-s115`` and
``go_s115``) never become one box.
"""

from __future__ import annotations

from isp_wizard.rulepack.graph import compiled_nodes
from isp_wizard.rulepack.models import Tree
from isp_wizard.vocabulary import OUTCOMES

NODE_CHARS = 60
EDGE_CHARS = 30
_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
_ID_ESCAPES = {"_": "__", "-": "_h", ".": "_d"}


def short(text: str, width: int = NODE_CHARS) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- Mermaid -----------------------------------------------------------------------------------


def mermaid_id(node_id: str) -> str:
    """A Mermaid id for a node: letters and digits kept, ``_`` doubled, ``-`` and ``.`` written
    as ``_h`` and ``_d``. Different ids stay different, and ``n_`` keeps words such as ``end``
    (which Mermaid reserves) from being ids."""
    return "n_" + "".join(_ID_ESCAPES.get(ch, ch) if not ch.isalnum() or not ch.isascii()
                          else ch for ch in node_id)


def mermaid_text(text: str, width: int) -> str:
    """A label as a quoted Mermaid string, the characters Mermaid reads written as entities."""
    return '"' + "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in short(text, width)) + '"'


def to_mermaid(tree: Tree) -> str:
    nodes = compiled_nodes(tree)
    lines = ["flowchart TD"]
    for node in nodes:
        label = mermaid_text(node.text, NODE_CHARS)
        if node.is_outcome:
            lines.append(f"  {mermaid_id(node.id)}([{label}])")
            colour = OUTCOMES.colour(node.decision)
            lines.append(f"  style {mermaid_id(node.id)} fill:{colour},color:#ffffff")
        else:
            lines.append(f"  {mermaid_id(node.id)}[{label}]")
    for node in nodes:
        for edge in node.edges():
            arrow = f"-->|{mermaid_text(edge.label, EDGE_CHARS)}|" if edge.label else "-->"
            lines.append(f"  {mermaid_id(edge.source)} {arrow} {mermaid_id(edge.target)}")
    return "\n".join(lines) + "\n"


# --- Graphviz DOT ------------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """A DOT quoted string: backslashes and double quotes escaped, so no escape sequence of
    Graphviz's own (``\\n``, ``\\N`` …) can come from the rule file's text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(tree: Tree) -> str:
    nodes = compiled_nodes(tree)
    q = dot_text
    lines = [f"digraph {q(tree.id)} {{", "  rankdir=TB;", "  node [fontname=\"DejaVu Sans\"];"]
    for node in nodes:
        if node.is_outcome:
            colour = OUTCOMES.colour(node.decision)
            lines.append(f"  {q(node.id)} [label={q(short(node.text))}, shape=box, "
                         f"style=\"rounded,filled\", fillcolor={q(colour)}, fontcolor=white];")
        else:
            lines.append(f"  {q(node.id)} [label={q(short(node.text))}, shape=box];")
    for node in nodes:
        for edge in node.edges():
            lines.append(f"  {q(edge.source)} -> {q(edge.target)} "
                         f"[label={q(short(edge.label, EDGE_CHARS))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
