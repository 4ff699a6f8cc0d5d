"""A corpus of tampered records, made here with pyHanko, each shown on a rendered page
(pdftoppm) and each refused by ``verify`` with the right exit code; genuine records still pass
our check, pyHanko's validator and poppler's pdfsig."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest

from isp_wizard.cli import main
from isp_wizard.engine.walk import walk
from isp_wizard.errors import InputFileError
from isp_wizard.record.ca import init_ca, issue_identity
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import DecisionRecord, RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.places import FIELD_COUNTERSIGN
from isp_wizard.record.sign import countersign_pdf, sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
PASS = "correct horse"
SHARE = {"emergency": "no", "purpose": "yes", "what": "a phone number"}
BANNER = (51, 690, 544, 790)  # over the decision banner at the top of page 1


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tamper")


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


@pytest.fixture(scope="module")
def ca(work: Path) -> Path:
    init_ca(work / "ca", name="Example Council Records CA", organisation="Example Council",
            passphrase="ca passphrase")
    return work / "ca" / "ca.pem"


def issued(work: Path, file: str, name: str, role: str):
    issue_identity(work / "ca", "ca passphrase", work / file, name=name, role=role,
                   organisation="Example Council", passphrase=PASS)
    return load_identity(work / file, PASS)


@pytest.fixture(scope="module")
def priya(work: Path, ca: Path):
    return issued(work, "priya.p12", "Priya Shah", "Community safety officer")


@pytest.fixture(scope="module")
def manager(work: Path, ca: Path):
    return issued(work, "tom.p12", "Tomasz Wójcik", "Team manager")


@pytest.fixture(scope="module")
def mallory(work: Path):
    create_identity(work / "mallory.p12", name="Mallory", role="", organisation="",
                    passphrase=PASS)
    return load_identity(work / "mallory.p12", PASS)


def record_for(pack, identity, answers=None) -> DecisionRecord:
    session = walk(pack.tree("demo"), answers or SHARE)
    return build_record(session, pack, RecordDetails(case_reference="CSP-77"),
                        identity.practitioner, training=False, now=NOW)


def sign(record: DecisionRecord, identity, work: Path, pdf: bytes | None = None) -> bytes:
    rendered = render_record(record)
    return sign_new_record(pdf or rendered.pdf, record.canonical_json(), identity,
                           rendered.places, cache_dir=work / "cache")


@pytest.fixture(scope="module")
def genuine(pack, priya, work: Path) -> bytes:
    return sign(record_for(pack, priya), priya, work)


@pytest.fixture(scope="module")
def countersigned(genuine: bytes, manager, work: Path) -> bytes:
    return countersign_pdf(genuine, manager, cache_dir=work / "cache")


def write(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


def pixels(path: Path, page: int) -> bytes:
    """Page ``page`` (1-based) rendered by poppler at 36 dpi in grey."""
    out = path.with_suffix(f".p{page}")
    subprocess.run(["pdftoppm", "-r", "36", "-gray", "-singlefile", "-f", str(page), "-l",
                    str(page), str(path), str(out)], check=True)
    return out.with_suffix(out.suffix + ".pgm").read_bytes()


def visibly_changed(original: Path, tampered: Path, page: int) -> int:
    """How many pixels of ``page`` a reader sees differently (the attack is real)."""
    before, after = pixels(original, page), pixels(tampered, page)
    assert len(before) == len(after)
    return sum(a != b for a, b in zip(before, after, strict=True))


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def cli_verify(path: Path, ca: Path, capsys: pytest.CaptureFixture[str], *extra: str
               ) -> tuple[int, str]:
    code = main(["verify", str(path), "--trust", str(ca), *extra])
    return code, capsys.readouterr().out


def new_signature(data: bytes, identity, field: str, text: str | None,
                  box: tuple[int, int, int, int] | None = BANNER, page: int = 0) -> bytes:
    """``identity`` signs ``data`` in ``field`` with a stamp reading ``text`` (pyHanko direct)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(BytesIO(data))
    spec = None
    if box is not None and field != FIELD_COUNTERSIGN:
        spec = fields.SigFieldSpec(field, on_page=page, box=box)
    elif box is None and field != FIELD_COUNTERSIGN:
        spec = fields.SigFieldSpec(field, on_page=page)
    style = TextStampStyle(stamp_text=text, border_width=4) if text else None
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = BytesIO()
    signers.PdfSigner(meta, signer=identity.signer, stamp_style=style,
                      new_field_spec=spec).sign_pdf(writer, output=out)
    return out.getvalue()


