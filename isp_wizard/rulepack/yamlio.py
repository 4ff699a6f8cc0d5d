"""Reading YAML rule files safely, fast, and with line numbers.

PyYAML's C parser composes the node graph; we construct plain Python data from it ourselves so
that duplicate keys, aliases (and so "billion laughs") and YAML 1.1 booleans can be refused or
kept as text, and so that a pydantic error's location can be turned back into a line number.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from isp_wizard.rulepack.limits import MAX_BYTES
from isp_wizard.rulepack.problems import Problem, ProblemsFound

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_ENTRIES = 250_000
"""At most this many ``:``, ``,`` and ``- `` in a file (a shipped tree has about 2,000, a
10,000-node tree about 195,000): counted before parsing, so a file of a few MB holding a
hundred thousand tiny entries is refused at once instead of taking many seconds to parse."""
MAX_ITEMS = 20_000  # items in one list: a 10,000-node tree's node list fits
MAX_DEPTH = 64
ALIAS_MESSAGE = "anchors and aliases (& and *) are not allowed in rule files; write the value " \
                "out in full"
SCENARIO_KEY = "scenario:"  # Document.id_lines[SCENARIO_KEY + name]: the line of a scenario
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))


class RulesLoader(_BaseLoader):
    """A safe loader where only ``true``/``false`` are booleans and dates stay text.

    Answers called "yes", "no", "on" and "off" must stay strings; dates are parsed by the models.
    """


RulesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
RulesLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loads of large trees are 2-3x faster without it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Document:
    """One parsed YAML file: its data, the line of each ``id:``-bearing mapping, its bytes' hash."""

    path: Path
    display: str
    data: Any
    sha256: str
    id_lines: dict[str, int] = field(default_factory=dict)
    root: yaml.Node | None = None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest YAML node that ``loc`` (a pydantic error location) reaches."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes: a regular file only (a FIFO, device or folder is refused without
    waiting on it), read up to ``MAX_BYTES`` + 1 bytes at most whatever its size claims."""
    from isp_wizard.fsutil import NotRegularFileError, TooLargeError, read_limited

    try:
        return read_limited(path, MAX_BYTES)
    except TooLargeError:
        raise ProblemsFound([Problem(display, None, f"file is too large (the limit is "
                                                    f"{MAX_BYTES:,} bytes)")]) from None
    except NotRegularFileError as exc:
        why = "a folder" if str(exc).endswith("a folder") else \
            "not a regular file (a pipe, device or socket); only plain files are read"
        raise ProblemsFound([Problem(display, None, why)]) from None
    except OSError as exc:
        raise ProblemsFound([Problem(display, None, f"cannot read file: "
                                                    f"{exc.strerror or exc}")]) from exc


def parse(raw: bytes, path: Path, display: str, sha256: str) -> Document:
    """Parse one file's bytes into a Document, or raise ProblemsFound saying why not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemsFound(
            [Problem(display, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the "
                                    "file as UTF-8")]
        ) from exc
    if not text.strip():
        raise ProblemsFound([Problem(display, None, "file is empty")])
    entries = raw.count(b":") + raw.count(b",") + raw.count(b"- ")
    if entries > MAX_ENTRIES:
        raise ProblemsFound([Problem(display, None, f"the file holds too many entries "
                                                    f"(about {entries:,}; the limit is "
                                                    f"{MAX_ENTRIES:,})")])
    loader = RulesLoader(text)
    try:
        with gc_paused():  # composing allocates a node per value: the GC would rescan them all
            root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(x for x in (exc.context, exc.problem) if x) or "not valid YAML"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message = "a tab character; YAML must be indented with spaces"
        raise ProblemsFound(
            [Problem(display, mark.line + 1 if mark else None, f"not valid YAML: {message}")]
        ) from exc
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ProblemsFound([Problem(display, line, f"not valid YAML: the control character "
                                                    f"U+{ord(char):04X} is not allowed")]) from exc
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise ProblemsFound([Problem(display, None, f"not valid YAML: {message}")]) from exc
    finally:
        loader.dispose()
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null"):
        raise ProblemsFound([Problem(display, None, "file is empty")])
    builder = _Builder(loader, display)
    with gc_paused():
        data = builder.build(root)
    if builder.problems:
        problems = builder.problems
        if builder.aliases_seen:
            problems = [p for p in problems if p.message != ALIAS_MESSAGE]
            problems += [Problem(display, line, ALIAS_MESSAGE) for line in _alias_lines(text)]
            problems.sort(key=lambda p: p.line or 0)
        raise ProblemsFound(problems)
    return Document(path, display, data, sha256, builder.id_lines, root)


