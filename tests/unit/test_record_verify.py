"""Verification against real tampering, checked by our verifier and by poppler's pdfsig."""

from __future__ import annotations

import datetime as dt
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

from isp_wizard.engine.walk import walk
from isp_wizard.errors import NotARecordError, SigningError
from isp_wizard.record.ca import init_ca, issue_identity
from isp_wizard.record.identity import create_identity, load_identity
from isp_wizard.record.model import DecisionRecord, RecordDetails, build_record
from isp_wizard.record.pdf import render_record
from isp_wizard.record.sign import countersign_pdf, sign_new_record
from isp_wizard.record.verify import verify_record
from isp_wizard.rulepack import load_pack

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo-rules"
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
PASS = "correct horse"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("verify")


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEMO)


@pytest.fixture(scope="module")
def practitioner(work: Path):
    create_identity(work / "me.p12", name="Priya Shah", role="Community safety officer",
                    organisation="The Council", passphrase=PASS)
    return load_identity(work / "me.p12", PASS)


@pytest.fixture(scope="module")
def manager(work: Path):
    create_identity(work / "boss.p12", name="Tomasz Wójcik", role="Team manager",
                    organisation="The Council", passphrase=PASS)
    return load_identity(work / "boss.p12", PASS)


def record_for(pack, identity, answers=None, **details: object) -> DecisionRecord:
    session = walk(pack.tree("demo"), answers or {"emergency": "no", "purpose": "yes",
                                                  "what": "a phone number"})
    values: dict[str, object] = {"case_reference": "CSP-77"}
    values.update(details)
    return build_record(session, pack, RecordDetails(**values), identity.practitioner,  # type: ignore[arg-type]
                        training=False, now=NOW)


def signed_bytes(record: DecisionRecord, identity, work: Path, *,
                 json: bytes | None = None) -> bytes:
    rendered = render_record(record)
    return sign_new_record(rendered.pdf, json or record.canonical_json(), identity,
                           rendered.places, cache_dir=work / "cache")


