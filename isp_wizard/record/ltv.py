"""Long-term validation of a signed record: PAdES B-LT and B-LTA, with pyHanko's own support.

A record is signed offline as PAdES B-B. When a time-stamping authority (RFC 3161) can be
reached, ``upgrade`` adds, in one incremental update, the validation data of every signature not
yet covered (the certificate chains and the CRLs passed in, in the document security store, DSS)
and a document time-stamp over it all: the record is then B-LT. Later, before the TSA's
certificate expires, the same call adds the last time-stamp's validation data and a new
document time-stamp: an archival time-stamp (B-LTA). The practitioner's signature is never
touched; the update changes only the catalogue (its DSS and extensions entries), the form (the
time-stamp's field) and the annotations of the page that carries it, which
``structure.validation_update_problems`` checks and ``verify`` requires.

Nothing here reads settings: the caller passes the TSA (``TsaConfig``), the trust roots and the
CRLs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from isp_wizard.errors import WizardError

TIMESTAMP_FIELD = "Timestamp"
RENEW_BEFORE = dt.timedelta(days=365)
"""An archival time-stamp is added when the last one's TSA certificate expires within this."""
TIMESTAMP_BYTES = 16384  # room for the time-stamp token (hex), so no trial request is needed


class TimestampUnavailableError(WizardError):
    """The TSA could not be reached, was too slow, or answered something that is not a
    time-stamp: the record stays as it is and the upgrade is pending."""


@dataclass(frozen=True)
class TsaConfig:
    """A configured time-stamping authority: its URL and how long to wait for it."""

    url: str
    timeout: float = 10.0

    def timestamper(self) -> Any:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        return HTTPTimeStamper(self.url, timeout=self.timeout)


B_B, B_LT, B_LTA = "B-B", "B-LT", "B-LTA"


def level_of(data: bytes) -> str:
    """B-B (no document time-stamp), B-LT (one) or B-LTA (a renewed chain of them)."""
    reader = _reader(data)
    return level(reader.embedded_regular_signatures, reader.embedded_timestamp_signatures)


def level(signatures: Sequence[Any], stamps: Sequence[Any]) -> str:
    """The level of a document with these signatures and document time-stamps."""
    if not stamps:
        return B_B
    last_stamp = max(s.signed_revision for s in stamps)
    if any(s.signed_revision > last_stamp for s in signatures):
        return B_B  # a signature made after the last time-stamp (a countersignature) is B-B
    return B_LTA if len(stamps) > 1 else B_LT


@dataclass(frozen=True)
class UpgradeNeed:
    """What ``upgrade`` would do: signatures that no time-stamp covers yet, and whether the
    last time-stamp's certificate is due for renewal (``renew``)."""

    uncovered: int
    renew: bool
    stamp_expires: dt.datetime | None

    @property
    def needed(self) -> bool:
        return bool(self.uncovered or self.renew)


def upgrade_need(data: bytes, *, now: dt.datetime, renew_before: dt.timedelta = RENEW_BEFORE
                 ) -> UpgradeNeed:
    reader = _reader(data)
    stamps = reader.embedded_timestamp_signatures
    last = max((s.signed_revision for s in stamps), default=-1)
    uncovered = [s for s in reader.embedded_regular_signatures if s.signed_revision > last]
    expires = None
    if stamps:
        newest = max(stamps, key=lambda s: s.signed_revision)
        expires = newest.signer_cert.not_valid_after
    return UpgradeNeed(len(uncovered), expires is not None and expires - now < renew_before,
                       expires)


