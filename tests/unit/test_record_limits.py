"""Field limits of the record details: set in the model, enforced by the CLI and the GUI through
it, and a record at every limit verifies its own output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from isp_wizard.engine.walk import walk
from isp_wizard.errors import InputFileError
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import (
    ADVICE_MAX,
    CASE_REFERENCE_MAX,
    LONG_FIELDS,
    Advice,
    RecordDetails,
    build_record,
    text_limit,
)
from isp_wizard.record.pdf import render_record
from isp_wizard.record.sign import sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"


@pytest.mark.parametrize("details", [
    {"case_reference": "C" * (CASE_REFERENCE_MAX + 1)},
    {"case_reference": "CSP-\u202e77"},
    {"case_reference": "CSP-77\nDO NOT SHARE"},
    {"case_reference": "CSP-77", "notes": "x" * (text_limit("notes") + 1)},
    {"case_reference": "CSP-77", "notes": "reads \u202ebackwards"},
    {"case_reference": "CSP-\x1b[2J"},
    {"case_reference": "CSP-77", "requested_by": {"name": "n" * (text_limit("name") + 1)}},
    {"case_reference": "CSP-77", "advice": [{"who": "DPO"}] * (ADVICE_MAX + 1)},
])
def test_limits_are_refused_by_the_model(details: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RecordDetails.model_validate(details)


def test_line_breaks_and_right_to_left_text_are_fine() -> None:
    RecordDetails(case_reference="CSP-77", notes="first line\nsecond\tline",
                  reasons="عائلة الطالب")


def test_the_cli_and_the_gui_report_the_limit(tmp_path: Path) -> None:
    from isp_wizard.cli.records import _details
    from isp_wizard.gui.details_fields import problems

    path = tmp_path / "d.yaml"
    path.write_text(f"case_reference: {'C' * 150}\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"d\.yaml: case_reference: .*at most 100 characters"):
        _details(path)
    found = problems({"case_reference": "C" * 150})
    assert "at most 100 characters" in found["case_reference"]
    assert problems({"case_reference": ""})["case_reference"] == "a case reference is needed"
    assert "U+202E" in problems({"case_reference": "A\u202eB"})["case_reference"]


def test_a_record_at_every_limit_verifies_its_own_output(tmp_path: Path) -> None:
    create_identity(tmp_path / "me.p12", name="Priya Shah", role="Officer",
                    organisation="The Council", passphrase="correct horse")
    me = load_identity(tmp_path / "me.p12", "correct horse")
    pack = load_pack(DEMO)
    words = "Necessary and proportionate sharing with the school, see the case file. "

    def full(field: str) -> str:
        limit = text_limit(field)
        return (words * (limit // len(words) + 1))[:limit]

    text_fields = [f for f, info in RecordDetails.model_fields.items()
                   if info.annotation in (str, "str") and f not in ("isa_id",)]
    # every short field at its limit, two long ones at theirs, the other long ones at 2,000
    values: dict[str, object] = {f: full(f)[:2000] if f in LONG_FIELDS else full(f)
                                 for f in text_fields}
    values["information"], values["reasons"] = full("information"), full("reasons")
    values["case_reference"] = "C" * CASE_REFERENCE_MAX
    values["advice"] = tuple(Advice(who=full("who"), what=full("what"))
                             for _ in range(3))
    details = RecordDetails.model_validate(values)
    assert any(len(getattr(details, f)) == text_limit(f) for f in LONG_FIELDS
               if f in text_fields)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "a phone number"})
    record = build_record(session, pack, details, me.practitioner, training=False,
                          now=dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC))
    rendered = render_record(record)
    path = tmp_path / "full.pdf"
    path.write_bytes(sign_new_record(rendered.pdf, record.canonical_json(), me, rendered.places,
                                     cache_dir=tmp_path / "cache"))
    report = verify_record(path, trust_roots=[])
    assert report.ok, report.all_problems
