"""``decide`` across a hand-off (request → s115): one record holds both walks, each under its
tree's title and version, with the emergency question asked once; the agreement and purpose
the answers established are printed in Details. Read back with pdftotext, and verified."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "rules"
REQUEST_EMERGENCY = ("Do you yourself have reason to believe that someone is at immediate risk "
                     "of death or serious harm?")
S115_EMERGENCY = "Is anyone at immediate risk of serious harm, or is a crime happening right now?"
PROVISION = ("s17 and the partnership's ASB strategy (s6): joint action at the ASB case panel "
             "about repeated harassment of neighbours")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(RULES), *args],
                          capture_output=True, text=True, env=env, timeout=180)


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def env(isolated_home: Path) -> dict[str, str]:
    env = dict(os.environ, PP="a long enough passphrase")
    made = run("identity", "create", "--name", "Sam Patel", "--role", "ASB Officer", "--org",
               "Example Council", "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr
    return env


def _details(tmp_path: Path, extra: str = "") -> Path:
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: CASE-HANDOFF\n" + extra, encoding="utf-8")
    return details


def test_a_handed_off_record_holds_both_walks_and_asks_the_emergency_once(
        tmp_path: Path, env: dict[str, str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"""\
emergency: "no"
request-type: partnership
requester: police
received: 2026-11-23
identity: "yes"
in-writing: "yes"
then:
  s115:
    identifiable: personal
    power: s115
    purpose: "yes"
    provision: "{PROVISION}"
    proportionate: "yes"
    isa: "yes"
    channel: "yes"
    confidential: "no"
    lawful-basis: public-task
    sensitive: none
""", encoding="utf-8")
    out = tmp_path / "handoff.pdf"
    made = run("decide", "request", "--answers", str(answers), "--details",
               str(_details(tmp_path)), "--out", str(out), "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr

    text = text_of(out)
    assert "Part 1: Responding to a request from another agency (version 2.1.0)" in text
    assert ("Part 2: Crime and disorder — sharing under s115 of the Crime and Disorder Act 1998 "
            "and other powers (version 2.1.0)") in text
    assert text.index("Part 1:") < text.index("When did you receive the request?") \
        < text.index("Handed on to the next tree:") < text.index("Part 2:") \
        < text.index("Could what you share identify anyone") < text.index("Outcome reached:")
    assert text.count(REQUEST_EMERGENCY) == 1  # asked once, in the first walk
    assert S115_EMERGENCY not in text  # not asked again, so not printed as if it were
    assert "Carried over, not asked again: the answers to questions 1, 3, 5 above." in text
    # the first walk's facts stay on the record: who asked, when, in writing, verified
    for question in ("Which organisation is asking?", "When did you receive the request?",
                     "Have you confirmed the requester is who they say they are?",
                     "Is the request in writing, saying what is wanted, about whom and why?"):
        assert text.count(question) == 1, question
    assert "Decision trees, in the order walked Responding to a request from another agency " \
           "(version 2.1.0), then Crime and disorder" in text
    # what the answers established for Details, printed although nobody typed it
    assert f"Purpose of sharing {PROVISION} (established by the answers)" in text
    assert ("Information sharing agreement Community Safety Partnership Information Sharing "
            "Protocol (csp-protocol) (established by the answers)") in text
    # and what the first walk established about the request itself
    assert "Date the request was received 23 November 2026 (established by the answers)" in text
    assert ("How the request was received In writing, saying what is wanted, about whom and "
            "why (established by the answers)") in text
    assert "Requested by The Police (chief officer of police for the area) (established by the " \
           "answers)" in text

    assert run("verify", str(out), "--allow-untrusted", env=env).returncode == 0


def test_a_changed_agreement_and_purpose_print_both(tmp_path: Path, env: dict[str, str]) -> None:
    details = _details(tmp_path, "purpose: Joint action on one household's noise\n"
                                 "isa_id: asb-case-panel\n")
    out = tmp_path / "changed.pdf"
    made = run("decide", "--scenario", "request:the police ask the council's ASB team for a "
               "panel case, continued under s115", "--details", str(details), "--out", str(out),
               "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr
    text = text_of(out)
    assert ("Entered: Joint action on one household's noise. The answers established: "
            "s17 and the partnership's ASB strategy (s6)") in text
    assert ("Entered: Anti-social behaviour case review panel agreement (example) "
            "(asb-case-panel). The answers established: Community Safety Partnership "
            "Information Sharing Protocol (csp-protocol).") in text


def test_decide_says_how_to_go_on_when_the_route_hands_off(tmp_path: Path,
                                                          env: dict[str, str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text('emergency: "no"\nrequest-type: partnership\nrequester: police\n'
                       'received: 2026-11-23\nidentity: "yes"\nin-writing: "yes"\n',
                       encoding="utf-8")
    made = run("decide", "request", "--answers", str(answers), "--details",
               str(_details(tmp_path)), "--out", str(tmp_path / "x.pdf"),
               "--passphrase-env", "PP", env=env)
    assert made.returncode == 2
    assert "continues with the tree 's115'" in made.stderr and "then:" in made.stderr
    assert "Traceback" not in made.stderr and not (tmp_path / "x.pdf").exists()
