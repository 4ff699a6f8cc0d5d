"""The overall decision about several people or recipients, held to what their own results allow.

Each person's (or recipient's) pass through a section ends in a decision of its own. The
decision the route reaches may not be more permissive than those: when no one listed in a
section may have their information shared, the whole decision does not share either, whatever
outcome the route reached, so the signed record never says "share" above a list of "share
nothing". The overall decision then becomes the most careful of seeking advice (if any pass
asked for it) or not sharing, and so does every person's or recipient's own result that would
share (a recipient then receives nothing), each saying why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from isp_wizard.vocabulary import OUTCOMES, SHARING_DECISIONS, DecisionKey

NOBODY = {
    "person": "no one listed may have their information shared",
    "recipient": "none of the recipients may be sent the information",
}


class Held(NamedTuple):
    """The decision that replaces a sharing one, why (in words), and what the section that
    allows no sharing is about ("person" or "recipient")."""

    decision: DecisionKey
    text: str
    by: str


def held_to_items(decision: str | None,
                  sections: Iterable[tuple[str, Sequence[str]]]) -> Held | None:
    """What replaces ``decision`` when a section's passes allow no sharing at all; None when
    ``decision`` stands. ``sections`` gives, per section, what it is about ("person" or
    "recipient") and each pass's end decision."""
    if decision not in SHARING_DECISIONS:
        return None
    for about, decisions in sections:
        if decisions and not any(d in SHARING_DECISIONS for d in decisions):
            held: DecisionKey = "seek_advice" if "seek_advice" in decisions else "do_not_share"
            return Held(held, f"{OUTCOMES.label(held)}: {NOBODY.get(about, NOBODY['person'])} "
                              "(each result is below).", about)
    return None


def held_item_text(about: str, held_by: str) -> str:
    """Why a person's or recipient's own sharing result is held: ``about`` is what the item is
    about, ``held_by`` what the section that allows no sharing is about."""
    why = NOBODY.get(held_by, NOBODY["person"])
    if about == "recipient":
        return f"Nothing is sent: {why}."
    return f"Nothing is shared about them: {why}."
