"""``isp-wizard decide | verify | countersign | identity | ca`` end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
PASS = "correct horse battery"
DETAILS = """\
case_reference: CSP-2026-0101
subject_category: child
subject_description: Child A (Year 6)
requested_by: {name: PC Łukasz Nowak, role: Constable, organisation: Police, contact: "101"}
date_received: 2026-11-20
purpose: Arrange a strategy meeting
lawful_basis_reasoning: Public task; the police have a statutory duty.
reasons: "Necessary and proportionate: <only> the school contact."
review_date: 2027-05-01
advice:
  - {who: DPO, when: 2026-11-21, what: Agreed}
"""
ANSWERS = 'emergency: "no"\npurpose: "yes"\nwhat: "Zoë\'s school & class <b>"\n'


def run(*args: str, env: dict[str, str] | None = None, fds: tuple[int, ...] = (),
        limit: int | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PW": PASS, **(env or {})}

    def restrict() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(DEMO), *args],
                          capture_output=True, text=True, env=full, pass_fds=fds,
                          preexec_fn=restrict, timeout=120)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-shared")


@pytest.fixture(autouse=True)
def shared_cache(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISP_WIZARD_CACHE_DIR", str(shared / "cache"))


@pytest.fixture(scope="module")
def identity(shared: Path) -> Path:
    p12 = shared / "id" / "identity.p12"
    done = run("identity", "create", "--name", "Zoë Adeyemi", "--role", "Community safety officer",
               "--org", "Example Council", "--identity", str(p12), "--passphrase-env", "PW")
    assert done.returncode == 0, done.stderr
    return p12


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "a.yaml").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "d.yaml").write_text(DETAILS, encoding="utf-8")
    return tmp_path / "a.yaml", tmp_path / "d.yaml"


def decide(identity: Path, inputs: tuple[Path, Path], out: Path, *extra: str,
           env: dict[str, str] | None = None, limit: int | None = None):
    return run("decide", "demo", "--answers", str(inputs[0]), "--details", str(inputs[1]),
               "--out", str(out), "--identity", str(identity), "--passphrase-env", "PW", *extra,
               env=env, limit=limit)


def clean(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.slow
def test_decide_verify_countersign_and_tamper(identity: Path, inputs, tmp_path: Path) -> None:
    out = tmp_path / "record.pdf"
    done = decide(identity, inputs, out)
    assert done.returncode == 0, done.stderr
    assert "decision: Share" in done.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Zoë's school & class <b>" in text and "PC Łukasz Nowak" in text
    assert "Necessary and proportionate: <only> the school contact." in text

    verified = run("verify", str(out))
    assert verified.returncode == 3, verified.stdout + verified.stderr  # untrusted is not "holds"
    assert "NOT TRUSTED here" in verified.stdout
    assert "Result: NOT TRUSTED — intact, but signed by" in verified.stdout
    assert "the record holds" not in verified.stdout
    allowed = run("verify", str(out), "--allow-untrusted")
    assert allowed.returncode == 0 and "Result: NOT TRUSTED" in allowed.stdout

    own = run("countersign", str(out), "--identity", str(identity), "--passphrase-env", "PW")
    assert own.returncode == 2 and "cannot countersign it" in own.stderr
    clean(own)
    manager = tmp_path / "manager.p12"
    assert run("identity", "create", "--name", "Tom Wójcik", "--role", "Manager", "--org",
               "Example Council", "--identity", str(manager),
               "--passphrase-env", "PW").returncode == 0
    countersigned = run("countersign", str(out), "--identity", str(manager),
                        "--passphrase-env", "PW")
    assert countersigned.returncode == 0, countersigned.stderr
    report = json.loads(run("verify", str(out), "--json").stdout)
    assert report["ok"] and len(report["signatures"]) == 2 and not report["trusted"]
    assert report["case_reference"] == "CSP-2026-0101"
    sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert sig.count("Signature is Valid.") == 2

    data = bytearray(out.read_bytes())
    data[data.index(b"ReportLab")] = ord("Q")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    altered = run("verify", str(tampered))
    assert altered.returncode == 1
    assert "digest mismatch" in altered.stdout and "ALTERED" in altered.stdout
    clean(altered)

    (tmp_path / "notes.txt").write_text("hello")
    for not_a_record in (tmp_path / "notes.txt", inputs[0], tmp_path / "missing.pdf"):
        refused = run("verify", str(not_a_record))
        assert refused.returncode == 2 and refused.stderr.startswith("isp-wizard: ")
        clean(refused)


@pytest.mark.slow
def test_scenario_to_training_record_with_passphrase_on_a_descriptor(identity: Path, inputs,
                                                                     tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, (PASS + "\n").encode())
    os.close(write_end)
    out = tmp_path / "training.pdf"
    try:
        done = run("--training", "decide", "--scenario", "demo:emergency", "--details",
                   str(inputs[1]), "--out", str(out), "--identity", str(identity),
                   "--passphrase-fd", str(read_end), fds=(read_end,))
    finally:
        os.close(read_end)
    assert done.returncode == 0, done.stderr
    assert "training record" in done.stdout
    report = json.loads(run("verify", str(out), "--json").stdout)
    assert report["training"] is True and report["ok"]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "TRAINING" in text and "Act now" in text


def test_identity_problems_exit_2_without_leaving_a_pdf(identity: Path, inputs,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    wrong = decide(identity, inputs, out, env={"PW": "not the passphrase"})
    assert wrong.returncode == 2 and "passphrase does not open" in wrong.stderr
    missing = decide(tmp_path / "nobody.p12", inputs, out)
    assert missing.returncode == 2 and "identity create" in missing.stderr
    corrupt = tmp_path / "corrupt.p12"
    corrupt.write_bytes(identity.read_bytes()[:300])
    broken = decide(corrupt, inputs, out)
    assert broken.returncode == 2 and "PKCS#12" in broken.stderr
    for done in (wrong, missing, broken):
        clean(done)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "corrupt.p12", "d.yaml"]


def test_bad_inputs_exit_2(identity: Path, inputs, tmp_path: Path) -> None:
    (tmp_path / "nocase.yaml").write_text("purpose: x\n")
    no_case = run("decide", "demo", "--answers", str(inputs[0]), "--details",
                  str(tmp_path / "nocase.yaml"), "--out", str(tmp_path / "x.pdf"),
                  "--identity", str(identity), "--passphrase-env", "PW")
    assert no_case.returncode == 2 and "case_reference" in no_case.stderr
    (tmp_path / "bad.yaml").write_text('emergency: "maybe"\n')
    bad = run("decide", "demo", "--answers", str(tmp_path / "bad.yaml"), "--details",
              str(inputs[1]), "--out", str(tmp_path / "x.pdf"), "--identity", str(identity),
              "--passphrase-env", "PW")
    assert bad.returncode == 2 and "does not fit" in bad.stderr
    unknown = run("decide", "--scenario", "demo:nope", "--details", str(inputs[1]),
                  "--out", str(tmp_path / "x.pdf"), "--passphrase-env", "PW")
    assert unknown.returncode == 2 and "no scenario" in unknown.stderr
    for done in (no_case, bad, unknown):
        clean(done)
    assert not (tmp_path / "x.pdf").exists()


def test_read_only_folder_exit_2(identity: Path, inputs, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        out = Path("/sys/isp-wizard-test/record.pdf")  # root writes anywhere but here
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        out = folder / "record.pdf"
    done = decide(identity, inputs, out)
    assert done.returncode == 2, done.stderr
    assert "read-only" in done.stderr
    clean(done)
    assert not out.exists()


def test_disk_full_exit_2_and_nothing_half_written(identity: Path, inputs,
                                                   tmp_path: Path) -> None:
    warm = decide(identity, inputs, tmp_path / "warm.pdf")  # caches built before the limit
    assert warm.returncode == 0, warm.stderr
    folder = tmp_path / "full"
    folder.mkdir()
    done = decide(identity, inputs, folder / "record.pdf", limit=20_000)
    assert done.returncode == 2, done.stderr
    assert "not enough disk space" in done.stderr
    clean(done)
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_organisation_ca_issue_import_and_trusted_verify(identity: Path, inputs,
                                                        tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    init = run("ca", "init", "--name", "Example Council Records CA", "--org", "Example Council",
               "--ca-dir", str(ca_dir), "--passphrase-env", "PW")
    assert init.returncode == 0, init.stderr
    issued = tmp_path / "ade.p12"
    issue = run("ca", "issue", "--name", "Ade Okafor", "--role", "ASB officer", "--org",
                "Example Council", "--out", str(issued), "--ca-dir", str(ca_dir),
                "--ca-passphrase-env", "CAPW", "--passphrase-env", "PW",
                env={"CAPW": PASS})
    assert issue.returncode == 0, issue.stderr
    imported = run("identity", "import", str(issued), "--passphrase-env", "PW")
    assert imported.returncode == 0, imported.stderr
    again = run("identity", "import", str(issued), "--passphrase-env", "PW")
    assert again.returncode == 2 and "--force" in again.stderr
    shown = run("identity", "show")
    assert shown.returncode == 0 and "Ade Okafor" in shown.stdout
    out = tmp_path / "r.pdf"
    done = run("decide", "--scenario", "demo:clear purpose", "--details", str(inputs[1]),
               "--out", str(out), "--passphrase-env", "PW")
    assert done.returncode == 0, done.stderr
    verified = run("verify", str(out), "--require-trusted")  # ca init trusted it here
    assert verified.returncode == 0, verified.stdout
    assert "trusted here" in verified.stdout and "the record holds" in verified.stdout
    other = run("verify", str(out), "--require-trusted", "--trust",
                str(identity.with_suffix(".pem")))  # someone else's certificate
    assert other.returncode == 3
