"""Whether the letters a signature stamp draws are the letters its text says.

A stamp's text is read through its font's ToUnicode map, which the font's maker writes: a forged
stamp font could map a glyph that looks like "R" to "A". So each glyph the stamp shows is
compared, outline and advance, with the glyph the app's own fonts have for the character it
claims to be (the app's stamp font is DejaVu Sans, or a fallback font for characters DejaVu lacks,
rescaled to 1000 units per em; rounding allows a unit or two of difference).
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

TOLERANCE = 3  # font units (of 1000 per em): rescaling rounds each point and component offset


@cache
def _reference(path: Path) -> Any:
    from fontTools.ttLib import TTFont

    return TTFont(str(path), lazy=True)


def _reference_path(ch: str) -> Path:
    from isp_wizard.record.fonts import REGULAR, font_for, font_path

    return font_path(font_for(ch) or REGULAR)


def _outline(font: Any, glyph_name: str) -> tuple[list[tuple[float, float]], list[int], int]:
    glyf = font["glyf"]
    coords, ends, _flags = glyf[glyph_name].getCoordinates(glyf)
    advance = font["hmtx"][glyph_name][0]
    return list(coords), list(ends), advance


def _indic(ch: str) -> bool:
    """Characters shaping draws with glyphs no character maps to (Indic conjuncts and vowel
    forms, combining marks)."""
    import unicodedata

    return 0x0900 <= ord(ch) <= 0x0DFF or unicodedata.category(ch) in ("Mn", "Mc")


@cache
def _forms(path: Path) -> dict[str, list[str]]:
    """Text → the reference font's glyphs for it: each character's own glyph, and the
    presentation forms and ligatures whose compatibility decomposition it is (an Arabic initial
    form, "ﬃ" for "ffi", lam-alef)."""
    import unicodedata

    forms: dict[str, list[str]] = {}
    for code, name in _reference(path).getBestCmap().items():
        char = chr(code)
        forms.setdefault(char, []).append(name)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char:
            forms.setdefault(folded, []).append(name)
    return forms


@cache
def _by_shape(path: Path) -> dict[tuple[int, tuple[int, ...]], list[str]]:
    """The reference font's glyphs by (point count, contour ends), to find a shaped form."""
    font = _reference(path)
    index: dict[tuple[int, tuple[int, ...]], list[str]] = {}
    for name in font.getGlyphOrder():
        try:
            coords, ends, _ = _outline(font, name)
        except Exception:  # a glyph fontTools cannot flatten is no candidate
            continue
        index.setdefault((len(coords), tuple(ends)), []).append(name)
    return index


@cache
def _reference_outline(path: Path, glyph_name: str
                       ) -> tuple[list[tuple[float, float]], list[int], int]:
    """A glyph of the app's own font, read once per process (every verify compares with it)."""
    return _outline(_reference(path), glyph_name)


def _matches(coords: list[tuple[float, float]], ends: list[int], advance: int, path: Path,
             name: str, factor: float) -> bool:
    ref_coords, ref_ends, ref_advance = _reference_outline(path, name)
    return (ends == ref_ends and len(coords) == len(ref_coords)
            and abs(advance - ref_advance * factor) <= TOLERANCE
            and all(abs(x - rx * factor) <= TOLERANCE and abs(y - ry * factor) <= TOLERANCE
                    for (x, y), (rx, ry) in zip(coords, ref_coords, strict=True)))


def _is_glyph_of(font: Any, order: list[str], gid: int, text: str, scale_to: int) -> bool:
    """Whether glyph ``gid`` of the embedded ``font`` is the app's glyph for ``text``: the
    reference font's glyph for the character or for a presentation form or ligature of
    ``text``; for Indic scripts, whose shaped forms no character maps to, one of the reference
    font's own glyphs."""
    import unicodedata

    if not text:
        return False
    try:
        coords, ends, advance = _outline(font, order[gid])
        path = _reference_path(text[0])
        ref = _reference(path)
        factor = scale_to / ref["head"].unitsPerEm
        names = _forms(path).get(unicodedata.normalize("NFKC", text), [])
        if any(_matches(coords, ends, advance, path, name, factor) for name in names):
            return True
        if not all(_indic(ch) for ch in text):
            return False
        candidates = _by_shape(path).get((len(coords), tuple(ends)), [])
        return any(_matches(coords, ends, advance, path, name, factor) for name in candidates)
    except Exception:  # a glyph id outside the font, a damaged table: not our glyph
        return False


def glyph_problems(program: bytes, shown: list[tuple[int, str]]) -> list[str]:
    """``program``: the stamp's embedded TrueType font; ``shown``: (glyph id, text) pairs the
    stamp draws. Empty when every glyph is the app's glyph for its text."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(BytesIO(program), lazy=True)
        scale_to = font["head"].unitsPerEm
        order = font.getGlyphOrder()
    except Exception as exc:
        return [f"its font cannot be read ({exc})"]
    wrong: set[str] = set()
    for gid, text in set(shown):
        if not _is_glyph_of(font, order, gid, text, scale_to):
            wrong.add(text)
    if wrong:
        return ["its font draws other shapes for “" + "".join(sorted(wrong))
                + "” than the letters its text claims"]
    return []
