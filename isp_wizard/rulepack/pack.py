"""Loading a rules folder into a RulePack: every file validated, every problem reported.

A file that cannot be used is reported and skipped; the rest of the pack still loads. Parsed
files are cached by the SHA-256 of their bytes, so an unchanged pack loads warm in milliseconds.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from isp_wizard.rulepack import cache as parse_cache
from isp_wizard.rulepack.models import (
    ID_PATTERN,
    VERSION_PATTERN,
    Contact,
    ContactsFile,
    Isa,
    IsasFile,
    Node,
    OutcomeNode,
    Partner,
    PartnersFile,
    Reference,
    ReferencesFile,
    Scenario,
    ScenariosFile,
    Tree,
)
from isp_wizard.rulepack.nodes import AnyNode, compile_nodes
from isp_wizard.rulepack.problems import Problem, ProblemsFound
from isp_wizard.rulepack.sections import Section, find_sections, section_of
from isp_wizard.rulepack.yamlio import Document, gc_paused, parse, read_bytes

M = TypeVar("M", bound=BaseModel)
CATALOGUES = ("references", "partners", "contacts", "isas")


@dataclass
class LoadedTree:
    """A validated tree with what records need: its file, the SHA-256 of its bytes, node lines."""

    tree: Tree
    path: Path | None = None
    display: str = ""
    sha256: str = ""
    node_lines: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_tree(cls, tree: Tree) -> LoadedTree:
        return cls(tree=tree, display=f"<{tree.id}>")

    @property
    def id(self) -> str:
        return self.tree.id

    @cached_property
    def nodes(self) -> dict[str, Node]:
        return {node.id: node for node in self.tree.nodes}

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @cached_property
    def compiled(self) -> dict[str, AnyNode]:
        """Each node's object, by id: what the engine, lint and the drawings ask."""
        return compile_nodes(self.tree.nodes)

    @cached_property
    def sections(self) -> dict[str, Section]:
        """The tree's repeated sections, by the id of their ``each`` node."""
        return find_sections(self.compiled)

    @cached_property
    def section_of(self) -> dict[str, Section]:
        """The repeated section each node inside one belongs to."""
        return section_of(self.sections)

    @property
    def outcomes(self) -> list[OutcomeNode]:
        return [n.outcome for n in self.compiled.values() if n.outcome is not None]

    def line(self, node_id: str) -> int | None:
        return self.node_lines.get(node_id)


@dataclass
class ScenarioSet:
    tree: str
    path: Path
    display: str
    scenarios: list[Scenario]
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogueInfo:
    """Which catalogue file a pack read: its own version (if it gives one) and its SHA-256."""

    name: str
    display: str
    version: str | None
    sha256: str


