"""Legal sign-off end to end: unconfirmed items listed with their notes, one confirmed (and by
whom), trees approved with a signed rules approval record filed in the register; ``verify`` and
``register verify`` hold it, and a tampered copy is caught."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from pdfa_checks import info_and_xmp, not_embedded, stream_end_problems  # noqa: E402


def run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                            capture_output=True, text=True, env=env, timeout=180)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_confirm_approve_verify_and_catch_tampering(tmp_path: Path, isolated_home: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("__*"))
    env = dict(os.environ, PP="a long enough passphrase")
    made = run("identity", "create", "--name", "Priya Shah", "--role", "Data Protection Officer",
               "--org", "Example Council", "--passphrase-env", "PP", env=env)
    assert made.returncode == 0, made.stderr

    listed = run("partnership", "unconfirmed", "--dir", rules, env=env)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    count = int(lines[-1].split()[0])
    assert count > 0
    first = next(line for line in lines if line.startswith("references "))
    ref_id = first.split()[1].rstrip(":")
    assert any(line.startswith("    note: ") for line in lines)  # each with its note

    confirmed = run("partnership", "confirm", "references", ref_id, "--by",
                    "Sam Patel, legal services", "--dir", rules, env=env)
    assert confirmed.returncode == 0, confirmed.stderr
    again = run("partnership", "unconfirmed", "--dir", rules, env=env)
    assert again.stdout.splitlines()[-1] == f"{count - 1} unconfirmed"
    today = dt.date.today()
    assert f"confirmed_by: Sam Patel, legal services, {today.isoformat()}" in \
        (rules / "references.yaml").read_text(encoding="utf-8")

    next_review = (today + dt.timedelta(days=365)).isoformat()
    approved = run("partnership", "approve", "s115", "triage", "--role",
                   "Data Protection Officer", "--next-review", next_review, "--dir", rules,
                   "--passphrase-env", "PP", env=env)
    assert approved.returncode == 0, approved.stderr
    assert "approved: s115 2.1.0, triage 2.1.0" in approved.stdout
    assert f"{count - 1} still unconfirmed" in approved.stdout
    from isp_wizard.rulepack import load_pack

    pack = load_pack(rules)
    governance = pack.tree("s115").tree.governance
    assert governance.approved_by == "Priya Shah, Data Protection Officer"
    assert (governance.approved_on, governance.next_review.isoformat()) == (today, next_review)

    [pdf] = sorted((isolated_home / "data" / "records").glob("*.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Rules approval record" in text
    # approval format 2: drawn and described as an archival PDF (tests/pdfa_checks.py)
    assert not_embedded(pdf) == set() and stream_end_problems(pdf.read_bytes()) == []
    info, xmp, _ = info_and_xmp(pdf)
    assert info == xmp and info["/Author"] == "Priya Shah"
    assert "Approved by Priya Shah, Data Protection Officer (Example Council)" in text
    assert f"s115 “{pack.trees['s115'].tree.title}” version 2.1.0 — APPROVED. SHA-256 " \
           f"{pack.trees['s115'].sha256}" in text
    assert "request “" in text and "not approved by this record" in text
    partners_sha = pack.catalogues["partners"].sha256
    assert f"partners.yaml (no version given): SHA-256 {partners_sha}" in text
    assert f"{ref_id} — " in text and "confirmed by Sam Patel, legal services" in text
    assert f"Still unconfirmed ({count - 1})" in text

    verified = run("verify", pdf, "--allow-untrusted", "--json", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listing = run("register", "list", env=env)
    assert "rules_approval" in listing.stdout or "Rules approval" in listing.stdout, \
        listing.stdout
    checked = run("register", "verify", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    tampered = tmp_path / "tampered.pdf"
    data = pdf.read_bytes()
    # change one byte of the drawn page content inside the signed range
    position = data.index(b"stream", len(data) // 4)
    tampered.write_bytes(data[:position + 20] + bytes([data[position + 20] ^ 0x01])
                         + data[position + 21:])
    caught = run("verify", tampered, "--allow-untrusted", env=env)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    report = json.loads(verified.stdout)
    assert report["decision"] == "rules_approval" and report["ok"], report
    assert report["case_reference"] == f"Rules approval {today.isoformat()}"
    assert "Rules approval record" in run("verify", pdf, "--allow-untrusted", env=env).stdout
