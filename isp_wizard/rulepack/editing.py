"""Editing the partnership's catalogues and a tree's governance, written back as YAML a person
can still read.

The Partnership setup page and ``isp-wizard partnership`` both go through here:

1. ``open_file`` reads a rule file and remembers its SHA-256;
2. ``field_problems`` checks an entry as typed, field by field, with the rule format's own
   models (those ``rules validate`` uses) and the pack's cross-references;
3. ``apply_change`` edits the file with a round-trip YAML library (ruamel.yaml) and splices only
   the edited entry's new text into the file's own bytes, so comments, key order and layout
   elsewhere are kept byte for byte;
4. ``pack_problems`` loads the whole pack with the new file in a scratch copy of the folder: a
   change that adds an error is refused before anything is replaced;
5. ``save`` writes atomically, and only if the file on disk is still the one that was opened.

Every failure is an ``EditError`` with a plain message; nothing typed is lost, since the caller
keeps the values until a save succeeds.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import hashlib
import io
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from isp_wizard.errors import RulesError
from isp_wizard.rulepack.models import Contact, Governance, Isa, Partner, Reference
from isp_wizard.rulepack.pack import RulePack, load_pack, rule_files

ENTRY_MODELS: dict[str, type[BaseModel]] = {
    "contacts": Contact, "partners": Partner, "isas": Isa, "references": Reference,
}
"""The catalogues that can be edited, each with the model of one entry."""
GOVERNANCE = "governance"
KIND_WORDS = {"contacts": "contact", "partners": "partner", "isas": "agreement",
              "references": "reference", GOVERNANCE: "tree's governance"}


_BLOCK_LIST = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", re.MULTILINE)


class EditError(RulesError):
    """An edit that cannot be made or saved, said plainly (nothing was written)."""


class ChangedOnDiskError(EditError):
    """The file was changed by someone else since it was opened."""


@dataclass(frozen=True)
class OpenedFile:
    """A rule file as it was when opened: its text and the SHA-256 of its bytes."""

    path: Path
    text: str
    sha256: str


@dataclass(frozen=True)
class Change:
    """One entry as typed: ``kind`` is a catalogue or "governance"; ``target`` the id of the
    entry edited ("" to add one; for governance, the tree id); ``values`` the whole entry."""

    kind: str
    target: str
    values: Mapping[str, Any] = field(default_factory=dict)
    remove: bool = False


@dataclass(frozen=True)
class Proposal:
    """What saving a change would write: the new text and a readable diff of it."""

    opened: OpenedFile
    text: str
    diff: str


# --- reading -----------------------------------------------------------------------------------


def file_for(pack: RulePack, change: Change) -> Path:
    """The rule file a change edits."""
    if change.kind == GOVERNANCE:
        loaded = pack.trees.get(change.target)
        if loaded is None or loaded.path is None:
            raise EditError(f"there is no tree called {change.target!r} to edit")
        return loaded.path
    if change.kind not in ENTRY_MODELS:
        raise EditError(f"{change.kind!r} cannot be edited here")
    return pack.root / f"{change.kind}.yaml"


def open_file(path: Path) -> OpenedFile:
    """The file's text and hash, or EditError saying plainly why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise EditError(f"{path} cannot be found: is the rules folder on a drive that is not "
                        "connected?") from exc
    except PermissionError as exc:
        raise EditError(f"{path} cannot be read: you do not have permission") from exc
    except OSError as exc:
        raise EditError(f"{path} cannot be reached ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{path} is not UTF-8 text") from exc
    return OpenedFile(path, text, hashlib.sha256(raw).hexdigest())


def entry_values(pack: RulePack, kind: str, entry_id: str) -> dict[str, Any]:
    """The entry's values as a form shows them (every field, defaults filled in)."""
    if kind == GOVERNANCE:
        return pack.tree(entry_id).tree.governance.model_dump()
    catalogue: Mapping[str, BaseModel] = getattr(pack, kind)
    if entry_id not in catalogue:
        raise EditError(f"there is no {KIND_WORDS[kind]} {entry_id!r}")
    return catalogue[entry_id].model_dump()


