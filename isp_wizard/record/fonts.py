"""Fonts for the record: the shipped Unicode TTFs for the pages, a 1000-upem copy for the stamp.

reportlab has no automatic font fallback, so ``markup`` switches each run of characters that
DejaVu Sans lacks to Droid Sans Fallback (Chinese, Japanese) or NanumGothic (Korean), escapes everything else, and drops control
characters. pyHanko 0.38 writes stamp-font widths unscaled, so the stamp uses a copy of DejaVu
rescaled to 1000 units per em, cut down once to the scripts names are written in (and cached),
which also keeps the per-signature subsetting short.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from isp_wizard.errors import RecordError
from isp_wizard.folders import assets_dir

REGULAR = "RecordSans"
BOLD = "RecordSans-Bold"
ITALIC = "RecordSans-Oblique"  # guidance written in *emphasis*
FALLBACK = "RecordFallback"
HANGUL = "RecordHangul"
INDIC = {  # Indic scripts printed letter by letter (no conjunct shaping: see the README)
    "RecordDevanagari": "NotoSansDevanagari-Regular.ttf",
    "RecordBengali": "NotoSansBengali-Regular.ttf",
    "RecordGurmukhi": "NotoSansGurmukhi-Regular.ttf",
    "RecordGujarati": "NotoSansGujarati-Regular.ttf",
    "RecordTamil": "NotoSansTamil-Regular.ttf",
}
FALLBACKS = (FALLBACK, HANGUL, *INDIC)  # tried in this order for what DejaVu lacks
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumGothic.ttf",
    **INDIC,
}
FONT_FILES = tuple(sorted(set(_FILES.values())))  # every file the record's pages need
# Latin (with extensions and Vietnamese), Greek, Cyrillic, general punctuation, currency.
STAMP_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
                (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20BF))
STAMP_FONT_VERSION = 2


def font_path(name: str) -> Path:
    return assets_dir() / "fonts" / _FILES[name]


@cache
def register_fonts() -> None:
    """Register the page fonts with reportlab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    _fix_to_unicode()
    try:
        for name in (REGULAR, BOLD, ITALIC):
            pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    except (OSError, TTFError) as exc:
        raise RecordError(f"the record font cannot be read ({exc}); reinstall the "
                          "application") from exc
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


def _fix_to_unicode() -> None:
    """reportlab 4-5 writes a character beyond U+FFFF (an emoji, say) into the ToUnicode map as
    plain hex (``<1F600>``) instead of UTF-16 (``<D83DDE00>``), so text extraction gets it wrong.
    Swap in the same function with the UTF-16 form."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_utf16", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, [v if v <= 0xFFFF else 0 for v in subset])
        if all(v <= 0xFFFF for v in subset):
            return text
        lines = text.split("\n")
        for index, value in enumerate(subset):
            if value > 0xFFFF:
                wide = chr(value).encode("utf-16-be").hex().upper()
                lines = [f"<{index:02X}> <{wide}>" if line == f"<{index:02X}> <0000>"
                         else line for line in lines]
        return "\n".join(lines)

    make_to_unicode_cmap._utf16 = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


@cache
def _register_fallback(name: str) -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    register_fonts()
    try:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    except (OSError, TTFError) as exc:
        raise RecordError(f"the fallback font cannot be read ({exc})") from exc
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


@cache
def _coverage(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    if name in FALLBACKS:
        _register_fallback(name)
    else:
        register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def font_for(ch: str) -> str | None:
    """The first of the record's fonts with a glyph for ``ch`` (None: no font has one)."""
    code = ord(ch)
    if code in _coverage(REGULAR):
        return REGULAR
    return next((name for name in FALLBACKS if code in _coverage(name)), None)


_ASCII_CONTROLS = {code: None for code in (*range(32), 127) if code != ord("\n")}


def printable(text: str) -> str:
    """``text`` without control, surrogate and unassigned characters; line breaks kept, other
    white space made plain spaces. Soft hyphens go too: they are invisible, and reportlab
    loses the rest of a very long word that contains one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    if text.isascii():  # the usual case, at C speed: only the control characters go
        return text.translate(_ASCII_CONTROLS)
    return "".join(
        ch if ch == "\n" or not ch.isspace() else " "
        for ch in text
        if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Cn", "Co")
    )


def covered(ch: str) -> bool:
    """Whether one of the record's fonts has a glyph for ``ch``."""
    return font_for(ch) is not None


