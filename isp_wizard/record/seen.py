"""What a reader of a record sees, checked against what was signed.

Pages: the record is drawn deterministically from its data (reportlab with ``invariant=1`` and
the fonts shipped with the app), so the check draws the pages again from the attached
``record.json`` and requires every page of the signed revision to be the same drawing: the same
content streams, fonts, images and page settings, object for object. Anything drawn into the
content before signing (an opaque box over the decision, white text, a changed font) makes the
pages differ. This is a structure-level comparison of the exact drawing, not of extracted text.
The drawing is exact only with the library versions records are drawn with (``libraries``): an
installation with other versions that cannot draw the same pages says the pages could not be
compared, rather than calling a record altered on the strength of its own drawing.

Stamps: a signature's appearance is pyHanko's text stamp in the app's layout. It may only set
text (no paths, images, colours, clipping, scaling or spacing tricks) in the stamp's font size, and
the text it sets, read through the font's ToUnicode map and pyHanko's ActualText marks, must be
the lines the app draws for the signer named in the certificate, at the signing time; the glyphs
it shows must be the app's glyphs for that text (``glyphs``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from isp_wizard.record.approval import AnyRecord
from isp_wizard.record.model import Practitioner
from isp_wizard.record.places import SignaturePlaces

CATALOGUE_KEYS = frozenset({
    "/Type", "/Pages", "/Names", "/AcroForm", "/AF", "/Metadata", "/Extensions", "/Version",
    "/PageMode", "/Perms", "/Outlines", "/PageLabels", "/OutputIntents",
})
_STAMP_OPERATORS = frozenset({"q", "Q", "cm", "BMC", "BDC", "EMC", "BT", "ET", "Tf", "TL", "Td",
                              "TD", "T*", "TJ", "Tj"})
_STAMP_KEYS = frozenset({"/Type", "/Subtype", "/BBox", "/Resources", "/Length", "/Filter",
                         "/FormType"})


# --- pages -------------------------------------------------------------------------------------


def drawing(obj: Any, memo: dict[int, Any], depth: int = 0, skip: frozenset[str] = frozenset()
            ) -> Any:
    """``obj`` with every indirect object followed: the whole drawing as comparable data.

    Streams compare by their encoded bytes and filters (a deterministic drawing encodes the same).
    """
    from pyhanko.pdf_utils import generic

    if depth > 30:
        raise ValueError("the PDF nests objects too deeply")
    if isinstance(obj, generic.IndirectObject):
        target: Any = obj.get_object()  # type: ignore[no-untyped-call]
        key = id(target)
        if key not in memo:
            memo[key] = None  # a cycle compares as None
            memo[key] = drawing(target, memo, depth + 1)
        return memo[key]
    if isinstance(obj, generic.StreamObject):
        return ("stream", {str(k): drawing(v, memo, depth + 1) for k, v in obj.items()
                           if k != "/Length"}, bytes(obj.encoded_data or b""))
    if isinstance(obj, dict):
        return {str(k): drawing(v, memo, depth + 1) for k, v in obj.items() if k not in skip}
    if isinstance(obj, list):
        return [drawing(v, memo, depth + 1) for v in obj]
    if isinstance(obj, bytes):
        return bytes(obj)
    if isinstance(obj, float):
        return round(obj, 4)
    return obj if isinstance(obj, (bool, int, str)) or obj is None else str(obj)


@dataclass(frozen=True)
class PageCheck:
    """The pages against the record data: problems found, where the signature fields belong
    (None: not known), and why the pages could not be compared ("" when they were)."""

    problems: list[str]
    places: SignaturePlaces | None
    not_compared: str = ""


def page_problems(reader: Any, data: bytes, signed_revision: int, record: AnyRecord
                  ) -> PageCheck:
    """Whether the signed pages are the drawing of ``record``; and where its fields belong.

    A record's first revision is exactly the PDF the app draws from its data, and the decision
    maker signs the next one: so the file must begin with the drawing, byte for byte, and the
    signing revision may rewrite only what signing needs (``signing_revision_problems``). Only
    when that fails are the pages compared object by object, to say which ones differ — unless
    this installation draws with other library versions than records are drawn with: then its
    drawing proves nothing, and the pages (with the signature fields' places) are reported as
    not compared instead of altered.
    """
    from isp_wizard.record.approval_pdf import render_any
    from isp_wizard.record.libraries import version_differences
    from isp_wizard.record.structure import signing_revision_problems

    try:
        rendered = render_any(record)
    except Exception as exc:  # the data cannot be drawn (too long, a font gone): say so
        return PageCheck([f"the pages cannot be drawn again from the record data to compare "
                          f"({exc})"], None)
    signed = reader.get_historical_resolver(signed_revision)
    problems = _catalogue_problems(signed)
    if signed_revision == 1 and data.startswith(rendered.pdf):
        return PageCheck(problems + signing_revision_problems(reader, 1, rendered.places),
                         rendered.places)
    differences = version_differences()
    if differences:
        return PageCheck(problems, None, not_compared=(
            "the pages could not be compared with the record data: this installation draws "
            "with " + ", ".join(differences) + "; verify with the app as installed by its "
            "set-up (python3 dev.py app, or the standalone build)"))
    problems += _differing_pages(signed, rendered.pdf) or [
        "the document was changed between being drawn from the record data and being signed"]
    from isp_wizard import __version__

    if record.app_version != __version__:
        problems.append(f"(the record says it was made by isp-wizard {record.app_version}, and "
                        f"this is {__version__}: if the record layout changed between them, "
                        "check it with the version that made it)")
    return PageCheck(problems, rendered.places)


def _differing_pages(resolver: Any, expected_pdf: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from isp_wizard.record.structure import page_objects

    expected = page_objects(PdfFileReader(BytesIO(expected_pdf), strict=False))
    actual = page_objects(resolver)
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"the document has {len(actual)} pages where the record data makes "
                        f"{len(expected)}")
    memo_a: dict[int, Any] = {}
    memo_e: dict[int, Any] = {}
    skip = frozenset({"/Annots", "/Parent"})
    differ = [index + 1 for index, (page, want) in enumerate(zip(actual, expected, strict=False))
              if drawing(page, memo_a, skip=skip) != drawing(want, memo_e, skip=skip)]
    if differ:
        problems.append("what is drawn on page " + ", ".join(map(str, differ))
                        + " is not what the record data says (the page differs from the record "
                        "drawn again from its data)")
    return problems


def _catalogue_problems(resolver: Any) -> list[str]:
    root = resolver.root
    unknown = sorted(set(map(str, root)) - CATALOGUE_KEYS)
    names = root.get("/Names")
    if names is not None:
        unknown += [f"/Names {k}" for k in sorted(map(str, names.get_object()))
                    if k != "/EmbeddedFiles"]
    if unknown:
        return ["the signed document carries entries a record does not have ("
                + ", ".join(unknown) + ")"]
    return []


# --- signature stamps --------------------------------------------------------------------------


def expected_stamp(who: Practitioner, reason: str, when: dt.datetime | None) -> list[str]:
    from isp_wizard.record.sign import stamp_lines

    stamp = (when or dt.datetime.min).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return [line.replace("%(ts)s", stamp) for line in stamp_lines(who, reason)]


def stamp_lines_drawn(widget: Any) -> tuple[list[str], list[str]]:
    """The lines of text a signature widget's appearance draws, and any problems with it."""
    ap = widget.get("/AP")
    if ap is None:
        return [], []
    ap = ap.get_object()
    if set(map(str, ap)) != {"/N"}:
        return [], ["its appearance has states other than the normal one"]
    stream = ap["/N"].get_object()
    if not hasattr(stream, "data"):
        return [], ["its appearance is not a single drawing"]
    problems = []
    if set(map(str, stream)) - _STAMP_KEYS:
        problems.append("its appearance carries settings a stamp does not have")
    resources = stream.get("/Resources")
    fonts: dict[str, StampFont] = {}
    if resources is not None:
        resources = resources.get_object()
        if set(map(str, resources)) - {"/Font", "/ProcSet"}:
            problems.append("its appearance draws more than text")
        for name, font in resources.get("/Font", {}).items():
            fonts[str(name)] = StampFont(font.get_object())
    lines, text_problems = _text_of(stream.data, fonts, stream.container_ref)
    for font in fonts.values():
        problems += font.problems()
    return lines, problems + text_problems


def _text_of(content: bytes, fonts: dict[str, StampFont], container: Any
             ) -> tuple[list[str], list[str]]:
    from pyhanko.pdf_utils.generic import ArrayObject

    from isp_wizard.record.sign import STAMP_FONT_SIZE

    try:
        operations = _operations(content, container)
    except Exception as exc:
        return [], [f"its appearance cannot be read ({exc})"]
    lines: list[str] = []
    problems: set[str] = set()
    font = StampFont({})
    actual: str | None = None
    for operands, operator in operations:
        if operator not in _STAMP_OPERATORS:
            problems.add("its appearance draws more than the stamp's text")
        elif operator == "cm" and [float(x) for x in operands[:4]] != [1, 0, 0, 1]:
            problems.add("its appearance scales or turns the stamp")
        elif operator == "Tf":
            font = fonts.get(str(operands[0]), StampFont({}))
            if float(operands[1]) != STAMP_FONT_SIZE:
                problems.add("its appearance sets text in another size than the stamp's")
        elif operator == "BDC" and len(operands) > 1 and hasattr(operands[1], "get"):
            actual = operands[1].get("/ActualText")
        elif operator in ("TJ", "Tj"):
            items = operands[0] if isinstance(operands[0], ArrayObject) else [operands[0]]
            # numbers in a TJ array only shift letters (pyHanko's shaping); text is compared
            raw = b"".join(bytes(item.original_bytes) for item in items
                           if hasattr(item, "original_bytes"))
            text = font.decode(raw)
            if actual is not None and not same_text(str(actual), text):
                problems.add("its appearance's text and its marked text differ")
            lines.append(text)
        elif operator == "EMC":
            actual = None
    return lines, sorted(problems)


def _operations(content: bytes, container: Any) -> list[tuple[list[Any], str]]:
    """A content stream as (operands, operator) pairs, read with pyHanko's object reader (as
    pyHanko's own content-stream parser does; pypdf's would cost its whole import, a tenth of
    a verify's start-up). Inline images are refused: a stamp has none."""
    from pyhanko.pdf_utils.generic import ContentOpReading, OperatorLiteral, read_object
    from pyhanko.pdf_utils.misc import skip_over_comments, skip_over_whitespace

    stream = BytesIO(content)
    found: list[tuple[list[Any], str]] = []
    operands: list[Any] = []

    def skip() -> None:
        skip_over_whitespace(stream, error_on_end_of_stream=False)
        skip_over_comments(stream, error_on_end_of_stream=False)

    skip()
    while stream.tell() < len(content):
        obj = read_object(stream, container, in_content_stream=ContentOpReading.GRAPHIC_OPS)
        if isinstance(obj, OperatorLiteral):
            if obj.literal == "BI":
                raise ValueError("an inline image")
            found.append((operands, obj.literal))
            operands = []
        else:
            operands.append(obj)
        skip()
    return found  # operands after the last operator do nothing


def same_text(shown: str, expected: str) -> bool:
    """Whether two texts read the same, white space and invisible characters aside; where
    right-to-left text or shaping makes the glyph order differ from the logical order, the same
    letters (NFKC, so presentation forms count as their letters)."""
    import unicodedata
    from collections import Counter

    def letters(text: str) -> list[str]:
        folded = unicodedata.normalize("NFKC", text)
        return [ch for ch in folded if not ch.isspace()
                and unicodedata.category(ch) not in ("Cc", "Cf", "Mn", "Me")]

    a, b = letters(shown), letters(expected)
    if a == b:
        return True
    mixed = any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in a + b)
    return mixed and Counter(a) == Counter(b)


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


