"""Record build + sign and verify, against a bare signed one-page PDF in the same process.

Floor: a one-page reportlab PDF signed by pyHanko with a visible stamp in an embedded font
(DejaVu Sans rescaled to 1000 units per em, as pyHanko needs; the rescaled copy is made once),
the same kind of key (EC P-256). Targets (issue 4): build + sign of a typical three-page record
within 1.5x that floor and under 200 ms warm; verify under 50 ms.

The command line: ``isp-wizard verify`` of the same record as a whole process (what a reader
waits for: Python, pyHanko, reportlab, the fonts and the checks), against a script that only has
pyHanko validate the file's signatures offline, in turns with it, from bytecode (the warm-up
round compiles both).

Long-term validation (issue 20): the B-LT upgrade of the signed record (validation data in the
DSS and a document time-stamp from a TSA on 127.0.0.1, the tests' ``tests/tsa.py``) against a
floor of pyHanko time-stamping a bare one-page PDF with the same TSA, in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from io import BytesIO
from pathlib import Path

from benchmarks.harness import Figure, median_time

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "fixtures" / "demo-rules"
PASS = "benchmark passphrase"


def run(quick: bool) -> list[Figure]:
    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("ISP_WIZARD_HOME", str(folder / "home"))
        return _measure(folder, repeat)


def _measure(folder: Path, repeat: int) -> list[Figure]:
    from isp_wizard.engine.walk import walk
    from isp_wizard.record.identity import create_identity, load_identity
    from isp_wizard.record.model import build_record
    from isp_wizard.record.pdf import render_record
    from isp_wizard.record.sign import sign_new_record
    from isp_wizard.record.verify import verify_record
    from isp_wizard.rulepack import load_pack

    create_identity(folder / "id.p12", name="Zoë Łukasz-Nguyễn", role="Community safety officer",
                    organisation="Example Borough Council", passphrase=PASS)
    identity = load_identity(folder / "id.p12", PASS)
    pack = load_pack(DEMO)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "The family's address and the school contact"})
    details = typical_details()
    cache = folder / "cache"
    out = folder / "record.pdf"
    pages: list[int] = []

    def build_and_sign() -> None:
        record = build_record(session, pack, details, identity.practitioner, training=False,
                              now=dt.datetime.now(dt.UTC))
        rendered = render_record(record)
        pages.append(rendered.pages)
        out.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), identity,
                                        rendered.places, cache_dir=cache))

    from isp_wizard.record.fonts import quiet_libraries

    quiet_libraries()
    floor_font = _floor_font(cache)
    floor = median_time(lambda: _bare_signed_page(identity.signer, floor_font), repeat)
    ours = median_time(build_and_sign, repeat)
    verify = median_time(lambda: verify_record(out, trust_roots=[]), repeat)
    assert verify_record(out, trust_roots=[]).ok
    data = out.read_bytes()
    bare_verify = median_time(lambda: _bare_validation(data), repeat)
    cli, cli_floor = _verify_processes(folder, out, max(5, repeat // 2))
    return [
        Figure(f"record build + sign ({pages[-1]} pages, warm)", ours,
               "bare 1-page PDF signed, visible stamp", floor, "≤ 1.5x and < 200 ms"),
        Figure("record verify (revisions, pages drawn again, stamps)", verify,
               "pyHanko's validation of the same file", bare_verify, "< 50 ms"),
        Figure("isp-wizard verify (whole process)", cli,
               "pyHanko's validation, whole process", cli_floor, "reported"),
        *_upgrade_figures(folder, out.read_bytes(), identity, repeat),
    ]


def _upgrade_figures(folder: Path, signed: bytes, identity, repeat: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    """The B-LT upgrade against pyHanko time-stamping a bare page, with one local TSA."""
    import sys

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from isp_wizard.record import ltv
    from isp_wizard.record.identity import certificate_path
    from isp_wizard.record.verify import _load_roots, verify_bytes

    sys.path.insert(0, str(ROOT / "tests"))
    from tsa import start_tsa

    server = start_tsa(folder / "tsa")
    try:
        config = ltv.TsaConfig(server.url)
        roots = _load_roots([certificate_path(folder / "id.p12"), server.root_pem])
        buffer = BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build(
            [Paragraph("A decision record.", getSampleStyleSheet()["Normal"])])
        page = buffer.getvalue()

        def bare() -> bytes:
            out = BytesIO()
            PdfTimeStamper(config.timestamper()).timestamp_pdf(
                IncrementalPdfFileWriter(BytesIO(page)), "sha256", output=out)
            return out.getvalue()

        now = dt.datetime.now(dt.UTC)
        results: list[bytes] = []

        def upgrade() -> None:
            done = ltv.upgrade(signed, config, trust_roots=roots, crls=[], now=now)
            assert done is not None
            results.append(done)

        floor = median_time(bare, repeat)
        ours = median_time(upgrade, repeat)
        report = verify_bytes(results[-1], folder / "lt.pdf", roots)
        assert report.ok and report.trusted and report.level == "B-LT"
        return [Figure("B-LT upgrade (DSS + document time-stamp)", ours,
                       "bare 1-page PDF time-stamped, same TSA", floor, "reported")]
    finally:
        server.stop()


BARE_VALIDATION = """
import sys
from io import BytesIO
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

