"""JSON Schemas for rule files, generated from the models so editors check YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from isp_wizard.rulepack.models import (
    ContactsFile,
    IsasFile,
    PartnersFile,
    ReferencesFile,
    ScenariosFile,
    Tree,
)

SCHEMAS: dict[str, type[BaseModel]] = {
    "tree.schema.json": Tree,
    "scenarios.schema.json": ScenariosFile,
    "references.schema.json": ReferencesFile,
    "partners.schema.json": PartnersFile,
    "contacts.schema.json": ContactsFile,
    "isas.schema.json": IsasFile,
}


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, *, check_only: bool = False) -> list[str]:
    """Write each schema that differs from the file on disk; return the names that differed."""
    changed = []
    for name, model in SCHEMAS.items():
        path = folder / name
        text = render(model)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            changed.append(name)
            if not check_only:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return changed
