"""``python -m benchmarks [NAME…] [--quick]``: run the benchmarks and print figures with floors."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="which benchmarks (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    found = sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    chosen = args.names or found
    print(f"{'figure':<48} {'median':>14}  ratio  {'floor':<44} target")
    for name in chosen:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        for figure in module.run(quick=args.quick):
            print(figure.row(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