def as_printed(text: str) -> str:
    """``text`` as the record prints it: characters no shipped font has (most emoji, Thai)
    become ``[U+XXXX]`` so that nothing vanishes unseen; invisible format characters
    that no font has are dropped. The attached JSON keeps the exact text."""
    main = _coverage(REGULAR)
    text = printable(text)
    if all(ch in "\n " or ord(ch) in main for ch in set(text)):  # DejaVu has every letter
        return text
    out = []
    for ch in text:
        if ch == "\n" or ch == " " or ord(ch) in main or covered(ch):
            out.append(ch)
        elif unicodedata.category(ch) != "Cf":
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def markup(text: str, *, keep_lines: bool = True, as_formats_1_2: bool = False) -> str:
    """``text`` as safe reportlab paragraph markup: escaped, with font fallback per run.

    ``as_formats_1_2`` shapes Arabic as records of formats 1 and 2 were drawn (see
    ``visual_order``); only their frozen layouts ask for it, through ``markup_formats_1_2``.
    """
    text = visual_order(as_printed(text), as_formats_1_2=as_formats_1_2)
    if not text:
        return ""
    main = _coverage(REGULAR)
    if all(ch in "\n " or ord(ch) in main for ch in set(text)):  # one run, no fallback font
        chunk = escape(text)
        return chunk.replace("\n", "<br/>") if keep_lines else chunk.replace("\n", " ")
    parts: list[str] = []
    run: list[str] = []
    current = REGULAR

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        chunk = chunk.replace("\n", "<br/>") if keep_lines else chunk.replace("\n", " ")
        parts.append(chunk if current == REGULAR else f'<font face="{current}">{chunk}</font>')
        run.clear()

    for ch in text:
        wanted = REGULAR if ch in "\n " or ord(ch) in main else (font_for(ch) or REGULAR)
        if wanted != current:
            flush()
            current = wanted
        run.append(ch)
    flush()
    return "".join(parts)


def markup_formats_1_2(text: str, *, keep_lines: bool = True) -> str:
    """``markup`` as records of formats 1 and 2 draw it, so that they redraw byte for byte."""
    return markup(text, keep_lines=keep_lines, as_formats_1_2=True)


