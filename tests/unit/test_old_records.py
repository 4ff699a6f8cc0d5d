"""Records made by earlier versions of the app still load and verify with this one.

``tests/fixtures/record-v1.pdf`` was made with ``isp-wizard decide`` by the app as it was before
record format 2 (legal grounds by role): the s115 scenario "council tells the police about
repeated ASB", signed by a throwaway identity. ``tests/fixtures/record-v2.pdf`` was made the
same way (case reference FIXTURE-V2) by the app as it was before record format 3 (archival PDF).
``tests/fixtures/approval-v1.pdf`` is a rules approval record of approval format 1, made by that
same version with ``isp-wizard partnership approve s115 triage`` on a copy of the shipped rules.
"""

from __future__ import annotations

from pathlib import Path

from isp_wizard.record.approval import RulesApproval
from isp_wizard.record.verify import verify_record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_format_1_record_verifies_with_this_version():
    report = verify_record(FIXTURES / "record-v1.pdf", trust_roots=[])

    assert report.ok, report.all_problems
    assert report.record is not None
    assert report.record.schema_version == 1
    assert report.record.case_reference == "FIXTURE-V1"
    assert report.record.decision == "share"


def test_a_format_2_record_verifies_with_this_version():
    report = verify_record(FIXTURES / "record-v2.pdf", trust_roots=[])

    assert report.ok, report.all_problems
    assert report.record is not None
    assert report.record.schema_version == 2
    assert report.record.case_reference == "FIXTURE-V2"
    assert report.record.decision == "share"


def test_a_format_1_rules_approval_verifies_with_this_version():
    report = verify_record(FIXTURES / "approval-v1.pdf", trust_roots=[])

    assert report.ok, report.all_problems
    record = report.record
    assert isinstance(record, RulesApproval)
    assert record.schema_version == 1
    assert [tree.id for tree in record.trees if tree.approved] == ["s115", "triage"]
