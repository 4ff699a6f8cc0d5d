"""``isp-wizard rules …`` end to end, in a subprocess: exit codes, output, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from isp_wizard import __version__

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                            capture_output=True, text=True, timeout=60, cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


# --- validate ------------------------------------------------------------------------------------


def test_validate_a_clean_pack_exits_0() -> None:
    result = run("rules", "validate", FIXTURE)
    assert result.returncode == 0
    assert result.stdout == "1 trees loaded, 0 skipped; 0 errors, 0 warnings, 0 unconfirmed " \
                            "items\n"


def test_validate_lists_every_problem_and_exits_1(rules: Path) -> None:
    tree = rules / "trees" / "demo.yaml"
    tree.write_text(tree.read_text().replace("next: what", "next: nowhere")
                    .replace("version: 1.0.0", "version: 1.0.0\nversion: 2.0.0"))
    (rules / "trees" / "other.yaml").write_text(textwrap.dedent("""\
        id: other
        title: Other
        version: 1.0.0
        effective: 2026-01-01
        summary: S
        start: a
        nodes:
          - {id: a, kind: question, text: A?, answers: [{value: "yes", label: Y, next: o}]}
          - {id: o, kind: outcome, text: O, decision: share}
        """))
    result = run("rules", "validate", rules, cwd=rules.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "rules/trees/demo.yaml:6: duplicate key 'version'",
        "rules/trees/other.yaml:9: outcome 'o' shares, but a route to it establishes no UK "
        "GDPR Article 6 lawful basis: a: Y",
        "0 trees loaded, 2 skipped; 2 errors, 0 warnings, 0 unconfirmed items",
    ]


def test_validate_strict_lists_unconfirmed_facts_and_fails_on_them(rules: Path) -> None:
    refs = rules / "references.yaml"
    refs.write_text(refs.read_text().replace("    kind: guidance\n",
                                             "    kind: guidance\n    confirmed: false\n"
                                             "    note: check the 2024 edition\n"))
    relaxed = run("rules", "validate", rules, cwd=rules.parent)
    assert relaxed.returncode == 0
    assert relaxed.stdout.splitlines()[-1].endswith("1 unconfirmed items (list them with "
                                                    "--strict)")
    strict = run("rules", "validate", "--strict", rules, cwd=rules.parent)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[:2] == [
        "rules/references.yaml:9: note: reference 'hmg-info-sharing-2024' is not confirmed: "
        "check the 2024 edition",
        "rules/contacts.yaml:3: note: contact 'dpo' (Data Protection Officer) is a placeholder: "
        "give the real person or service and set placeholder: false"]


def test_validate_unreadable_input_exits_2(tmp_path: Path) -> None:
    missing = run("rules", "validate", tmp_path / "nowhere")
    assert missing.returncode == 2
    assert missing.stderr == f"isp-wizard: {tmp_path / 'nowhere'}: the rules folder does not " \
                             "exist\n"
    a_file = tmp_path / "tree.yaml"
    a_file.write_text("id: x\n")
    result = run("rules", "validate", a_file)
    assert result.returncode == 2
    assert "is a file, not a rules folder" in result.stderr


def test_the_rules_option_and_the_default_folder(rules: Path) -> None:
    result = run("--rules", rules, "rules", "validate")
    assert result.returncode == 0
    assert result.stdout.startswith("1 trees loaded")


# --- test ----------------------------------------------------------------------------------------


def test_test_runs_every_scenario() -> None:
    result = run("rules", "test", FIXTURE)
    assert result.returncode == 0
    assert result.stdout == "2 passed, 0 failed\n"
    verbose = run("rules", "test", "-v", FIXTURE)
    assert verbose.stdout.splitlines() == [
        "PASS demo: emergency: ok", "PASS demo: clear purpose: ok", "2 passed, 0 failed"]


def test_a_failing_scenario_is_named_and_exits_1(rules: Path) -> None:
    scenarios = rules / "scenarios" / "demo.yaml"
    scenarios.write_text(scenarios.read_text() + textwrap.indent(textwrap.dedent("""\
        - name: wrong expectation
          case: A trainer's mistake.
          answers: {emergency: "no", purpose: "no"}
          expected: share
        - name: missing answer
          case: Stops half way.
          answers: {emergency: "no"}
          expected: share
        """), "  "))
    result = run("rules", "test", rules)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "FAIL demo: wrong expectation: expected 'share', reached 'do-not-share'",
        "FAIL demo: missing answer: no answer given for 'purpose' (“Is there a clear and "
        "legitimate purpose for sharing?”)",
        "2 passed, 2 failed",
    ]


def test_test_with_no_scenarios_fails(rules: Path) -> None:
    shutil.rmtree(rules / "scenarios")
    result = run("rules", "test", rules)
    assert result.returncode == 1
    assert result.stdout == "0 passed, 0 failed\n"


# --- graph and table -----------------------------------------------------------------------------


def test_graph_as_mermaid_and_dot(tmp_path: Path) -> None:
    mermaid = run("rules", "graph", "demo", "--dir", FIXTURE)
    assert mermaid.returncode == 0
    lines = mermaid.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    assert "  n_emergency -->|\"Yes\"| n_act_hnow" in lines
    assert sum("-->" in line for line in lines) == 7
    dot = run("rules", "graph", "demo", "--format", "dot", "--dir", FIXTURE,
              "--out", tmp_path / "demo.dot")
    assert dot.returncode == 0 and dot.stdout == ""
    text = (tmp_path / "demo.dot").read_text()
    assert text.startswith('digraph "demo" {')
    assert '"purpose" -> "ask-dpo" [label="Not sure"];' in text


def test_table_json_keeps_its_shape() -> None:
    result = run("rules", "table", "demo", "--format", "json", "--dir", FIXTURE)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["tree"] == "demo" and len(data["routes"]) == 5
    for route in data["routes"]:
        assert {"steps", "outcome"} <= set(route)
        assert all({"node", "text", "value", "label"} <= set(s) for s in route["steps"])
        assert {"node", "decision", "legal_basis"} <= set(route["outcome"])
    assert data["routes"][0] == {
        "steps": [{"node": "emergency", "text": "Is anyone at immediate risk of serious harm?",
                   "value": "yes", "label": "Yes"}],
        "outcome": {"node": "act-now", "decision": "share", "legal_basis": ["uk-gdpr-6-1-e"],
                    "grounds": {"lawful_basis": ["uk-gdpr-6-1-e"]},
                    "conditions": [], "consult": [], "start_tree": None},
    }


def test_table_as_markdown_and_csv(tmp_path: Path) -> None:
    md = run("rules", "table", "demo", "--dir", FIXTURE)
    assert md.returncode == 0
    assert md.stdout.startswith("# Decision table: Demonstration")
    assert md.stdout.count("\n| ") == 6  # the header and five routes
    out = tmp_path / "table.csv"
    assert run("rules", "table", "demo", "--format", "csv", "--dir", FIXTURE,
               "--out", out).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["outcome"] for r in rows] == ["act-now", "share", "do-not-share", "ask-dpo",
                                            "act-now"]


@pytest.mark.parametrize("args", [
    ("rules", "table", "nope", "--dir", str(FIXTURE)),
    ("rules", "graph", "nope", "--dir", str(FIXTURE)),
])
def test_an_unknown_tree_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr == "isp-wizard: no tree called 'nope' (trees: demo)\n"


def test_writing_to_a_folder_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    result = run("rules", "table", "demo", "--dir", FIXTURE, "--out",
                 tmp_path / "no" / "such" / "table.md")
    assert result.returncode == 2
    assert result.stderr.startswith("isp-wizard: cannot write ")


# --- usage ---------------------------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == f"isp-wizard {__version__}"
    assert "Python 3." in result.stdout


@pytest.mark.parametrize("args", [
    ("rules",), ("rules", "graph"), ("rules", "frobnicate"),
    ("rules", "table", "demo", "--format", "pdf"), ("--no-such-option",),
])
def test_bad_usage_exits_2_with_a_usage_message(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage: isp-wizard" in result.stderr


def test_help_exits_0() -> None:
    result = run("rules", "--help")
    assert result.returncode == 0
    assert "validate" in result.stdout and "table" in result.stdout


def test_output_to_a_file_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    # On Windows a redirected stdout is cp1252, which has no "→": the table must still come out.
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    result = subprocess.run([sys.executable, "-m", "isp_wizard", "rules", "table", "demo",
                             "--dir", str(FIXTURE)], capture_output=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "→ **Yes**" in result.stdout.decode("utf-8")


def test_a_reader_that_stops_early_is_no_traceback(rules: Path) -> None:
    islands = "".join(f"  - {{id: island-{i}, kind: info, text: Nobody comes here, next: o}}\n"
                      for i in range(3000))
    (rules / "trees" / "big.yaml").write_text(
        "id: big\ntitle: B\nversion: 1.0.0\neffective: 2026-01-01\nsummary: S\nstart: o\n"
        "nodes:\n  - {id: o, kind: outcome, text: O, decision: do_not_share}\n" + islands)
    result = subprocess.run(
        f"'{sys.executable}' -m isp_wizard rules validate '{rules}' | head -n 1",
        shell=True, capture_output=True, text=True, timeout=60, cwd=rules.parent)
    assert result.stdout.startswith("rules/trees/big.yaml:")
    assert result.stderr == ""


def test_problems_are_named_from_the_folder_however_it_is_given(rules: Path) -> None:
    partners = rules / "partners.yaml"
    partners.write_text(partners.read_text().replace("isas: [protocol]", "isas: [nope]"))
    expected = "rules/partners.yaml:3: partner 'council' names unknown ISA 'nope'"
    for where, cwd in ((".", rules), ("..", rules / "trees"), ("rules", rules.parent),
                       (str(rules), rules.parent.parent)):
        result = run("rules", "validate", where, cwd=cwd)
        assert result.stdout.splitlines()[0] == expected, where
