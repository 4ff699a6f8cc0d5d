"""Real record PDFs: read back with pdftotext, pypdf, pdfdetach, checked with pdfsig and qpdf."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.record.furniture import WATERMARK
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import (
    Advice,
    DecisionRecord,
    RecordDetails,
    Requester,
    SharedWith,
    build_record,
)
from isp_wizard.record.pdf import render_record
from isp_wizard.record.sign import sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
NAMES = "Zoë Łukasz Nguyễn 王小明 김민준 ひらがな Ørjan Ðorđe Αθηνά Владимир"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("records")


@pytest.fixture(scope="module")
def identity(work: Path):
    p12 = work / "id" / "identity.p12"
    create_identity(p12, name="Zoë Łukasz-Nguyễn", role="Safeguarding lead",
                    organisation="Example Borough Council", passphrase="correct horse")
    return load_identity(p12, "correct horse")


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


def make_record(pack, identity, *, training: bool = False, what: str = NAMES,
                **fields: object) -> DecisionRecord:
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": what})
    values: dict[str, object] = {
        "case_reference": "CSP-2026-0042", "subject_category": "child",
        "requested_by": Requester(name="PC Jones", role="Constable", organisation="Police",
                                  contact="jones@police.example"),
        "date_received": dt.date(2026, 11, 24), "purpose": "Arrange a strategy meeting",
        "advice": (Advice(who="DPO", when=dt.date(2026, 11, 24), what="Proportionate"),),
        "shared_with": SharedWith(partner_id="council", person="Jane Doe"),
        "reasons": "Necessary to protect the child.", "review_date": dt.date(2027, 5, 1),
    }
    values.update(fields)
    return build_record(session, pack, RecordDetails(**values), identity.practitioner,  # type: ignore[arg-type]
                        training=training, now=NOW)


def sign(record: DecisionRecord, identity, work: Path, name: str) -> Path:
    rendered = render_record(record)
    out = work / name
    out.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), identity,
                                    rendered.places, cache_dir=work / "cache"))
    return out


def pdftotext(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def signed(pack, identity, work: Path) -> tuple[DecisionRecord, Path]:
    record = make_record(pack, identity, notes="<b>not bold</b> & <para>\x00\x07 ]]> 😀")
    return record, sign(record, identity, work, "signed.pdf")


def test_pdfsig_finds_a_valid_pades_signature_over_the_whole_file(signed) -> None:
    out = pdfsig(signed[1])
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out
    assert "Common Name: Zoë Łukasz-Nguyễn" in out
    assert "Signature Field Name: Countersignature" in out  # the empty field for a manager


def test_qpdf_finds_the_structure_sound(signed) -> None:
    check = subprocess.run(["qpdf", "--check", str(signed[1])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_first_page_says_decision_basis_who_when_and_case(signed) -> None:
    first = pdftotext(signed[1], 1)
    assert "SHARE" in first
    assert "UK General Data Protection Regulation, Article 6(1)(e)" in first
    assert "Zoë Łukasz-Nguyễn" in first and "Safeguarding lead" in first
    assert "CSP-2026-0042" in first
    assert "25 November 2026" in first


def test_every_page_has_record_id_tree_version_and_page_x_of_y(signed) -> None:
    record, path = signed
    text = pdftotext(path)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert record.record_id in page
        assert "demo v1.0.0" in page


def test_route_details_and_user_text_come_back(signed) -> None:
    text = pdftotext(signed[1])
    assert "Is there a clear and legitimate purpose for sharing?" in text
    assert "HM Government, Information sharing: advice for practitioners" in squash(text) or \
        "HMGovernment,Informationsharing:adviceforpractitioners" in squash(text)
    for name in NAMES.split():
        assert name in text, name
    assert "<b>not bold</b> & <para>" in text  # printed as typed, not taken as markup
    assert "😀" in text
    assert "PC Jones" in text and "Arrange a strategy meeting" in text
    assert "1 May 2027" in text


def test_characters_no_font_has_print_as_code_points(pack, identity, work: Path) -> None:
    record = make_record(pack, identity, notes="Thai ไทย and a face 🫠")
    text = pdftotext(sign(record, identity, work, "uncovered.pdf"))
    assert "Thai [U+0E44][U+0E17][U+0E22] and a face [U+1FAE0]" in " ".join(text.split())


def test_indic_scripts_print_and_read_back(pack, identity, work: Path) -> None:
    names = "प्रिया शर्मा ਹਰਪ੍ਰੀਤ ਕੌਰ প্রিয়া ગુજરાતી தமிழ்"
    record = make_record(pack, identity, case_reference=f"C-{names}")
    path = sign(record, identity, work, "indic.pdf")
    assert names in pdftotext(path)
    assert "[U+" not in pdftotext(path)
    assert verify_record(path, trust_roots=[]).ok


def test_markup_in_user_text_is_not_obeyed(signed) -> None:
    from pypdf import PdfReader

    reader = PdfReader(signed[1])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # bold is used only for labels: the user's <b> stays text (checked above), never a font
    assert all("DejaVu" in f or "Droid" in f or "Helvetica" in f or "AAAA" in f for f in fonts)


def test_record_json_is_attached_and_equals_the_record(signed) -> None:
    from pypdf import PdfReader

    record, path = signed
    listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True,
                             text=True).stdout
    assert "record.json" in listing
    attached = PdfReader(path).attachments["record.json"][0]
    assert attached == record.canonical_json()
    assert DecisionRecord.from_json(attached) == record


def test_signature_box_is_on_the_last_page(signed) -> None:
    from pypdf import PdfReader

    reader = PdfReader(signed[1])
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    names = {str(w.get("/T")) for w in widgets}
    assert {"DecisionMaker", "Countersignature"} <= names
    stamp = pdftotext(signed[1], len(reader.pages))
    assert "Digitally signed by Zoë Łukasz-Nguyễn" in stamp
    assert "Example Borough Council" in stamp


def test_training_watermark_on_every_page(pack, identity, work: Path) -> None:
    record = make_record(pack, identity, training=True, notes="Long notes. " * 600)
    path = sign(record, identity, work, "training.pdf")
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert squash(WATERMARK) in squash(page.extract_text())
    plain = make_record(pack, identity)
    rendered = render_record(plain)
    assert WATERMARK not in PdfReader(BytesIO(rendered.pdf)).pages[0].extract_text()


def test_long_text_flows_over_pages_and_nothing_is_cut(pack, identity, work: Path) -> None:
    words = " ".join(f"word{n}" for n in range(2000))  # 17,000 characters, within the limit
    unbroken = "Ж" * 5000 + "END"  # one 5,000-letter word, over pages (footers come between)
    record = make_record(pack, identity, information=words, notes=unbroken,
                         case_reference="R" * 100)
    path = sign(record, identity, work, "long.pdf")
    text = squash(pdftotext(path))
    assert "word0" in text and "word1999" in text
    found = set(re.findall(r"word(\d+)", text))
    assert len(found) == 2000
    assert text.count("Ж") == 5000 and "ЖEND" in text
    assert "R" * 100 in text
    assert "Total document signed" in pdfsig(path)


def test_a_soft_hyphen_does_not_lose_a_long_word(pack, identity, work: Path) -> None:
    record = make_record(pack, identity, information="soft\u00adx" + "<b>&" * 4000)
    text = squash(pdftotext(sign(record, identity, work, "shy.pdf")))
    # page 1 says what is shared, and the details say it again; page footers come between
    assert text.count("<") == text.count("&") == 8000


def test_unsigned_render_is_quick_and_the_same_layout_each_time(pack, identity) -> None:
    record = make_record(pack, identity)
    first = render_record(record)
    second = render_record(record)
    assert first.places == second.places
    assert first.pages == second.pages
    assert first.places.page == first.pages - 1


def test_guidance_markdown_becomes_paragraphs_lists_and_bold() -> None:
    from isp_wizard.record.pdf import markdown_blocks

    blocks = markdown_blocks("If so, **call 999** and tell\nthe police.\n\nExamples:\n"
                             "- one <x>\n- two\n  continued\n\nEnd **王**")
    assert [tuple(block) for block in blocks] == [
        (None, "If so, <b>call 999</b> and tell the police.", 0),
        (None, "Examples:", 0),
        ("•", "one &lt;x&gt;", 1),
        ("•", "two continued", 1),
        (None, 'End <font face="RecordFallback">王</font>', 0),
    ]


def test_right_to_left_names_print_joined_and_read_back_in_order(pack, identity,
                                                                 work: Path) -> None:
    import unicodedata

    record = make_record(pack, identity, notes="Interpreter: محمد علي, then שלום עולם.")
    text = unicodedata.normalize("NFKC", pdftotext(sign(record, identity, work, "rtl.pdf")))
    assert "محمد علي" in text  # presentation forms drawn, logical order extracted
    assert "שלום עולם" in text
    rendered = render_record(record)
    from pypdf import PdfReader

    raw = "".join(p.extract_text() for p in PdfReader(BytesIO(rendered.pdf)).pages)
    assert "\ufee3" in raw or "\ufee4" in raw or "ﻣ" in raw  # a joined (initial) form of meem


def test_stamp_prints_chinese_and_korean_names(pack, work: Path) -> None:
    p12 = work / "cjk" / "identity.p12"
    create_identity(p12, name="王小明 (Wang Xiaoming)", role="사회복지사 社工 Social worker",
                    organisation="Example Council", passphrase="correct horse")
    cjk = load_identity(p12, "correct horse")
    path = sign(make_record(pack, cjk), cjk, work, "cjk.pdf")
    from pypdf import PdfReader

    last = len(PdfReader(path).pages)
    stamp = pdftotext(path, last)
    assert "Digitally signed by 王小明 (Wang Xiaoming)" in stamp
    assert "사회복지사 社工 Social worker" in stamp
    assert "Common Name: 王小明 (Wang Xiaoming)" in pdfsig(path)


def test_dates_are_british_english_whatever_the_locale() -> None:
    import datetime as dt_

    from isp_wizard.record.pdf import _date, _when

    assert _date(dt_.date(2027, 5, 1)) == "1 May 2027"
    utc = dt_.datetime(2026, 7, 1, 9, 5, tzinfo=dt_.UTC)
    assert _when(utc, utc) == "1 July 2026 at 09:05 UTC"
    bst = utc.astimezone(dt_.timezone(dt_.timedelta(hours=1), "BST"))
    assert _when(bst, utc) == "1 July 2026 at 10:05 local time (09:05 UTC)"
