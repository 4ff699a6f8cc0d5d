"""Appending a scenario to a scenarios file, keeping the file's comments and layout.

The new entry is added as text at the end of the ``scenarios:`` list, in the file's own
indentation; the result is checked by the same loader ``rules test`` uses before it replaces
the file (atomically), so a save can never leave a broken or half-written file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from isp_wizard.errors import ScenarioError
from isp_wizard.rulepack.models import AnswerValue, Decision, Scenario, ScenariosFile

_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ", re.MULTILINE)
_EMPTY_LIST = re.compile(r"^scenarios:[ \t]*\[\][ \t]*(#.*)?$", re.MULTILINE)


def scenario_from_walk(name: str, case: str, answers: dict[str, AnswerValue], outcome_node: str,
                       decision: Decision | None, notes: str = "") -> Scenario:
    """A scenario whose expected outcome is the one this walk reached."""
    return Scenario(name=name.strip(), case=case.strip(), answers=dict(answers),
                    expected=outcome_node, expected_decision=decision, notes=notes.strip())


def scenario_yaml(scenario: Scenario, indent: str = "  ") -> str:
    data: dict[str, object] = {"name": scenario.name, "case": scenario.case,
                               "answers": dict(scenario.answers), "expected": scenario.expected}
    if scenario.expected_decision:
        data["expected_decision"] = scenario.expected_decision
    if scenario.notes:
        data["notes"] = scenario.notes
    text = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=96,
                          default_flow_style=False)
    return "".join(indent + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def append_scenario(path: Path, tree_id: str, scenario: Scenario) -> None:
    """Add ``scenario`` to the scenarios file at ``path`` (made if missing) for ``tree_id``."""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"{path}: cannot read the scenarios file ({exc})") from exc
        current = _load(text, path)
        if current.tree != tree_id:
            raise ScenarioError(f"{path.name} holds scenarios for the tree {current.tree!r}, "
                                f"not {tree_id!r}")
        if any(s.name == scenario.name for s in current.scenarios):
            raise ScenarioError(f"{path.name} already has a scenario called {scenario.name!r}")
        text = _EMPTY_LIST.sub("scenarios:", text)
        found = _ITEM.search(text)
        indent = found.group("indent") if found else "  "
        if not text.endswith("\n"):
            text += "\n"
    else:
        text = (f"# Scenarios for the tree `{tree_id}`: the trees' tests and the trainers' "
                f"exercises.\ntree: {tree_id}\nscenarios:\n")
        current = ScenariosFile(tree=tree_id, scenarios=[])
        indent = "  "
    text += scenario_yaml(scenario, indent)
    written = _load(text, path)
    if len(written.scenarios) != len(current.scenarios) + 1 or written.scenarios[-1] != scenario:
        raise ScenarioError(f"{path.name}: the scenario could not be added cleanly; "
                            "add it by hand")
    from isp_wizard.fsutil import write_atomically

    try:
        write_atomically(path, text.encode("utf-8"), mode=0o644)  # shared with the rules
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot write the scenarios file ({exc})") from exc


def _load(text: str, path: Path) -> ScenariosFile:
    from pydantic import ValidationError

    from isp_wizard.rulepack.problems import ProblemsFound
    from isp_wizard.rulepack.yamlio import parse

    raw = text.encode("utf-8")
    try:
        doc = parse(raw, path, path.name, hashlib.sha256(raw).hexdigest())
        return ScenariosFile.model_validate(doc.data)
    except ProblemsFound as exc:
        raise ScenarioError(f"{path.name} is not a valid scenarios file: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ScenarioError(f"{path.name} is not a valid scenarios file: {where}: "
                            f"{first['msg']}") from exc
