"""Checking a record PDF: every signature, the embedded record data, and that they agree.

Fully offline (pyHanko with ``allow_fetching=False``). A record holds when every signature is
intact, nothing was changed after the last one other than filling the countersignature field,
the attached ``record.json`` is the one the decision maker signed, it is in canonical form, it
names the signer, and the first page shows what it says. Trust (whether the signer's certificate
chains to one of the configured trust anchors) is reported apart from integrity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from isp_wizard.errors import InputFileError, NotARecordError
from isp_wizard.record.approval import AnyRecord, read_any_record
from isp_wizard.record.model import Practitioner
from isp_wizard.record.places import FIELD_COUNTERSIGN, FIELD_DECIDER
from isp_wizard.record.sign import ATTACHMENT_NAME
from isp_wizard.record.trust import TimestampCheck


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    role_in_record: str  # "decision maker" or "countersignature"
    signer: Practitioner
    signing_time: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    problems: tuple[str, ...] = ()
    stamp: tuple[str, ...] = ()  # the lines of text its visible stamp draws
    revoked: bool = False  # signed by an identity already revoked then (``trust``)
    trust_note: str = ""  # how trust was found: the time used, a revocation, no trusted time

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field, "role_in_record": self.role_in_record,
            "signer": self.signer.model_dump(),
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "intact": self.intact, "valid": self.valid, "trusted": self.trusted,
            "covers_whole_file": self.covers_whole_file, "ok": self.ok,
            "revoked": self.revoked, "trust_note": self.trust_note,
            "stamp": list(self.stamp), "problems": list(self.problems),
        }


@dataclass(frozen=True)
class VerificationReport:
    path: Path
    record: AnyRecord | None
    signatures: tuple[SignatureCheck, ...]
    json_intact: bool
    json_matches_pages: bool
    problems: tuple[str, ...] = field(default=())
    timestamps: tuple[TimestampCheck, ...] = ()  # document time-stamps, oldest first
    level: str = "B-B"  # PAdES level: B-B, B-LT or B-LTA (``ltv``)
    at: dt.datetime | None = None  # the date validated as of (None: now)
    # why the pages could not be compared with the record data ("" when they were): this
    # installation draws with other library versions than records are drawn with (``seen``)
    pages_not_compared: str = ""

    @property
    def all_problems(self) -> list[str]:
        found = list(self.problems)
        for sig in self.signatures:
            found += [f"{sig.role_in_record}: {p}" for p in sig.problems]
        for stamp in self.timestamps:
            found += [f"time-stamp {stamp.field}: {p}" for p in stamp.problems]
        if self.pages_not_compared:
            found.append(self.pages_not_compared)
        return found

    @property
    def ok(self) -> bool:
        """Everything holds: intact, unaltered, data matching the pages (trust aside)."""
        return not self.altered and not self.pages_not_compared

    @property
    def revoked(self) -> bool:
        """A signer's identity was revoked before (as far as can be shown) they signed."""
        return any(s.revoked for s in self.signatures)

    @property
    def altered(self) -> bool:
        """A check failed. Pages that could not be compared (``pages_not_compared``) are not
        a failed check: the record is then neither altered nor shown to hold."""
        return not (bool(self.signatures) and all(s.ok for s in self.signatures)
                    and all(t.intact and not t.problems for t in self.timestamps)
                    and self.json_intact and self.json_matches_pages and not self.problems)

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    @property
    def countersigned(self) -> bool:
        return any(s.field == FIELD_COUNTERSIGN for s in self.signatures)

    def to_json(self) -> dict[str, Any]:
        record = self.record
        return {
            "path": str(self.path), "ok": self.ok, "trusted": self.trusted,
            "record_id": record.record_id if record else None,
            "training": record.training if record else None,
            "decision": record.decision if record else None,
            "case_reference": record.case_reference if record else None,
            "json_intact": self.json_intact, "json_matches_pages": self.json_matches_pages,
            "pages_compared": not self.pages_not_compared,
            "pages_not_compared": self.pages_not_compared,
            "signatures": [s.to_json() for s in self.signatures],
            "timestamps": [t.to_json() for t in self.timestamps], "level": self.level,
            "at": self.at.isoformat() if self.at else None, "revoked": self.revoked,
            "problems": self.all_problems,
        }


