"""Starting the desktop app, and ``--version``."""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    return run(training=bool(getattr(args, "training", False)), rules=args.rules)


def self_test(args: argparse.Namespace) -> int:
    """``--self-test``: the installation has its rules and fonts, and the desktop app opens, walks
    one page and closes (exit 0); otherwise exit 1 with one line saying why."""
    from isp_wizard.folders import assets_dir, shipped_rules_dir
    from isp_wizard.services.install_check import install_problem

    problem = install_problem(args.where.rules_dir, shipped_rules_dir(), assets_dir() / "fonts")
    if problem is not None:
        print(f"isp-wizard: self-test failed: {problem}", file=sys.stderr)
        return 1
    try:
        from isp_wizard.gui.selftest import run
    except ImportError as exc:
        print(f"isp-wizard: self-test failed: the desktop app cannot start here ({exc})",
              file=sys.stderr)
        return 1
    return run(training=bool(getattr(args, "training", False)), rules=args.rules)


def print_version(args: argparse.Namespace) -> int:
    from isp_wizard.buildinfo import build_info

    for line in build_info(args.where).lines():
        print(line)
    return 0