@dataclass
class RulePack:
    root: Path
    trees: dict[str, LoadedTree] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    isas: dict[str, Isa] = field(default_factory=dict)
    scenario_sets: list[ScenarioSet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    catalogue_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """For each catalogue ("partners", ...), the line of each entry's id: for lint's messages."""
    catalogues: dict[str, CatalogueInfo] = field(default_factory=dict)
    """Each catalogue read ("partners", ...): version and SHA-256, which records name."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def tree(self, tree_id: str) -> LoadedTree:
        from isp_wizard.errors import UnknownTreeError

        try:
            return self.trees[tree_id]
        except KeyError:
            if tree_id in self.skipped:
                raise UnknownTreeError(f"tree {tree_id!r} ({self.skipped[tree_id]}) has errors "
                                       "and was skipped; `isp-wizard rules validate` lists "
                                       "them") from None
            known = ", ".join(sorted(self.trees)) or "none"
            raise UnknownTreeError(f"no tree called {tree_id!r} (trees: {known})") from None

    def scenarios_for(self, tree_id: str) -> list[Scenario]:
        return [s for group in self.scenario_sets if group.tree == tree_id for s in group.scenarios]


def display_path(root: Path, path: Path) -> str:
    """How problems name a file: from the rules folder's own name, e.g. ``rules/trees/a.yaml``,
    whatever way the folder was given (``.``, ``..``, relative or absolute)."""
    base = Path(os.path.abspath(root))  # not resolve(): a symlinked file keeps its place here
    try:
        return str(Path(base.name) / Path(os.path.abspath(path)).relative_to(base))
    except ValueError:
        return str(path)


def rule_files(root: Path) -> list[Path]:
    """Every YAML file the pack is made of, in a stable order."""
    files = [root / f"{name}.yaml" for name in CATALOGUES]
    for sub in ("trees", "scenarios"):
        folder = root / sub
        if folder.is_dir():
            # Hidden files are editors' locks and backups or macOS "._" copies, not rules.
            files += sorted(p for p in folder.iterdir()
                            if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return files


LOAD_BUDGET_S = 20.0
"""Reading the files of a rules folder stops after this long (a file on a share that hangs
between reads): the files not yet read are reported, and the app opens with what was read."""

_UNKNOWN = {"references": "cites unknown reference", "contacts": "names unknown contact",
            "partners": "unknown partner", "isas": "names unknown ISA"}


def load_pack(
    root: Path,
    *,
    cache_dir: Path | None = None,
    lint: Callable[[RulePack], list[Problem]] | None = None,
    budget_s: float = LOAD_BUDGET_S,
) -> RulePack:
    """Load, validate and lint the rules in ``root``.

    ``lint`` is run on the pack and the trees with errors are dropped from it; by default it is
    ``isp_wizard.rulepack.lint.lint_pack``. Reading stops after ``budget_s`` seconds.
    """
    import time

    from isp_wizard.errors import RulesFolderError

    if not root.is_dir():
        why = "is a file, not a rules folder" if root.exists() else \
            "the rules folder does not exist"
        raise RulesFolderError(f"{root}: {why}")
    pack = RulePack(root=root)
    reader = _Reader(root, cache_dir)
    deadline = time.monotonic() + budget_s
    unread: list[str] = []  # catalogues that could not be used
    claimed: dict[str, list[tuple[LoadedTree, Document]]] = {}
    with gc_paused():
        for name in CATALOGUES:
            path = root / f"{name}.yaml"
            if not path.exists() and not path.is_symlink():
                pack.problems.append(Problem(reader.display(path), None, "file is missing"))
                unread.append(name)
                continue
            models: dict[str, type[BaseModel]] = {
                "references": ReferencesFile, "partners": PartnersFile,
                "contacts": ContactsFile, "isas": IsasFile}
            model = models[name]
            loaded = reader.load(path, model)
            if loaded is not None:
                items = getattr(loaded[0], name)
                setattr(pack, name, _index(items, loaded[1], pack.problems))
                pack.catalogue_lines[name] = loaded[1].id_lines
                pack.catalogues[name] = CatalogueInfo(name, loaded[1].display,
                                                      getattr(loaded[0], "version", None),
                                                      loaded[1].sha256)
            else:
                unread.append(name)
        files = rule_files(root)[len(CATALOGUES):]
        for i, path in enumerate(files):
            if time.monotonic() > deadline:
                pack.problems += [Problem(reader.display(p), None, f"not read: reading the "
                                          f"rules took longer than {budget_s:g} s (is the "
                                          "folder on a slow or stalled share?)")
                                  for p in files[i:]]
                pack.skipped.update({p.stem: reader.display(p) for p in files[i:]
                                     if p.parent.name == "trees"})
                break
            if path.parent.name == "trees":
                loaded_tree = reader.load(path, Tree)
                if loaded_tree is None:
                    pack.skipped[path.stem] = reader.display(path)
                    continue
                tree, doc = loaded_tree
                claimed.setdefault(tree.id, []).append(
                    (LoadedTree(tree, path, doc.display, doc.sha256, doc.id_lines), doc))
            else:
                loaded_set = reader.load(path, ScenariosFile)
                if loaded_set is not None:
                    group, doc = loaded_set
                    pack.scenario_sets.append(ScenarioSet(group.tree, path, doc.display,
                                                          group.scenarios, doc.id_lines))
    _place_trees(pack, claimed)
    pack.problems += reader.problems
    if not pack.trees and not pack.skipped:
        pack.problems.append(Problem(reader.display(root / "trees"), None,
                                     "no trees found in trees/"))
    if lint is None:
        from isp_wizard.rulepack.lint import lint_pack

        lint = lint_pack
    with gc_paused():
        pack.problems += _softened(lint(pack), unread, reader)
    _drop_broken_trees(pack)
    pack.problems.sort(key=lambda p: (p.path, p.line or 0))
    return pack


def _place_trees(pack: RulePack, claimed: dict[str, list[tuple[LoadedTree, Document]]]
                 ) -> None:
    """Each tree id used by one file only is loaded; an id two files claim loads neither (a new
    file must never silently stand in for a shipped tree): both are named, with the file that
    had the id first (the older one)."""
    for tree_id, claims in claimed.items():
        if len(claims) == 1:
            pack.trees[tree_id] = claims[0][0]
            continue
        first = min(claims, key=lambda c: (_modified(c[0].path), c[0].display))[0].display
        names = ", ".join(c[0].display for c in claims)
        for _loaded, doc in claims:
            pack.problems.append(Problem(doc.display, doc.id_lines.get(tree_id),
                                         f"tree id {tree_id!r} is used by {len(claims)} files "
                                         f"({names}); none of them is loaded until one is "
                                         f"renamed or removed ({first} had it first)"))
        pack.skipped[tree_id] = claims[0][0].display


def _modified(path: Path | None) -> float:
    try:
        return path.stat().st_mtime if path is not None else 0.0
    except OSError:
        return 0.0


def _softened(problems: list[Problem], unread: list[str], reader: _Reader) -> list[Problem]:
    """With a catalogue that could not be read, a tree citing its ids is not broken: the
    "unknown …" errors become warnings, so one bad file does not disable every tree."""
    if not unread:
        return problems
    out = []
    for problem in problems:
        hit = next((n for n in unread if _UNKNOWN[n] in problem.message), None)
        if hit is not None and problem.severity == "error":
            problem = Problem(problem.path, problem.line,
                              f"{problem.message} ({reader.display(reader.root / hit)}.yaml "
                              "could not be read, so this is not checked)", "warning")
        out.append(problem)
    return out


def _drop_broken_trees(pack: RulePack) -> None:
    broken = {p.path for p in pack.problems if p.severity == "error"}
    for tree_id, loaded in list(pack.trees.items()):
        if loaded.display in broken:
            pack.skipped[tree_id] = loaded.display
            del pack.trees[tree_id]


def _index(items: Iterable[Any], doc: Document, problems: list[Problem]) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for item in items:
        if item.id in index:
            problems.append(Problem(doc.display, doc.id_lines.get(item.id),
                                    f"duplicate id {item.id!r}"))
        index[item.id] = item
    return index


class _Reader:
    """Reads and validates files, collecting problems and using the parse cache."""

    def __init__(self, root: Path, cache_dir: Path | None) -> None:
        self.root = root
        self.cache = parse_cache.ParseCache(cache_dir) if cache_dir else None
        self.problems: list[Problem] = []

    def display(self, path: Path) -> str:
        return display_path(self.root, path)

    def load(self, path: Path, model: type[M]) -> tuple[M, Document] | None:
        display = self.display(path)
        try:
            raw = read_bytes(path, display)
            sha = hashlib.sha256(raw).hexdigest()
            cached = self.cache.get(sha) if self.cache else None
            if cached is not None:
                doc = Document(path, display, cached.data, sha, cached.id_lines)
            else:
                doc = parse(raw, path, display, sha)
        except ProblemsFound as found:
            self.problems += found.problems
            return None
        try:
            result = model.model_validate(doc.data)
        except ValidationError as exc:
            if cached is None:
                self.problems += _validation_problems(exc, doc)
                return None
            # A cached copy: parse the file again, for line numbers and in case the cache entry
            # itself is stale or damaged; what counts is the file.
            cached = None
            try:
                doc = parse(raw, path, display, sha)
                result = model.model_validate(doc.data)
            except ProblemsFound as found:
                self.problems += found.problems
                return None
            except ValidationError as fresh:
                self.problems += _validation_problems(fresh, doc)
                return None
        if self.cache is not None and cached is None:
            self.cache.put(sha, doc.data, doc.id_lines)
        doc.root = None
        return result, doc


def _validation_problems(exc: ValidationError, doc: Document) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _file_location(err["loc"], doc.data, keep_last=err["type"] == "missing")
        if not loc and err["type"] == "model_type":
            problems.append(Problem(doc.display, doc.line_of(loc), "the file should be a "
                                    "mapping of keys and values (such as 'id:' and 'nodes:'), "
                                    f"not {_kind_of(err['input'])}"))
            continue
        where = ".".join(str(p) for p in loc) or "file"
        line = doc.line_of(loc)
        previous = problems[-1] if problems else None
        if previous and previous.line == line and previous.message.startswith(f"{where}: "):
            # The members of a union each said no: one problem, their reasons joined.
            problems[-1] = Problem(doc.display, line, f"{previous.message}; or {_plain(err)}")
            continue
        problems.append(Problem(doc.display, line, f"{where}: {_plain(err)}"))
    return problems


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "a single value" if not isinstance(value, dict) else "a mapping"


def _plain(err: Any) -> str:
    """pydantic's message, in words a rule author knows where pydantic's are technical."""
    pattern = (err.get("ctx") or {}).get("pattern")
    if err["type"] == "string_pattern_mismatch" and pattern == ID_PATTERN:
        return f"{_quoted(err['input'])} is not a valid id (use lower-case letters, digits, '-', '_' " \
               "and '.', starting with a letter or digit)"
    if err["type"] == "string_pattern_mismatch" and pattern == VERSION_PATTERN:
        return f"{_quoted(err['input'])} is not a version number like 1.0.0"
    if err["type"] in ("bool_type", "bool_parsing"):
        return f"{_quoted(err['input'])} is not a yes/no value: write true or false (without quotes)"
    return str(err["msg"])


def _quoted(value: object, limit: int = 80) -> str:
    """A value from the file, quoted for a message and cut short if long."""
    text = repr(value) if not isinstance(value, int) or value.bit_length() < 1000 else \
        f"a {len(str(value)) if value.bit_length() < 10_000 else 'very'}-digit number"
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _file_location(loc: Sequence[str | int], data: Any, *, keep_last: bool) -> list[str | int]:
    """pydantic's error location as keys and indexes of the file: the names of union members
    it adds ("question", "all", "str"…) are dropped, found by walking the data itself, since
    some of them ("text", "not") are also real keys. A missing key is kept as the last part."""
    found: list[str | int] = []
    for i, part in enumerate(loc):
        present = (isinstance(data, dict) and part in data) or \
            (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if present:
            data = data[part]
        elif isinstance(part, str) and _is_union_tag(part) and not (keep_last and
                                                                    i == len(loc) - 1):
            continue
        else:
            data = None
        found.append(part)
    return found


def _is_union_tag(part: str) -> bool:
    """pydantic puts the chosen union member in the location; it is not a key in the file."""
    return part in {"question", "multi", "text", "date", "partner", "info", "outcome",
                    "answer", "all", "any", "not", "str", "list[str]"} or \
        part.startswith(("function-", "tagged-"))
