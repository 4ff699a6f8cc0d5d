"""The command line: ``isp-wizard`` with no arguments opens the app; subcommands work headless.

Each area registers its own subcommands (``cli/rules.py``, ``cli/records.py``, ...). Heavy
libraries are imported inside the handlers, so ``--help`` and start-up stay fast.
Exit codes: 0 ok, 1 a check failed, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from isp_wizard.errors import WizardError

if TYPE_CHECKING:
    from isp_wizard.folders import Locations

AREAS = ("rules", "records", "identities", "store", "governance", "server", "partnership",
         "app")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="isp-wizard",
        description="Guided, recorded and signed information-sharing decisions.",
    )
    parser.add_argument("--version", action="store_true", help="show versions and exit")
    parser.add_argument("--rules", metavar="DIR", help="use the rules in DIR")
    parser.add_argument("--training", action="store_true",
                        help="training mode: records are watermarked and kept apart")
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window, walk one page, close; exit 0 if it all works")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        module = importlib.import_module(f"isp_wizard.cli.{area}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _unicode_output()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    from isp_wizard.paths import load_settings, locations

    # Built once, from the command line, the environment and the settings file (first wins), and
    # handed down: nothing below the command line reads them.
    args.settings = load_settings()
    args.where = locations(args.settings, rules=args.rules)
    if args.version:
        from isp_wizard.cli.app import print_version

        return print_version(args)
    if args.self_test:
        from isp_wizard.cli.app import self_test

        return self_test(args)
    handler = getattr(args, "handler", None)
    _sweep_leftovers(args.where)
    if handler is None:
        from isp_wizard.cli.app import launch_gui

        return launch_gui(args)
    try:
        return int(handler(args) or 0)
    except WizardError as exc:
        print(f"isp-wizard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("isp-wizard: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``… | head``): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug of ours: say so in one line, the trace only when asked
        import os

        if os.environ.get("ISP_WIZARD_DEBUG"):
            raise
        print(f"isp-wizard: internal error ({exc.__class__.__name__}: {exc}); nothing was "
              "changed by this step. Run again with ISP_WIZARD_DEBUG=1 to see the details, "
              "and report them.", file=sys.stderr)
        return 1


def _unicode_output() -> None:
    """Output sent to a file or a pipe is UTF-8 whatever the locale (on Windows it would be
    cp1252, and a "→" in a decision table would stop the command); a console never fails on a
    character it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            pass


def gui_main() -> int:
    return main(sys.argv[1:])


def _sweep_leftovers(where: Locations) -> None:
    """Remove what a filing, merge or save killed part way left in the records and drafts
    folders (``store.leftovers``): they hold personal data. Never stops a command."""
    try:
        from isp_wizard.store.leftovers import sweep_leftovers

        sweep_leftovers([where.records_dir, where.training_records_dir, where.drafts_dir],
                        registers={where.records_dir: where.register_path,
                                   where.training_records_dir: where.training_register_path})
    except Exception:  # a settings or folder problem is the command's own to report
        return