def write(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


def pdfsig(path: Path, *args: str) -> str:
    return subprocess.run(["pdfsig", *args, str(path)], capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def good(pack, practitioner, work: Path) -> tuple[DecisionRecord, bytes]:
    record = record_for(pack, practitioner)
    return record, signed_bytes(record, practitioner, work)


def test_untouched_record_holds(good, work: Path) -> None:
    record, data = good
    report = verify_record(write(work, "good.pdf", data), trust_roots=[])
    assert report.ok, report.all_problems
    assert report.record == record
    assert report.json_intact and report.json_matches_pages
    [sig] = report.signatures
    assert sig.intact and sig.valid and sig.covers_whole_file
    assert sig.signer.name == "Priya Shah" and sig.signer.role == "Community safety officer"
    assert sig.signer.organisation == "The Council"
    assert sig.signing_time is not None
    assert not sig.trusted and not report.trusted  # self-signed, no anchors given


def test_self_signed_identity_is_trusted_when_it_is_an_anchor(good, work: Path) -> None:
    path = write(work, "anchored.pdf", good[1])
    assert verify_record(path, trust_roots=[work / "me.pem"]).trusted


def test_a_byte_changed_inside_the_signed_range(good, work: Path) -> None:
    data = bytearray(good[1])
    at = data.index(b"ReportLab")
    data[at] = ord("X")
    path = write(work, "byte.pdf", bytes(data))
    report = verify_record(path, trust_roots=[])
    assert not report.ok
    assert any("digest mismatch" in p for p in report.all_problems)
    assert "Digest Mismatch" in pdfsig(path)


def test_an_update_appended_after_signing(good, work: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(good[1]))
    stream = generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 400 Td (DO NOT SHARE) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = BytesIO()
    writer.write(out)
    path = write(work, "appended.pdf", out.getvalue())
    report = verify_record(path, trust_roots=[])
    assert not report.ok
    assert any("changed after it was signed" in p for p in report.all_problems)
    out_sig = pdfsig(path)
    assert "Not total document signed" in out_sig
    assert "Signature is Valid" in out_sig  # pdfsig alone would not call this altered


def test_the_embedded_json_swapped_in_an_update(good, work: Path) -> None:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    record, data = good
    forged = record.model_copy(update={"details": record.details.model_copy(
        update={"case_reference": "SOMEONE-ELSE"})})
    writer = IncrementalPdfFileWriter(BytesIO(data))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    spec["/EF"]["/F"] = writer.add_object(embed.EmbeddedFileObject.from_file_data(
        writer, data=forged.canonical_json()))
    writer.update_container(spec)
    out = BytesIO()
    writer.write(out)
    path = write(work, "swapped.pdf", out.getvalue())
    report = verify_record(path, trust_roots=[])
    assert not report.ok
    problems = " ".join(report.all_problems)
    assert "replaced or removed after signing" in problems
    assert "changed after it was signed" in problems
    assert report.record == record  # what is reported is what was signed
    assert "Not total document signed" in pdfsig(path)


def test_json_that_does_not_match_the_pages(pack, practitioner, work: Path) -> None:
    shown = record_for(pack, practitioner)
    other = record_for(pack, practitioner, {"emergency": "yes"}, case_reference="OTHER-1")
    path = write(work, "mismatch.pdf", signed_bytes(shown, practitioner, work,
                                                   json=other.canonical_json()))
    report = verify_record(path, trust_roots=[])
    assert report.json_intact and not report.json_matches_pages and not report.ok
    assert any("is not what the record data says" in p for p in report.all_problems)
    assert "Total document signed" in pdfsig(path)  # pdfsig cannot see this one


def test_signed_by_someone_other_than_the_record_names(pack, practitioner, manager,
                                                       work: Path) -> None:
    record = record_for(pack, practitioner)
    path = write(work, "other-signer.pdf", signed_bytes(record, manager, work))
    report = verify_record(path, trust_roots=[])
    assert not report.ok
    assert any("signed by Tomasz Wójcik" in p for p in report.all_problems)


def test_countersignature_leaves_the_first_valid(good, manager, work: Path) -> None:
    data = countersign_pdf(good[1], manager, cache_dir=work / "cache")
    path = write(work, "countersigned.pdf", data)
    report = verify_record(path, trust_roots=[])
    assert report.ok, report.all_problems
    assert report.countersigned
    first, second = report.signatures
    assert first.role_in_record == "decision maker" and not first.covers_whole_file
    assert second.role_in_record == "countersignature" and second.covers_whole_file
    assert second.signer.name == "Tomasz Wójcik"
    out = pdfsig(path)
    assert out.count("Signature is Valid.") == 2
    assert "Digitally signed by Tomasz Wójcik" in subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    with pytest.raises(SigningError, match="already been countersigned"):
        countersign_pdf(data, manager, cache_dir=work / "cache")


def test_organisation_ca_identities_are_trusted(pack, work: Path) -> None:
    ca_dir = work / "ca"
    init_ca(ca_dir, name="Example Council Records CA", organisation="Example Council",
            passphrase="ca passphrase")
    issue_identity(ca_dir, "ca passphrase", work / "issued.p12", name="Ade Okafor",
                   role="Anti-social behaviour officer", organisation="Example Council",
                   passphrase=PASS)
    issued = load_identity(work / "issued.p12", PASS)
    path = write(work, "ca-signed.pdf", signed_bytes(record_for(pack, issued), issued, work))
    assert verify_record(path, trust_roots=[ca_dir / "ca.pem"]).trusted
    untrusted = verify_record(path, trust_roots=[])
    assert untrusted.ok and not untrusted.trusted
    assert "Certificate is Trusted." not in pdfsig(path)
    nss = work / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "council-ca", "-t", "CT,C,C",
                    "-i", str(ca_dir / "ca.pem")], check=True)
    assert "Certificate is Trusted." in pdfsig(path, "-nssdir", str(nss))


@pytest.mark.parametrize("content", [b"hello, not a pdf", b"%PDF-1.4\ngarbage"])
def test_what_is_not_a_record(content: bytes, work: Path) -> None:
    with pytest.raises(NotARecordError):
        verify_record(write(work, "not.pdf", content), trust_roots=[])


def test_an_unsigned_pdf_is_not_a_record(good, work: Path) -> None:
    rendered = render_record(good[0])
    with pytest.raises(NotARecordError, match="no signature"):
        verify_record(write(work, "unsigned.pdf", rendered.pdf), trust_roots=[])


def test_trust_anchors_from_settings_and_rules(good, work: Path, isolated_home: Path) -> None:
    from isp_wizard.record.verify import default_trust_roots

    path = write(work, "settings-trust.pdf", good[1])
    rules = isolated_home / "rules"
    rules.mkdir()
    assert not verify_record(path, trust_roots=default_trust_roots([], rules)).trusted
    anchors = [str(work / "me.pem")]
    assert verify_record(path, trust_roots=default_trust_roots(anchors, rules)).trusted
    (rules / "trust").mkdir()
    (rules / "trust" / "council.pem").write_bytes((work / "me.pem").read_bytes())
    assert verify_record(path, trust_roots=default_trust_roots([], rules)).trusted
