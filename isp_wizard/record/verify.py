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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from isp_wizard.errors import InputFileError, NotARecordError
from isp_wizard.record.fonts import as_printed
from isp_wizard.record.model import DecisionRecord, Practitioner
from isp_wizard.record.places import FIELD_COUNTERSIGN, FIELD_DECIDER
from isp_wizard.record.sign import ATTACHMENT_NAME


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
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class VerificationReport:
    path: Path
    record: DecisionRecord | None
    signatures: tuple[SignatureCheck, ...]
    json_intact: bool
    json_matches_pages: bool
    problems: tuple[str, ...] = field(default=())

    @property
    def all_problems(self) -> list[str]:
        found = list(self.problems)
        for sig in self.signatures:
            found += [f"{sig.role_in_record}: {p}" for p in sig.problems]
        return found

    @property
    def ok(self) -> bool:
        """Everything holds: intact, unaltered, data matching the pages (trust aside)."""
        return (bool(self.signatures) and all(s.ok for s in self.signatures)
                and self.json_intact and self.json_matches_pages and not self.problems)

    @property
    def altered(self) -> bool:
        return not self.ok

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
            "signatures": [s.to_json() for s in self.signatures],
            "problems": self.all_problems,
        }


# --- trust anchors -----------------------------------------------------------------------------


def default_trust_roots() -> list[Path]:
    """The anchors in settings (``trust_anchors``) and ``trust/*.pem`` shipped with the rules."""
    from isp_wizard.paths import load_settings, locations

    settings = load_settings()
    roots = [Path(p).expanduser() for p in settings.trust_anchors]
    shipped = locations(settings).rules_dir / "trust"
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


def verify_record(path: Path, *, trust_roots: Sequence[Path] | None = None) -> VerificationReport:
    """Check the record at ``path``. NotARecordError when it is not a signed record at all."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    roots = _load_roots(default_trust_roots() if trust_roots is None else trust_roots)
    return verify_bytes(data, path, roots)


def verify_bytes(data: bytes, path: Path, roots: list[Any]) -> VerificationReport:
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
    if not embedded:
        raise NotARecordError(f"{path} is not a signed decision record (it has no signature)")
    embedded.sort(key=lambda s: s.signed_revision)
    first = embedded[0]
    signed_json = _attachment(data[: _revision_end(first)])
    if not signed_json:
        raise NotARecordError(f"{path} is not a decision record (no record data is attached "
                              "to the signed document)")
    problems: list[str] = []
    current_json = _attachment(data)
    if current_json != signed_json:
        problems.append("the attached record data was replaced or removed after signing")
    record, json_ok = _read_record(signed_json, problems)

    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail")
    checks = [_check_signature(sig, context, is_last=(sig is embedded[-1])) for sig in embedded]
    if record is not None:
        decider = next((c for c in checks if c.field == FIELD_DECIDER), checks[0])
        expected = record.practitioner.certificate_fingerprint
        if expected and decider.signer.certificate_fingerprint != expected:
            problems.append(f"the record names {record.practitioner.name} as the decision "
                            f"maker but it was signed by {decider.signer.name}")
    pages_ok = record is not None and _pages_match(data, record, problems)
    return VerificationReport(path=path, record=record, signatures=tuple(checks),
                              json_intact=json_ok, json_matches_pages=pages_ok,
                              problems=tuple(problems))


def _revision_end(sig: Any) -> int:
    byte_range = sig.sig_object["/ByteRange"]
    return int(byte_range[2]) + int(byte_range[3])


def _attachment(data: bytes) -> bytes | None:
    """The bytes of the one ``record.json`` attached to the PDF in ``data`` (latest revision).

    None when there is none; ``b""`` when there are several, which no record of ours has.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        found = [bytes(names[i + 1].get_object()["/EF"]["/F"].get_object().data)
                 for i in range(0, len(names) - 1, 2) if str(names[i]) == ATTACHMENT_NAME]
    except Exception:  # absent or malformed name tree: no attachment
        return None
    if not found:
        return None
    return found[0] if len(found) == 1 else b""


def _read_record(raw: bytes, problems: list[str]) -> tuple[DecisionRecord | None, bool]:
    try:
        record = DecisionRecord.from_json(raw)
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


def _check_signature(sig: Any, context: Any, *, is_last: bool) -> SignatureCheck:
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


def page_facts(record: DecisionRecord) -> dict[str, str]:
    """What the first page must show, by what it is."""
    return {
        "record id": record.record_id,
        "decision": record.decision_label.upper(),
        "case reference": record.case_reference,
        "decision maker": record.practitioner.name,
    }


def _squash(text: str) -> str:
    """Text without white space or invisible format characters (soft hyphens, joiners), which
    extraction may or may not return."""
    import unicodedata

    return "".join(ch for ch in as_printed(text)
                   if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _letters(text: str) -> Counter[str]:
    """The characters a reader sees, whatever order extraction puts right-to-left runs in."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", as_printed(text))
    return Counter(ch for ch in folded
                   if unicodedata.category(ch)[0] not in ("M", "Z", "C") and not ch.isspace())


def _shows(page: str, value: str) -> bool:
    """``value`` is on ``page``; where right-to-left text or combining marks make the extracted
    order unreliable, all its letters are."""
    import unicodedata

    if _squash(value) in page:
        return True
    reordered = any(unicodedata.bidirectional(ch) in ("R", "AL", "AN", "RLO", "RLE", "RLI")
                    or unicodedata.category(ch).startswith("M") for ch in value)
    return reordered and not (_letters(value) - _letters(page))


def _pages_match(data: bytes, record: DecisionRecord, problems: list[str]) -> bool:
    """The first page shows the record's key facts (long ones may run on to later pages)."""
    from pypdf import PdfReader

    facts = page_facts(record)
    try:
        reader = PdfReader(BytesIO(data))
        shown = ""
        for page in reader.pages:
            shown += _squash(page.extract_text())
            missing = [label for label, value in facts.items() if not _shows(shown, value)]
            if not missing:
                break
    except Exception as exc:
        problems.append(f"the pages cannot be read: {exc}")
        return False
    if missing:
        problems.append("the pages do not show what the record data says ("
                        + ", ".join(missing) + ")")
        return False
    return True
