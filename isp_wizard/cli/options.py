"""Command-line options shared by the commands that sign: identity file and passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path


def identity_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", type=Path, metavar="P12",
                        help="the identity file (default: yours in the user data folder)")


def person_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True)
    parser.add_argument("--role", required=True)
    parser.add_argument("--org", required=True)
    parser.add_argument("--email", default="")


def passphrase_options(parser: argparse.ArgumentParser, prefix: str = "",
                        what: str = "the passphrase") -> None:
    parser.add_argument(f"--{prefix}passphrase-env", metavar="VAR",
                        help=f"read {what} from this environment variable")
    parser.add_argument(f"--{prefix}passphrase-fd", type=int, metavar="N",
                        help=f"read {what} from this open file descriptor")


def ask_passphrase(args: argparse.Namespace, prompt: str, *, prefix: str = "",
                confirm: bool = False) -> str:
    import os

    from isp_wizard.errors import UsageError
    from isp_wizard.record.passphrase import read_passphrase

    key = prefix.replace("-", "_")
    variable = getattr(args, f"{key}passphrase_env")
    if variable is not None:
        value = os.environ.get(variable)
        if value is None:
            raise UsageError(f"the environment variable {variable} is not set")
        return value
    return read_passphrase(fd=getattr(args, f"{key}passphrase_fd"), prompt=prompt,
                           confirm=confirm)


def identity_path(args: argparse.Namespace) -> Path:
    if args.identity is not None:
        return Path(args.identity)
    return Path(args.where.identity_path)