class StampFont:
    """A font of a stamp: decodes what it shows, and keeps the glyphs shown to check them."""

    def __init__(self, font: Any) -> None:
        self.composite = str(font.get("/Subtype", "")) == "/Type0"
        self.table = _to_unicode(font) if self.composite else {}
        self.program = _program(font) if self.composite else None
        self.shown: list[tuple[int, str]] = []
        self.used = False

    def decode(self, raw: bytes) -> str:
        """Shown bytes → text: two-byte codes through the ToUnicode map for a composite font
        (what pyHanko writes), one byte per character for a simple font (read as Latin-1)."""
        self.used = True
        if not self.composite:
            return raw.decode("latin-1")
        out = []
        for i in range(0, len(raw) - 1, 2):
            code = int.from_bytes(raw[i:i + 2], "big")
            text = self.table.get(code, "\ufffd")
            self.shown.append((code, text))
            out.append(text)
        return "".join(out)

    def problems(self) -> list[str]:
        from isp_wizard.record.glyphs import glyph_problems

        if not self.used:
            return []
        if self.program is None:
            return ["its text is not set in the app's stamp font"]
        return glyph_problems(self.program, self.shown)


def _program(font: Any) -> bytes | None:
    """The embedded TrueType program of a composite font whose codes are its glyph ids."""
    try:
        [descendant] = font["/DescendantFonts"]
        descendant = descendant.get_object()
        if str(descendant.get("/CIDToGIDMap", "/Identity")) != "/Identity":
            return None
        return bytes(descendant["/FontDescriptor"]["/FontFile2"].data)
    except (KeyError, TypeError, ValueError):
        return None


def _to_unicode(font: Any) -> dict[int, str]:
    """Glyph code → text, from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().data
    out: dict[int, str] = {}

    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(block)
        for code, value in zip(codes[::2], codes[1::2], strict=False):
            out[int(code, 16)] = text(value)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            low, high = int(parts[0], 16), int(parts[1], 16)
            if high - low > 0xFFFF or high < low:
                continue
            if b"[" in line:
                for offset, value in enumerate(parts[2:]):
                    out[low + offset] = text(value)
            else:
                start = int(parts[2], 16)
                for offset in range(high - low + 1):
                    out[low + offset] = chr(min(start + offset, 0x10FFFF))
    return out