def _alias_lines(text: str) -> list[int]:
    """The lines that hold an anchor (&) or an alias (*): the composed nodes only know where
    the anchored value is, so the tokens are read again (only for a file that has them)."""
    lines: set[int] = set()
    try:
        for token in yaml.scan(text, Loader=RulesLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                lines.add(token.start_mark.line + 1)
    except yaml.YAMLError:
        pass
    return sorted(lines)


class _Builder:
    """Turns a composed node graph into plain data, noting problems and ``id`` lines."""

    def __init__(self, loader: RulesLoader, display: str) -> None:
        self.loader = loader
        self.display = display
        self.problems: list[Problem] = []
        self.id_lines: dict[str, int] = {}
        self._seen: set[int] = set()
        self._alias_lines: set[int] = set()
        self._depth = 0

    def build(self, node: yaml.Node) -> Any:
        # An alias is the very node object its anchor made: meeting one twice means an alias.
        if id(node) in self._seen:
            self._alias(node)
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            if node.tag not in _PLAIN_TAGS:  # no !!binary, !!python/…, !custom: only plain data
                self._problem(node, f"cannot read value {_short(node.value)} (tag {node.tag})")
                return None
            try:
                return self.loader.yaml_constructors[node.tag](self.loader, node)
            except (KeyError, yaml.YAMLError, ValueError):
                self._problem(node, f"cannot read value {_short(node.value)} (tag {node.tag})")
                return None
        if self._depth >= MAX_DEPTH:  # rule files nest a dozen levels; far more is an attack
            self._problem(node, f"nested more than {MAX_DEPTH} levels deep")
            return None
        self._depth += 1
        try:
            return self._collection(node)
        finally:
            self._depth -= 1

    def _collection(self, node: yaml.Node) -> Any:
        if len(node.value) > MAX_ITEMS:
            self._problem(node, f"a list or mapping of {len(node.value):,} entries (the limit "
                                f"is {MAX_ITEMS:,})")
            return None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, f"unsupported tag {node.tag}")
            return [self.build(item) for item in node.value]
        if node.tag != _MAP:
            self._problem(node, f"unsupported tag {node.tag}")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "merge keys (<<) are not allowed in rule files")
                continue
            key = self.build(key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                self._problem(key_node, "a key must be plain text")
                continue
            if key in result:
                self._problem(key_node, f"duplicate key {key!r}")
                continue
            result[key] = self.build(value_node)
        ident = result.get("id")
        if isinstance(ident, str) and ident not in self.id_lines:
            self.id_lines[ident] = node.start_mark.line + 1
        elif isinstance(result.get("name"), str) and "expected" in result:
            # A scenario has a name, not an id; ids cannot hold ":", so the key is free.
            self.id_lines.setdefault(SCENARIO_KEY + result["name"], node.start_mark.line + 1)
        return result

    @property
    def aliases_seen(self) -> bool:
        return bool(self._alias_lines)

    def _alias(self, node: yaml.Node) -> None:
        """Report aliases once per line: a "billion laughs" file gives a few lines, not millions."""
        line = node.start_mark.line + 1
        if line not in self._alias_lines:
            self._alias_lines.add(line)
            self._problem(node, ALIAS_MESSAGE)

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.display, node.start_mark.line + 1, message))


def _short(value: str, limit: int = 80) -> str:
    """A value quoted for a message: a 100,000-digit number is not echoed whole."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"

