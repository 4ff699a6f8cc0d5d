"""Record format 3 (and rules approval format 2) drawn as an archival PDF: every font embedded,
a line end before every ``endstream``, document information and XMP metadata that agree; records
of earlier formats still drawn as they were. Checked on real PDFs with pdffonts, qpdf and the
file's own bytes (``tests/pdfa_checks.py``)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.errors import RecordError
from isp_wizard.record.approval import build_approval
from isp_wizard.record.approval_pdf import render_approval
from isp_wizard.record.archival import with_stream_line_ends
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import DecisionRecord, RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.rendered import approval_info, document_info
from isp_wizard.record.sign import sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdfa_checks import info_and_xmp, not_embedded, stream_end_problems

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
PASS = "correct horse"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("archival")


@pytest.fixture(scope="module")
def identity(work: Path):
    p12 = work / "identity.p12"
    create_identity(p12, name="Zoë Łukasz-Nguyễn", role="Safeguarding lead",
                    organisation="Example Borough Council", passphrase=PASS)
    return load_identity(p12, PASS)


@pytest.fixture(scope="module")
def pack():
    return load_pack(ROOT / "rules")


def longest_record(pack, tree_id: str, identity, *, training: bool) -> DecisionRecord:
    """The record of the tree's scenario with the longest route (the most guidance, lists and
    references drawn)."""
    made = []
    for scenario in pack.scenarios_for(tree_id):
        session = walk(pack.tree(tree_id), scenario.answers, pack.partners)
        try:
            made.append(build_record(session, pack, RecordDetails(case_reference=f"A-{tree_id}"),
                                     identity.practitioner, training=training, now=NOW))
        except RecordError:  # a route that continues in another tree
            continue
    return max(made, key=lambda record: len(record.steps))


def qpdf_check(path: Path) -> str:
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("tree_id", ["s115", "safeguarding", "breach", "request", "prevent",
                                     "triage"])
def test_format_3_pages_embed_every_font_and_end_every_stream(pack, identity, work,
                                                              tree_id) -> None:
    record = longest_record(pack, tree_id, identity, training=tree_id == "safeguarding")
    assert record.schema_version == 3
    drawn = work / f"{tree_id}-drawn.pdf"
    drawn.write_bytes(render_record(record).pdf)

    assert not_embedded(drawn) == set()
    assert b"/Helvetica" not in drawn.read_bytes()
    assert stream_end_problems(drawn.read_bytes()) == []
    assert "No syntax or stream encoding errors" in qpdf_check(drawn)


def test_a_signed_format_3_record_says_the_same_in_its_information_and_xmp(
        pack, identity, work) -> None:
    record = longest_record(pack, "s115", identity, training=False)
    rendered = render_record(record)
    path = work / "signed.pdf"
    path.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), identity,
                                     rendered.places, cache_dir=work / "cache",
                                     info=document_info(record)))

    info, xmp, packet = info_and_xmp(path)
    assert info == xmp
    assert set(info) == {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
                         "/CreationDate", "/ModDate"}  # nothing the XMP does not repeat
    assert info["/Author"] == "Zoë Łukasz-Nguyễn"
    assert info["/CreationDate"] == info["/ModDate"] == NOW.isoformat()
    assert "pdf:keywords" not in packet and "pdfaid" not in packet  # no claim: see README
    assert not_embedded(path) == set()
    assert stream_end_problems(path.read_bytes()) == []
    qpdf_check(path)
    assert verify_record(path, trust_roots=[]).ok


def test_a_rules_approval_is_drawn_and_described_the_same_way(pack, identity, work) -> None:
    approval = build_approval(pack, ["s115"], approver=identity.practitioner,
                              role="Data Protection Officer", approved_on=NOW.date(),
                              next_review=NOW.date() + dt.timedelta(days=365), training=False,
                              now=NOW)
    assert approval.schema_version == 2
    rendered = render_approval(approval)
    path = work / "approval.pdf"
    path.write_bytes(sign_new_record(rendered.pdf, approval.canonical_json(), identity,
                                     rendered.places, cache_dir=work / "cache",
                                     info=approval_info(approval)))

    assert not_embedded(path) == set()
    assert stream_end_problems(path.read_bytes()) == []
    info, xmp, _ = info_and_xmp(path)
    assert info == xmp and info["/Title"] == "Rules approval record"
    assert verify_record(path, trust_roots=[]).ok


@pytest.mark.parametrize("fixture", ["record-v2.pdf", "approval-v1.pdf"])
def test_the_checks_find_what_earlier_formats_drew(fixture: str) -> None:
    """Records signed before keep the faults they were drawn with (``verify`` redraws them so);
    the checks above find each of them there."""
    path = FIXTURES / fixture
    assert not_embedded(path) == {"Helvetica"}
    assert len(stream_end_problems(path.read_bytes())) >= 10
    info, xmp, _ = info_and_xmp(path)
    assert info != xmp and "/Keywords" not in xmp and "/Trapped" in info


def test_line_ends_change_no_object_and_a_second_pass_nothing(pack, identity) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    from isp_wizard.record.layout_v2 import render_record as render_v2

    record = longest_record(pack, "request", identity, training=False)
    before = render_v2(record).pdf
    after = with_stream_line_ends(before)
    assert stream_end_problems(before) and not stream_end_problems(after)
    assert len(after) - len(before) == before.count(b"endstream")
    assert with_stream_line_ends(after) == after
    old, new = PdfFileReader(BytesIO(before)), PdfFileReader(BytesIO(after))
    for number in range(1, int(old.trailer["/Size"])):
        a = old.get_object(generic.Reference(number, 0))
        b = new.get_object(generic.Reference(number, 0))
        if isinstance(a, generic.StreamObject):
            assert (a.data, dict(a)) == (b.data, dict(b))
        else:
            assert a == b


def test_line_ends_refuse_a_document_they_were_not_written_for() -> None:
    signed = (FIXTURES / "record-v2.pdf").read_bytes()
    with pytest.raises(ValueError, match="single-revision"):
        with_stream_line_ends(signed)
    drawn = signed[:signed.index(b"%%EOF\n") + 6]
    lying = drawn.replace(b"/Length 685", b"/Length 684", 1)
    with pytest.raises(ValueError, match="not where its /Length says"):
        with_stream_line_ends(lying)