def validation_context(trust_roots: Sequence[Any], crls: Sequence[Any], *,
                       moment: dt.datetime | None = None) -> Any:
    """A certvalidator context: the trust anchors and CRLs given, never fetching anything."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(trust_roots), crls=list(crls), moment=moment,
                             allow_fetching=False, revocation_mode="soft-fail",
                             retroactive_revinfo=True)


def upgrade(data: bytes, tsa: TsaConfig, *, trust_roots: Sequence[Any], crls: Sequence[Any],
            now: dt.datetime, force: bool = False, timestamper: Any = None) -> bytes | None:
    """``data`` brought to B-LT (or its archival time-stamp renewed: B-LTA), as an incremental
    update; None when nothing is due (``force`` renews the time-stamp anyway).

    TimestampUnavailableError when the TSA cannot give a time-stamp; the caller keeps ``data``.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from isp_wizard.record.fonts import quiet_libraries

    quiet_libraries()
    need = upgrade_need(data, now=now)
    if not need.needed and not force:
        return None
    reader = _reader(data)
    stamps = reader.embedded_timestamp_signatures
    last = max((s.signed_revision for s in stamps), default=-1)
    to_cover = [s for s in reader.embedded_regular_signatures if s.signed_revision > last]
    if stamps:
        to_cover.append(max(stamps, key=lambda s: s.signed_revision))
    context = validation_context(trust_roots, crls)
    writer = IncrementalPdfFileWriter(BytesIO(data))
    # The update adds validation data and a time-stamp, nothing else: pyHanko would otherwise
    # rewrite the document information and XMP metadata (modification date).
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    for sig in to_cover:
        DocumentSecurityStore.supply_dss_in_writer(
            writer, None, paths=_paths(sig, context), certs=_certs_of(sig),
            validation_context=context)
    stamper = PdfTimeStamper(timestamper or tsa.timestamper(),
                             field_name=f"{TIMESTAMP_FIELD}{len(stamps) + 1}")
    out = BytesIO()
    try:
        stamper.timestamp_pdf(writer, "sha256", validation_context=context,
                              bytes_reserved=TIMESTAMP_BYTES, output=out,
                              dss_settings=TimestampDSSContentSettings(update_before_ts=True,
                                                                       include_vri=False))
    except Exception as exc:  # aiohttp, asn1crypto and pyHanko raise many kinds
        raise TimestampUnavailableError(_why(exc, tsa)) from exc
    return out.getvalue()


def _paths(sig: Any, context: Any) -> list[Any]:
    """The validation paths of ``sig``'s signer (empty when no trust anchor vouches for it:
    its certificates still go into the DSS)."""
    from pyhanko.sign.validation.dss import collect_validation_info

    try:
        return list(asyncio.run(collect_validation_info(sig, context, skip_timestamp=True)))
    except Exception:  # an untrusted signer has no path; its certificates are kept anyway
        return []


def _certs_of(sig: Any) -> list[Any]:
    certs = sig.signed_data["certificates"]
    return [c.chosen for c in certs] if certs else []


def _why(exc: BaseException, tsa: TsaConfig) -> str:
    """One line: why no time-stamp (the innermost cause says most)."""
    causes = [exc]
    while causes[-1].__cause__ is not None and len(causes) < 10:
        causes.append(causes[-1].__cause__)
    if any(isinstance(c, TimeoutError | asyncio.TimeoutError) for c in causes):
        return f"the time-stamping authority at {tsa.url} did not answer within {tsa.timeout:g} s"
    if isinstance(causes[-1], ConnectionError) or "connect" in type(causes[-1]).__name__.lower():
        return f"the time-stamping authority at {tsa.url} cannot be reached"
    if any(type(c).__module__.startswith("pyhanko_certvalidator") for c in causes):
        return (f"the time-stamp from {tsa.url} is signed by an authority no trust anchor here "
                "vouches for: add the TSA's root certificate to the rules folder's trust/ or "
                "to settings 'trust_anchors'")
    inner = causes[-1]
    text = " ".join((str(inner).strip() or type(inner).__name__).split())
    if len(text) > 200:
        text = text[:199] + "…"
    return f"no time-stamp from {tsa.url}: {text}"


def _reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(BytesIO(data), strict=False)


# --- CRLs --------------------------------------------------------------------------------------


def load_crls(paths: Sequence[Path]) -> list[Any]:
    """The CRLs in ``paths`` (DER or PEM) as asn1crypto objects; InputFileError for a file that
    is not one."""
    from asn1crypto import crl, pem

    from isp_wizard.errors import InputFileError

    found = []
    for path in paths:
        try:
            raw = path.read_bytes()
            if pem.detect(raw):
                _, _, raw = pem.unarmor(raw)
            found.append(crl.CertificateList.load(raw, strict=True))
        except (OSError, ValueError, TypeError) as exc:
            raise InputFileError(f"{path}: not a readable CRL ({exc})") from exc
    return found


def default_crl_paths(crl_files: Sequence[str], rules_dir: Path) -> list[Path]:
    """The CRLs in settings (``crl_files``) and ``trust/*.crl`` shipped with the rules."""
    paths = [Path(p).expanduser() for p in crl_files]
    shipped = rules_dir / "trust"
    if shipped.is_dir():
        paths += sorted(shipped.glob("*.crl"))
    return [p for p in paths if p.is_file()]
