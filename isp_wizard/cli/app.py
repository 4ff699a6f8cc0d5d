"""Starting the desktop app, and ``--version``."""

from __future__ import annotations

import argparse
import platform
import sys

from isp_wizard import __version__


def register(commands: argparse._SubParsersAction) -> None:
    gui = commands.add_parser("gui", help="open the desktop app (the default)")
    gui.set_defaults(handler=launch_gui)


def launch_gui(args: argparse.Namespace) -> int:
    try:
        from isp_wizard.gui.app import run
    except ImportError as exc:
        print(f"isp-wizard: the desktop app cannot start here ({exc}); the commands below "
              "work without it.\n", file=sys.stderr)
        from isp_wizard.cli import build_parser

        build_parser().print_help()
        return 0
    return run(training=bool(getattr(args, "training", False)))


def print_version() -> int:
    from isp_wizard.paths import locations
    from isp_wizard.rulepack import load_pack

    print(f"isp-wizard {__version__}")
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    try:
        from importlib.metadata import version

        print(f"Qt for Python (PySide6) {version('PySide6-Essentials')}")
    except Exception:
        pass
    where = locations()
    try:
        pack = load_pack(where.rules_dir, cache_dir=where.cache_dir)
    except Exception as exc:
        print(f"rules: cannot load {where.rules_dir}: {exc}")
        return 0
    print(f"rules: {where.rules_dir}")
    for loaded in sorted(pack.trees.values(), key=lambda t: t.id):
        print(f"  {loaded.id} {loaded.tree.version} sha256:{loaded.sha256}")
    return 0
