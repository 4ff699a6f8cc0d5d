"""A problem found in a rule file, reported as ``path:line: message``.

A message quotes what the file holds, so it is bounded (``MESSAGE_LIMIT`` characters: a
100,000-digit number is not echoed whole), and the printed line shows control characters and
line breaks in file names or values as ``<U+XXXX>``, so a file named with a newline cannot forge
a line of ``rules validate`` output.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]
MESSAGE_LIMIT = 1000


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_LIMIT:
            cut = f"… ({len(self.message) - MESSAGE_LIMIT:,} more characters)"
            object.__setattr__(self, "message", self.message[:MESSAGE_LIMIT] + cut)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return one_line(f"{where}: {prefix}{self.message}")

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "severity": self.severity,
        }


class ProblemsFound(Exception):
    """Raised inside the loader when a file cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def one_line(text: str) -> str:
    """``text`` with control, format (reading-order overrides included) and separator
    characters shown as ``<U+XXXX>``: one line, printed as it reads."""
    if text.isprintable():
        return text
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in
                   ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in text)

