"""Rule loading: a generated 10,000-node tree, and the shipped pack cold and warm.

Figures and their floors, measured in the same run, in this process:
- load + validate + lint of the generated tree, against a bare ``yaml.load(..., CSafeLoader)``
  of the same file (target: within 1.5x). A second line holds it to the harder floor of that
  same bare load with the cyclic GC paused, which is what a careful loader can reach.
- the shipped pack cold (no parse cache), against bare CSafeLoader loads of all its files.
- the shipped pack warm (parse cache keyed by SHA-256), against reading and hashing its files
  (target: under 30 ms).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.gen_tree import write_pack
from benchmarks.harness import Figure

NODES = 10_000


def _bare_load(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(yaml.YAMLError):  # a broken file costs what was read of it
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def _bare_load_gc_paused(paths: list[Path]) -> None:
    gc.disable()
    try:
        _bare_load(paths)
    finally:
        gc.enable()


def _read_and_hash(paths: list[Path]) -> None:
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()


def interleaved_medians(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median time of each function, measured in turns (a, b, c, a, b, c, ...) after one warm-up
    round, so that a busy shared machine slows a figure and its floor alike."""
    times: list[list[float]] = [[] for _ in fns]
    for round_ in range(repeat + 1):
        for fn, found in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            if round_:
                found.append(time.perf_counter() - start)
    return [statistics.median(found) for found in times]


def _big_tree(repeat: int) -> list[Figure]:
    from isp_wizard.rulepack import load_pack

    with tempfile.TemporaryDirectory(prefix="isp-bench-") as tmp:
        root = Path(tmp) / "rules"
        tree = write_pack(root, NODES)
        size = tree.stat().st_size / 1e6

        def load() -> None:
            pack = load_pack(root)
            if "big" not in pack.trees or pack.errors:
                raise RuntimeError(f"the generated tree did not load: {pack.errors[:3]}")

        ours, bare, bare_paused = interleaved_medians(
            [load, lambda: _bare_load([tree]), lambda: _bare_load_gc_paused([tree])], repeat)
    name = f"{NODES:,}-node tree ({size:.1f} MB): load+validate+lint"
    return [
        Figure(name, ours, "yaml.load CSafeLoader", bare, "<= 1.5x"),
        Figure("  same, against the GC-paused bare load", ours,
               "yaml.load CSafeLoader, GC paused", bare_paused, "(for information)"),
    ]


def _shipped_pack(repeat: int) -> list[Figure]:
    from isp_wizard.paths import shipped_rules_dir
    from isp_wizard.rulepack import load_pack
    from isp_wizard.rulepack.pack import rule_files

    root = shipped_rules_dir()
    files = [p for p in rule_files(root) if p.exists()]
    count = f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e3:.0f} kB"
    problems = load_pack(root).errors
    if problems:
        count += f"; it has {len(problems)} errors"
    with tempfile.TemporaryDirectory(prefix="isp-bench-cache-") as cache:
        load_pack(root, cache_dir=Path(cache))  # fills the cache
        cold, bare, warm, hashing = interleaved_medians([
            lambda: load_pack(root), lambda: _bare_load(files),
            lambda: load_pack(root, cache_dir=Path(cache)), lambda: _read_and_hash(files),
        ], repeat)
    return [
        Figure(f"shipped pack cold, no cache ({count})", cold, "yaml.load CSafeLoader, all files",
               bare, "(for information)"),
        Figure("shipped pack warm, SHA-256 parse cache", warm, "read + SHA-256 of the files",
               hashing, "< 30 ms"),
    ]


def run(quick: bool = False) -> list[Figure]:
    repeat = 3 if quick else 7
    return _big_tree(repeat) + _shipped_pack(3 * repeat)
