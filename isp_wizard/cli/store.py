"""Subcommands for the store area (added as the area is built)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    del commands