# --- trust anchors -----------------------------------------------------------------------------


def default_trust_roots(trust_anchors: Sequence[str], rules_dir: Path) -> list[Path]:
    """The anchors in settings (``trust_anchors``) and ``trust/*.pem`` shipped with the rules."""
    roots = [Path(p).expanduser() for p in trust_anchors]
    shipped = rules_dir / "trust"
    if shipped.is_dir():
        roots += sorted(shipped.glob("*.pem"))
    return roots


def _load_roots(paths: Sequence[Path]) -> list[Any]:
    from pyhanko.keys import load_certs_from_pemder

    certs: list[Any] = []
    for path in paths:
        try:
            certs += list(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError) as exc:
            raise InputFileError(f"cannot read the trust anchor {path}: {exc}") from exc
    return certs


# --- the check ---------------------------------------------------------------------------------

MAX_RECORD_BYTES = 20 * 1024 * 1024  # a typical record is 60 kB; the longest allowed, a few MB


def verify_record(path: Path, *, trust_roots: Sequence[Path], crls: Sequence[Path] = (),
                  at: dt.datetime | None = None) -> VerificationReport:
    """Check the record at ``path``, trust as of ``at`` (default: now) with the CRL files
    ``crls``. NotARecordError when it is not a signed record at all."""
    from isp_wizard.fsutil import NotRegularFileError, TooLargeError, read_limited

    try:
        data = read_limited(path, MAX_RECORD_BYTES)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except (NotRegularFileError, TooLargeError) as exc:
        raise InputFileError(f"{exc}; a record is a PDF file of at most "
                             f"{MAX_RECORD_BYTES // (1024 * 1024)} MB") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    from isp_wizard.record.ltv import load_crls

    roots = _load_roots(trust_roots)
    return verify_bytes(data, path, roots, crls=load_crls(crls), at=at)


def verify_bytes(data: bytes, path: Path, roots: list[Any], *, crls: Sequence[Any] = (),
                 at: dt.datetime | None = None) -> VerificationReport:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from isp_wizard.record.fonts import quiet_libraries

    quiet_libraries()
    if not data.lstrip()[:5] == b"%PDF-":
        raise NotARecordError(f"{path} is not a PDF file")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko's reader raises many kinds on broken files
        raise NotARecordError(f"{path} is not a readable PDF ({exc})") from exc
    embedded.sort(key=lambda s: s.signed_revision)
    stamps = [s for s in embedded if _is_timestamp(s)]
    embedded = [s for s in embedded if not _is_timestamp(s)]
    if not embedded:
        return _unsigned(data, reader, path)
    first = embedded[0]
    try:
        signed_json = _attachment(reader.get_historical_resolver(first.signed_revision))
    except Exception:  # a revision that cannot be read back holds no record data
        signed_json = None
    current_json = _attachment(reader)
    if not signed_json:
        if first.field_name != FIELD_DECIDER and current_json is None:
            raise NotARecordError(f"{path} is not a decision record (no record data is "
                                  "attached to the signed document)")
        signed_json = b"" if signed_json is None else signed_json
    problems: list[str] = []
    if not signed_json:
        problems.append("no record data was signed with the decision maker's signature (it was "
                        "removed, replaced or added later)")
    elif current_json != signed_json:
        problems.append("the attached record data was replaced or removed after signing")
    record, json_ok = _read_record(signed_json, problems) if signed_json else (None, False)

    from pyhanko_certvalidator import ValidationContext

    from isp_wizard.record.trust import check_timestamps

    moment = at or dt.datetime.now(dt.UTC)
    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail")
    last_revision = reader.xrefs.total_revisions - 1
    stamp_checks = check_timestamps(reader, stamps, roots, crls, moment)
    stamp_checks = [_whole_file(c, s, last_revision) for c, s in zip(stamp_checks, stamps,
                                                                      strict=True)]
    checks = [_with_trust(_check_signature(sig, data, context,
                                           is_last=sig is embedded[-1] and not stamps),
                          sig, reader, roots, crls, moment, stamps, stamp_checks)
              for sig in embedded]
    if first.field_name != FIELD_DECIDER:
        problems.append(f"the first signature is in the field “{first.field_name}”, not the "
                        "decision maker's")
    problems += _structure_problems(reader, embedded, checks)
    pages_ok = record is not None
    not_compared = ""
    if record is not None:
        decider = checks[0]
        expected = record.practitioner.certificate_fingerprint
        if expected and decider.signer.certificate_fingerprint != expected:
            problems.append(f"the record names {record.practitioner.name} as the decision "
                            f"maker but it was signed by {decider.signer.name}")
        pages_ok, checks, not_compared = _what_is_seen(reader, data, record, embedded, checks,
                                                       problems)
    from isp_wizard.record.ltv import level

    return VerificationReport(path=path, record=record, signatures=tuple(checks),
                              json_intact=json_ok, json_matches_pages=pages_ok,
                              problems=tuple(problems), timestamps=tuple(stamp_checks),
                              level=level(embedded, stamps), at=at,
                              pages_not_compared=not_compared)