@cache
def quiet_libraries() -> None:
    """pyHanko and fontTools log tracebacks for conditions we report ourselves (an untrusted
    signer, a table they skip); without a handler Python would print them to the terminal."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "pypdf"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False


def visual_order(text: str, *, as_formats_1_2: bool = False) -> str:
    """Right-to-left runs (Arabic, Hebrew) joined and put in display order, line by line.

    reportlab draws characters left to right as given, so without this an Arabic name would
    print backwards with its letters unjoined. The base direction is left to right (records are
    written in English); a right-to-left paragraph long enough to wrap will show its lines in
    the wrong order, a known limit.

    Ligatures are only made where DejaVu Sans has the ligature's glyph: arabic-reshaper would
    otherwise write "Allah" (alef lam lam heh, as in عبدالله) as U+FDF2, which DejaVu lacks, so
    the word was drawn as an empty glyph that readers, search and copy cannot see.
    arabic-reshaper also drops every vowel mark, and with it a madda or hamza typed as a mark
    after its letter (alef + U+0653 is آ, decomposed): the text is composed first, so the
    letter prints with its madda or hamza, as it does when typed as one character.
    A zero-width joiner goes too: arabic-reshaper drops it from its output but not from the
    text it finds ligatures in, so one before a lam-alef made it fail (IndexError) and one
    before another ligature would put the ligature in the wrong place.
    ``as_formats_1_2`` keeps the old shaping for the frozen layouts of formats 1 and 2.
    """
    if text.isascii() or not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return text
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # optional: without them the letters still print, unjoined
        return text
    if as_formats_1_2:
        reshape = arabic_reshaper.reshape
    else:
        text = _composed(text).replace(ZWJ, "")
        reshape = _reshaper().reshape
    return "\n".join(get_display(reshape(line), base_dir="L")
                     if line else line for line in text.split("\n"))


ZWJ = "\u200d"


def _composed(text: str) -> str:
    """``text`` in its composed form (NFC, the same text by Unicode's rules) if a font has every
    letter of it, or else with only the Arabic pairs whose letter DejaVu Sans has composed."""
    composed = unicodedata.normalize("NFC", text)
    if composed == text or all(covered(ch) for ch in set(composed) - set(text)):
        return composed
    pattern, letters = _composed_letters()
    return pattern.sub(lambda pair: letters[pair.group()], text)


@cache
def _composed_letters() -> tuple[re.Pattern[str], dict[str, str]]:
    """Arabic letter + madda/hamza mark pairs that compose into a letter DejaVu Sans has."""
    main = _coverage(REGULAR)
    pairs = {}
    for code in range(0x600, 0x700):
        parts = unicodedata.decomposition(chr(code)).split()
        if code in main and len(parts) == 2 and not parts[0].startswith("<"):
            pairs["".join(chr(int(part, 16)) for part in parts)] = chr(code)
    return re.compile("|".join(map(re.escape, pairs))), pairs


@cache
def _reshaper() -> Any:
    """An Arabic reshaper that makes only the ligatures whose every form DejaVu Sans has."""
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    main = _coverage(REGULAR)
    lacking = {name: False for name, (_, forms) in LIGATURES
               if any(form and ord(form) not in main for form in forms)}
    return arabic_reshaper.ArabicReshaper(configuration=lacking)


# --- the stamp font ----------------------------------------------------------------------------


def stamp_font(text: str, cache_dir: Path) -> Path:
    """A 1000-upem font that covers ``text``, built once and kept in ``cache_dir``.

    Names in Latin, Greek or Cyrillic script use a small cut of DejaVu Sans (fast to subset at
    each signature); other scripts DejaVu covers use all of it; Chinese, Japanese and Korean
    characters are merged in from the fallback fonts, once per set of characters.
    """
    needed = {ord(ch) for ch in text if ch != "\n"}
    in_ranges = {cp for cp in needed if any(lo <= cp <= hi for lo, hi in STAMP_RANGES)}
    main = _coverage(REGULAR)
    if needed == in_ranges:
        return _cached_font(cache_dir, REGULAR, subset=True)
    if needed <= main:
        return _cached_font(cache_dir, REGULAR, subset=False)
    extra = sorted(cp for cp in needed - main if font_for(chr(cp)) is not None)
    base = _cached_font(cache_dir, REGULAR, subset=(needed - set(extra)) <= in_ranges)
    if not extra:
        return base
    return _merged_font(cache_dir, base, extra)


def _merged_font(cache_dir: Path, base: Path, extra: list[int]) -> Path:
    import hashlib

    key = hashlib.sha256(f"{base.name}:{extra}".encode()).hexdigest()[:20]
    target = cache_dir / "fonts" / f"stamp-merged-{key}.ttf"
    if not target.exists():
        _store(target, _build_merged(base, extra))
    return target


_ESSENTIAL = {"cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "name", "post", "OS/2"}


def _build_merged(base: Path, extra: list[int]) -> bytes:
    from io import BytesIO

    from fontTools import subset as ft_subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    def lean(font: TTFont) -> BytesIO:
        for tag in list(font.keys()):
            if tag not in _ESSENTIAL and tag != "GlyphOrder":
                del font[tag]
        out = BytesIO()
        font.save(out)
        out.seek(0)
        return out

    parts = [lean(TTFont(str(base)))]
    for name in FALLBACKS:
        wanted = [cp for cp in extra if font_for(chr(cp)) == name]
        if not wanted:
            continue
        part = TTFont(str(font_path(name)))
        options = ft_subset.Options()
        options.hinting = False
        options.notdef_outline = True
        options.name_IDs = ["*"]
        subsetter = ft_subset.Subsetter(options=options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(part)
        if part["head"].unitsPerEm != 1000:
            scale_upem(part, 1000)
        parts.append(lean(part))
    merged = Merger().merge(parts)
    out = BytesIO()
    merged.save(out)
    return out.getvalue()


def _store(target: Path, data: bytes) -> None:
    from isp_wizard.fsutil import write_atomically

    try:
        write_atomically(target, data, mode=0o644)  # a cached font: nothing private
    except OSError as exc:
        raise RecordError(f"cannot prepare the signature font in {target.parent}: "
                          f"{exc.strerror or exc}") from exc


def _cached_font(cache_dir: Path, name: str, *, subset: bool) -> Path:
    source = font_path(name)
    stat = source.stat()
    tag = f"{source.stem}-{'stamp' if subset else 'full'}-1000upem-v{STAMP_FONT_VERSION}"
    target = cache_dir / "fonts" / f"{tag}-{stat.st_size}.ttf"
    if not target.exists():
        _store(target, _build_stamp_font(source, subset=subset))
    return target


def _build_stamp_font(source: Path, *, subset: bool) -> bytes:
    from io import BytesIO

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(source))
    if subset:
        options = ft_subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False
        # pyHanko drops the layout tables from what it embeds; without them in the source, its
        # per-signature subsetting of the stamp font is several times faster.
        options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF"]
        subsetter = ft_subset.Subsetter(options=options)
        unicodes = [cp for lo, hi in STAMP_RANGES for cp in range(lo, hi + 1)]
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = BytesIO()
    font.save(out)
    return out.getvalue()