# --- genuine records ---------------------------------------------------------------------------


def test_genuine_records_pass_ours_pyhanko_and_pdfsig(genuine: bytes, countersigned: bytes,
                                                      ca: Path, work: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    for name, data, count in (("genuine.pdf", genuine, 1), ("cs.pdf", countersigned, 2)):
        path = write(work, name, data)
        report = verify_record(path, trust_roots=[ca])
        assert report.ok and report.trusted, report.all_problems
        assert len(report.signatures) == count
        code, out = cli_verify(path, ca, capsys)
        assert code == 0 and "Result: the record holds" in out, out
        assert out.count("certificate SHA-256 ") == count
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))],
                                    allow_fetching=False)
        for sig in PdfFileReader(BytesIO(data)).embedded_signatures:
            status = validate_pdf_signature(sig, signer_validation_context=context)
            assert status.bottom_line, status.pretty_print_details()
        assert pdfsig(path).count("Signature is Valid.") == count
    assert report.signatures[1].stamp[0] == "Digitally signed by Tomasz Wójcik"


# --- Critical 1: new signatures and lying stamps -----------------------------------------------


@pytest.mark.parametrize("signer", ["mallory", "manager"])
def test_a_new_visible_signature_over_the_decision_is_altered(
        signer: str, genuine: bytes, ca: Path, work: Path, request: pytest.FixtureRequest,
        capsys: pytest.CaptureFixture[str]) -> None:
    identity = request.getfixturevalue(signer)
    path = write(work, f"overlay-{signer}.pdf",
                 new_signature(genuine, identity, "Approval", "DO NOT SHARE"))
    assert visibly_changed(write(work, "g.pdf", genuine), path, 1) > 500
    assert pdfsig(path).count("Signature is Valid.") == 2  # pdfsig alone would accept it
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok
    assert any("the field “Approval”" in p for p in report.all_problems)
    code, out = cli_verify(path, ca, capsys)
    assert code == 1 and "Result: ALTERED" in out
    assert "Approval" in out and report.signatures[1].signer.certificate_fingerprint in out


def test_an_invisible_extra_signature_is_altered(genuine: bytes, mallory, ca: Path,
                                                 work: Path) -> None:
    path = write(work, "extra.pdf", new_signature(genuine, mallory, "Extra", None, box=None))
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok and any("“Extra”" in p for p in report.all_problems)


