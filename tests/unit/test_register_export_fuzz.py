"""Whatever is in a register export, reading and checking it never crashes: it is read and its
findings listed, or it is refused with an InputFileError."""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from isp_wizard.errors import InputFileError
from isp_wizard.store.exports import read_json_export
from isp_wizard.store.register import RegisterEntry, open_register

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8,
)


def valid_export() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        with open_register(Path(tmp) / "r.sqlite") as reg:
            for i in range(3):
                reg.append(RegisterEntry(
                    record_id=f"rec-{i}", created_utc="2026-04-01T10:00:00Z", tree_id="s115",
                    tree_version="1.0.0", tree_sha256="a" * 64, decision="share",
                    case_reference=f"C{i}", pdf_path=f"rec-{i}.pdf", pdf_sha256="b" * 64))
            reg.export_json(Path(tmp) / "e.json")
        return json.loads((Path(tmp) / "e.json").read_text(encoding="utf-8"))


VALID = valid_export()
PATHS = [("format",), ("version",), ("head",), ("head", "count"), ("head", "hash"),
         ("entries",), ("entries", 0), ("entries", 1, "entry_hash"), ("entries", 1, "prev_hash"),
         ("entries", 2, "training"), ("entries", 0, "record_id"), ("register",)]


@settings(max_examples=150, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_any_damage_to_an_export_is_handled(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    document = copy.deepcopy(VALID)
    for path, value in changes:
        target: Any = document
        for key in path[:-1]:
            try:
                target = target[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            with contextlib.suppress(IndexError, TypeError):
                target[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            exported = read_json_export(path)
        except InputFileError as exc:
            assert str(exc).startswith(str(path))
            return
        findings = exported.check()
        if document.get("head") is None and document.get("entries") == []:
            assert findings == []  # just what an empty register exports
        elif document != VALID:
            changed_entries = document["entries"] != VALID["entries"]
            changed_head = document.get("head") != VALID["head"]
            assert findings or not (changed_entries or changed_head)


def _read(document: dict[str, Any]) -> list[Any] | str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            return read_json_export(path).check()
        except InputFileError as exc:
            return str(exc)


def test_entries_that_are_not_a_list_are_refused_even_without_a_head() -> None:
    document = copy.deepcopy(VALID)
    document["head"], document["entries"] = None, {}
    assert "entries are not a list" in str(_read(document))


def test_a_head_that_is_not_a_proper_object_is_refused() -> None:
    for head in ({}, [], 0, "", {"count": True, "hash": "x"}, {"count": 3, "hash": None},
                 {"count": "3", "hash": VALID["head"]["hash"]}):
        document = copy.deepcopy(VALID)
        document["head"] = head
        assert "head" in str(_read(document)), head


def test_a_removed_head_with_entries_is_a_finding() -> None:
    document = copy.deepcopy(VALID)
    document["head"] = None
    findings = _read(document)
    assert isinstance(findings, list)
    assert [f.kind for f in findings] == ["head-missing"]
