"""``decide`` files its record in the register (unless told not to), like the app does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(DEMO), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_decide_files_the_record_and_the_register_verifies(tmp_path: Path, isolated_home: Path):
    env = dict(os.environ, PP="a long enough passphrase")
    made = run("identity", "create", "--name", "Łukasz Nowak", "--role", "Officer", "--org",
               "Council", "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: CASE-77\n", encoding="utf-8")

    filed = run("decide", "--scenario", "demo:clear purpose", "--details", str(details),
                "--out", str(tmp_path / "filed.pdf"), "--passphrase-env", "PP", env=env)
    assert filed.returncode == 0, filed.stderr
    unfiled = run("decide", "--scenario", "demo:emergency", "--details", str(details),
                  "--out", str(tmp_path / "copy-only.pdf"), "--no-register",
                  "--passphrase-env", "PP", env=env)
    assert unfiled.returncode == 0, unfiled.stderr

    listing = run("register", "list", env=env)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.count("CASE-77") == 1
    records = sorted((isolated_home / "data" / "records").glob("*.pdf"))
    assert len(records) == 1
    assert records[0].read_bytes() == (tmp_path / "filed.pdf").read_bytes()
    assert run("register", "verify", env=env).returncode == 0
    assert run("verify", str(tmp_path / "copy-only.pdf"), "--allow-untrusted",
               env=env).returncode == 0


def test_decide_refuses_answers_that_are_not_on_the_route(tmp_path: Path, isolated_home: Path):
    env = dict(os.environ, PP="a long enough passphrase")
    assert run("identity", "create", "--name", "A", "--role", "B", "--org", "C",
               "--passphrase-env", "PP", env=env).returncode == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text("emergency: 'yes'\nemergncy-typo: 'no'\n", encoding="utf-8")
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: CASE-78\n", encoding="utf-8")

    result = run("decide", "demo", "--answers", str(answers), "--details", str(details),
                 "--out", str(tmp_path / "x.pdf"), "--passphrase-env", "PP", env=env)

    assert result.returncode == 2
    assert "emergncy-typo" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_unexpected_failure_is_one_line_not_a_traceback(tmp_path: Path):
    code = ("import sys; import isp_wizard.cli.rules as r\n"
            "def boom(args): raise RuntimeError('simulated fault')\n"
            "r.cmd_validate = boom\n"
            "from isp_wizard.cli import main; sys.exit(main(['rules', 'validate']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "internal error (RuntimeError: simulated fault)" in result.stderr
    assert "Traceback" not in result.stderr
