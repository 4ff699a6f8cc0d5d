"""Signing the record PDF with pyHanko: PAdES baseline B-B with a visible stamp, offline.

The first signature's revision also attaches the record's JSON (so the signature covers it)
and an empty countersignature field beside the decision maker's box, so that a manager's
countersignature later fills a field the first signature already allowed for and leaves it valid.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

from isp_wizard.errors import SigningError
from isp_wizard.record.identity import Identity
from isp_wizard.record.model import Practitioner
from isp_wizard.record.places import FIELD_COUNTERSIGN, FIELD_DECIDER, SignaturePlaces
from isp_wizard.record.rendered import DocumentInfo

ATTACHMENT_NAME = "record.json"
REASON_DECIDER = "I made this decision and this is my record of it"
REASON_COUNTERSIGN = "Countersigned: I have reviewed this decision"
STAMP_FONT_SIZE = 7
STAMP_LEADING = 9
_LINE = 58
SIGNATURE_BYTES = 8192  # room for the CMS blob; reserving it skips a trial signature


def sign_new_record(pdf: bytes, record_json: bytes, identity: Identity,
                    places: SignaturePlaces, *, cache_dir: Path,
                    created: dt.datetime | None = None,
                    info: DocumentInfo | None = None) -> bytes:
    """Attach the JSON, add the countersignature field, and sign as the decision maker; the
    document information and XMP metadata say ``info``, dated by the record's time."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    from isp_wizard.record.archival import add_output_intent, drop_form_font

    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        stamp = dt.datetime.now(dt.UTC) if created is None else created
        embedded = embed.EmbeddedFileObject.from_file_data(
            writer, data=record_json, mime_type="application/json",
            params=embed.EmbeddedFileParams(creation_date=stamp, modification_date=stamp))
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=ATTACHMENT_NAME, file_name=ATTACHMENT_NAME,
            embedded_data=embedded, description="The decision record as data (JSON)",
            af_relationship=generic.NameObject("/Data")))
        fields.append_signature_field(writer, fields.SigFieldSpec(
            FIELD_COUNTERSIGN, on_page=places.page, box=places.countersign,
            # once countersigned, every field is locked and nothing more may change
            field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
            doc_mdp_update_value=fields.MDPPerm.NO_CHANGES))
        if info is not None:
            _describe(writer, info)
        spec = fields.SigFieldSpec(FIELD_DECIDER, on_page=places.page, box=places.decider)
        add_output_intent(writer)
        drop_form_font(writer)
        return _sign(writer, identity, FIELD_DECIDER, REASON_DECIDER, cache_dir, spec,
                     certify=True)
    except SigningError:
        raise
    except Exception as exc:  # pyHanko raises many kinds; all mean "could not sign"
        raise SigningError(f"the record could not be signed: {exc}") from exc


def _describe(writer: Any, info: DocumentInfo) -> None:
    """Document information and XMP metadata that say the same: title, author, subject,
    keywords, creator, producer, and creation and modification dates that are the record's own
    time. The drawn revision's information is rewritten in place (the same object: ``verify``
    requires its words unchanged) with nothing else in it (no /Trapped the XMP would not
    repeat), and pyHanko is kept from rewriting either when it writes the revision: it would
    date them "now" and write the keywords as ``pdf:keywords``, which is not ``pdf:Keywords``,
    the XMP property the information's /Keywords corresponds to."""
    from pyhanko.pdf_utils import generic

    values = {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
              "/Keywords": ",".join(info.keywords), "/Creator": info.creator,
              "/Producer": info.producer}
    entries: dict[Any, Any] = {generic.NameObject(k): generic.TextStringObject(v)
                               for k, v in values.items() if v}
    entries[generic.NameObject("/CreationDate")] = generic.pdf_date(info.created)
    entries[generic.NameObject("/ModDate")] = generic.pdf_date(info.created)
    if writer._info is None:
        objects: Any = generic  # pyHanko's object constructors are untyped
        writer.set_info(writer.add_object(objects.DictionaryObject(entries)))
    else:
        existing = writer._info.get_object()
        existing.clear()
        existing.update(entries)
        writer.mark_update(writer._info)
    writer._update_meta = lambda: None
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(xmp_stream(info))
    writer.update_root()