def _is_timestamp(sig: Any) -> bool:
    return str(sig.sig_object.get("/Type", "")) == "/DocTimeStamp"


def _whole_file(check: TimestampCheck, stamp: Any, last_revision: int) -> TimestampCheck:
    """The newest revision's time-stamp must cover the file to its end."""
    from dataclasses import replace

    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if stamp.signed_revision != last_revision:
        return check
    try:
        whole = stamp.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    except Exception:
        whole = False
    if whole:
        return check
    return replace(check, problems=(
        *check.problems, "the file was changed after it was time-stamped (bytes were appended)"))


def _with_trust(check: SignatureCheck, sig: Any, reader: Any, roots: Sequence[Any],
                crls: Sequence[Any], at: dt.datetime, stamps: Sequence[Any],
                stamp_checks: Sequence[TimestampCheck]) -> SignatureCheck:
    """``check`` with its trust as of ``at`` (``trust.signer_trust``)."""
    from dataclasses import replace

    from isp_wizard.record.trust import proof_of_existence, signer_trust

    if not check.intact or not check.valid:
        return check
    if not stamps and not crls and check.trusted and sig.signer_cert.not_valid_after >= at:
        return check  # checked already, as of now: no time-stamp, CRL or expiry to weigh
    try:
        found = signer_trust(sig, reader, roots, crls, at=at,
                             proof=proof_of_existence(sig, stamps, stamp_checks))
    except Exception as exc:  # trust could not be established: say why, trust nothing
        return replace(check, trusted=False, trust_note=f"trust could not be checked ({exc})")
    return replace(check, trusted=found.trusted, revoked=found.revoked,
                   trust_note=found.note)


def _unsigned(data: bytes, reader: Any, path: Path) -> VerificationReport:
    """A PDF without signatures: a record whose signature was removed, or not a record."""
    from isp_wizard.record.structure import form_fields

    try:
        ours = FIELD_DECIDER in form_fields(reader)
    except Exception:
        ours = False
    attached = _attachment(reader)
    if not ours and attached is None:
        raise NotARecordError(f"{path} is not a signed decision record (it has no signature)")
    problems = ["the record is not signed: its signature was removed or never made"]
    record, json_ok = _read_record(attached, problems) if attached else (None, False)
    return VerificationReport(path=path, record=record, signatures=(), json_intact=json_ok,
                              json_matches_pages=False, problems=tuple(problems))


