"""Archival-PDF pieces: the sRGB output intent the decision maker's signed revision adds, and
the line ends before ``endstream`` that format 3's drawing gets.

PDF/A asks for an OutputIntent naming the colour space the pages are meant in, with an ICC
profile embedded: the record is drawn in sRGB, and the profile is LittleCMS's built-in sRGB
(through Pillow, which reportlab already needs; MIT and HPND licences), made once per process.
It goes into the signed revision, not the drawing, so records drawn before keep verifying.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

SRGB = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    from PIL import ImageCms

    data: bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return data


def add_output_intent(writer: Any) -> None:
    """Give the catalogue an sRGB OutputIntent (GTS_PDFA1) with the ICC profile embedded."""
    from pyhanko.pdf_utils import generic

    objects: Any = generic  # pyHanko's object constructors are untyped
    profile = objects.StreamObject({objects.NameObject("/N"): objects.NumberObject(3)},
                                   stream_data=srgb_profile())
    profile.compress()
    intent = objects.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
        generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
        generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject(SRGB),
        generic.NameObject("/Info"): generic.TextStringObject(SRGB),
        generic.NameObject("/DestOutputProfile"): writer.add_object(profile),
    })
    writer.root[generic.NameObject("/OutputIntents")] = generic.ArrayObject(
        [writer.add_object(intent)])
    writer.update_root()


def drop_form_font(writer: Any) -> None:
    """The form's default appearance names Helvetica, a font never embedded; signature fields
    draw their own appearance with an embedded font and need no default, so it goes."""
    from pyhanko.pdf_utils import generic

    form = writer.root["/AcroForm"]
    for key in ("/DA", "/DR"):
        if key in form:
            del form[generic.NameObject(key)]
    writer.update_container(form)


_XREF = re.compile(rb"xref\n0 (\d+)\n")
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\n\Z")
_STREAM_END = b"endstream\nendobj\n"
_LENGTH = re.compile(rb"/Length (\d+)(?=[\s/>])(?! \d+ R)")


def with_stream_line_ends(pdf: bytes) -> bytes:
    """``pdf`` (a reportlab document, one revision) with a line end between every stream's data
    and its ``endstream``, as PDF/A requires, and the cross-reference table moved to match.

    reportlab writes ``stream\\n`` + data + ``endstream``: a compressed stream has no line end
    there, and one whose data ends in a line end has none outside its ``/Length``. The line end
    goes outside the data (``/Length`` is unchanged), so every object reads as before. Each
    stream's place is checked against its ``/Length``; a document laid out otherwise is refused
    rather than guessed at.
    """
    end = _STARTXREF.search(pdf)
    if end is None:
        raise ValueError("not a single-revision reportlab document (no startxref at its end)")
    xref_at = int(end.group(1))
    table = _XREF.match(pdf, xref_at)
    if table is None:
        raise ValueError("no cross-reference table where startxref points")
    count = int(table.group(1))
    rows = [pdf[table.end() + 20 * i: table.end() + 20 * (i + 1)] for i in range(count)]
    offsets = [int(row[:10]) for row in rows[1:]]
    trailer = pdf[table.end() + 20 * count:end.start()]
    if count < 2 or any(not row.endswith(b" 00000 n \n") for row in rows[1:]) \
            or offsets != sorted(offsets) or not trailer.startswith(b"trailer\n") \
            or b"/Prev" in trailer:
        raise ValueError("the cross-reference table is not that of a single-revision "
                         "reportlab document")
    bounds = [*offsets, xref_at]
    out = [pdf[:offsets[0]]]
    moved: list[int] = []
    at = offsets[0]
    for start, stop in itertools.pairwise(bounds):
        moved.append(at)
        obj = pdf[start:stop]
        if obj.endswith(_STREAM_END):
            data_start = obj.find(b"\nstream\n") + len(b"\nstream\n")
            length = _LENGTH.search(obj, 0, data_start)
            data_end = len(obj) - len(_STREAM_END)
            after = obj[data_start + int(length.group(1)):data_end] if length else None
            if after not in (b"", b"\n", b"\r\n"):
                raise ValueError(f"a stream at byte {start} is not where its /Length says")
            if not after:  # data ending in a line end needs one more: it is the data's
                obj = obj[:data_end] + b"\n" + obj[data_end:]
        out.append(obj)
        at += len(obj)
    new_xref = at
    out.append(pdf[xref_at:table.end()] + rows[0])
    out += [b"%010d 00000 n \n" % offset for offset in moved]
    out.append(trailer)
    out.append(b"startxref\n%d\n%%%%EOF\n" % new_xref)
    return b"".join(out)
