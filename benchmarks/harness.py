"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, its floor, and the target it is held to."""

    name: str
    median_s: float
    floor_name: str = ""
    floor_s: float | None = None
    target: str = ""
    unit: str = "ms"
    value: float | None = None  # for rates (records/s): the figure itself, not a time

    @property
    def ratio(self) -> float | None:
        return self.median_s / self.floor_s if self.floor_s else None

    def row(self) -> str:
        if self.value is not None:
            shown = f"{self.value:,.0f} {self.unit}"
        else:
            shown = f"{self.median_s * 1000:8.1f} ms"
        floor = f"{self.floor_s * 1000:8.1f} ms  {self.floor_name}" if self.floor_s else ""
        ratio = f"{self.ratio:5.2f}x" if self.ratio else "     "
        return f"{self.name:<48} {shown:>14}  {ratio}  {floor:<44} {self.target}"


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_time(argv: list[str], repeat: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole process, from spawn to exit."""
    full_env = dict(os.environ, **(env or {}))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=full_env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_process_time(code: str, repeat: int = 7, env: dict[str, str] | None = None) -> float:
    return process_time([sys.executable, "-c", code], repeat, env)