def test_a_lying_countersignature_stamp_is_altered(genuine: bytes, manager, mallory, ca: Path,
                                                   work: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    honest = write(work, "cs-honest.pdf", countersign_pdf(genuine, manager,
                                                          cache_dir=work / "cache"))
    for who, identity in (("manager", manager), ("mallory", mallory)):
        lie = "Director of Legal Services - DECISION OVERTURNED"
        path = write(work, f"cs-lie-{who}.pdf",
                     new_signature(genuine, identity, FIELD_COUNTERSIGN, lie))
        assert visibly_changed(honest, path, 3) > 50
        assert "DECISION OVERTURNED" in subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        report = verify_record(path, trust_roots=[ca])
        assert not report.ok
        assert any("stamp reads “Director of Legal Services" in p and "not what this app draws"
                   in p for p in report.all_problems), report.all_problems
        code, out = cli_verify(path, ca, capsys)
        assert code == 1 and "stamp reads: Director of Legal Services" in out


def test_the_decision_maker_cannot_countersign_their_own_record(genuine: bytes, priya, ca: Path,
                                                                work: Path) -> None:
    path = write(work, "self-cs.pdf", countersign_pdf(genuine, priya, cache_dir=work / "cache"))
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok
    assert any("by the decision maker (Priya Shah) themselves" in p for p in report.all_problems)


def test_metadata_rewrites_after_signing_are_altered(genuine: bytes, manager, ca: Path,
                                                     work: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(genuine))
    info = writer.trailer["/Info"].get_object()
    info["/Title"] = generic.TextStringObject("DO NOT SHARE")
    writer.update_container(info)
    out = BytesIO()
    writer.write(out)
    for name, data in (("info.pdf", out.getvalue()),
                       ("info-cs.pdf", countersign_pdf(out.getvalue(), manager,
                                                       cache_dir=work / "cache"))):
        report = verify_record(write(work, name, data), trust_roots=[ca])
        assert not report.ok, name
    # a countersignature made with pyHanko's defaults rewrites the XMP metadata and the
    # document information (modification dates): that is not the app's countersignature
    path = write(work, "xmp.pdf", new_signature(genuine, manager, FIELD_COUNTERSIGN, None))
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok
    assert any("XMP metadata" in p or "document information" in p for p in report.all_problems)


# --- Major 4: a re-made record in the decision maker's name ------------------------------------


def test_a_remade_record_by_a_self_made_identity_is_not_trusted(
        pack, priya, ca: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_identity(work / "fake-priya.p12", name="Priya Shah", role="Community safety officer",
                    organisation="Example Council", passphrase=PASS)
    fake = load_identity(work / "fake-priya.p12", PASS)
    remade = record_for(pack, fake, {"emergency": "yes"})
    path = write(work, "remade.pdf", sign(remade, fake, work))
    genuine_path = write(work, "genuine-for-remade.pdf", sign(record_for(pack, priya), priya,
                                                              work))
    assert visibly_changed(genuine_path, path, 1) > 500  # another decision on the page
    report = verify_record(path, trust_roots=[ca])
    assert report.ok and not report.trusted
    code, out = cli_verify(path, ca, capsys)
    assert code == 3
    result = out.strip().splitlines()[-1]
    assert result.startswith("  Result: NOT TRUSTED — intact, but signed by Priya Shah")
    assert "holds" not in out and "NOT TRUSTED here" in out
    code, out = cli_verify(path, ca, capsys, "--allow-untrusted")
    assert code == 0 and "Result: NOT TRUSTED" in out
    code, out = cli_verify(path, ca, capsys, "--json")
    assert code == 3 and json.loads(out)["result"] == "not-trusted"
    code, _ = cli_verify(genuine_path, ca, capsys)
    assert code == 0


# --- Major 5: what is seen is what was signed --------------------------------------------------


def test_an_insider_overlay_drawn_before_signing_is_altered(
        pack, priya, genuine: bytes, ca: Path, work: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    record = record_for(pack, priya)
    writer = IncrementalPdfFileWriter(BytesIO(render_record(record).pdf))
    cover = (b"q 0.55 0.11 0.11 rg 51 700 493 90 re f "
             b"BT 1 1 1 rg /Ins 30 Tf 70 730 Td (DO NOT SHARE) Tj ET Q")
    font = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica-Bold")}))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=cover)),
                              resources=generic.DictionaryObject({
                                  generic.NameObject("/Font"): generic.DictionaryObject(
                                      {generic.NameObject("/Ins"): font})}))
    out = BytesIO()
    writer.write(out)
    path = write(work, "insider.pdf", sign(record, priya, work, pdf=out.getvalue()))
    assert visibly_changed(write(work, "g2.pdf", genuine), path, 1) > 500
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "SHARE" in text and "CSP-77" in text  # the old four-strings check would pass
    assert "Total document signed" in pdfsig(path)
    report = verify_record(path, trust_roots=[ca])
    assert report.json_intact and not report.json_matches_pages and not report.ok
    assert any("drawn on page 1" in p and "is not what the record data says" in p
               for p in report.all_problems), report.all_problems
    code, out = cli_verify(path, ca, capsys)
    assert code == 1 and "Result: ALTERED" in out


def test_an_annotation_signed_with_the_record_is_altered(pack, priya, ca: Path,
                                                         work: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    record = record_for(pack, priya)
    writer = IncrementalPdfFileWriter(BytesIO(render_record(record).pdf))
    note = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Square"),
        generic.NameObject("/Rect"): generic.ArrayObject(map(generic.NumberObject, BANNER)),
        generic.NameObject("/IC"): generic.ArrayObject([generic.FloatObject(1)] * 3),
        generic.NameObject("/F"): generic.NumberObject(4)}))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Annots"] = generic.ArrayObject([note])
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    report = verify_record(write(work, "annot.pdf", sign(record, priya, work,
                                                         pdf=out.getvalue())),
                           trust_roots=[ca])
    assert not report.ok
    assert any("page 1 carries annotations" in p for p in report.all_problems)


# --- minors ------------------------------------------------------------------------------------