def _structure_problems(reader: Any, embedded: list[Any], checks: list[SignatureCheck]
                        ) -> list[str]:
    from isp_wizard.record.structure import later_revision_problems

    try:
        problems = later_revision_problems(reader, embedded)
    except Exception as exc:  # a revision that cannot even be read is not one of ours
        return [f"the document's revisions cannot be read ({exc})"]
    decider = checks[0].signer
    for check in checks[1:]:
        same_key = check.signer.certificate_fingerprint == decider.certificate_fingerprint
        same_person = (check.signer.name, check.signer.organisation, check.signer.email) == \
            (decider.name, decider.organisation, decider.email)
        if same_key or same_person:
            problems.append(f"the {check.role_in_record} is by the decision maker "
                            f"({decider.name}) themselves")
    return problems


def _what_is_seen(reader: Any, data: bytes, record: AnyRecord, embedded: list[Any],
                  checks: list[SignatureCheck], problems: list[str]
                  ) -> tuple[bool, list[SignatureCheck], str]:
    """Pages, annotations and signature stamps against the signed record data; and why the
    pages could not be compared, if they could not."""
    from isp_wizard.record.seen import page_problems
    from isp_wizard.record.structure import form_fields, signed_form_problems

    before = len(problems)
    try:
        signed = reader.get_historical_resolver(embedded[0].signed_revision)
        pages = page_problems(reader, data, embedded[0].signed_revision, record)
        problems += pages.problems
        if pages.places is not None:
            problems += signed_form_problems(signed, pages.places)
        stamps = {FIELD_DECIDER: form_fields(signed).get(FIELD_DECIDER, (None, None))[1],
                  FIELD_COUNTERSIGN: form_fields(reader).get(FIELD_COUNTERSIGN,
                                                             (None, None))[1]}
    except Exception as exc:  # a malformed page tree or field: not what we wrote
        problems.append(f"the pages cannot be read: {exc}")
        return False, checks, ""
    checked = [_with_stamp(check, stamps.get(check.field)) for check in checks]
    if not any(c.field == FIELD_COUNTERSIGN for c in checks):
        widget = stamps[FIELD_COUNTERSIGN]
        if widget is not None and _stamp_of(widget)[0]:
            problems.append("the empty countersignature box shows text")
    return len(problems) == before, checked, pages.not_compared


def _stamp_of(widget: Any) -> tuple[list[str], list[str]]:
    from isp_wizard.record.seen import stamp_lines_drawn

    try:
        return stamp_lines_drawn(widget)
    except Exception as exc:
        return [], [f"its appearance cannot be read ({exc})"]


def _with_stamp(check: SignatureCheck, widget: Any) -> SignatureCheck:
    """``check`` with what its stamp shows, and a problem unless it is the app's stamp for
    the signer its certificate names."""
    from dataclasses import replace

    from isp_wizard.record.seen import expected_stamp, same_text
    from isp_wizard.record.sign import REASON_COUNTERSIGN, REASON_DECIDER

    if widget is None:
        return check
    drawn, problems = _stamp_of(widget)
    reason = REASON_DECIDER if check.field == FIELD_DECIDER else REASON_COUNTERSIGN
    wanted = expected_stamp(check.signer, reason, check.signing_time)
    found = [f"the stamp: {p}" for p in problems]
    if len(drawn) != len(wanted) or not all(map(same_text, drawn, wanted)):
        found.append("the stamp reads “" + " / ".join(drawn) + "”, not what this app draws "
                     "for " + (check.signer.name or "its signer"))
    return replace(check, stamp=tuple(drawn), problems=check.problems + tuple(found))


