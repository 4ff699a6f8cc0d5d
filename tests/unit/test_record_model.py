"""The record as data: built from a real walk of the demo pack, canonical JSON, round trips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from isp_wizard.engine.session import Session
from isp_wizard.engine.walk import walk
from isp_wizard.errors import NotARecordError, RecordError
from isp_wizard.record.model import (
    Advice,
    DecisionRecord,
    Practitioner,
    RecordDetails,
    Requester,
    build_record,
)
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, 15, 123456, tzinfo=dt.UTC)
WHO = Practitioner(name="Zoë Adeyemi", role="Community safety officer", organisation="The Council",
                   certificate_fingerprint="ab" * 32)


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


def details(**extra: object) -> RecordDetails:
    return RecordDetails(case_reference="CSP-2026-0042",
                         requested_by=Requester(name="PC Jones", organisation="Police"),
                         advice=(Advice(who="DPO", when=dt.date(2026, 11, 24), what="Share"),),
                         review_date=dt.date(2027, 5, 1), **extra)  # type: ignore[arg-type]


def test_build_record_carries_route_outcome_and_legal_basis(pack) -> None:
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "the parent's phone number"})
    record = build_record(session, pack, details(), WHO, training=False, now=NOW)
    assert [s.node_id for s in record.steps] == ["emergency", "purpose", "what"]
    assert record.steps[1].labels == ("Yes",)
    assert record.steps[1].refs[0].id == "hmg-info-sharing-2024"
    assert "May 2024" in record.steps[1].refs[0].citation
    assert record.steps[2].value == "the parent's phone number"
    assert record.decision == "share" and record.decision_label == "Share"
    assert record.outcome.grounds.lawful_basis[0].citation.startswith(
        "UK General Data Protection")
    assert record.outcome.legal_basis == ()  # format 1's untyped list is no longer written
    assert record.schema_version == 3
    assert record.tree.id == "demo" and record.tree.version == "1.0.0"
    assert len(record.tree.sha256) == 64
    assert record.created_utc == NOW.replace(microsecond=0)
    assert record.created_local.utcoffset() is not None
    assert record.case_reference == "CSP-2026-0042"
    assert record.review_date == dt.date(2027, 5, 1)
    assert record.practitioner == WHO


def test_consult_contacts_are_resolved(pack) -> None:
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "unsure"})
    record = build_record(session, pack, details(), WHO, training=True, now=NOW)
    assert record.decision == "seek_advice"
    assert record.outcome.consult[0].role == "Data Protection Officer"
    assert record.training is True


def test_no_record_before_an_outcome(pack) -> None:
    session = Session(pack.tree("demo"), pack.partners)
    session.answer("no")
    with pytest.raises(RecordError, match="not reached a decision"):
        build_record(session, pack, details(), WHO, training=False, now=NOW)


def test_naive_time_is_refused(pack) -> None:
    session = walk(pack.tree("demo"), {"emergency": "yes"})
    with pytest.raises(RecordError, match="time zone"):
        build_record(session, pack, details(), WHO, training=False, now=NOW.replace(tzinfo=None))


def test_case_reference_is_required() -> None:
    with pytest.raises(ValueError, match="case_reference"):
        RecordDetails()  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="case reference"):
        RecordDetails(case_reference="   ")


def test_canonical_json_is_stable_and_round_trips(pack) -> None:
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes", "what": "Łódź 王 <b>"})
    record = build_record(session, pack, details(notes="a\nb"), WHO, training=False, now=NOW)
    raw = record.canonical_json()
    assert raw == record.canonical_json()
    assert "Łódź 王".encode() in raw  # UTF-8, not \u escapes
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode()
    assert b"\n" not in raw
    again = DecisionRecord.from_json(raw)
    assert again == record
    assert again.canonical_json() == raw
    assert data["created_utc"] == "2026-11-25T10:30:15Z"


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"a": 1}',
                                 b'{"record_id": "x", "schema_version": 1}'])
def test_from_json_refuses_what_is_not_a_record(raw: bytes) -> None:
    with pytest.raises(NotARecordError):
        DecisionRecord.from_json(raw)


def test_newer_format_is_reported_as_such(pack) -> None:
    session = walk(pack.tree("demo"), {"emergency": "yes"})
    data = json.loads(build_record(session, pack, details(), WHO, training=False,
                                   now=NOW).canonical_json())
    data["schema_version"] = 99
    with pytest.raises(RecordError, match="newer"):
        DecisionRecord.from_json(json.dumps(data).encode())


def test_partner_and_isa_names_are_filled_in(pack) -> None:
    from isp_wizard.record.model import SharedWith

    session = walk(pack.tree("demo"), {"emergency": "yes"})
    record = build_record(session, pack, details(
        shared_with=SharedWith(partner_id="council", person="Jo"), isa_id="protocol"),
        WHO, training=False, now=NOW)
    assert record.details.shared_with.partner_name == "The Council"
    assert record.details.isa_title == "Community Safety Partnership Information Sharing Protocol"
    unknown = build_record(session, pack, details(isa_id="not-in-the-pack"), WHO,
                           training=False, now=NOW)
    assert unknown.details.isa_title == ""
