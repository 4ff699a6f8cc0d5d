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
    assert run("verify", str(tmp_path / "copy-only.pdf"), env=env).returncode == 0
