"""The JSON Schemas under rules/schema/ are current, and every rule file points editors at one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from isp_wizard.rulepack.pack import CATALOGUES, rule_files
from isp_wizard.rulepack.schema import SCHEMAS, render, write_schemas

ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = ROOT / "rules"
FIXTURE = ROOT / "tests" / "fixtures" / "demo-rules"
POINTER = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_the_exported_schemas_are_current() -> None:
    stale = write_schemas(SHIPPED / "schema", check_only=True)
    assert stale == [], f"run `isp-wizard rules schema` to regenerate: {stale}"


def test_write_schemas_writes_what_differs_and_nothing_else(tmp_path: Path) -> None:
    assert sorted(write_schemas(tmp_path)) == sorted(SCHEMAS)
    assert write_schemas(tmp_path) == []
    (tmp_path / "tree.schema.json").write_text("{}", encoding="utf-8")
    assert write_schemas(tmp_path, check_only=True) == ["tree.schema.json"]
    assert (tmp_path / "tree.schema.json").read_text(encoding="utf-8") == "{}"
    assert write_schemas(tmp_path) == ["tree.schema.json"]
    assert write_schemas(tmp_path, check_only=True) == []


def test_the_tree_schema_speaks_the_rule_format() -> None:
    schema = json.loads(render(SCHEMAS["tree.schema.json"]))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    text = json.dumps(schema)
    for word in ("answer-of", "partner-of", "grounds", "lawful_basis", "schedule_1",
                 "criminal_offence", "exemption", "share_with_conditions",
                 "seek_advice", "branches", "start_tree"):
        assert f'"{word}"' in text, word
    assert set(schema["required"]) >= {"id", "title", "version", "effective", "start", "nodes"}


@pytest.mark.parametrize("root", [SHIPPED, FIXTURE], ids=["shipped", "fixture"])
def test_every_rule_file_points_editors_at_its_schema(root: Path) -> None:
    wanted = {"trees": "tree", "scenarios": "scenarios"}
    for path in rule_files(root):
        if not path.exists():
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = POINTER.match(first)
        assert match, f"{path}: the first line should be a yaml-language-server $schema comment"
        target = (path.parent / match.group(1)).resolve()
        kind = path.stem if path.stem in CATALOGUES else wanted[path.parent.name]
        assert target == (SHIPPED / "schema" / f"{kind}.schema.json").resolve(), path
        assert target.exists(), target