def test_padding_of_the_signature_value_is_not_malleable(genuine: bytes, ca: Path,
                                                         work: Path) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(BytesIO(genuine)).embedded_signatures[0]
    _, start, end, _ = (int(x) for x in sig.sig_object["/ByteRange"])
    gap = genuine[start:end]
    padded = genuine[:end - 2] + b"1" + genuine[end - 1:]
    lowered = genuine[:start] + gap.lower() + genuine[end:]
    for name, data in (("pad.pdf", padded), ("lower.pdf", lowered)):
        assert data != genuine and len(data) == len(genuine)
        path = write(work, name, data)
        assert "Signature is Valid." in pdfsig(path)  # the signed bytes are the same
        report = verify_record(path, trust_roots=[ca])
        assert not report.ok and any("unsigned room" in p for p in report.all_problems)


def test_a_removed_signature_or_replaced_data_is_altered_not_unknown(
        genuine: bytes, ca: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(genuine))
    for field in writer.root["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if "/V" in field:
            del field["/V"]
            writer.update_container(field)
    out = BytesIO()
    writer.write(out)
    unsigned = write(work, "unsigned-now.pdf", out.getvalue())
    code, text = cli_verify(unsigned, ca, capsys)
    assert code == 1 and "not signed" in text and "ALTERED" in text

    writer = IncrementalPdfFileWriter(BytesIO(genuine))
    spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    spec["/EF"]["/F"] = writer.add_object(embed.EmbeddedFileObject.from_file_data(
        writer, data=b"{not a record"))
    writer.update_container(spec)
    out = BytesIO()
    writer.write(out)
    code, text = cli_verify(write(work, "junk-json.pdf", out.getvalue()), ca, capsys)
    assert code == 1 and "ALTERED" in text


def test_verify_refuses_what_is_not_a_regular_file_fast(work: Path) -> None:
    fifo = work / "fifo.pdf"
    os.mkfifo(fifo)
    big = work / "big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(200 * 1024 * 1024)
    for path in (Path("/dev/zero"), fifo, big):
        started = time.perf_counter()
        with pytest.raises(InputFileError, match=r"not a regular file|larger than"):
            verify_record(path, trust_roots=[])
        assert time.perf_counter() - started < 1


def test_control_and_bidi_characters_are_not_printed_raw(pack, mallory, work: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    create_identity(work / "esc.p12", name="Eve\x1b[2J\x07\u202eeciffo", role="",
                    organisation="", passphrase=PASS)
    eve = load_identity(work / "esc.p12", PASS)
    path = write(work, "esc.pdf", sign(record_for(pack, eve), eve, work))
    assert main(["verify", str(path), "--allow-untrusted"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Eve<U+001B>[2J<U+0007><U+202E>eciffo" in out


@pytest.mark.parametrize("change", ["overlay", "title"])
def test_a_change_made_in_the_signing_revision_itself_is_altered(
        change: str, pack, priya, genuine: bytes, ca: Path, work: Path) -> None:
    """An insider's own signing code adds the overlay (or a lying title) in the same revision
    as the signature, so the file still begins with the genuine drawing."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    from isp_wizard.record import sign as signing
    from isp_wizard.record.places import FIELD_DECIDER

    record = record_for(pack, priya)
    rendered = render_record(record)
    writer = IncrementalPdfFileWriter(BytesIO(rendered.pdf))
    if change == "overlay":
        cover = b"q 0.55 0.11 0.11 rg 51 700 493 90 re f Q"
        writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=cover)))
    else:
        info = writer.trailer["/Info"].get_object()
        info["/Title"] = generic.TextStringObject("Decision: DO NOT SHARE")
        writer.update_container(info)
    data = record.canonical_json()
    embed.embed_file(writer, embed.FileSpec(
        file_spec_string="record.json", file_name="record.json",
        embedded_data=embed.EmbeddedFileObject.from_file_data(
            writer, data=data, mime_type="application/json"),
        af_relationship=generic.NameObject("/Data")))
    places = rendered.places
    fields.append_signature_field(writer, fields.SigFieldSpec(
        FIELD_COUNTERSIGN, on_page=places.page, box=places.countersign))
    spec = fields.SigFieldSpec(FIELD_DECIDER, on_page=places.page, box=places.decider)
    signed = signing._sign(writer, priya, FIELD_DECIDER, signing.REASON_DECIDER,
                           work / "cache", spec)
    path = write(work, f"signing-{change}.pdf", signed)
    assert signed.startswith(rendered.pdf)
    if change == "overlay":
        assert visibly_changed(write(work, "g3.pdf", genuine), path, 1) > 500
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok
    wanted = "page 1" if change == "overlay" else "document information (Title)"
    assert any("signed revision" in p and wanted in p for p in report.all_problems), \
        report.all_problems


def test_a_stamp_font_that_draws_other_letters_is_altered(genuine: bytes, manager, ca: Path,
                                                          work: Path) -> None:
    """The stamp's text (ToUnicode, ActualText) is the honest text, but its embedded font draws
    the shapes of other letters for two of them."""
    from fontTools.ttLib import TTFont
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    from isp_wizard.record import sign as signing

    honest = signing.stamp_style(manager, signing.REASON_COUNTERSIGN, work / "cache")
    font = TTFont(honest.text_box_style.font.font_file)
    cmap = font.getBestCmap()
    glyf, hmtx = font["glyf"], font["hmtx"]
    a, e = cmap[ord("a")], cmap[ord("e")]
    glyf[a], glyf[e] = glyf[e], glyf[a]
    hmtx[a], hmtx[e] = hmtx[e], hmtx[a]
    forged_font = work / "forged.ttf"
    font.save(str(forged_font))
    size = signing.STAMP_FONT_SIZE
    style = TextStampStyle(
        stamp_text=honest.stamp_text, border_width=0, timestamp_format=honest.timestamp_format,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(forged_font),
                                                                 font_size=size),
                                    font_size=size, leading=signing.STAMP_LEADING))
    writer = IncrementalPdfFileWriter(BytesIO(genuine))
    writer._update_meta = lambda: None  # as the app countersigns: no metadata change
    meta = signers.PdfSignatureMetadata(field_name=FIELD_COUNTERSIGN, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=signing.REASON_COUNTERSIGN)
    out = BytesIO()
    signers.PdfSigner(meta, signer=manager.signer, stamp_style=style).sign_pdf(
        writer, output=out, bytes_reserved=signing.SIGNATURE_BYTES)
    path = write(work, "forged-glyphs.pdf", out.getvalue())
    assert "Reason: Countersigned: I have reviewed this decision" in subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    report = verify_record(path, trust_roots=[ca])
    assert not report.ok
    assert any("draws other shapes for “ae”" in p for p in report.all_problems), \
        report.all_problems


@pytest.mark.parametrize("name", ["王小明 (Wang Xiaoming)", "محمد علي", "Zoë Łukasz-Nguyễn",
                                  "김민준", "प्रिया शर्मा"])
def test_genuine_stamps_in_other_scripts_verify(name: str, pack, manager, work: Path) -> None:
    file = work / f"name-{abs(hash(name))}.p12"
    create_identity(file, name=name, role="Officer", organisation="Example Council",
                    passphrase=PASS)
    who = load_identity(file, PASS)
    data = sign(record_for(pack, who), who, work)
    path = write(work, f"name-{abs(hash(name))}.pdf",
                 countersign_pdf(data, manager, cache_dir=work / "cache"))
    report = verify_record(path, trust_roots=[])
    assert report.ok, report.all_problems


# --- an installation that draws with other library versions ---------------------------------
# A later install with a newer reportlab draws the pages differently: its own drawing proves
# nothing about the record, so genuine records must not be called ALTERED. Here the drawing
# libraries' versions are reported as newer and the drawing differs by one byte, as a newer
# reportlab's would; every other check runs as always.


def newer_drawing(monkeypatch: pytest.MonkeyPatch, *, versions: bool = True,
                  drawing: bool = True) -> None:
    from dataclasses import replace

    from isp_wizard.record import approval_pdf, libraries

    if versions:
        here = dict(libraries.installed_versions(), reportlab="5.2.0")
        monkeypatch.setattr(libraries, "installed_versions", lambda: here)
    if drawing:
        real = approval_pdf.render_any

        def redrawn(record):
            rendered = real(record)
            pdf = rendered.pdf.replace(b"ReportLab Generated", b"ReportLab Generat3d", 1)
            assert pdf != rendered.pdf
            return replace(rendered, pdf=pdf)

        monkeypatch.setattr(approval_pdf, "render_any", redrawn)


def cli_json(path: Path, ca: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["verify", str(path), "--trust", str(ca), "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("which", ["genuine", "countersigned"])
def test_a_genuine_record_is_not_called_altered_by_other_drawing_libraries(
        which: str, ca: Path, work: Path, request: pytest.FixtureRequest,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(work, f"newer-{which}.pdf", request.getfixturevalue(which))
    newer_drawing(monkeypatch)
    report = verify_record(path, trust_roots=[ca])
    assert not report.altered and not report.ok
    assert report.json_intact and report.json_matches_pages and report.trusted
    assert "reportlab 5.2.0 (records are drawn with 5.1.0)" in report.pages_not_compared
    assert "the pages could not be compared" in report.pages_not_compared
    code, out = cli_verify(path, ca, capsys)
    assert code == 2, out
    assert "Result: NOT CHECKED IN FULL" in out and "ALTERED" not in out
    assert "reportlab 5.2.0 (records are drawn with 5.1.0)" in out
    assert "Record data: intact; the pages were NOT COMPARED" in out
    code, found = cli_json(path, ca, capsys)
    assert (code, found["result"], found["exit_code"]) == (2, "pages-not-compared", 2)
    assert found["pages_compared"] is False and found["ok"] is False


def test_other_library_versions_that_draw_the_same_pages_change_nothing(
        genuine: bytes, ca: Path, work: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    newer_drawing(monkeypatch, drawing=False)
    path = write(work, "newer-same.pdf", genuine)
    report = verify_record(path, trust_roots=[ca])
    assert report.ok and not report.pages_not_compared
    assert cli_verify(path, ca, capsys)[0] == 0


def test_other_checks_still_say_altered_with_other_drawing_libraries(
        genuine: bytes, mallory, ca: Path, work: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    extra = write(work, "newer-extra.pdf",
                  new_signature(genuine, mallory, "Extra", None, box=None))
    flipped = bytearray(genuine)
    flipped[flipped.index(b"ReportLab")] = ord("X")
    byte = write(work, "newer-byte.pdf", bytes(flipped))
    newer_drawing(monkeypatch)
    for path, why in ((extra, "“Extra”"), (byte, "digest mismatch")):
        report = verify_record(path, trust_roots=[ca])
        assert report.altered and any(why in p for p in report.all_problems), \
            report.all_problems
        code, out = cli_verify(path, ca, capsys)
        assert code == 1 and "Result: ALTERED" in out
        code, found = cli_json(path, ca, capsys)
        assert (code, found["result"]) == (1, "altered")


def test_with_the_drawing_versions_a_differing_drawing_is_altered_as_before(
        genuine: bytes, ca: Path, work: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from isp_wizard.record.libraries import version_differences

    assert version_differences() == []  # the suite runs with the versions records are drawn with
    newer_drawing(monkeypatch, versions=False)
    path = write(work, "same-versions-differ.pdf", genuine)
    report = verify_record(path, trust_roots=[ca])
    assert report.altered and not report.pages_not_compared
    assert any("changed between being drawn" in p or "drawn on page" in p
               for p in report.all_problems), report.all_problems
    assert cli_verify(path, ca, capsys)[0] == 1


# --- format 3: several people, several recipients, walks handed off ------------------------------

HOSTILE_LABELS = ["مريم أحمد", "می\u200cخواهم", "שרה (3)", "Zoë ẞ a\u0301\u0302", "😀 family",
                  "x" * 60, ") Tj ET BT (", "%%EOF", "A@B", "<b>&amp;</b>"]
HOSTILE_PURPOSE = ("Protect the children ) Tj ET %%EOF\n<</Type /Catalog>> endstream "
                   + "w" * 5000 + " תודה 👍")


@pytest.fixture(scope="module")
def people_pack(work: Path):
    import yaml
    from hostile_rules import FIXTURE, make_rules, write_tree

    root = make_rules(work / "people-rules")
    first = yaml.safe_load((FIXTURE / "trees" / "demo.yaml").read_text(encoding="utf-8"))
    first["id"] = "first"
    next(n for n in first["nodes"] if n["id"] == "do-not-share").update(
        start_tree="demo", carries=[{"from": "emergency", "to": "emergency"}])
    write_tree(root, first)
    loaded = load_pack(root)
    assert not loaded.errors, loaded.errors
    return loaded


def people_record(pack, identity, labels: list[str], purpose: str = "") -> DecisionRecord:
    from people_tree import HOUSEHOLD_ANSWERS

    answers = {k: v for k, v in HOUSEHOLD_ANSWERS.items() if "@" not in k
               or k.split("@", 1)[1] in ("asc", "housing")}
    answers["household"] = labels
    for label in labels:
        answers |= {f"category@{label}": "child", f"child-harm@{label}": "yes"}
    session = walk(pack.tree("household"), answers, pack.partners)
    return build_record(session, pack, RecordDetails(case_reference="HH-9", purpose=purpose),
                        identity.practitioner, training=False, now=NOW)


def handed_off_record(pack, identity) -> DecisionRecord:
    session = walk(pack.tree("first"), {"emergency": "no", "purpose": "no"}, pack.partners,
                   then={"demo": {"purpose": "no"}}, trees=pack.trees)
    return build_record(session, pack, RecordDetails(case_reference="HO-1"),
                        identity.practitioner, training=False, now=NOW)


def signed_with(record: DecisionRecord, identity, work: Path, record_json: bytes) -> bytes:
    """Pages drawn from ``record``, signed with ``record_json`` attached: what an insider's own
    signing code could make."""
    from isp_wizard.record.rendered import document_info

    rendered = render_record(record)
    return sign_new_record(rendered.pdf, record_json, identity, rendered.places,
                           cache_dir=work / "cache", info=document_info(record))


def edited(record: DecisionRecord, change) -> bytes:
    data = json.loads(record.canonical_json())
    change(data)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _swap(pack, priya, pages: str, data: str) -> tuple[DecisionRecord, bytes]:
    made = {"three": lambda: people_record(pack, priya, ["Adult A", "Child 1", "Child 2"]),
            "two": lambda: people_record(pack, priya, ["Adult A", "Child 1"]),
            "handoff": lambda: handed_off_record(pack, priya)}
    drawn = made[pages]()
    claimed = made[data]() if data in made else None
    if claimed is not None:
        return drawn, claimed.canonical_json()
    changes = {
        "no recipients": lambda d: d.pop("recipients"),
        "a person relabelled": lambda d: d["people"][0].update(label="Adult Z"),
        "a person's decision changed": lambda d: d["people"][1].update(decision="do_not_share"),
        "a recipient's channel changed": lambda d: d["recipients"][0].update(
            channel=["post"]),
        "an earlier walk claimed": lambda d: d.update(earlier_walks=[{
            "tree": d["tree"], "steps": d["steps"][:1], "handed_off_at": "act-now",
            "handed_off_text": "Continue"}]),
        "no earlier walk": lambda d: d.pop("earlier_walks"),
        "about someone else": lambda d: next(s for s in d["steps"] if "about" in s)[
            "about"].update(item="Child 9", name="Child 9"),
    }
    return drawn, edited(drawn, changes[data])


@pytest.mark.parametrize(("pages", "data"), [
    ("two", "three"), ("three", "two"), ("three", "no recipients"),
    ("three", "a person relabelled"), ("three", "a person's decision changed"),
    ("three", "a recipient's channel changed"), ("three", "an earlier walk claimed"),
    ("handoff", "no earlier walk"), ("three", "about someone else")])
def test_record_data_claiming_other_people_recipients_or_walks_than_drawn_is_altered(
        pages: str, data: str, people_pack, priya, ca: Path, work: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    drawn, claimed = _swap(people_pack, priya, pages, data)
    path = write(work, f"claims-{pages}-{data.replace(' ', '-')}.pdf",
                 signed_with(drawn, priya, work, claimed))
    assert "Signature is Valid." in pdfsig(path)  # the insider's signature itself holds
    code, out = cli_verify(path, ca, capsys)
    assert code == 1 and "Result: ALTERED" in out, out


@pytest.mark.parametrize("claim", [
    "1,700 people", "2,500 recipients", "20,000 steps", "3,000 earlier walks",
    "a label of a million characters", "a question of a million words", "people as a word",
    "a person that is nothing", "a label that is a number", "an about that is a number",
    "earlier walks as a mapping", "nested 5,000 deep"])
def test_record_data_of_absurd_size_or_wrong_type_is_refused_quickly(
        claim: str, people_pack, priya, ca: Path, work: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from hostile_rules import deadline

    record = people_record(people_pack, priya, ["Adult A", "Child 1"])
    changes = {
        "1,700 people": lambda d: d.update(people=d["people"] * 850),
        "2,500 recipients": lambda d: d.update(recipients=d["recipients"] * 1250),
        "20,000 steps": lambda d: d.update(steps=d["steps"] * (20_000 // len(d["steps"]))),
        "3,000 earlier walks": lambda d: d.update(earlier_walks=[{
            "tree": d["tree"], "steps": d["steps"], "handed_off_at": "x",
            "handed_off_text": "y"}] * 3000),
        "a label of a million characters": lambda d: d["people"][0].update(label="x" * 10**6),
        "a question of a million words": lambda d: d["steps"][0].update(question="w " * 10**6),
        "people as a word": lambda d: d.update(people="everyone"),
        "a person that is nothing": lambda d: d.update(people=[None]),
        "a label that is a number": lambda d: d["people"][0].update(label=5),
        "an about that is a number": lambda d: next(s for s in d["steps"] if "about" in s)
        .update(about=5),
        "earlier walks as a mapping": lambda d: d.update(earlier_walks={"a": 1}),
        "nested 5,000 deep": lambda d: d.update(earlier_walks=[]),
    }
    claimed = edited(record, changes[claim])
    if claim == "nested 5,000 deep":
        claimed = claimed.replace(b'"earlier_walks":[]', b'"earlier_walks":' + b"[" * 5000
                                  + b"]" * 5000)
    path = write(work, f"absurd-{abs(hash(claim))}.pdf",
                 signed_with(record, priya, work, claimed))
    started = time.perf_counter()
    with deadline(60):
        code, out = cli_verify(path, ca, capsys)
    assert time.perf_counter() - started < 5.0
    assert code == 1 and "Result: ALTERED" in out, out
    assert "Traceback" not in out


def test_hostile_words_on_a_several_people_record_print_and_verify(
        people_pack, priya, ca: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import unicodedata

    record = people_record(people_pack, priya, HOSTILE_LABELS, purpose=HOSTILE_PURPOSE)
    path = write(work, "hostile-words.pdf", sign(record, priya, work))
    code, out = cli_verify(path, ca, capsys)
    assert code == 0 and "Result: the record holds" in out, out
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    seen = unicodedata.normalize("NFKC", " ".join(text.split()))
    for label in HOSTILE_LABELS:
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in label):
            # drawn in display order: each letter is there, the order is the reader's
            letters = {ch for ch in unicodedata.normalize("NFKC", label) if ch.isalpha()}
            assert letters <= set(seen), label
        else:
            assert unicodedata.normalize("NFKC", label) in seen, label
    assert "Protect the children ) Tj ET %%EOF" in seen
    assert "<</Type /Catalog>> endstream" in seen
    drawn = sum(len(word) for word in seen.split() if set(word) == {"w"})
    assert drawn == 5000, "a 5,000-letter word is drawn whole, broken over lines"


@pytest.mark.parametrize(("version", "made"), [(2, "people"), (2, "handoff"), (1, "people")])
def test_an_older_format_record_claiming_what_only_format_3_draws_is_altered(
        version: int, made: str, people_pack, priya, ca: Path, work: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Format 2 pages never show people, recipients or earlier walks: a record that says it is
    format 2 and holds them would be drawn without them, and its pages match that redraw."""
    record = (people_record(people_pack, priya, ["Adult A", "Child 1"]) if made == "people"
              else handed_off_record(people_pack, priya))
    older = record.model_copy(update={"schema_version": version})
    path = write(work, f"older-{version}-{made}.pdf", sign(older, priya, work))
    code, out = cli_verify(path, ca, capsys)
    assert code == 1 and "Result: ALTERED" in out, out
    assert "format 3" in out


def test_record_data_establishing_a_field_that_does_not_exist_is_altered(
        people_pack, priya, ca: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Words under an unknown key of 'established' would be signed and never drawn."""
    record = people_record(people_pack, priya, ["Adult A", "Child 1"])
    claimed = edited(record, lambda d: d.setdefault("established", {}).update(
        {"hidden": "words no page shows"}))
    path = write(work, "established-hidden.pdf", signed_with(record, priya, work, claimed))
    code, out = cli_verify(path, ca, capsys)
    assert code == 1 and "Result: ALTERED" in out, out
