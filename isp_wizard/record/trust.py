"""Whether a record's signers are trusted as of a date: certificates, revocation and time.

A signature is trusted at the time it is known to have existed. With document time-stamps
(PAdES B-LT/B-LTA) that is the time of the first time-stamp after it, provided the chain of
time-stamps holds up to the date of the check: the newest one's TSA certificate is valid then,
and each earlier one was valid when the next one was made. The signer's certificate is then
checked as of that time, with the CRLs passed in and those kept in the document (certvalidator,
``retroactive_revinfo``: a CRL published later tells whether the identity was already revoked
then). So a time-stamped record still verifies after its signer's certificate has expired, or
was revoked after signing.

Without a time-stamp (B-B) only the date of the check counts: once the certificate has expired
the record "cannot be validated any more: no trusted time". A revoked identity's record made
before the revocation, by the signer's own clock, is still accepted and said to be so, unless
the key was compromised (then anyone could have made it, with any date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

NO_TRUSTED_TIME = "cannot be validated any more: no trusted time"


@dataclass(frozen=True)
class TimestampCheck:
    """One document time-stamp: when, by which authority, and whether it holds."""

    field: str
    time: dt.datetime | None
    authority: str
    intact: bool
    trusted: bool
    problems: tuple[str, ...] = ()
    note: str = ""  # why it is not relied on (its certificate expired before it was renewed)

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "time": self.time.isoformat() if self.time else None,
                "authority": self.authority, "intact": self.intact, "trusted": self.trusted,
                "note": self.note, "problems": list(self.problems)}


@dataclass(frozen=True)
class Trust:
    """The trust found for one signature: ``note`` says how (time used, revocation)."""

    trusted: bool
    revoked: bool = False
    note: str = ""


def _policy(strict: bool) -> Any:
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    ee = RevocationCheckingRule.CRL_REQUIRED if strict else \
        RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
    return CertRevTrustPolicy(
        RevocationCheckingPolicy(ee, RevocationCheckingRule.CHECK_IF_DECLARED_SOFT),
        retroactive_revinfo=True)


def context_for(reader: Any, cert: Any, roots: Sequence[Any], crls: Sequence[Any],
                moment: dt.datetime) -> Any:
    """A certvalidator context as of ``moment``: the trust anchors, the CRLs passed in and those
    in the document's DSS; never fetching. An identity whose issuer publishes a CRL here must be
    found on it (not listed: good; listed: revoked from its revocation date)."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    kwargs: dict[str, Any] = {
        "trust_roots": list(roots), "crls": list(crls), "moment": moment,
        "allow_fetching": False,
        "revinfo_policy": _policy(cert is not None and _has_crl_for(cert, crls)),
    }
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS, or one that cannot be read: only what was passed in
        return ValidationContext(**kwargs)
    return dss.as_validation_context(kwargs)


def _has_crl_for(cert: Any, crls: Sequence[Any]) -> bool:
    issuer = cert.issuer
    return any(c["tbs_cert_list"]["issuer"] == issuer for c in crls)


def check_timestamps(reader: Any, stamps: Sequence[Any], roots: Sequence[Any],
                     crls: Sequence[Any], at: dt.datetime) -> list[TimestampCheck]:
    """Each document time-stamp, oldest first: the newest checked as of ``at``, each earlier one
    as of the time of the one after it."""
    from pyhanko.sign.validation import validate_pdf_timestamp

    ordered = sorted(stamps, key=lambda s: s.signed_revision)
    found: list[TimestampCheck] = []
    moment = at
    for stamp in reversed(ordered):
        problems: list[str] = []
        try:
            context = context_for(reader, stamp.signer_cert, roots, crls, moment)
            status = validate_pdf_timestamp(stamp, validation_context=context)
        except Exception as exc:  # a damaged token cannot even be parsed
            found.append(TimestampCheck(str(stamp.field_name), None, "(unknown)", False, False,
                                        (f"the time-stamp cannot be checked ({exc})",)))
            continue
        if not status.intact or not status.valid:
            problems.append("the time-stamp does not match the document (digest mismatch)")
        authority = str(status.signing_cert.subject.native.get("common_name", ""))
        # a time-stamp proves something only while its TSA's certificate is valid: until the
        # date of the check for the newest, until the next time-stamp for the others
        expires = stamp.signer_cert.not_valid_after
        note = "" if expires >= moment else (
            f"its certificate expired on {expires:%Y-%m-%d}, before "
            + ("the date of this check" if moment is at else "the next time-stamp"))
        found.append(TimestampCheck(str(stamp.field_name), status.timestamp, authority,
                                    bool(status.intact and status.valid),
                                    bool(status.trusted) and not note, tuple(problems), note))
        if status.timestamp is not None:
            moment = status.timestamp
    return list(reversed(found))


def proof_of_existence(sig: Any, stamps: Sequence[Any], checks: Sequence[TimestampCheck]
                       ) -> dt.datetime | None:
    """The time of the first time-stamp after ``sig`` when it and every later one hold."""
    ordered = sorted(zip(stamps, checks, strict=True), key=lambda p: p[0].signed_revision)
    later = [(s, c) for s, c in ordered if s.signed_revision > sig.signed_revision]
    if not later or not all(c.intact and c.trusted for _, c in later):
        return None
    return later[0][1].time


