"""``isp-wizard partnership …`` end to end: each kind of entry edited with comments kept outside
it, invalid input refused with the field named, nothing written without --yes, a file changed
meanwhile never overwritten."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                            capture_output=True, text=True, timeout=120, input=stdin)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root, ignore=shutil.ignore_patterns("__*"))
    return root


def only_changed(before: str, after: str) -> list[str]:
    """The old lines that differ, as text."""
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line.startswith(("- ", "+ "))]


def test_set_a_contact_keeps_every_other_line(rules: Path) -> None:
    path = rules / "contacts.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("partnership", "set", "contacts", "dpo", "name=Jo Bloggs",
                 "how=01632 960 123", "placeholder=no", "--dir", rules, "--yes")
    assert result.returncode == 0, result.stderr
    assert "+    name: Jo Bloggs" in result.stdout  # the diff is shown
    assert only_changed(before, path.read_text(encoding="utf-8")) == [
        "-     name: (your organisation's DPO)",
        "-     how: (phone and email of the DPO or information governance team)",
        "+     name: Jo Bloggs",
        "+     how: 01632 960 123",
        "-     placeholder: true",
        "+     placeholder: false",
    ]
    assert "name: Jo Bloggs" in run("partnership", "show", "contacts", "dpo", "--dir",
                                    rules).stdout


def test_set_a_partner_add_an_agreement_and_edit_governance(rules: Path) -> None:
    partners = rules / "partners.yaml"
    before = partners.read_text(encoding="utf-8")
    assert run("partnership", "set", "partners", "housing-association",
               "relevant_authority=unknown", "confirmed=yes",
               "s115_source=Legal services opinion, 2 December 2026",
               "--dir", rules, "--yes").returncode == 0
    changed = only_changed(before, partners.read_text(encoding="utf-8"))
    assert all(line[2:].startswith("    ") for line in changed), changed  # inside the entry
    review = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    isas = rules / "isas.yaml"
    before_isas = isas.read_text(encoding="utf-8")
    added = run("partnership", "add", "isas", "id=youth-justice",
                "title=Youth justice agreement", "parties=council; police",
                f"review={review}", "--dir", rules, "--yes")
    assert added.returncode == 0, added.stderr
    assert isas.read_text(encoding="utf-8").startswith(before_isas)
    assert run("partnership", "set", "governance", "triage",
               "approved_by=Priya Shah, Data Protection Officer", "--dir", rules,
               "--yes").returncode == 0
    assert run("rules", "validate", rules).returncode == 0
    listed = run("partnership", "list", "isas", "--dir", rules).stdout
    assert "youth-justice\tYouth justice agreement" in listed


@pytest.mark.parametrize(("args", "message"), [
    (("set", "contacts", "dpo", "id=data-officer"), "id: the tree "),
    (("add", "partners", "id=police", "name=Police again", "type=police"),
     "id: another partner already has the id 'police'"),
    (("add", "isas", "id=empty", "title=Nobody signed"), "parties: an agreement needs at least "
                                                         "one party"),
    (("set", "isas", "asb-case-panel", "review=2020-01-31"), "review: 2020-01-31 has passed"),
    (("set", "partners", "council", "isas=csp-protocol; nonesuch"),
     "isas: unknown agreement 'nonesuch'"),
    (("set", "partners", "council", "confirmed=perhaps"), "'perhaps' is not yes or no"),
    (("remove", "partners", "council"), "use 'council'; removing it would leave them"),
])
def test_invalid_input_is_refused_and_nothing_written(rules: Path, args: tuple[str, ...],
                                                      message: str) -> None:
    files = {p: p.read_bytes() for p in rules.rglob("*.yaml")}
    result = run("partnership", *args, "--dir", rules, "--yes")
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in rules.rglob("*.yaml")} == files


def test_without_yes_the_diff_is_shown_and_nothing_saved(rules: Path) -> None:
    before = (rules / "contacts.yaml").read_bytes()
    result = run("partnership", "set", "contacts", "dpo", "name=Jo Bloggs", "--dir", rules)
    assert result.returncode == 1
    assert "+    name: Jo Bloggs" in result.stdout and "add --yes to save" in result.stderr
    assert (rules / "contacts.yaml").read_bytes() == before


def test_a_change_made_meanwhile_is_never_overwritten(rules: Path) -> None:
    from isp_wizard.rulepack import load_pack
    from isp_wizard.rulepack.editing import (
        Change,
        ChangedOnDiskError,
        entry_values,
        propose,
        save,
    )

    pack = load_pack(rules)
    values = entry_values(pack, "contacts", "dpo") | {"name": "Jo Bloggs"}
    proposal = propose(pack, Change("contacts", "dpo", values))
    path = rules / "contacts.yaml"
    theirs = path.read_text(encoding="utf-8").replace("(your organisation's DPO)", "Sam Patel")
    path.write_text(theirs, encoding="utf-8")
    with pytest.raises(ChangedOnDiskError, match="changed by someone else"):
        save(proposal)
    assert path.read_text(encoding="utf-8") == theirs
