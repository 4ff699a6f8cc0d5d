"""Long-term validation for real: a local TSA on 127.0.0.1, real CRLs from the organisation CA,
PAdES B-LT and B-LTA upgrades checked by our verifier, poppler's pdfsig and pyHanko's own
command-line validator, and verification as of later dates with the clock frozen."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.record import ltv
from isp_wizard.record.ca import init_ca, issue_identity, publish_crl, revoke_identity
from isp_wizard.record.identity import certificate_path, load_identity
from isp_wizard.record.model import RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.rendered import document_info
from isp_wizard.record.sign import countersign_pdf, sign_new_record
from isp_wizard.record.trust import NO_TRUSTED_TIME
from isp_wizard.record.verify import _load_roots, verify_record
from isp_wizard.rulepack import load_pack

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdfa_checks import info_and_xmp, not_embedded, stream_end_problems
from tsa import LocalTsa, start_tsa

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
PASS = "correct horse"
NOW = dt.datetime.now(dt.UTC)
LATER = NOW + dt.timedelta(days=365 * 3)  # the practitioners' certificates (2 years) expired


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ltv")


@pytest.fixture(scope="module")
def tsa(work: Path):
    server = start_tsa(work / "tsa", years=5)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ca(work: Path) -> Path:
    init_ca(work / "ca", name="Example Council Records CA", organisation="Example Council",
            passphrase=PASS)
    for name, role in (("Priya Shah", "Officer"), ("Tom Wójcik", "Manager"),
                       ("Lee Gone", "Officer")):
        issue_identity(work / "ca", PASS, work / f"{name.split()[0].lower()}.p12", name=name,
                       role=role, organisation="Example Council", passphrase=PASS)
    return work / "ca"


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


def roots(ca: Path, tsa: LocalTsa) -> list[Path]:
    return [ca / "ca.pem", tsa.root_pem]


def signed(pack, work: Path, who: str, case: str = "CSP-77") -> bytes:
    identity = load_identity(work / f"{who}.p12", PASS)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "a phone number"})
    record = build_record(session, pack, RecordDetails(case_reference=case),
                          identity.practitioner, training=False, now=dt.datetime.now(dt.UTC))
    rendered = render_record(record)
    return sign_new_record(rendered.pdf, record.canonical_json(), identity, rendered.places,
                           cache_dir=work / "cache", info=document_info(record))


def upgraded(data: bytes, tsa: LocalTsa, ca: Path, *, now: dt.datetime = NOW,
             force: bool = False, crls: list[Path] | None = None) -> bytes:
    done = ltv.upgrade(data, ltv.TsaConfig(tsa.url), trust_roots=_load_roots(roots(ca, tsa)),
                       crls=ltv.load_crls(crls or []), now=now, force=force)
    assert done is not None
    return done


def write(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def pyhanko_validate(path: Path, *trust: Path) -> str:
    exe = shutil.which("pyhanko", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("pyhanko-cli is not installed (pip install pyhanko-cli)")
    args = [exe, "sign", "validate", "--executive-summary", "--trust-replace"]
    for t in trust:
        args += ["--trust", str(t)]
    done = subprocess.run([*args, str(path)], capture_output=True, text=True, timeout=120)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def levels(pack, work: Path, ca: Path, tsa: LocalTsa) -> dict[str, bytes]:
    bb = signed(pack, work, "priya")
    lt = upgraded(bb, tsa, ca)
    lta = upgraded(lt, tsa, ca, force=True)
    boss = load_identity(work / "tom.p12", PASS)
    countersigned = countersign_pdf(lt, boss, cache_dir=work / "cache")
    return {"B-B": bb, "B-LT": lt, "B-LTA": lta, "countersigned": countersigned,
            "countersigned-LT": upgraded(countersigned, tsa, ca)}


def test_the_upgrade_is_an_incremental_update_to_b_lt_then_b_lta(levels) -> None:
    assert ltv.level_of(levels["B-B"]) == "B-B"
    assert ltv.level_of(levels["B-LT"]) == "B-LT"
    assert ltv.level_of(levels["B-LTA"]) == "B-LTA"
    assert levels["B-LT"].startswith(levels["B-B"])
    assert levels["B-LTA"].startswith(levels["B-LT"])
    # a countersignature after the time-stamp is not covered until the next upgrade
    assert ltv.level_of(levels["countersigned"]) == "B-B"
    assert ltv.level_of(levels["countersigned-LT"]) == "B-LTA"
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(levels["B-LT"])))
    assert len(dss.certs) >= 3  # the practitioner's chain and the TSA's


@pytest.mark.parametrize("name", ["B-B", "B-LT", "B-LTA", "countersigned",
                                  "countersigned-LT"])
def test_every_level_verifies_here_and_in_pdfsig_and_pyhanko(levels, name, work, ca,
                                                             tsa) -> None:
    path = write(work, f"{name}.pdf", levels[name])
    report = verify_record(path, trust_roots=roots(ca, tsa))
    assert report.ok, report.all_problems
    assert report.trusted
    assert report.level == ltv.level_of(levels[name])
    assert all(t.intact and t.trusted for t in report.timestamps)
    if name != "B-B" and name != "countersigned":
        assert report.signatures[0].trust_note.startswith("time-stamped ")
    sig = pdfsig(path)
    assert sig.count("Signature is Valid") == len(report.signatures), sig
    assert sig.count("Signer Certificate Common Name: Test TSA") == len(report.timestamps)
    summary = pyhanko_validate(path, *roots(ca, tsa))
    assert summary.count(":VALID") == len(report.signatures), summary
    assert "INVALID" not in summary and "TAMPERED" not in summary


def test_a_b_lta_record_outlives_its_signers_certificate_and_a_b_b_one_says_so(
        levels, work, ca, tsa) -> None:
    lta = write(work, "later-lta.pdf", levels["B-LTA"])
    report = verify_record(lta, trust_roots=roots(ca, tsa), at=LATER)
    assert report.ok and report.trusted, [s.trust_note for s in report.signatures]
    assert "the certificate has since expired" in report.signatures[0].trust_note
    bb = write(work, "later-bb.pdf", levels["B-B"])
    report = verify_record(bb, trust_roots=roots(ca, tsa), at=LATER)
    assert report.ok and not report.trusted  # intact, but nothing vouches for it any more
    assert NO_TRUSTED_TIME in report.signatures[0].trust_note


def test_the_archival_time_stamp_is_renewed_before_the_tsa_certificate_expires(
        pack, work, ca, tsa) -> None:
    short = start_tsa(work / "tsa-short", years=1)  # a TSA certificate that lasts a year
    try:
        lt = upgraded(signed(pack, work, "priya", "CSP-SHORT"), short, ca)
        trust = [ca / "ca.pem", short.root_pem, tsa.root_pem]
        two_years = NOW + dt.timedelta(days=800)  # the signer's certificate expired too
        path = write(work, "short-lt.pdf", lt)
        expired = verify_record(path, trust_roots=trust, at=two_years)
        assert not expired.trusted  # the only time-stamp's certificate has expired by then
        assert NO_TRUSTED_TIME in expired.signatures[0].trust_note
        # on schedule: 300 days on, the certificate expires within a year, so it is renewed
        renewal = NOW + dt.timedelta(days=300)
        assert not ltv.upgrade_need(lt, now=NOW).needed
        assert ltv.upgrade_need(lt, now=renewal).renew
        tsa.now = renewal  # a TSA with a newer certificate, its clock frozen 300 days on
        try:
            lta = ltv.upgrade(lt, ltv.TsaConfig(tsa.url), trust_roots=_load_roots(trust),
                              crls=[], now=renewal)
        finally:
            tsa.now = None
        assert lta is not None and ltv.level_of(lta) == "B-LTA"
        path = write(work, "short-lta.pdf", lta)
        kept = verify_record(path, trust_roots=trust, at=two_years)
        assert kept.ok and kept.trusted, [s.trust_note for s in kept.signatures]
        assert kept.timestamps[0].trusted  # valid when the next one was made
        # renewed too late, after the first certificate expired: the chain is broken
        tsa.now = NOW + dt.timedelta(days=400)
        try:
            late = ltv.upgrade(lt, ltv.TsaConfig(tsa.url), trust_roots=_load_roots(trust),
                               crls=[], now=NOW + dt.timedelta(days=400))
        finally:
            tsa.now = None
        assert late is not None
        broken = verify_record(write(work, "late.pdf", late), trust_roots=trust, at=two_years)
        assert broken.ok and not broken.trusted
        assert "expired" in broken.timestamps[0].note
    finally:
        short.stop()


def test_revocation_before_and_after_signing_now_and_later(pack, work, ca, tsa) -> None:
    before_bb = signed(pack, work, "lee", "CSP-BEFORE")
    before_lt = upgraded(before_bb, tsa, ca)
    time.sleep(1.1)
    revoked_at = dt.datetime.now(dt.UTC)
    revoke_identity(ca, certificate_path(work / "lee.p12"), reason="affiliation_changed",
                    when=revoked_at)
    crl = work / "trust" / "ca.crl"
    crl.parent.mkdir(exist_ok=True)
    publish_crl(ca, PASS, crl, days=30)
    time.sleep(1.1)
    after = signed(pack, work, "lee", "CSP-AFTER")
    trust = roots(ca, tsa)
    for when in (None, LATER):
        report = verify_record(write(work, "rev-before-lt.pdf", before_lt), trust_roots=trust,
                               crls=[crl], at=when)
        assert report.ok and report.trusted and not report.revoked
        assert "made before the identity was revoked on" in report.signatures[0].trust_note
        report = verify_record(write(work, "rev-after.pdf", after), trust_roots=trust,
                               crls=[crl], at=when)
        assert report.ok and report.revoked and not report.trusted
        assert "revoked on" in report.signatures[0].trust_note
    now = verify_record(write(work, "rev-before-bb.pdf", before_bb), trust_roots=trust,
                        crls=[crl])
    assert now.trusted and "by the signer's own clock" in now.signatures[0].trust_note
    assert "before the identity was revoked" in now.signatures[0].trust_note
    later = verify_record(write(work, "rev-before-bb.pdf", before_bb), trust_roots=trust,
                          crls=[crl], at=LATER)
    assert not later.trusted and NO_TRUSTED_TIME in later.signatures[0].trust_note
    # without the CRL nobody here knows: the record signed after looks fine
    assert verify_record(write(work, "rev-after.pdf", after), trust_roots=trust).trusted


def test_a_lost_key_makes_even_earlier_unstamped_records_untrusted(pack, work, tsa) -> None:
    folder = work / "ca-lost"
    init_ca(folder, name="Lost Key CA", organisation="Example Council", passphrase=PASS)
    issue_identity(folder, PASS, work / "lost.p12", name="Sam Lost", role="Officer",
                   organisation="Example Council", passphrase=PASS)
    bb = signed(pack, work, "lost", "CSP-LOST")
    time.sleep(1.1)
    revoke_identity(folder, certificate_path(work / "lost.p12"), reason="key_compromise")
    publish_crl(folder, PASS, work / "lost.crl")
    report = verify_record(write(work, "lost.pdf", bb), trust_roots=[folder / "ca.pem"],
                           crls=[work / "lost.crl"])
    assert report.revoked and "key compromise" in report.signatures[0].trust_note


def test_tampering_after_the_upgrade_is_caught(levels, work, ca, tsa) -> None:
    data = bytearray(levels["B-LT"])
    middle = len(levels["B-B"]) // 3  # inside the drawn pages
    data[middle] ^= 0x01
    flipped = verify_record(write(work, "flip.pdf", bytes(data)), trust_roots=roots(ca, tsa))
    assert not flipped.ok

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(levels["B-LT"]))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 30 Tf 100 400 Td (DO NOT SHARE) Tj ET"))
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    appended = verify_record(write(work, "text.pdf", out.getvalue()),
                             trust_roots=roots(ca, tsa))
    assert not appended.ok
    assert any("changes the document without signing it" in p and "page 1" in p
               for p in appended.all_problems), appended.all_problems

    # a second time-stamp appended over a change is still a change
    stamped = upgraded(out.getvalue(), tsa, ca, force=True)
    report = verify_record(write(work, "text-stamped.pdf", stamped), trust_roots=roots(ca, tsa))
    assert not report.ok


def test_an_update_that_adds_a_visible_field_is_not_validation_data(levels, work, ca,
                                                                    tsa) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(BytesIO(levels["B-LT"]))
    fields.append_signature_field(writer, fields.SigFieldSpec(
        "Overlay", on_page=0, box=(50, 50, 550, 750)))
    out = BytesIO()
    writer.write(out)
    report = verify_record(write(work, "overlay.pdf", out.getvalue()),
                           trust_roots=roots(ca, tsa))
    assert not report.ok


@pytest.mark.parametrize("mode", ["down", "slow", "garbage", "error"])
def test_without_a_working_tsa_nothing_changes_and_the_reason_is_one_line(
        levels, work, mode) -> None:
    server = start_tsa(work / f"tsa-{mode}")
    url = server.url
    if mode == "down":
        server.stop()
    else:
        server.mode = mode
        server.delay = 3.0
    started = time.monotonic()
    try:
        with pytest.raises(ltv.TimestampUnavailableError) as caught:
            ltv.upgrade(levels["B-B"], ltv.TsaConfig(url, timeout=1.0), trust_roots=[],
                        crls=[], now=NOW)
    finally:
        if mode != "down":
            server.stop()
    assert time.monotonic() - started < 2.9  # the timeout, not the TSA, decides
    message = str(caught.value)
    assert "\n" not in message and url in message
    expected = {"down": "cannot be reached", "slow": "did not answer within 1 s"}
    assert expected.get(mode, "no time-stamp from") in message, message


def test_the_signed_revision_adds_an_srgb_output_intent_and_no_unembedded_font(
        levels, pack, work) -> None:
    from PIL import ImageCms
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(levels["countersigned-LT"]))
    intents = reader.root["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert str(intent["/OutputConditionIdentifier"]) == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = ImageCms.ImageCmsProfile(BytesIO(profile.data))
    assert "sRGB" in ImageCms.getProfileDescription(icc)
    assert "/DA" not in reader.root["/AcroForm"] and "/DR" not in reader.root["/AcroForm"]
    # the drawn pages (record format 3), the signing, the countersignature and the upgrade
    # each embed every font they use
    signed = write(work, "fonts.pdf", levels["countersigned-LT"])
    identity = load_identity(work / "priya.p12", PASS)
    session = walk(pack.tree("demo"), {"emergency": "no", "purpose": "yes",
                                       "what": "a phone number"})
    record = build_record(session, pack, RecordDetails(case_reference="CSP-77"),
                          identity.practitioner, training=False, now=NOW)
    drawn = write(work, "drawn.pdf", render_record(record).pdf)
    assert not_embedded(drawn) == set()
    assert not_embedded(signed) == set()
    assert b"pdfaid" not in levels["countersigned-LT"]  # no PDF/A claim without a validator
    check = subprocess.run(["qpdf", "--check", str(signed)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


@pytest.mark.parametrize("name", ["B-B", "B-LTA", "countersigned-LT"])
def test_every_stream_ends_its_data_with_a_line_end_at_every_level(levels, name) -> None:
    assert stream_end_problems(levels[name]) == []


@pytest.mark.parametrize("name", ["B-B", "countersigned-LT"])
def test_the_information_and_the_xmp_metadata_agree_after_every_update(levels, name,
                                                                       work) -> None:
    info, xmp, _ = info_and_xmp(write(work, f"meta-{name}.pdf", levels[name]))
    assert info == xmp
    assert {"/Title", "/Author", "/Keywords", "/CreationDate", "/ModDate"} <= set(info)


def test_a_tsa_nobody_trusts_leaves_the_upgrade_pending_and_says_why(levels, tsa) -> None:
    with pytest.raises(ltv.TimestampUnavailableError) as caught:
        ltv.upgrade(levels["B-B"], ltv.TsaConfig(tsa.url), trust_roots=[], crls=[], now=NOW)
    assert "no trust anchor here vouches for" in str(caught.value)


def test_an_out_of_date_crl_is_named_as_the_reason(pack, work, ca, tsa) -> None:
    crl = work / "short.crl"
    publish_crl(ca, PASS, crl, days=1)
    path = write(work, "stale.pdf", signed(pack, work, "priya", "CSP-STALE"))
    fresh = verify_record(path, trust_roots=roots(ca, tsa), crls=[crl])
    assert fresh.trusted
    stale = verify_record(path, trust_roots=roots(ca, tsa), crls=[crl],
                          at=NOW + dt.timedelta(days=10))
    assert stale.ok and not stale.trusted and not stale.revoked
    assert "revocation list (CRL) is out of date" in stale.signatures[0].trust_note
