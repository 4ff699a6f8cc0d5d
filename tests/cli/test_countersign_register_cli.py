"""``isp-wizard countersign`` and ``verify`` with the register, run as a user would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
PASS = "correct horse battery"
ANSWERS = 'emergency: "no"\npurpose: "yes"\nwhat: "address"\n'
DETAILS = "case_reference: CSP-2026-0202\nreview_date: 2027-05-01\n"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PW": PASS, **(env or {})}
    done = subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(DEMO),
                           *map(str, args)], capture_output=True, text=True, env=full,
                          timeout=120)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def identity(path: Path, name: str, role: str) -> Path:
    made = run("identity", "create", "--name", name, "--role", role, "--org", "Example Council",
               "--identity", path, "--passphrase-env", "PW")
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture
def filed(tmp_path: Path) -> dict[str, Path | str]:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(DETAILS, encoding="utf-8")
    me = identity(tmp_path / "me.p12", "Zoë Adeyemi", "Officer")
    boss = identity(tmp_path / "boss.p12", "Tom Wójcik", "Manager")
    copy = tmp_path / "copy.pdf"
    done = run("decide", "demo", "--answers", tmp_path / "a.yaml", "--details",
               tmp_path / "d.yaml", "--out", copy, "--identity", me, "--passphrase-env", "PW")
    assert done.returncode == 0, done.stderr
    pdf = Path(re.search(r"filed in the register as (.+)", done.stdout).group(1).strip())
    record_id = re.search(r"record id: (\S+)", done.stdout).group(1)
    return {"me": me, "boss": boss, "copy": copy, "pdf": pdf, "id": record_id}


@pytest.mark.slow
def test_countersign_by_record_id_updates_the_register(filed) -> None:
    before = run("verify", filed["pdf"], "--allow-untrusted")
    assert before.returncode == 0
    assert "Register: filed in the register, PDF matches" in before.stdout

    signed = run("countersign", filed["id"], "--identity", filed["boss"], "--passphrase-env",
                 "PW")
    assert signed.returncode == 0, signed.stderr
    assert "recorded in the register" in signed.stdout

    assert run("register", "verify").returncode == 0
    shown = run("register", "show", filed["id"])
    assert shown.returncode == 0 and "Countersignature: Tom Wójcik (Manager" in shown.stdout
    assert "prev pdf sha256" not in shown.stdout
    after = run("verify", filed["pdf"], "--json", "--allow-untrusted")
    assert after.returncode == 0, after.stdout
    report = json.loads(after.stdout)
    assert report["ok"] and len(report["signatures"]) == 2
    assert report["register"]["status"] == "matches"
    sig = subprocess.run(["pdfsig", str(filed["pdf"])], capture_output=True, text=True).stdout
    assert sig.count("Signature is Valid.") == 2

    # the copy made before the countersignature is intact, but not the filed version
    old = run("verify", filed["copy"])
    assert old.returncode == 1
    assert "but this PDF differs from the filed one (this is the version from before its " \
           "countersignature" in old.stdout

    # tampering with the countersigned PDF is still caught
    data = bytearray(Path(filed["pdf"]).read_bytes())
    data[data.index(b"ReportLab")] = ord("Q")
    Path(filed["pdf"]).write_bytes(bytes(data))
    found = run("register", "verify")
    assert found.returncode == 1 and "pdf-altered" in found.stdout
    assert run("verify", filed["pdf"]).returncode == 1


@pytest.mark.slow
def test_a_loose_copy_is_countersigned_alone(filed, tmp_path: Path) -> None:
    signed = run("countersign", filed["copy"], "--identity", filed["boss"],
                 "--passphrase-env", "PW")
    assert signed.returncode == 0, signed.stderr
    assert "only this file was countersigned; the register is unchanged" in signed.stdout
    assert run("register", "verify").returncode == 0

    # the same copy on another machine: not in that register, which is only a note
    elsewhere = {"ISP_WIZARD_HOME": str(tmp_path / "other-machine")}
    there = run("verify", filed["copy"], "--allow-untrusted", env=elsewhere)
    assert there.returncode == 0 and "Register: not in this register" in there.stdout
    strict = run("verify", filed["copy"], "--require-registered", env=elsewhere)
    assert strict.returncode == 1


@pytest.mark.slow
def test_refusals(filed) -> None:
    own = run("countersign", filed["pdf"], "--identity", filed["me"], "--passphrase-env", "PW")
    assert own.returncode == 2
    assert own.stderr.startswith("isp-wizard: ") and "cannot countersign it" in own.stderr
    assert run("register", "verify").returncode == 0

    unknown = run("countersign", "no-such-record", "--identity", filed["boss"],
                  "--passphrase-env", "PW")
    assert unknown.returncode == 2 and "no record with this id" in unknown.stderr

    untrusted = run("verify", filed["pdf"], "--require-trusted")
    assert untrusted.returncode == 3
    assert "Result: NOT TRUSTED — intact, but signed by" in untrusted.stdout
    assert "the record holds" not in untrusted.stdout
