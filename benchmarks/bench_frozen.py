"""The standalone build's cold start against the source run, measured the same way in one run.

Whole process, from spawn to the main window painted (``ISP_WIZARD_QUIT_WHEN=painted``, the
start-up benchmark's hook in ``gui.app.run``), offscreen, warm page cache: target, the build
within 1.5x of the source. And ``--version`` for the command line, for information. Needs ``dist/isp-wizard``
(``python3 dev.py build``) or ``ISP_WIZARD_FROZEN``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if os.name == "nt" else ""


def build_folder() -> Path | None:
    given = os.environ.get("ISP_WIZARD_FROZEN")
    folder = Path(given) if given else ROOT / "dist" / "isp-wizard"
    if folder.is_file():
        folder = folder.parent
    return folder if (folder / f"isp-wizard-cli{EXE}").exists() else None


def timed(argv: list[str], env: dict[str, str], repeat: int) -> float:
    """Median wall time of a whole process; a run that fails or hangs stops the benchmark."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, timeout=60, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool) -> list[Figure]:
    folder = build_folder()
    if folder is None:
        print("bench_frozen: no standalone build (python3 dev.py build); skipped", flush=True)
        return []
    repeat = 3 if quick else 9
    source = [sys.executable, "-m", "isp_wizard"]
    frozen_gui = [str(folder / f"isp-wizard{EXE}")]
    frozen_cli = [str(folder / f"isp-wizard-cli{EXE}")]
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ISP_WIZARD_")}
        env.update(ISP_WIZARD_HOME=home, QT_QPA_PLATFORM="offscreen",
                   PYTHONPYCACHEPREFIX=str(Path(home) / "pycache"))
        # The source runs from bytecode as an installed copy does, like the GUI benchmark.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # Warm the rules cache and the page cache for both, as a second start on a laptop.
        for argv in (source, frozen_cli):
            subprocess.run([*argv, "--self-test"], env=env, timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        paint = dict(env, ISP_WIZARD_QUIT_WHEN="painted")
        figures = []
        # Interleave the two so that a busy moment on a shared machine hits both alike.
        src_paint, frz_paint, src_ver, frz_ver = [], [], [], []
        for _ in range(repeat):
            src_paint.append(timed(source, paint, 1))
            frz_paint.append(timed(frozen_gui, paint, 1))
            src_ver.append(timed([*source, "--version"], env, 1))
            frz_ver.append(timed([*frozen_cli, "--version"], env, 1))
    med = statistics.median
    figures.append(Figure("standalone build: start to main window painted", med(frz_paint),
                          "same from source (python -m isp_wizard)", med(src_paint),
                          "≤ 1.5x"))
    # Short commands pay the build's fixed start cost (the bootloader, and PyInstaller's PySide6
    # run-time hook loading QtCore even when Qt is not needed): about 0.2 s on this machine.
    figures.append(Figure("standalone build: --version (rules hashed)", med(frz_ver),
                          "same from source", med(src_ver), "(info)"))
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    figures.append(Figure("standalone build: folder size", 0.0, unit="MiB",
                          value=size / 2**20, target="report"))
    return figures
