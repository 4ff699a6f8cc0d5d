"""Files holding personal data are owner-only on every path: after each kind of operation the
data folder is walked, and every file in it is 0600 and every folder 0700 (certificates, which
are public, excepted), with a permissive umask (022) as on a shared machine."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo-rules"
PUBLIC = (".pem",)  # a certificate says who someone is, which a signed record shows anyway


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "isp_wizard", "--rules", str(DEMO), *args],
                          capture_output=True, text=True, env=env, timeout=180,
                          preexec_fn=lambda: os.umask(0o022))


def loose(root: Path) -> list[str]:
    """Everything under ``root`` that someone else could read."""
    found = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink() or path.suffix in PUBLIC:
            continue
        if (path.is_dir() and mode != 0o700) or (path.is_file() and mode != 0o600):
            found.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    return found


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_every_operation_leaves_the_data_folder_owner_only(tmp_path: Path,
                                                           isolated_home: Path) -> None:
    env = dict(os.environ, PP="a long enough passphrase")
    data = isolated_home / "data"
    details = tmp_path / "details.yaml"
    details.write_text("case_reference: CASE-77\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    steps: list[tuple[str, list[str]]] = [
        ("identity", ["identity", "create", "--name", "Łukasz Nowak", "--role", "Officer",
                      "--org", "Council", "--passphrase-env", "PP"]),
        ("decide", ["decide", "--scenario", "demo:clear purpose", "--details", str(details),
                    "--out", str(out / "copy.pdf"), "--passphrase-env", "PP"]),
        ("training", ["--training", "decide", "--scenario", "demo:emergency", "--details",
                      str(details), "--out", str(out / "training.pdf"), "--passphrase-env",
                      "PP"]),
        ("export", ["register", "export", "--json", str(data / "export.json")]),
        ("csv", ["register", "export", "--csv", str(data / "export.csv")]),
        ("verify", ["register", "verify"]),
    ]
    for name, args in steps:
        done = run(*args, env=env)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        assert loose(data) == [], name
    for copy in out.iterdir():
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600, copy

    # a draft, saved as the app saves them
    from isp_wizard.engine.session import Session
    from isp_wizard.paths import locations
    from isp_wizard.rulepack import load_pack
    from isp_wizard.store.drafts import DraftStore

    old = os.umask(0o022)
    try:
        pack = load_pack(DEMO)
        session = Session(pack.tree("demo"), pack.partners)
        session.answer("no")
        DraftStore(locations().drafts_dir).save(session, details={"case_reference": "D-1"})
        (locations().drafts_dir / "broken.json").write_text("{", encoding="utf-8")
        os.chmod(locations().drafts_dir / "broken.json", 0o600)
        DraftStore(locations().drafts_dir).list(pack)  # sets the broken one aside
    finally:
        os.umask(old)
    assert (locations().drafts_dir / "quarantine").is_dir()
    assert loose(data) == [], "drafts"

    # the laptop's records folder and export as a bundle, merged into a partnership register
    # kept inside the data folder
    bundle = tmp_path / "bundle"
    shutil.copytree(locations().records_dir, bundle)
    shutil.copyfile(data / "export.json", bundle / "export.json")
    merged = run("register", "merge", str(bundle / "export.json"), "--into",
                 str(data / "partnership" / "register.sqlite"), "--allow-untrusted", env=env)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert list((data / "partnership" / "records" / "merged").rglob("*.pdf"))
    assert loose(data) == [], "merge"
    names = {p.relative_to(data).as_posix() for p in data.rglob("*")}
    assert {"register.sqlite", "training-register.sqlite", "export.json", "export.csv",
            "partnership/register.sqlite"} <= names, names
    assert [n for n in names if n.startswith("records/") and n.endswith(".pdf")]
    assert [n for n in names if n.startswith("drafts/quarantine/")]
    os.chmod(data / "export.csv", 0o644)  # and the walk does see a file others could read
    assert loose(data) == ["data/export.csv 0o644"]
