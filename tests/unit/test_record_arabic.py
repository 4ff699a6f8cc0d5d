"""Arabic on a record: every word drawn is one a reader can extract (search, copy, screen
readers), while records of formats 1 and 2 keep the shaping they were signed with."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.record.fonts import REGULAR, _coverage, markup, markup_formats_1_2
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import RecordDetails, SharedWith, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
# "Allah" alone and inside names, beside heh in every position and a lam-alef
WORDS = ["الله", "عبدالله", "بسم الله", "إلا", "هه بهب له", "اللهم"]


def letters(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text)
    return sorted(ch for ch in folded if unicodedata.category(ch)[0] not in "MZC")


@pytest.mark.parametrize("word", WORDS)
def test_arabic_is_drawn_only_with_glyphs_the_record_font_has(word: str) -> None:
    drawn = markup(word)
    assert all(ord(ch) in _coverage(REGULAR) for ch in drawn if not ch.isspace()), drawn
    assert letters(drawn) == letters(word)


def test_formats_1_and_2_keep_the_allah_ligature_they_were_signed_with() -> None:
    assert markup_formats_1_2("عبدالله") == "\ufdf2ﺪﺒﻋ"
    assert markup("عبدالله") != markup_formats_1_2("عبدالله")
    assert markup_formats_1_2("مرحبا") == markup("مرحبا")  # the same where the font has it


def test_a_record_with_allah_in_a_name_reads_back_every_letter(tmp_path: Path) -> None:
    create_identity(tmp_path / "id.p12", name="عبدالله الهاشمي", role="Tester",
                    organisation="Org", passphrase="arabic passphrase")
    identity = load_identity(tmp_path / "id.p12", "arabic passphrase")
    pack = load_pack(DEMO)
    details = RecordDetails(case_reference="C-1", subject_description="عبدالله بن محمد",
                            purpose="بسم الله", shared_with=SharedWith(person="اللهم"))
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": "الله"})
    record = build_record(session, pack, details, identity.practitioner, training=False,
                          now=NOW)
    (tmp_path / "r.pdf").write_bytes(render_record(record).pdf)
    extracted = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
    read = unicodedata.normalize("NFKC", extracted)  # presentation forms back to letters
    for text in ("عبدالله الهاشمي", "عبدالله بن محمد", "بسم الله", "اللهم", "Answer: \u202bالله"):
        assert text in read, text


@pytest.mark.parametrize(("typed", "letter"), [("\u0627\u0653", "\u0622"), ("\u0627\u0654", "\u0623"),
                                               ("\u0627\u0655", "\u0625"), ("\u0648\u0654", "\u0624"),
                                               ("\u064a\u0654", "\u0626")])
def test_a_madda_or_hamza_typed_as_a_mark_prints_with_its_letter(typed: str, letter: str) -> None:
    word = f"س{typed}ل"  # between two joining letters
    assert markup(word) == markup(f"س{letter}ل")
    assert letters(markup(word)) == letters(word)  # NFKC puts the pair together too
    assert markup_formats_1_2(word) == markup_formats_1_2("سال" if typed[0] == "\u0627" else
                                                          f"س{typed[0]}ل")  # mark dropped


@pytest.mark.parametrize("word", ["\u200dلا", "ب\u200dلا", "عبد\u200dالله لا"])
def test_a_zero_width_joiner_before_a_ligature_prints_every_letter(word: str) -> None:
    drawn = markup(word)  # arabic-reshaper alone raises IndexError on these
    assert letters(drawn) == letters(word)
    assert all(ord(ch) in _coverage(REGULAR) for ch in drawn if not ch.isspace()), drawn
