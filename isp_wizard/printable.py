"""Text from files made safe to show: on a terminal, in a window, in a report.

A record or register holds text typed by people or forged by an attacker: an ESC could drive
the terminal, a BEL ring it, and a right-to-left override (U+202E) make the rest of a line read
backwards. Such characters are shown as ``<U+XXXX>`` instead; line breaks and tabs as spaces.
"""

from __future__ import annotations

import unicodedata


def safe(text: str) -> str:
    """``text`` with control, format (bidirectional controls included), surrogate, private
    and unassigned characters, and line and paragraph separators shown as ``<U+XXXX>``."""
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def shown(text: object, limit: int | None = None) -> str:
    """``safe(str(text))``, cut at ``limit`` characters (saying how many were left out) when
    given: a 100,000-character value is not echoed whole."""
    value = str(text)
    if limit is not None and len(value) > limit:
        return safe(value[:limit]) + f"… ({len(value) - limit:,} more characters)"
    return safe(value)
