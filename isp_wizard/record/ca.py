"""An organisation signing CA, for councils without a PKI of their own.

The information governance lead runs ``ca init`` once (a passphrase-protected CA key and a
certificate, ``ca.p12`` and ``ca.pem`` in the CA folder) and ``ca issue`` for each practitioner.
Verifiers that trust ``ca.pem`` then accept every record signed by an identity it issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isp_wizard.errors import CertificateAuthorityError, IdentityError
from isp_wizard.record.identity import (
    certificate_builder,
    check_new_passphrase,
    new_key,
    practitioner_of,
    save_identity,
    signing_extensions,
    subject_name,
)
from isp_wizard.record.model import Practitioner

CA_YEARS = 10
ISSUED_YEARS = 2


@dataclass(frozen=True)
class CaSummary:
    name: str
    organisation: str
    fingerprint: str
    certificate_path: Path
    not_after: dt.datetime


def ca_files(ca_dir: Path) -> tuple[Path, Path]:
    return ca_dir / "ca.p12", ca_dir / "ca.pem"


def init_ca(ca_dir: Path, *, name: str, organisation: str, passphrase: str,
            now: dt.datetime | None = None, replace: bool = False) -> CaSummary:
    """Create the CA key and certificate in ``ca_dir``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    check_new_passphrase(passphrase)
    p12, _ = ca_files(ca_dir)
    if p12.exists() and not replace:
        raise CertificateAuthorityError(f"a signing CA already exists in {ca_dir}")
    now = now or dt.datetime.now(dt.UTC)
    key = new_key()
    subject = subject_name(name=name, organisation=organisation)
    cert = (
        certificate_builder(subject, subject, key.public_key(), now=now,
                            not_after=now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    save_identity(p12, key, cert, [], passphrase, friendly_name=name)
    return ca_summary(ca_dir)


def ca_summary(ca_dir: Path) -> CaSummary:
    from cryptography import x509

    _, pem = ca_files(ca_dir)
    try:
        cert = x509.load_pem_x509_certificate(pem.read_bytes())
    except FileNotFoundError:
        raise CertificateAuthorityError(
            f"no signing CA in {ca_dir}; create one with 'isp-wizard ca init'") from None
    except (OSError, ValueError) as exc:
        raise CertificateAuthorityError(f"cannot read the CA certificate {pem}: {exc}") from exc
    who = practitioner_of(cert)
    return CaSummary(name=who.name, organisation=who.organisation,
                     fingerprint=who.certificate_fingerprint, certificate_path=pem,
                     not_after=cert.not_valid_after_utc)


def issue_identity(ca_dir: Path, ca_passphrase: str, out: Path, *, name: str, role: str,
                   organisation: str, passphrase: str, email: str = "",
                   now: dt.datetime | None = None) -> Practitioner:
    """Issue a practitioner identity signed by the CA, saved as a .p12 at ``out``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    check_new_passphrase(passphrase)
    ca_key, ca_cert = _unlock(ca_dir, ca_passphrase)
    now = now or dt.datetime.now(dt.UTC)
    key = new_key()
    not_after = min(now + dt.timedelta(days=365 * ISSUED_YEARS), ca_cert.not_valid_after_utc)
    subject = subject_name(name=name, role=role, organisation=organisation, email=email)
    builder = (
        certificate_builder(subject, ca_cert.subject, key.public_key(), now=now,
                            not_after=not_after)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
    )
    cert = signing_extensions(builder, key.public_key()).sign(ca_key, hashes.SHA256())
    save_identity(out, key, cert, [ca_cert], passphrase, friendly_name=name)
    return practitioner_of(cert)


def _unlock(ca_dir: Path, passphrase: str) -> tuple[Any, Any]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    from isp_wizard.errors import WrongPassphraseError

    p12, _ = ca_files(ca_dir)
    if not p12.exists():
        raise CertificateAuthorityError(
            f"no signing CA in {ca_dir}; create one with 'isp-wizard ca init'")
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(),
                                                        passphrase.encode("utf-8"))
    except ValueError:
        raise WrongPassphraseError("the passphrase does not open the signing CA") from None
    except OSError as exc:
        raise CertificateAuthorityError(f"cannot read {p12}: {exc.strerror or exc}") from exc
    if key is None or cert is None:
        raise IdentityError(f"{p12} does not hold the CA key and certificate")
    return key, cert


# --- revocation --------------------------------------------------------------------------------

REASONS = ("unspecified", "key_compromise", "affiliation_changed", "superseded",
           "cessation_of_operation", "certificate_hold")
"""Revocation reasons (RFC 5280) an IG lead may give: a practitioner who left is
``affiliation_changed``, a lost laptop ``key_compromise``."""
CRL_DAYS = 30


@dataclass(frozen=True)
class Revocation:
    serial: int
    name: str
    fingerprint: str
    date: dt.datetime
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"serial": format(self.serial, "x"), "name": self.name,
                "fingerprint": self.fingerprint, "date": self.date.isoformat(),
                "reason": self.reason}


def revocations_path(ca_dir: Path) -> Path:
    return ca_dir / "revoked.json"


def revocations(ca_dir: Path) -> list[Revocation]:
    """The identities this CA has revoked (``revoked.json`` in the CA folder)."""
    import json

    path = revocations_path(ca_dir)
    if not path.exists():
        return []
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return [Revocation(int(i["serial"], 16), str(i["name"]), str(i["fingerprint"]),
                           dt.datetime.fromisoformat(i["date"]), str(i["reason"]))
                for i in items]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CertificateAuthorityError(f"cannot read {path}: {exc}") from exc


def revoke_identity(ca_dir: Path, certificate: Path, *, reason: str = "unspecified",
                    when: dt.datetime | None = None) -> Revocation:
    """Record that the identity whose certificate is at ``certificate`` (PEM or DER) is revoked
    from ``when`` (default: now). It takes effect for verifiers once a CRL is published."""
    import json

    from cryptography import x509

    from isp_wizard.fsutil import write_atomically

    if reason not in REASONS:
        raise CertificateAuthorityError(f"unknown reason {reason!r}; one of: "
                                        + ", ".join(REASONS))
    summary = ca_summary(ca_dir)
    try:
        raw = certificate.read_bytes()
        cert = (x509.load_pem_x509_certificate(raw) if b"-----BEGIN" in raw
                else x509.load_der_x509_certificate(raw))
    except (OSError, ValueError) as exc:
        raise CertificateAuthorityError(f"cannot read the certificate {certificate}: {exc}"
                                        ) from exc
    ca_cert = x509.load_pem_x509_certificate(summary.certificate_path.read_bytes())
    if cert.issuer != ca_cert.subject:
        raise CertificateAuthorityError(f"{certificate} was not issued by this CA "
                                        f"({summary.name})")
    when = when or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    who = practitioner_of(cert)
    known = revocations(ca_dir)
    if any(r.serial == cert.serial_number for r in known):
        raise CertificateAuthorityError(f"{who.name}'s identity is already revoked")
    done = Revocation(cert.serial_number, who.name, who.certificate_fingerprint, when, reason)
    data = json.dumps([r.to_json() for r in [*known, done]], indent=2).encode("utf-8")
    write_atomically(revocations_path(ca_dir), data, mode=0o644)
    return done


def publish_crl(ca_dir: Path, ca_passphrase: str, out: Path, *, days: int = CRL_DAYS,
                now: dt.datetime | None = None) -> dt.datetime:
    """Write a CRL signed by the CA, listing every revocation, valid for ``days`` (its next
    update), to ``out`` (DER). Returns the next-update date."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from isp_wizard.fsutil import write_atomically

    if not 1 <= days <= 366:
        raise CertificateAuthorityError("a CRL is valid for 1 to 366 days")
    key, cert = _unlock(ca_dir, ca_passphrase)
    now = now or dt.datetime.now(dt.UTC)
    next_update = now + dt.timedelta(days=days)
    builder = (x509.CertificateRevocationListBuilder()
               .issuer_name(cert.subject).last_update(now).next_update(next_update)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   key.public_key()), critical=False)
               .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False))
    for item in revocations(ca_dir):
        entry = (x509.RevokedCertificateBuilder().serial_number(item.serial)
                 .revocation_date(item.date))
        if item.reason != "unspecified":
            entry = entry.add_extension(x509.CRLReason(x509.ReasonFlags[item.reason]),
                                        critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    crl = builder.sign(key, hashes.SHA256())
    try:
        write_atomically(out, crl.public_bytes(serialization.Encoding.DER), mode=0o644)
    except OSError as exc:
        raise CertificateAuthorityError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return next_update