def signer_trust(sig: Any, reader: Any, roots: Sequence[Any], crls: Sequence[Any], *,
                 at: dt.datetime, proof: dt.datetime | None) -> Trust:
    """Whether ``sig``'s signer is trusted, as of ``at`` (``proof``: a trusted time at which the
    signature is known to have existed)."""
    cert = sig.signer_cert
    if proof is not None:
        status = _status(sig, reader, cert, roots, crls, proof)
        when = f"time-stamped {proof:%Y-%m-%d %H:%M} UTC"
        revoked = _revocation(status)
        if status is not None and status.trusted:
            notes = [when]
            later = _revocation_on_crl(cert, crls)
            if later is not None:
                notes.append(f"made before the identity was revoked on {later[0]:%Y-%m-%d}")
            if cert.not_valid_after < at:
                notes.append(f"the certificate has since expired "
                             f"({cert.not_valid_after:%Y-%m-%d})")
            return Trust(True, note="; ".join(notes))
        if revoked is not None:
            return Trust(False, True, f"{when}, after the identity was revoked on "
                         f"{revoked[0]:%Y-%m-%d} ({revoked[1]})")
        return Trust(False, note=when)
    if cert.not_valid_after < at:
        claimed = _claimed_time(sig)
        revoked = _revocation(_status(sig, reader, cert, roots, crls, claimed)) \
            if claimed is not None else None
        if revoked is not None:  # already revoked when it says it was signed
            return Trust(False, True, f"the identity was revoked on {revoked[0]:%Y-%m-%d} "
                         f"({revoked[1]}), before the record says it was signed")
        return Trust(False, note=f"{NO_TRUSTED_TIME} (the certificate expired on "
                     f"{cert.not_valid_after:%Y-%m-%d} and no time-stamp shows the record "
                     "was signed before)")
    status = _status(sig, reader, cert, roots, crls, at)
    revoked = _revocation(status)
    if revoked is None:
        trusted = bool(status is not None and status.trusted)
        return Trust(trusted, note="" if trusted else _why_untrusted(status, cert, crls))
    claimed = _claimed_time(sig)
    if claimed is not None and claimed < revoked[0] and revoked[1] != "key compromise":
        earlier = _status(sig, reader, cert, roots, crls, claimed)
        if earlier is not None and earlier.trusted:
            return Trust(True, note=f"signed {claimed:%Y-%m-%d %H:%M} UTC by the signer's own "
                         f"clock (no trusted time-stamp), before the identity was revoked on "
                         f"{revoked[0]:%Y-%m-%d} ({revoked[1]})")
    return Trust(False, True, f"the identity was revoked on {revoked[0]:%Y-%m-%d} "
                 f"({revoked[1]}) and nothing shows the record was signed before")


def _status(sig: Any, reader: Any, cert: Any, roots: Sequence[Any], crls: Sequence[Any],
            moment: dt.datetime) -> Any:
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        context = context_for(reader, cert, roots, crls, moment)
        return validate_pdf_signature(sig, signer_validation_context=context)
    except Exception:  # a broken signature is reported by the integrity check
        return None


def _revocation(status: Any) -> tuple[dt.datetime, str] | None:
    details = getattr(status, "revocation_details", None) if status is not None else None
    if details is None:
        return None
    return details.revocation_date, _reason(details.revocation_reason)


def _reason(reason: Any) -> str:
    native = str(getattr(reason, "native", reason) or "unspecified")
    return native.replace("_", " ")


def _claimed_time(sig: Any) -> dt.datetime | None:
    try:
        return sig.self_reported_timestamp  # type: ignore[no-any-return]
    except Exception:
        return None


def _revocation_on_crl(cert: Any, crls: Sequence[Any]) -> tuple[dt.datetime, str] | None:
    """The signer's entry on a CRL its issuer published (for saying so), if any."""
    serial = cert.serial_number
    for crl in crls:
        tbs = crl["tbs_cert_list"]
        if tbs["issuer"] != cert.issuer:
            continue
        for entry in tbs["revoked_certificates"] or []:
            if entry["user_certificate"].native == serial:
                reason = "unspecified"
                for ext in entry["crl_entry_extensions"] or []:
                    if ext["extn_id"].native == "crl_reason":
                        reason = _reason(ext["extn_value"].parsed)
                return entry["revocation_date"].native, reason
    return None


def _why_untrusted(status: Any, cert: Any, crls: Sequence[Any]) -> str:
    """A plain reason when a CRL is involved (otherwise the caller says "not trusted here")."""
    indic = str(getattr(status, "trust_problem_indic", "") or "")
    if not _has_crl_for(cert, crls):
        return ""
    if "TRY_LATER" in indic or "OUT_OF_BOUNDS" in indic:
        return ("its CA's revocation list (CRL) is out of date for this date, so whether the "
                "identity was revoked cannot be told: publish a new one ('isp-wizard ca crl')")
    return f"the identity's revocation status could not be established ({indic or 'unknown'})"
