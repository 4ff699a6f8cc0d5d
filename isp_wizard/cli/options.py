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
    from isp_wizard.record.passphrase import read_passphrase

    key = prefix.replace("-", "_")
    return read_passphrase(env=getattr(args, f"{key}passphrase_env"),
                           fd=getattr(args, f"{key}passphrase_fd"), prompt=prompt,
                           confirm=confirm)


def identity_path(args: argparse.Namespace) -> Path:
    if args.identity is not None:
        return Path(args.identity)
    from isp_wizard.paths import locations

    return locations().identity_path
