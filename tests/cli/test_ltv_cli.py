"""Long-term validation run as a user would: the organisation CA revokes and publishes a CRL,
records are time-stamped by a local TSA at signing or later with 'records upgrade', the register
records each upgrade, and 'verify --at' judges a record as of a later date."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tsa import start_tsa

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
PASS = "correct horse battery"
ANSWERS = 'emergency: "no"\npurpose: "yes"\nwhat: "address"\n'


def run(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PW": PASS}
    done = subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(home / "rules"),
                           *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=180)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def settings_file() -> Path:
    from isp_wizard.paths import settings_path

    return settings_path()


@pytest.fixture
def office(tmp_path: Path):
    """A rules folder whose trust/ holds the CA and the TSA root, an IG lead's CA, two issued
    identities, and a TSA on 127.0.0.1 configured in the settings."""
    rules = tmp_path / "rules"
    shutil.copytree(DEMO, rules)
    (rules / "trust").mkdir(exist_ok=True)
    tsa = start_tsa(tmp_path / "tsa")
    shutil.copy(tsa.root_pem, rules / "trust" / "tsa-root.pem")
    assert run("ca", "init", "--name", "Example Council Records CA", "--org", "Example Council",
               "--ca-dir", tmp_path / "ca", "--no-trust", "--passphrase-env", "PW",
               home=tmp_path).returncode == 0
    shutil.copy(tmp_path / "ca" / "ca.pem", rules / "trust" / "council-ca.pem")
    for who in ("priya", "lee"):
        issued = run("ca", "issue", "--name", who.title(), "--role", "Officer", "--org",
                     "Example Council", "--out", tmp_path / f"{who}.p12", "--ca-dir",
                     tmp_path / "ca", "--ca-passphrase-env", "PW", "--passphrase-env", "PW",
                     home=tmp_path)
        assert issued.returncode == 0, issued.stderr
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "d.yaml").write_text("case_reference: CSP-1\n", encoding="utf-8")
    yield tmp_path, tsa
    tsa.stop()


def configure_tsa(url: str, timeout: int = 2) -> None:
    path = settings_file()
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update({"timestamp_url": url, "timestamp_timeout_s": timeout})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def decide(home: Path, who: str, out: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    done = run("decide", "demo", "--answers", home / "a.yaml", "--details", home / "d.yaml",
               "--out", home / out, "--identity", home / f"{who}.p12", "--passphrase-env", "PW",
               home=home)
    assert done.returncode == 0, done.stderr
    filed = Path(re.search(r"filed in the register as (.+)", done.stdout).group(1).strip())
    return done, filed


@pytest.mark.slow
def test_offline_signing_then_upgrade_then_register_verify(office) -> None:
    home, tsa = office
    tsa.mode = "slow"
    tsa.delay = 5.0
    configure_tsa(tsa.url, timeout=1)
    done, filed = decide(home, "priya", "first.pdf")
    pending = [line for line in done.stdout.splitlines() if "time-stamp pending" in line]
    assert len(pending) == 1 and "did not answer within 1 s" in pending[0]
    before = filed.read_bytes()
    checked = run("verify", filed, home=home)
    assert checked.returncode == 0, checked.stdout
    assert "PAdES B-B" in checked.stdout

    tsa.mode = "ok"
    upgraded = run("records", "upgrade", home=home)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert "now PAdES B-LT; recorded in the register" in upgraded.stdout
    assert filed.read_bytes().startswith(before)
    verified = run("verify", filed, home=home)
    assert verified.returncode == 0, verified.stdout
    assert "Register: filed in the register, PDF matches" in verified.stdout
    assert "Time-stamp Timestamp1: intact; Test TSA" in verified.stdout
    audit = run("register", "verify", home=home)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    history = run("register", "show", filed.stem, home=home)
    assert "Time-stamp:" in history.stdout, history.stdout
    assert run("records", "upgrade", home=home).stdout.strip() == \
        "No record is due for a time-stamp."

    # an update appended after the upgrade is caught by verify and the register
    with filed.open("ab") as handle:
        handle.write(b"\n% appended\n")
    assert run("verify", filed, home=home).returncode == 1
    assert run("register", "verify", home=home).returncode != 0


@pytest.mark.slow
def test_signing_with_the_tsa_up_is_b_lt_at_once_and_the_copy_matches(office) -> None:
    home, tsa = office
    configure_tsa(tsa.url)
    done, filed = decide(home, "priya", "copy.pdf")
    assert "time-stamped: PAdES B-LT" in done.stdout
    assert (home / "copy.pdf").read_bytes() == filed.read_bytes()


@pytest.mark.slow
def test_revoke_publish_and_verify_now_and_later(office) -> None:
    home, tsa = office
    configure_tsa(tsa.url)
    _, early = decide(home, "lee", "early.pdf")
    # time-stamps and revocation dates are to the second, and validation allows a second's
    # tolerance: revoke clearly after the early record's time-stamp
    time.sleep(2.5)
    revoked = run("ca", "revoke", home / "lee.pem", "--reason", "affiliation_changed",
                  "--ca-dir", home / "ca", home=home)
    assert revoked.returncode == 0, revoked.stderr
    crl = run("ca", "crl", "--out", home / "rules" / "trust" / "council.crl", "--ca-dir",
              home / "ca", "--ca-passphrase-env", "PW", home=home)
    assert crl.returncode == 0, crl.stderr
    assert "1 revoked identity" in crl.stdout
    configure_tsa("")  # the second record stays B-B
    _, late = decide(home, "lee", "late.pdf")
    now_early = run("verify", early, home=home)
    assert now_early.returncode == 0, now_early.stdout
    assert "made before the identity was revoked on" in now_early.stdout
    now_late = run("verify", late, home=home)
    assert now_late.returncode == 1, now_late.stdout
    assert "REVOKED" in now_late.stdout
    later = "2030-06-01"
    assert run("verify", early, "--at", later, home=home).returncode == 0
    after = run("verify", late, "--at", later, home=home)
    assert after.returncode == 1 and "REVOKED" in after.stdout


@pytest.mark.slow
def test_a_b_b_record_later_cannot_be_validated_any_more(office) -> None:
    home, _ = office
    _, filed = decide(home, "priya", "plain.pdf")
    later = run("verify", filed, "--at", "2031-01-01", home=home)
    assert later.returncode == 3, later.stdout
    assert "cannot be validated any more: no trusted time" in later.stdout


def test_the_identity_expiry_warning(tmp_path: Path) -> None:
    import datetime as dt

    from isp_wizard.cli.identities import expiry_warning
    from isp_wizard.record.identity import create_identity

    create_identity(tmp_path / "me.p12", name="A B", role="Officer", organisation="Org",
                    passphrase=PASS)
    now = dt.datetime.now(dt.UTC)
    assert expiry_warning(tmp_path / "me.p12", now) is None
    soon = expiry_warning(tmp_path / "me.p12", now + dt.timedelta(days=365 * 3 - 30))
    assert soon is not None and "expires on" in soon and "identity import" in soon
    gone = expiry_warning(tmp_path / "me.p12", now + dt.timedelta(days=365 * 4))
    assert gone is not None and "expired on" in gone


@pytest.mark.slow
def test_register_sync_time_stamps_first_even_without_a_server(office) -> None:
    from isp_wizard.record.ltv import level_of

    home, tsa = office
    configure_tsa("")
    _, filed = decide(home, "priya", "sync.pdf")
    configure_tsa(tsa.url)
    synced = run("register", "sync", home=home)
    assert "Time-stamped 1 record" in synced.stdout, synced.stdout + synced.stderr
    assert synced.returncode == 2  # no partnership register configured: said, nothing sent
    assert level_of(filed.read_bytes()) == "B-LT"
    assert run("register", "verify", home=home).returncode == 0
