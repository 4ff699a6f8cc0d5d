"""Archival-PDF pieces the decision maker's signed revision adds: an sRGB output intent.

PDF/A asks for an OutputIntent naming the colour space the pages are meant in, with an ICC
profile embedded: the record is drawn in sRGB, and the profile is LittleCMS's built-in sRGB
(through Pillow, which reportlab already needs; MIT and HPND licences), made once per process.
It goes into the signed revision, not the drawing, so records drawn before keep verifying.
"""

from __future__ import annotations

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