context = ValidationContext(trust_roots=[], allow_fetching=False)
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
for sig in PdfFileReader(BytesIO(data), strict=False).embedded_signatures:
    validate_pdf_signature(sig, signer_validation_context=context)
"""


def _verify_processes(folder: Path, record: Path, repeat: int) -> tuple[float, float]:
    """Medians of ``isp-wizard verify`` and of the bare validation script, whole processes
    timed in turns (the first round warms the caches and compiles the bytecode)."""
    import statistics
    import subprocess
    import sys
    import time

    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(folder / "pycache"),
               ISP_WIZARD_HOME=str(folder / "cli-home"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argvs = [[sys.executable, "-m", "isp_wizard", "verify", "--allow-untrusted", str(record)],
             [sys.executable, "-c", BARE_VALIDATION, str(record)]]
    times: list[list[float]] = [[], []]
    for round_ in range(repeat + 1):
        for argv, found in zip(argvs, times, strict=True):
            start = time.perf_counter()
            done = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            took = time.perf_counter() - start
            if argv[2] == "isp_wizard":
                assert done.returncode == 0, "the benchmark's record does not verify"
            if round_:
                found.append(took)
    return statistics.median(times[0]), statistics.median(times[1])


def _bare_validation(data: bytes) -> None:
    """pyHanko's own check of every signature in the file, offline: the work verify cannot
    avoid (our checks of revisions, pages and stamps come on top)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[], allow_fetching=False)
    for sig in PdfFileReader(BytesIO(data), strict=False).embedded_signatures:
        validate_pdf_signature(sig, signer_validation_context=context)


def typical_details():  # type: ignore[no-untyped-def]
    from isp_wizard.record.model import Advice, RecordDetails, Requester, SharedWith

    para = ("The police asked for the family's current address and the name of the school "
            "so that a strategy discussion can take place today. ")
    return RecordDetails(
        case_reference="CSP-2026-0042", subject_category="child",
        subject_description="Child A, aged 9",
        requested_by=Requester(name="DC Łukasz Nowak", role="Detective Constable",
                               organisation="Police", contact="01234 567890"),
        date_received=dt.date(2026, 11, 24), how_received="Secure email",
        information=para * 3, purpose="Safeguarding strategy discussion (s47 enquiry). " * 2,
        lawful_basis_reasoning="UK GDPR Article 6(1)(e): the council's public task. " * 3,
        why_necessary="Without the address the police cannot check on the child today. " * 3,
        special_category_condition="DPA 2018 Schedule 1 paragraph 18 (safeguarding).",
        isa_id="protocol",
        advice=(Advice(who="Data Protection Officer", when=dt.date(2026, 11, 24),
                       what="Agreed: share the minimum by secure email."),),
        retention="Kept on the case file for 6 years after the case closes.",
        transfer_method="Secure email to a verified police address.",
        shared_with=SharedWith(partner_id="council", person="DC Łukasz Nowak"),
        reasons="Necessary and proportionate to protect a child at risk of harm. " * 6,
        review_date=dt.date(2027, 5, 1), notes="Parents not told: it would put the child at "
                                               "risk. " * 4,
    )


def _floor_font(cache: Path) -> Path:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    target = cache / "floor-DejaVuSans-1000.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(ROOT / "assets" / "fonts" / "DejaVuSans.ttf"))
        scale_upem(font, 1000)
        font.save(str(target))
    return target


def _bare_signed_page(signer, font: Path) -> bytes:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph("A decision record.", getSampleStyleSheet()["Normal"])])
    writer = IncrementalPdfFileWriter(BytesIO(buffer.getvalue()))
    meta = signers.PdfSignatureMetadata(field_name="Sig", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    style = TextStampStyle(stamp_text="Signed by Zoë\nTime: %(ts)s",
                           text_box_style=TextBoxStyle(
                               font=GlyphAccumulatorFactory(str(font), font_size=7),
                               font_size=7))
    out = BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style,
                      new_field_spec=fields.SigFieldSpec("Sig", on_page=0,
                                                         box=(50, 50, 250, 130))
                      ).sign_pdf(writer, output=out)
    return out.getvalue()
