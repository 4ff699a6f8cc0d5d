"""A record drawn as PDF pages, before signing."""

from __future__ import annotations

from dataclasses import dataclass

from isp_wizard.record.places import SignaturePlaces


@dataclass(frozen=True)
class RenderedRecord:
    pdf: bytes
    pages: int
    places: SignaturePlaces
