"""Where the signatures go: the two signature fields of a record and their boxes.

Kept apart from ``pdf`` so that verifying a record does not load reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELD_DECIDER = "DecisionMaker"
FIELD_COUNTERSIGN = "Countersignature"


@dataclass(frozen=True)
class SignaturePlaces:
    """Where the signature boxes are: page index (0-based) and (x1, y1, x2, y2) in points."""

    page: int
    decider: tuple[int, int, int, int]
    countersign: tuple[int, int, int, int]
