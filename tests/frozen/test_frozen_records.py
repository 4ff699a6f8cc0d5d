"""The standalone build makes a signed record that its own ``verify`` and poppler's ``pdfsig``
accept — so reportlab, pyHanko, cryptography and the fonts all made it into the bundle."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from frozen_helpers import ANSWERS, DETAILS, PASS, ROOT, FrozenApp

from isp_wizard.rulepack import load_pack

DEMO = ROOT / "tests" / "fixtures" / "demo-rules"


def test_decide_verify_and_pdfsig(frozen: FrozenApp, env: dict[str, str],
                                  tmp_path: Path) -> None:
    assert "decide" in frozen.run("--help", env=env).stdout, "the build lacks decide"
    env = dict(env, PW=PASS)
    p12 = tmp_path / "identity.p12"
    made = frozen.run("identity", "create", "--name", "Zoë Adeyemi", "--role",
                      "Community safety officer", "--org", "Example Council",
                      "--identity", p12, "--passphrase-env", "PW", env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(DETAILS, encoding="utf-8")
    out = tmp_path / "record.pdf"
    done = frozen.run("--rules", DEMO, "decide", "demo", "--answers", tmp_path / "a.yaml",
                      "--details", tmp_path / "d.yaml", "--out", out, "--identity", p12,
                      "--passphrase-env", "PW", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes().startswith(b"%PDF")

    verified = frozen.run("verify", out, "--json", "--allow-untrusted", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    report = json.loads(verified.stdout)
    assert report["ok"] and len(report["signatures"]) == 1
    assert report["case_reference"] == "CSP-2026-0808"

    if shutil.which("pdfsig") is None:
        pytest.skip("poppler's pdfsig is not installed (Debian: poppler-utils)")
    sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True)
    assert "Signature is Valid." in sig.stdout, sig.stdout + sig.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                              text=True).stdout
        assert "Zoë's school & class" in text and "Siobhán O'Brien" in text
        version = load_pack(DEMO).trees["demo"].tree.version
        assert str(version) in text  # the rules version the record used is printed in it


def test_records_made_from_a_rules_folder_name_its_version(frozen: FrozenApp,
                                                           env: dict[str, str],
                                                           tmp_path: Path) -> None:
    """An IG officer's updated rules (no rebuild) are used, and the record says which."""
    assert "decide" in frozen.run("--help", env=env).stdout, "the build lacks decide"
    rules = tmp_path / "shared-drive" / "rules"
    shutil.copytree(DEMO, rules)
    tree = rules / "trees" / "demo.yaml"
    text = tree.read_text(encoding="utf-8")
    version_line = next(line for line in text.splitlines() if line.startswith("version:"))
    tree.write_text(text.replace(version_line, "version: 9.8.7"), encoding="utf-8")
    env = dict(env, PW=PASS, ISP_WIZARD_RULES_DIR=str(rules))
    p12 = tmp_path / "identity.p12"
    assert frozen.run("identity", "create", "--name", "A B", "--role", "Officer", "--org", "C",
                      "--identity", p12, "--passphrase-env", "PW", env=env).returncode == 0
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(DETAILS, encoding="utf-8")
    out = tmp_path / "record.pdf"
    done = frozen.run("decide", "demo", "--answers", tmp_path / "a.yaml", "--details",
                      tmp_path / "d.yaml", "--out", out, "--identity", p12,
                      "--passphrase-env", "PW", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(frozen.run("verify", out, "--json", "--allow-untrusted", env=env).stdout)
    assert report["ok"], report
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed (Debian: poppler-utils)")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "9.8.7" in text