def blank_values(kind: str) -> dict[str, Any]:
    """A new entry's starting values: each field's default, required text empty."""
    model = Governance if kind == GOVERNANCE else ENTRY_MODELS[kind]
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        values[name] = info.get_default(call_default_factory=True) if not info.is_required() \
            else ""
    return values


# --- checking as typed -------------------------------------------------------------------------


def field_problems(pack: RulePack, change: Change,
                   today: dt.date | None = None) -> dict[str, str]:
    """What is wrong with the entry as typed, by field name ("" for the entry as a whole):
    the rule format's own checks, then the pack's (duplicates, ids that point nowhere, an
    agreement with no parties, a review date already past)."""
    today = today or dt.date.today()
    if change.remove:
        return _removal_problems(pack, change)
    model = Governance if change.kind == GOVERNANCE else ENTRY_MODELS[change.kind]
    problems: dict[str, str] = {}
    try:
        model.model_validate(dict(change.values))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else ""
            problems.setdefault(name, _plain(err))
    values = change.values
    if change.kind == GOVERNANCE:
        review = values.get("next_review")
        if isinstance(review, dt.date) and review < today:
            problems.setdefault("next_review", f"{review.isoformat()} has passed: give the date "
                                               "of the next review, after today")
        approved = values.get("approved_on")
        if isinstance(approved, dt.date) and approved > today:
            problems.setdefault("approved_on", "an approval cannot be dated in the future")
        return problems
    new_id = str(values.get("id", ""))
    catalogue: Mapping[str, Any] = getattr(pack, change.kind)
    if new_id and new_id != change.target and new_id in catalogue:
        problems.setdefault("id", f"another {KIND_WORDS[change.kind]} already has the id "
                                  f"{new_id!r}")
    if change.target and new_id != change.target:
        used = _users(pack, change.kind, change.target)
        if used:
            problems.setdefault("id", f"{used} use the id {change.target!r}; changing it would "
                                      f"leave them naming an unknown {KIND_WORDS[change.kind]}")
    if change.kind == "partners":
        unknown = [i for i in values.get("isas") or [] if i not in pack.isas]
        if unknown:
            problems.setdefault("isas", "unknown agreement " + ", ".join(map(repr, unknown))
                                + f" (agreements: {', '.join(pack.isas) or 'none'})")
    if change.kind == "isas":
        parties = values.get("parties") or []
        unknown = [p for p in parties if p not in pack.partners and p != change.target]
        if not parties:
            problems.setdefault("parties", "an agreement needs at least one party")
        elif unknown:
            problems.setdefault("parties", "unknown partner " + ", ".join(map(repr, unknown))
                                + f" (partners: {', '.join(pack.partners) or 'none'})")
        review = values.get("review")
        if isinstance(review, dt.date) and review < today:
            problems.setdefault("review", f"{review.isoformat()} has passed: an agreement "
                                          "needs a review date after today")
    return problems


def _removal_problems(pack: RulePack, change: Change) -> dict[str, str]:
    used = _users(pack, change.kind, change.target)
    if used:
        return {"": f"{used} use {change.target!r}; removing it would leave them naming an "
                    f"unknown {KIND_WORDS[change.kind]}"}
    return {}


def _users(pack: RulePack, kind: str, entry_id: str) -> str:
    """Who names ``entry_id`` of catalogue ``kind``, in words ("" when nobody does)."""
    users: list[str] = []
    if kind in ("contacts", "references"):
        for tree_id, loaded in sorted(pack.trees.items()):
            for node in loaded.compiled.values():
                named = node.named() if kind == "contacts" else node.cited()
                if entry_id in named:
                    users.append(f"the tree {tree_id}")
                    break
    elif kind == "partners":
        users += [f"the agreement {i.id}" for i in pack.isas.values() if entry_id in i.parties]
    elif kind == "isas":
        users += [f"the partner {p.id}" for p in pack.partners.values() if entry_id in p.isas]
    return " and ".join([", ".join(users[:-1]), users[-1]] if len(users) > 1 else users)