def xmp_stream(info: DocumentInfo) -> Any:
    """The XMP metadata stream saying what the document information says (not compressed:
    an archive reader finds it as text)."""
    from pyhanko.pdf_utils.metadata import model, xmp_xml

    meta = model.DocumentMetadata(title=info.title, author=info.author, subject=info.subject,
                                  creator=info.creator, created=info.created,
                                  last_modified=info.created)
    fields = dict(xmp_xml.update_xmp_with_meta(meta)[0])
    if info.keywords:
        keywords = model.ExpandedName(ns=model.NS["pdf"], local_name="Keywords")
        fields[keywords] = model.XmpValue(",".join(info.keywords))
    fields[model.PDF_PRODUCER] = model.XmpValue(info.producer)
    return xmp_xml.MetadataStream.from_xmp([model.XmpStructure(fields)])


def countersign_pdf(pdf: bytes, identity: Identity, *, cache_dir: Path) -> bytes:
    """Fill the empty countersignature field, as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        empty = [name for name, value, _ in fields.enumerate_sig_fields(writer)
                 if value is None]
    except Exception as exc:
        raise SigningError(f"the record cannot be opened for countersigning: {exc}") from exc
    if FIELD_COUNTERSIGN not in empty:
        raise SigningError("this record has already been countersigned")
    # The countersignature's revision may change nothing but its own field: pyHanko would
    # otherwise rewrite the document information and XMP metadata (modification date).
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    try:
        return _sign(writer, identity, FIELD_COUNTERSIGN, REASON_COUNTERSIGN, cache_dir, None)
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(f"the record could not be countersigned: {exc}") from exc


def _sign(writer: Any, identity: Identity, field: str, reason: str, cache_dir: Path,
          spec: Any, *, certify: bool = False) -> bytes:
    """Sign ``field``. The decision maker's signature certifies the record (DocMDP, filling
    forms and signing allowed), so that other readers also treat any other later change as a
    breach of the certification; ``verify`` applies the stricter rules of ``structure``."""
    from pyhanko.sign import fields, signers

    from isp_wizard.record.fonts import quiet_libraries

    quiet_libraries()
    who = identity.practitioner
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=who.organisation or None, name=who.name or None,
        certify=certify, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    pdf_signer = signers.PdfSigner(meta, signer=identity.signer,
                                   stamp_style=stamp_style(identity, reason, cache_dir),
                                   new_field_spec=spec)
    out = BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue()


def stamp_lines(who: Practitioner, reason: str) -> list[str]:
    """The stamp's lines for ``who`` (as their certificate names them); ``verify`` checks a
    signature's appearance against these."""
    lines = [f"Digitally signed by {who.name}"]
    if who.role:
        lines.append(who.role)
    if who.organisation:
        lines.append(who.organisation)
    lines.append("Time: %(ts)s")
    lines.append(f"Reason: {reason}")
    return [_fit(line) for line in lines]


def _fit(line: str) -> str:
    from isp_wizard.record.fonts import as_printed

    line = " ".join(as_printed(line).split())
    return line if len(line) <= _LINE else line[: _LINE - 1] + "…"


def stamp_style(identity: Identity, reason: str, cache_dir: Path) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    from isp_wizard.record.fonts import stamp_font

    lines = stamp_lines(identity.practitioner, reason)
    text = "\n".join(line if "%(ts)s" in line else line.replace("%", "%%") for line in lines)
    font = stamp_font(text.replace("%(ts)s", "0123456789-: UTC"), cache_dir)
    return TextStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(font), font_size=STAMP_FONT_SIZE),
            font_size=STAMP_FONT_SIZE, leading=STAMP_LEADING),
        border_width=0,
        timestamp_format="%Y-%m-%d %H:%M:%S UTC",
    )
