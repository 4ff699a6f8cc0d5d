"""Benchmarks: each figure is printed beside its floor, measured in the same run, as a ratio.

Absolute times on shared machines are noise; the floor (the bare work nothing can beat) is not.
Each ``bench_*.py`` module has ``run(quick: bool) -> list[Figure]``.
"""