def _plain(err: Any) -> str:
    message = str(err.get("msg", "is not valid"))
    if err.get("type") == "string_pattern_mismatch":
        return "use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit"
    if err.get("type") == "string_too_short":
        return "this is needed"
    if err.get("type") == "missing":
        return "this is needed"
    return message.removeprefix("Value error, ")


# --- writing the YAML --------------------------------------------------------------------------


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the author wrote on one line
    found = _BLOCK_LIST.search(text)  # a key, then its list: how far the dashes are indented
    offset = len(found.group(2)) - len(found.group(1)) if found else 2
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _load(text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml(text).load(text)
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML any more ({exc})") from exc


def _dump(text: str, doc: Any) -> str:
    out = io.StringIO()
    _yaml(text).dump(doc, out)
    return out.getvalue()


def _as_yaml_value(old: Any, new: Any) -> Any:
    """``new`` in the style ``old`` was written in (a list on one line stays on one line)."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(new, (list, tuple)):
        seq = CommentedSeq(list(new))
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        elif not isinstance(old, CommentedSeq) and all(isinstance(v, str) and len(v) < 30
                                                       for v in new):
            seq.fa.set_flow_style()  # short ids on one line, as the shipped files write them
        return seq
    if isinstance(new, str) and isinstance(old, str) and type(old) is not str and old == new:
        return old  # unchanged text keeps its quoting or block style
    if isinstance(new, str) and "\n" in new.strip():
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(new.rstrip("\n") + "\n")
    return new


def _update(mapping: Any, values: Mapping[str, Any], model: type[BaseModel]) -> None:
    """Set ``values`` on the YAML mapping, keeping its key order: a field left at its default
    and not written before stays unwritten; an emptied optional field is removed."""
    for name, info in model.model_fields.items():
        if name not in values:
            continue
        new = values[name]
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if name in mapping:
            if new == mapping[name]:
                continue
            if not info.is_required() and new == default and new in ("", None, [], ()):
                del mapping[name]
                continue
            mapping[name] = _as_yaml_value(mapping[name], new)
        elif info.is_required() or new != default:
            mapping[name] = _as_yaml_value(None, new)


def _key_line(doc: Any, key: str) -> int:
    return int(doc.lc.key(key)[0])


def _next_key_line(doc: Any, key: str, total: int) -> int:
    keys = list(doc)
    index = keys.index(key)
    return _key_line(doc, keys[index + 1]) if index + 1 < len(keys) else total


def _trimmed(lines: list[str], start: int, end: int, column: int) -> int:
    """``end`` moved back over the blank lines and comments (at or left of ``column``) that
    close a region: they belong to what follows, and stay as they are."""
    while end > start + 1:
        line = lines[end - 1]
        stripped = line.strip()
        if stripped and not (stripped.startswith("#") and len(line) - len(line.lstrip()) <= column):
            break
        end -= 1
    return end


def _region(doc: Any, text: str, change: Change, index: int | None) -> tuple[int, int]:
    """The lines [start, end) of ``text`` (parsed as ``doc``) that hold what ``change`` edits:
    list item ``index`` or, for governance, the ``governance:`` block; the comments and blank
    lines that follow it are not part of it. No block yet: an empty region where it goes."""
    lines = text.splitlines(keepends=True)
    total = len(lines)
    if change.kind == GOVERNANCE:
        if GOVERNANCE not in doc:
            line = _key_line(doc, "start") if "start" in doc else total
            return line, line
        start = _key_line(doc, GOVERNANCE)
        return start, _trimmed(lines, start, _next_key_line(doc, GOVERNANCE, total), 0)
    items = doc[change.kind]
    assert index is not None
    start, column = (int(x) for x in items.lc.item(index))
    stop = int(items.lc.item(index + 1)[0]) if index + 1 < len(items) else \
        _next_key_line(doc, change.kind, total)
    return start, _trimmed(lines, start, stop, max(column - 2, 0))


def apply_change(opened: OpenedFile, change: Change) -> str:
    """The file's new text with ``change`` made: only the edited entry's lines differ."""
    from ruamel.yaml.comments import CommentedMap

    text = opened.text
    if text and not text.endswith("\n"):
        text += "\n"
    doc: Any = _load(text)
    if type(doc).__name__ != "CommentedMap":
        raise EditError(f"{opened.path.name} does not hold a mapping at the top")
    old_lines = text.splitlines(keepends=True)
    if change.kind == GOVERNANCE:
        old = _region(doc, text, change, None)
        block = doc.get(GOVERNANCE)
        if block is None:
            block = CommentedMap()
            keys = list(doc)
            doc.insert(keys.index("start") if "start" in keys else len(keys), GOVERNANCE, block)
        _update(block, change.values, Governance)
        new_text = _dump(text, doc)
        new = _region(_load(new_text), new_text, change, None)
    else:
        items: Any = doc.get(change.kind)
        if type(items).__name__ != "CommentedSeq":
            raise EditError(f"{opened.path.name} has no '{change.kind}:' list")
        if items and items.fa.flow_style():
            raise EditError(f"{opened.path.name} writes its list on one line; edit it by hand")
        ids = [str(item.get("id", "")) if isinstance(item, dict) else "" for item in items]
        if change.target and change.target not in ids:
            raise ChangedOnDiskError(f"{opened.path.name} no longer has "
                                     f"{KIND_WORDS[change.kind]} {change.target!r}")
        if change.remove:
            start, end = _region(doc, text, change, ids.index(change.target))
            return "".join(old_lines[:start] + old_lines[end:])
        model = ENTRY_MODELS[change.kind]
        if change.target:
            index = ids.index(change.target)
            old = _region(doc, text, change, index)
            _update(items[index], change.values, model)
        else:
            if not ids:
                raise EditError(f"{opened.path.name} has no entries to follow; add the first "
                                "by hand")
            index = len(ids)
            end = _region(doc, text, change, index - 1)[1]
            old = (end, end)  # the new entry goes straight after the last one
            entry = CommentedMap()
            _update(entry, change.values, model)
            items.append(entry)
        new_text = _dump(text, doc)
        new = _region(_load(new_text), new_text, change, index)
    new_lines = new_text.splitlines(keepends=True)
    spliced = "".join(old_lines[:old[0]] + new_lines[new[0]:new[1]] + old_lines[old[1]:])
    if _plain_data(_load(spliced)) != _plain_data(_load(new_text)):
        raise EditError(f"{opened.path.name} could not be changed cleanly; edit it by hand")
    return spliced


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value if not isinstance(value, str) else str(value)


def readable_diff(opened: OpenedFile, new_text: str, name: str = "") -> str:
    """The change as a unified diff a person reads before saving."""
    name = name or opened.path.name
    return "".join(difflib.unified_diff(opened.text.splitlines(keepends=True),
                                        new_text.splitlines(keepends=True),
                                        f"{name} (now)", f"{name} (after saving)", n=2))


# --- checking the whole pack -------------------------------------------------------------------


def pack_problems(pack: RulePack, path: Path, new_text: str,
                  today: dt.date | None = None) -> list[str]:
    """The errors the whole pack would have with ``new_text`` in ``path`` that it has not now:
    loaded from a scratch copy of the rule files, as ``rules validate`` loads them."""
    from isp_wizard.rulepack.lint import lint_pack

    root = pack.root
    with tempfile.TemporaryDirectory(prefix="isp-wizard-edit-") as scratch:
        copy = Path(scratch) / root.name
        copy.mkdir()
        for source in rule_files(root):
            if source.is_file():
                target = copy / source.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        (copy / path.relative_to(root)).write_text(new_text, encoding="utf-8")
        after = load_pack(copy, lint=lambda p: lint_pack(p, today))
    before = {(p.path, p.message) for p in pack.problems if p.severity == "error"}
    return [str(p) for p in after.errors if (p.path, p.message) not in before]


def propose(pack: RulePack, change: Change, today: dt.date | None = None) -> Proposal:
    """Check ``change`` as typed and against the whole pack; the new text and its diff.

    EditError lists what is wrong when anything is (nothing is written here)."""
    problems = field_problems(pack, change, today)
    if problems:
        raise EditError("; ".join(f"{k}: {v}" if k else v for k, v in problems.items()))
    opened = open_file(file_for(pack, change))
    text = apply_change(opened, change)
    if text == opened.text:
        raise EditError("nothing has changed")
    errors = pack_problems(pack, opened.path, text, today)
    if errors:
        raise EditError("the rules would not load cleanly after this change: "
                        + "; ".join(errors[:5]))
    return Proposal(opened, text, readable_diff(opened, text))


def save(proposal: Proposal) -> None:
    """Replace the file with the proposal's text, atomically, if it is still as it was opened."""
    from isp_wizard.fsutil import write_atomically

    path = proposal.opened.path
    now = open_file(path)
    if now.sha256 != proposal.opened.sha256:
        raise ChangedOnDiskError(f"{path.name} was changed by someone else since you opened "
                                 "it. Nothing was saved and what you typed is kept: reload to "
                                 "see their change, then make yours again.")
    try:
        mode = path.stat().st_mode & 0o777
        write_atomically(path, proposal.text.encode("utf-8"), mode=mode)
    except PermissionError as exc:
        raise EditError(f"the rules folder {path.parent} is read-only for you, so nothing was "
                        "saved; what you typed is kept. Ask for write access, or copy the "
                        "rules folder somewhere you can write and open that.") from exc
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES):
            raise EditError(f"the rules folder {path.parent} is read-only, so nothing was "
                            "saved; what you typed is kept.") from exc
        raise EditError(f"the rules folder {path.parent} cannot be reached "
                        f"({exc.strerror or exc}); nothing was saved and what you typed is "
                        "kept.") from exc



