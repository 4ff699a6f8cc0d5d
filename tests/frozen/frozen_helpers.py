"""Helpers for the tests that run the standalone build (``dist/isp-wizard/``) as a practitioner's laptop would.

The build is found through ``ISP_WIZARD_FROZEN`` (the path of ``isp-wizard-cli``, or of its
folder), or in ``dist/isp-wizard/`` of this checkout. Without one, every test here is skipped
and says how to build it (``python3 dev.py build``). A build older than the sources is skipped
too, unless named explicitly through ``ISP_WIZARD_FROZEN``, so a stale folder never passes for
the current code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXE_SUFFIX = ".exe" if os.name == "nt" else ""
CLI_NAME = "isp-wizard-cli" + EXE_SUFFIX
GUI_NAME = "isp-wizard" + EXE_SUFFIX
# Everything a run of the app may read from the environment, and what makes Python find Python.
_DROPPED_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH")

# A record's inputs, as a practitioner would write them for ``decide``.
PASS = "a long standalone passphrase"
DETAILS = """\
case_reference: CSP-2026-0808
subject_category: child
subject_description: Child B (Year 4)
requested_by: {name: Siobhán O'Brien, role: School nurse, organisation: NHS Trust, contact: "01234"}
date_received: 2026-11-20
purpose: Arrange a strategy meeting
lawful_basis_reasoning: Public task; safeguarding duty.
reasons: "Necessary and proportionate: only the school's contact details."
review_date: 2027-05-01
"""
ANSWERS = 'emergency: "no"\npurpose: "yes"\nwhat: "Zoë\'s school & class"\n'


@dataclass(frozen=True)
class FrozenApp:
    folder: Path

    @property
    def cli(self) -> Path:
        return self.folder / CLI_NAME

    @property
    def gui(self) -> Path:
        return self.folder / GUI_NAME

    @property
    def bundle(self) -> Path:
        return self.folder / "_internal"

    def run(self, *args: str | Path, env: dict[str, str] | None = None, timeout: float = 120,
            exe: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe or self.cli), *map(str, args)], env=env or clean_env(),
                              capture_output=True, text=True, timeout=timeout, cwd=cwd,
                              encoding="utf-8", errors="replace")


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment (its own home folder) without any trace of Python or the venv."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    venv_bin = str(Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin"))
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(p) != Path(venv_bin))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def _newest_source() -> float:
    files = [ROOT / "build.spec", *(ROOT / "isp_wizard").rglob("*.py"),
             *(ROOT / "rules").rglob("*"), *(ROOT / "assets").rglob("*")]
    return max(p.stat().st_mtime for p in files if p.is_file())


def find_build() -> tuple[Path | None, str]:
    given = os.environ.get("ISP_WIZARD_FROZEN")
    if given:
        path = Path(given)
        folder = path if path.is_dir() else path.parent
        if not (folder / CLI_NAME).exists():
            return None, f"ISP_WIZARD_FROZEN={given}: no {CLI_NAME} there (did the build fail?)"
        return folder, ""
    folder = ROOT / "dist" / "isp-wizard"
    exe = folder / CLI_NAME
    if not exe.exists():
        return None, "no standalone build in dist/isp-wizard (build it: python3 dev.py build)"
    if exe.stat().st_mtime < _newest_source():
        return None, ("dist/isp-wizard is older than the sources (rebuild: python3 dev.py build, "
                      "or name it with ISP_WIZARD_FROZEN to test it anyway)")
    return folder, ""


def copy_build(frozen: FrozenApp, target: Path) -> FrozenApp:
    """A private copy of the build (the programs copied, the libraries linked where possible)."""
    target.mkdir(parents=True)
    for name in (CLI_NAME, GUI_NAME):
        shutil.copy2(frozen.folder / name, target / name)
    try:
        (target / "_internal").symlink_to(frozen.bundle.resolve(), target_is_directory=True)
    except OSError:  # Windows without the right to make links
        shutil.copytree(frozen.bundle, target / "_internal", symlinks=True)
    return FrozenApp(target)