def _attachment(resolver: Any) -> bytes | None:
    """The bytes of the one ``record.json`` attached to the document as ``resolver`` sees it (the
    reader: the latest revision; a historical resolver: that revision).

    None when there is none; ``b""`` when there are several, which no record of ours has.
    """
    try:
        names = resolver.root["/Names"]["/EmbeddedFiles"]["/Names"]
        found = [bytes(names[i + 1].get_object()["/EF"]["/F"].get_object().data)
                 for i in range(0, len(names) - 1, 2) if str(names[i]) == ATTACHMENT_NAME]
    except Exception:  # absent or malformed name tree: no attachment
        return None
    if not found:
        return None
    return found[0] if len(found) == 1 else b""


def _read_record(raw: bytes, problems: list[str]) -> tuple[AnyRecord | None, bool]:
    try:
        record = read_any_record(raw)
    except NotARecordError as exc:
        problems.append(f"the attached record data cannot be read: {exc}")
        return None, False
    except Exception as exc:
        problems.append(f"the attached record data cannot be read: {exc}")
        return None, False
    if record.canonical_json() != raw:
        problems.append("the attached record data is not in the form it was written in")
        return record, False
    return record, True


def _check_signature(sig: Any, data: bytes, context: Any, *, is_last: bool) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature

    name = sig.field_name
    role = {FIELD_DECIDER: "decision maker",
            FIELD_COUNTERSIGN: "countersignature"}.get(name, f"signature {name}")
    problems: list[str] = []
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as exc:  # a damaged signature cannot even be parsed
        return SignatureCheck(field=name, role_in_record=role, signer=_unknown_signer(),
                              signing_time=None, intact=False, valid=False, trusted=False,
                              covers_whole_file=False,
                              problems=(f"the signature cannot be checked ({exc})",))
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not status.intact:
        problems.append("the signed content was changed (digest mismatch)")
    elif not status.valid:
        problems.append("the signature does not match the signer's certificate")
    if is_last and not whole:
        problems.append("the file was changed after it was signed (an update was appended)")
    if not _padding_is_clean(sig, data):
        problems.append("the unsigned room around the signature value holds other bytes (the "
                        "file was changed without changing what was signed)")
    level = status.modification_level
    if not whole and (level is None or level > ModificationLevel.FORM_FILLING
                      or not status.docmdp_ok):
        problems.append("the document was changed after this signature in a way signing "
                        "does not explain")
    return SignatureCheck(
        field=name, role_in_record=role, signer=_signer_of(status.signing_cert),
        signing_time=status.signer_reported_dt, intact=bool(status.intact),
        valid=bool(status.valid), trusted=bool(status.trusted), covers_whole_file=whole,
        problems=tuple(problems),
    )


def _padding_is_clean(sig: Any, data: bytes) -> bool:
    """The one unsigned part of a revision, the /Contents hex string, is exactly the signature's
    DER in upper-case hex followed by zeros, as pyHanko writes it: any other bytes there (upper
    case, spaces, a changed padding) would give the same record a different SHA-256."""
    byte_range = sig.sig_object["/ByteRange"]
    start, end = int(byte_range[1]), int(byte_range[2])
    gap = data[start:end]
    if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return False
    body = gap[1:-1]
    try:
        der = bytes(sig.sig_object.raw_get("/Contents"))
        length = _der_length(der)
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    expected = der[:length].hex().upper().encode()
    return body[:len(expected)] == expected and not body[len(expected):].strip(b"0")


def _der_length(der: bytes) -> int:
    """The length of the DER value at the start of ``der``, header included."""
    if der[0] != 0x30:
        raise ValueError("not a DER sequence")
    first = der[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if not 0 < count <= 4:
        raise ValueError("bad DER length")
    return 2 + count + int.from_bytes(der[2:2 + count], "big")


def _unknown_signer() -> Practitioner:
    return Practitioner(name="(unknown)", role="", organisation="")


def _signer_of(cert: Any) -> Practitioner:
    if cert is None:
        return _unknown_signer()
    subject = cert.subject.native
    return Practitioner(
        name=str(subject.get("common_name", "")), role=str(subject.get("title", "")),
        organisation=str(subject.get("organization_name", "")),
        email=str(subject.get("email_address", "")),
        certificate_fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
    )
