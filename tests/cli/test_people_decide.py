"""``decide --answers`` for a decision about several people and several recipients: answers given
per person, the record printed per person and per recipient (read back with pdftotext), and
verified."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from people_tree import household_nodes

from isp_wizard.services.report_source import read_embedded_record

RULES = Path(__file__).resolve().parents[2] / "rules"
ANSWERS = """\
basis: public-task
household: [Adult A, Child 1, Partner]
each-person:
  Adult A: {category: adult, adult-crime: "yes"}
  Child 1: {category: child, child-harm: "yes"}
  Partner: {category: alleged_perpetrator, offence: "yes"}
agencies: [council, idva-service]
each-agency:
  council: {what: [welfare, fire-risk], how: meeting}
  idva-service: {what: [fire-risk], how: secure-email, limited: "yes"}
"""


def run(rules: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(rules), *args],
                          capture_output=True, text=True, env=env, timeout=180)


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """The shipped rules and a household tree that asks about each person and recipient."""
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    tree = {"id": "household", "title": "A household", "version": "1.0.0",
            "effective": "2026-01-01", "summary": "Several people, several recipients.",
            "start": "basis", "nodes": household_nodes()}
    (root / "trees" / "household.yaml").write_text(yaml.safe_dump(tree, sort_keys=False),
                                                   encoding="utf-8")
    return root


@pytest.fixture
def env(rules: Path, isolated_home: Path) -> dict[str, str]:
    env = dict(os.environ, PP="a long enough passphrase")
    made = run(rules, "identity", "create", "--name", "Sam Patel", "--role", "IDVA",
               "--org", "Example Council", "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr
    return env


def test_decide_takes_answers_per_person_and_prints_each_person_and_recipient(
        tmp_path: Path, rules: Path, env: dict[str, str]) -> None:
    assert run(rules, "rules", "validate", env=env).returncode in (0, 1)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: HH-1\n", encoding="utf-8")
    out = tmp_path / "household.pdf"
    made = run(rules, "decide", "household", "--answers", str(answers), "--details",
               str(details), "--out", str(out), "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr

    record = read_embedded_record(out)
    assert [p.label for p in record.people] == ["Adult A", "Child 1", "Partner"]
    assert [r.partner_id for r in record.recipients] == ["council", "idva-service"]
    data = json.loads(record.canonical_json())
    assert data["people"][1]["grounds"]["schedule_1"][0]["id"] == "dpa-2018-sch1-para18"

    text = text_of(out)
    assert "Shared with Example Council" not in text
    with_whom = text.index("What is shared with whom")
    people = text.index("Each person, and the grounds for sharing their information")
    assert with_whom < people < text.index("How the decision was reached")
    council = text[with_whom:people]
    assert "Receives The welfare picture; The fire-risk facts" in council
    idva = council[council.index("Receives The fire-risk facts"):]
    assert "How it is sent Secure email" in idva
    assert "Only the fire-risk facts, nothing else" in idva
    adult = text[text.index("Adult A — Other adult"):text.index("Child 1 — Child")]
    child = text[text.index("Child 1 — Child"):text.index("Partner — Alleged perpetrator")]
    partner = text[text.index("Partner — Alleged perpetrator"):text.index(
        "How the decision was reached")]
    assert "Sch 1 para 10 — preventing or detecting unlawful acts" in adult
    assert "para 18" not in adult
    assert "Sch 1 para 18 — safeguarding of children" in child and "para 10" not in child
    assert "criminal offence data" in partner and "Sch 1 para 10" in partner
    assert "Questions about Child 1 (one person of this decision)" in text
    assert "Questions about" in text and "(one recipient of this decision)" in text

    checked = run(rules, "verify", str(out), "--allow-untrusted", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_decision_about_one_person_prints_no_per_person_parts(
        tmp_path: Path, rules: Path, env: dict[str, str]) -> None:
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: ONE-1\n", encoding="utf-8")
    out = tmp_path / "one.pdf"
    made = run(rules, "decide", "--scenario", "s115:fire service shares hotspot figures",
               "--details", str(details), "--out", str(out), "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr
    assert "people" not in json.loads(read_embedded_record(out).canonical_json())
    text = text_of(out)
    assert "What is shared with whom" not in text and "Each person," not in text
    assert "Questions about" not in text
