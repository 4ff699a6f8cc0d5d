"""Answer values that look the same but are not: "yes" and "yеs" (a Cyrillic е).

A tree whose answers differ only by such a letter would send the same-looking choice to
different outcomes, and a draft, scenario or ``decide --answers`` file could pick the wrong one
unseen. ``skeleton`` folds a value to what it looks like: Unicode compatibility forms (NFKC:
fullwidth letters, ligatures), case, invisible format characters, and the Cyrillic and Greek
letters drawn like Latin ones.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

_LATIN_LOOKALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # digits and letters read alike
    "0": "o", "1": "l", "|": "l",
})


def skeleton(value: str) -> str:
    """What ``value`` looks like, folded so that look-alikes compare equal."""
    if value.isascii():
        return value.lower().translate(_LATIN_LOOKALIKES).strip()
    folded = unicodedata.normalize("NFKC", value).casefold()
    folded = "".join(ch for ch in folded if unicodedata.category(ch) not in ("Cf", "Mn"))
    return folded.translate(_LATIN_LOOKALIKES).strip()


def lookalikes(values: Iterable[str]) -> list[tuple[str, ...]]:
    """Groups of two or more different values that look the same."""
    groups: dict[str, list[str]] = defaultdict(list)
    for value in dict.fromkeys(values):
        groups[skeleton(value)].append(value)
    return [tuple(group) for group in groups.values() if len(group) > 1]
