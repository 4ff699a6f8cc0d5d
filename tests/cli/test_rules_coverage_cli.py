"""``isp-wizard rules coverage``, ``rules how`` and ``rules text`` end to end, in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "demo-rules"
SHIPPED = ROOT / "rules"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(FIXTURE, root)
    return root


def test_coverage_names_what_no_scenario_reaches_and_fails_below_min() -> None:
    result = run("rules", "coverage", FIXTURE, "--min", "100")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "demo: 2 scenarios; nodes 5/7 (71 %), answers 3/6 (50 %), outcomes 2/4 (50 %)")
    assert "  outcomes no scenario reaches: do-not-share, ask-dpo" in result.stdout
    assert "  answers no scenario reaches: emergency = no, emergency = unsure, purpose = no, " \
           "purpose = unsure" not in result.stdout  # emergency = no IS reached
    assert "  answers no scenario reaches: emergency = unsure, purpose = no, purpose = unsure" \
        in result.stdout
    assert "demo reaches 50.0 %, below --min 100 %" in result.stderr
    assert run("rules", "coverage", FIXTURE, "--min", "50").returncode == 0
    assert run("rules", "coverage", FIXTURE).returncode == 0


def test_coverage_as_json() -> None:
    data = json.loads(run("rules", "coverage", FIXTURE, "--format", "json").stdout)
    assert data[0]["outcomes"] == {"total": 4, "reached": 2, "percent": 50.0,
                                   "unreached": ["do-not-share", "ask-dpo"]}


def test_add_scenarios_reaches_everything_and_the_scenarios_pass(rules: Path) -> None:
    before = (rules / "scenarios" / "demo.yaml").read_text()
    result = run("rules", "coverage", rules, "--add-scenarios", "--min", "100")
    assert result.returncode == 0, result.stdout + result.stderr
    after = (rules / "scenarios" / "demo.yaml").read_text()
    assert after.startswith(before)  # appended: the file's own text and comments kept
    assert "name: 'route test: emergency = unsure'" in after
    assert "the case with a realistic one." in after
    tested = run("rules", "test", rules)
    assert tested.returncode == 0 and tested.stdout.endswith("5 passed, 0 failed\n")


def test_shipped_rules_reach_every_node_outcome_and_answer() -> None:
    result = run("rules", "coverage", SHIPPED, "--format", "json")
    figures = {t["tree"]: t for t in json.loads(result.stdout)}
    assert set(figures) == {"breach", "prevent", "request", "s115", "safeguarding", "triage"}
    for tree, data in figures.items():
        for kind in ("nodes", "answers", "outcomes"):
            assert data[kind]["percent"] == 100.0, (tree, kind, data[kind]["unreached"])
        assert data["failed"] == []
    assert run("rules", "coverage", SHIPPED, "--min", "100").returncode == 0


def test_shipped_scenarios_are_written_cases_not_generated_route_tests() -> None:
    """Every shipped scenario is a case a trainer can use in a workshop: none is still the
    placeholder ``rules coverage --add-scenarios`` writes (its name, case text, note, the "…"
    text answer or the 2000-01-01 date), and no two in a tree share a name."""
    from isp_wizard.rulepack import load_pack

    pack = load_pack(SHIPPED)
    for tree in pack.trees:
        scenarios = pack.scenarios_for(tree)
        names = [s.name for s in scenarios]
        assert len(names) == len(set(names)), (tree, sorted(n for n in names
                                                            if names.count(n) > 1))
        for scenario in scenarios:
            where = (tree, scenario.name)
            assert not scenario.name.startswith("route test"), where
            assert "route test" not in scenario.case, where
            assert "realistic one" not in scenario.notes, where
            values = [v for v in scenario.answers.values() if isinstance(v, str)]
            assert "…" not in values and "2000-01-01" not in values, where


def test_how_is_an_outcome_reached_in_words() -> None:
    result = run("rules", "how", "demo", "act-now", "--dir", FIXTURE)
    assert result.returncode == 0
    assert result.stdout == (
        "How is “Act now, share what is needed to protect, and record it afterwards.” "
        "(act-now) reached?\n"
        "2 routes:\n"
        "1. “Is anyone at immediate risk of serious harm?” — Yes.\n"
        "2. “Is anyone at immediate risk of serious harm?” — Not sure.\n")
    wrong = run("rules", "how", "demo", "purpose", "--dir", FIXTURE)
    assert wrong.returncode != 0
    assert "no outcome 'purpose'" in wrong.stderr and "act-now, share" in wrong.stderr


def test_text_lists_every_word_in_reading_order_with_ids() -> None:
    result = run("rules", "text", "demo", "--dir", FIXTURE)
    assert result.returncode == 0
    text = result.stdout
    order = ["[emergency]", "[act-now]", "[purpose]", "[what]", "[share]", "[do-not-share]",
             "[ask-dpo]"]
    positions = [text.index(f"{marker}\n") for marker in order]
    assert positions == sorted(positions)
    for words in ("Answer “Not sure” [unsure] → act-now", "Decision: seek_advice",
                  "Consult: dpo", "Lawful basis: uk-gdpr-6-1-e", "Emergency outcome",
                  "References: hmg-info-sharing-2024", "## References cited",
                  "[hmg-info-sharing-2024] Information sharing advice for safeguarding"):
        assert words in text, words


def test_text_as_pdf_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "request.pdf"
    result = run("rules", "text", "request", "--dir", SHIPPED, "--format", "pdf", "--out", out)
    assert result.returncode == 0, result.stderr
    extracted = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                               text=True, check=True).stdout
    assert "[emergency]" in extracted and "References cited" in extracted
    assert "Tree request v" in extracted and "Page 1 of" in extracted
    assert run("rules", "text", "request", "--dir", SHIPPED, "--format", "pdf").returncode == 2
