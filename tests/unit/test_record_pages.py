"""Signed records of the shipped trees read back with pdftotext: each role of the grounds under
its own heading, none on a refusal, breach records as breach records, the rules' governance on
page 1, what the walk established beside what was typed, and document metadata that agree.

Routes are found in each tree's decision table rather than written out, so the tests follow the
trees as their content changes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from isp_wizard.engine.routes import routes
from isp_wizard.engine.walk import walk
from isp_wizard.errors import RecordError
from isp_wizard.record.identity import create_identity
from isp_wizard.record.model import RecordDetails, SharedWith
from isp_wizard.record.prefill import established
from isp_wizard.services.records import create_signed_record

NOW = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
PASS = "correct horse battery"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    create_identity(folder / "id.p12", name="Dana Okafor", role="Community Safety Officer",
                    organisation="Example Borough Council", passphrase=PASS)
    return folder


def sign(session, pack, work: Path, name: str, **details: object) -> Path:  # type: ignore[no-untyped-def]
    out = work / name
    create_signed_record(session, pack, RecordDetails(case_reference="CSP-2026-0107", **details),
                         identity_path=work / "id.p12", passphrase=PASS, training=False,
                         out_path=out, cache_dir=work / "cache", now=NOW, replace=True)
    return out


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def first_route(pack, tree_id: str, wanted) -> dict[str, object]:  # type: ignore[no-untyped-def]
    for route in routes(pack.tree(tree_id), pack.partners):
        if wanted(route.outcome):
            return dict(route.answers)
    raise AssertionError(f"no route of {tree_id} is as the test needs")


def test_a_share_prints_each_role_of_its_grounds_under_its_own_heading(shipped_pack, work):
    answers = first_route(shipped_pack, "request", lambda o: o.decision == "share"
                          and o.grounds.lawful_basis and o.grounds.exemption
                          and o.grounds.schedule_1 and o.grounds.condition)
    session = walk(shipped_pack.tree("request"), answers, shipped_pack.partners)
    grounds = session.outcome().grounds  # type: ignore[union-attr]
    partner = established(session, shipped_pack)["shared_with.partner_id"]
    pdf = sign(session, shipped_pack, work, "share.pdf",
               information="Name and address of the suspect",
               shared_with=SharedWith(partner_id=partner, person="DC Reid"))
    page1 = text_of(pdf, 1, 1)
    assert (f"Shared with DC Reid, {shipped_pack.partners[partner].name} What is shared Name "
            "and address of the suspect") in page1
    page1 = text_of(pdf, 1, 2)  # the grounds run on when the rules' status takes room

    heads = ["Lawful basis (UK GDPR Article 6)",
             "Condition for special category or criminal offence data",
             "Exemption relied on (DPA 2018 Schedule 2)"]
    positions = [page1.find(h) for h in heads]
    assert -1 not in positions and positions == sorted(positions), page1
    refs = shipped_pack.references
    basis = page1[positions[0]:positions[1]]
    assert all(squash(refs[r].title) in squash(basis) for r in grounds.lawful_basis)
    assert not any(squash(refs[r].title) in squash(basis) for r in grounds.exemption)
    exemption = page1[positions[2]:]
    assert all(squash(refs[r].title) in squash(exemption) for r in grounds.exemption)


def test_a_refusal_prints_no_grounds_only_what_explains_it(shipped_pack, work):
    def refused_after_a_power(outcome) -> bool:  # type: ignore[no-untyped-def]
        return outcome.decision == "do_not_share" and bool(outcome.refs)

    tree = shipped_pack.tree("s115")
    for route in routes(tree, shipped_pack.partners):
        chosen = [a for node_id, value in route.answers
                  for a in tree.compiled[node_id].chosen(value) if a.grounds.power]
        if refused_after_a_power(route.outcome) and chosen:
            answers = dict(route.answers)
            break
    else:
        pytest.fail("no refusal after an answer citing a power")
    session = walk(tree, answers, shipped_pack.partners)
    assert not session.outcome().grounds  # type: ignore[union-attr]
    page1 = text_of(sign(session, shipped_pack, work, "refusal.pdf"), 1, 1)
    assert "DO NOT SHARE" in page1
    for heading in ("Lawful basis", "Legal power or duty", "Exemption relied on",
                    "Condition for special category"):
        assert heading not in page1
    assert "References" in page1
    power = chosen[0].grounds.power[0]
    assert squash(shipped_pack.references[power].title) not in squash(page1)


def test_a_breach_record_is_a_breach_record_with_its_deadline(shipped_pack, work):
    tree = shipped_pack.tree("breach")
    answers = first_route(shipped_pack, "breach", lambda o: o.decision == "likely_reportable")
    clock = tree.tree.breach_clock
    assert clock is not None
    answers[clock.date] = "2026-11-27"
    if clock.time:
        answers[clock.time] = "about 14.30"
    session = walk(tree, answers, shipped_pack.partners)
    pdf = sign(session, shipped_pack, work, "breach.pdf",
               dpo_told_at=dt.datetime(2026, 11, 27, 15, 5), others_told="The SIRO, at 16:00")
    page1 = text_of(pdf, 1, 1)
    assert page1.startswith("Information sharing breach record")
    assert "LIKELY REPORTABLE TO THE ICO" in page1
    deadline = dt.datetime(2026, 11, 27, 14, 30) + dt.timedelta(hours=72)
    assert f"the DPO decides by Monday 30 November 2026 at {deadline:%H:%M}" in page1
    assert "Time of awareness (the 72 hours start) 27 November 2026 at 14:30" in page1
    assert "When the DPO was told 27 November 2026 at 15:05" in page1
    assert "Who else was told The SIRO, at 16:00" in page1
    whole = text_of(pdf)
    for words in ("SHARE WITH CONDITIONS", "DO NOT SHARE", "Conditions of sharing",
                  "Information sharing decision record", "Requested by"):
        assert words not in whole
    assert "Tell your Data Protection Officer now." in whole  # the information step passed
    assert "Shown, and the practitioner went on" in whole


def test_a_processors_breach_record_says_the_controller_decides(shipped_pack, work):
    tree = shipped_pack.tree("breach")
    answers = first_route(shipped_pack, "breach",
                          lambda o: o.decision == "controller_to_assess")
    clock = tree.tree.breach_clock
    assert clock is not None
    answers[clock.date] = "2026-11-27"
    session = walk(tree, answers, shipped_pack.partners)
    page1 = squash(text_of(sign(session, shipped_pack, work, "processor.pdf"), 1, 1))
    assert squash("THE CONTROLLER ASSESSES IT: TELL THEM NOW") in page1
    assert squash("without undue delay (UK GDPR Article 33(2))") in page1
    assert squash("the DPO decides by") not in page1


def test_draft_rules_are_said_on_page_one_and_can_refuse_a_real_record(shipped_pack, work):
    answers = first_route(shipped_pack, "s115", lambda o: o.decision == "share")
    tree = shipped_pack.tree("s115")
    session = walk(tree, answers, shipped_pack.partners)
    page1 = text_of(sign(session, shipped_pack, work, "draft.pdf"), 1, 1)
    assert "Status of the rules behind this record" in page1
    approver = " ".join(tree.tree.governance.approved_by.split()).rstrip(".")
    assert f"are not approved: {approver}." in page1
    if NOW.date() < tree.tree.effective:
        assert "before the tree's effective date" in page1
    with pytest.raises(RecordError, match=r"real records need approved rules.*not approved"):
        create_signed_record(session, shipped_pack, RecordDetails(case_reference="X"),
                             identity_path=work / "id.p12", passphrase=PASS, training=False,
                             out_path=work / "refused.pdf", cache_dir=work / "cache", now=NOW,
                             require_approved=True)
    assert not (work / "refused.pdf").exists()
    create_signed_record(session, shipped_pack, RecordDetails(case_reference="X"),
                         identity_path=work / "id.p12", passphrase=PASS, training=True,
                         out_path=work / "training.pdf", cache_dir=work / "cache", now=NOW,
                         require_approved=True)  # training records are always allowed


def test_details_the_walk_established_print_and_a_changed_one_prints_both(shipped_pack, work):
    answers = first_route(shipped_pack, "s115", lambda o: o.decision == "share"
                          and o.grounds.lawful_basis and o.grounds.schedule_1)
    session = walk(shipped_pack.tree("s115"), answers, shipped_pack.partners)
    pdf = sign(session, shipped_pack, work, "prefill.pdf",
               lawful_basis_reasoning="Public task: our statutory crime and disorder duty")
    whole = text_of(pdf)
    lawful = shipped_pack.references[session.outcome().grounds.lawful_basis[0]].title  # type: ignore[union-attr]
    assert ("Entered: Public task: our statutory crime and disorder duty. The answers "
            "established: " + lawful) in whole
    assert "(established by the answers)" in whole  # the condition, left blank, is the route's
    assert "Special category or criminal offence condition Not recorded" not in whole


def test_metadata_dates_are_the_records_own_and_info_and_xmp_agree(shipped_pack, work):
    answers = first_route(shipped_pack, "s115", lambda o: o.decision == "share")
    pdf = sign(walk(shipped_pack.tree("s115"), answers, shipped_pack.partners), shipped_pack,
               work, "meta.pdf")
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    xmp = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info, re.M))
    assert fields["CreationDate"].startswith("2026-11-30T09:15:00")
    assert fields["ModDate"].startswith("2026-11-30T09:15:00")
    assert 'xmp:CreateDate="2026-11-30T09:15:00' in xmp
    assert 'xmp:ModifyDate="2026-11-30T09:15:00' in xmp
    assert fields["Title"] == "Information sharing decision record"
    assert f'<rdf:li xml:lang="x-default">{fields["Title"]}</rdf:li>' in xmp
    assert f"<rdf:li>{fields['Author']}</rdf:li>" in xmp and fields["Author"] == "Dana Okafor"
    assert fields["Subject"] in xmp and "CSP-2026-0107" in fields["Subject"]
    assert f'pdf:Keywords="{fields["Keywords"]}"' in xmp  # the information's /Keywords
    assert "pdf:keywords" not in xmp  # pyHanko's own name for them, which is not that one
    assert f'xmp:CreatorTool="{fields["Creator"]}"' in xmp
    assert fields["Producer"].endswith(re.search(r'pdf:Producer="([^"]+)"', xmp)[1])  # type: ignore[index]


def squash(text: str) -> str:
    return "".join(text.split())