# --- fields as typed ---------------------------------------------------------------------------


def field_shape(kind: str, name: str) -> str:
    """How a field is typed: "text", "flag" (yes/no), "maybe" (yes/no/not known), "list" or
    "date"."""
    model = Governance if kind == GOVERNANCE else ENTRY_MODELS[kind]
    info = model.model_fields.get(name)
    if info is None:
        raise EditError(f"a {KIND_WORDS[kind]} has no field {name!r} (fields: "
                        f"{', '.join(model.model_fields)})")
    shown = str(info.annotation)
    if "list" in shown:
        return "list"
    if "date" in shown:
        return "date"
    if "bool" in shown:
        return "maybe" if "None" in shown or "Optional" in shown else "flag"
    return "text"


_YES = {"true", "yes", "y"}
_NO = {"false", "no", "n"}
_UNKNOWN = {"", "unknown", "not known", "none", "null"}


def parse_field(kind: str, name: str, text: str) -> Any:
    """A field's value from the words typed for it; lists are separated by ';'."""
    shape = field_shape(kind, name)
    word = text.strip()
    if shape == "list":
        return [part.strip() for part in word.split(";") if part.strip()]
    if shape == "date":
        if not word:
            return None
        try:
            return dt.date.fromisoformat(word)
        except ValueError as exc:
            raise EditError(f"{name}: {word!r} is not a date written as YYYY-MM-DD") from exc
    if shape in ("flag", "maybe"):
        if word.lower() in _YES:
            return True
        if word.lower() in _NO:
            return False
        if shape == "maybe" and word.lower() in _UNKNOWN:
            return None
        allowed = "yes, no or unknown" if shape == "maybe" else "yes or no"
        raise EditError(f"{name}: {word!r} is not {allowed}")
    return text


def shown_field(value: Any) -> str:
    """A field's value as it is typed (the reverse of ``parse_field``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
