"""Getting a passphrase from the person at the keyboard, or from a script, never from a file
on disk or the command line (where other users could read it)."""

from __future__ import annotations

import os
import sys

from isp_wizard.errors import UsageError

MAX_PASSPHRASE_BYTES = 4096


def read_passphrase(*, fd: int | None = None, prompt: str, confirm: bool = False) -> str:
    """From the open file descriptor ``fd``, or a prompt on the terminal. (A passphrase in an
    environment variable is read by the command line, which alone reads the environment.)"""
    if fd is not None:
        return _from_fd(fd)
    if not sys.stdin.isatty():
        raise UsageError("there is no terminal to ask for the passphrase; give it with "
                         "--passphrase-env VAR or --passphrase-fd N")
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UsageError("the two passphrases differ")
    return first


def _from_fd(fd: int) -> str:
    chunks = []
    size = 0
    try:
        while size <= MAX_PASSPHRASE_BYTES:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UsageError(f"cannot read the passphrase from file descriptor {fd}: "
                         f"{exc.strerror or exc}") from exc
    data = b"".join(chunks)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the passphrase is not UTF-8 text") from None
    return text.split("\n", 1)[0].rstrip("\r")
