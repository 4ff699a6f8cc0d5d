"""One boolean rule: ``rules validate`` refuses what the JSON Schema refuses — only true and false
are booleans — and says where, as path:line: message naming the field."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from isp_wizard.rulepack import load_pack, models

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
SCHEMA = Path(__file__).resolve().parents[2] / "rules" / "schema"
NOT_BOOLEANS: list[Any] = ["yes", "no", "off", "on", "true", "True", 1, 0]


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


def _replace(path: Path, old: str, new: str) -> int:
    """Edit one line of a rule file; the 1-based line that now holds ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before.count("\n") + 1


@pytest.mark.parametrize("value", ['"yes"', "off", "1", '"no"', "0"])
def test_an_outcome_flag_that_is_not_true_or_false_is_refused(pack_dir: Path, value: str) -> None:
    line = _replace(pack_dir / "trees" / "demo.yaml", "emergency: true", f"emergency: {value}")
    pack = load_pack(pack_dir)
    assert "demo" not in pack.trees
    [problem] = pack.errors
    assert (problem.path, problem.line) == ("rules/trees/demo.yaml", line)
    assert problem.message.startswith("nodes.3.emergency: ")
    assert "write true or false" in problem.message


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("references.yaml", "    kind: regulation\n", "    kind: regulation\n    confirmed: \"no\"\n",
     "references.0.confirmed"),
    ("partners.yaml", "relevant_authority: true", "relevant_authority: 1",
     "partners.0.relevant_authority"),
])
def test_a_catalogue_flag_that_is_not_true_or_false_is_named(
        pack_dir: Path, file: str, old: str, new: str, field: str) -> None:
    line = _replace(pack_dir / file, old, new) + new.rstrip("\n").count("\n")
    result = subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "validate",
                             str(pack_dir)], capture_output=True, text=True, timeout=60,
                            cwd=pack_dir.parent)
    assert result.returncode == 1, result.stdout
    assert f"rules/{file}:{line}: {field}: " in result.stdout, result.stdout


def test_true_and_false_still_load(pack_dir: Path) -> None:
    _replace(pack_dir / "trees" / "demo.yaml", "emergency: true", "emergency: false")
    pack = load_pack(pack_dir)
    assert pack.errors == []
    assert pack.trees["demo"].node("act-now").emergency is False


def _boolean_fields() -> list[tuple[str, str, Any]]:
    found = []
    for name, cls in inspect.getmembers(models, inspect.isclass):
        if not issubclass(cls, BaseModel) or cls.__module__ != models.__name__:
            continue
        for field_name, info in cls.model_fields.items():
            if _mentions_bool(info.annotation):
                found.append((name, field_name, info))
    return found


def _mentions_bool(annotation: Any) -> bool:
    return annotation is bool or any(_mentions_bool(a) for a in typing.get_args(annotation))


def test_every_boolean_field_of_the_rule_format_is_strict() -> None:
    fields = _boolean_fields()
    assert len(fields) >= 11, fields  # the walk finds them; a rename must not hide them
    for model, name, info in fields:
        annotation = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        for value in NOT_BOOLEANS:
            try:
                result = adapter.validate_python(value)
            except ValidationError:
                continue
            assert result == value and not isinstance(result, bool), (model, name, value)


def test_the_schema_calls_them_booleans_too() -> None:
    tree = json.loads((SCHEMA / "tree.schema.json").read_text(encoding="utf-8"))
    assert tree["$defs"]["OutcomeNode"]["properties"]["emergency"]["type"] == "boolean"
    partners = json.loads((SCHEMA / "partners.schema.json").read_text(encoding="utf-8"))
    relevant = partners["$defs"]["Partner"]["properties"]["relevant_authority"]
    assert {"type": "boolean"} in relevant["anyOf"]
