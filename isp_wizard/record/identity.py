"""A practitioner's signing identity: an EC P-256 key and X.509 certificate in a PKCS#12 file.

The .p12 is passphrase-protected and owner-only (0600, in a 0700 folder); the certificate is also
kept beside it as PEM (``identity.pem``) so that who the identity belongs to can be shown without
the passphrase. The passphrase is only ever held in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isp_wizard.errors import IdentityError, MissingIdentityError, WrongPassphraseError
from isp_wizard.fsutil import PRIVATE_FILE, write_atomically
from isp_wizard.record.model import Practitioner

MIN_PASSPHRASE = 8
SELF_SIGNED_YEARS = 3
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Identity:
    """An unlocked identity: who it is, and a pyHanko signer that signs as them."""

    practitioner: Practitioner
    signer: Any  # pyhanko.sign.signers.SimpleSigner
    certificate_der: bytes


def certificate_path(p12_path: Path) -> Path:
    return p12_path.with_suffix(".pem")


# --- creating and importing --------------------------------------------------------------------


def create_identity(path: Path, *, name: str, role: str, organisation: str, passphrase: str,
                    email: str = "", now: dt.datetime | None = None,
                    replace: bool = False) -> Practitioner:
    """Make a key and a self-signed certificate and save them in ``path`` (a .p12)."""
    from cryptography.hazmat.primitives import hashes

    check_new_passphrase(passphrase)
    if path.exists() and not replace:
        raise IdentityError(f"{path} already holds an identity; remove it first or choose "
                            "another file")
    now = now or dt.datetime.now(dt.UTC)
    key = new_key()
    subject = subject_name(name=name, role=role, organisation=organisation, email=email)
    builder = certificate_builder(subject, subject, key.public_key(), now=now,
                                  not_after=now + dt.timedelta(days=365 * SELF_SIGNED_YEARS))
    builder = signing_extensions(builder, key.public_key())
    cert = builder.sign(key, hashes.SHA256())
    save_identity(path, key, cert, [], passphrase, friendly_name=name)
    return practitioner_of(cert)


def import_identity(src: Path, dest: Path, passphrase: str) -> Practitioner:
    """Copy an organisation-issued .p12 into place after checking that ``passphrase`` opens it."""
    data = _read(src)
    key, cert, _ = _open_p12(data, passphrase, src)
    _check_usable(key, cert, src)
    write_private(dest, data)
    _write_public(certificate_path(dest), _pem(cert))
    return practitioner_of(cert)


def load_identity(path: Path, passphrase: str) -> Identity:
    """Unlock the identity in ``path``; WrongPassphraseError, MissingIdentityError, IdentityError."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert, extra = _open_p12(_read(path), passphrase, path)
    _check_usable(key, cert, path)
    der = cert.public_bytes(serialization.Encoding.DER)
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in extra]
    signer = SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    return Identity(practitioner=practitioner_of(cert), signer=signer, certificate_der=der)


def identity_summary(path: Path) -> Practitioner | None:
    """Who the identity in ``path`` belongs to, read from the PEM beside it (no passphrase)."""
    pem = certificate_path(path)
    if not path.exists() or not pem.exists():
        return None
    from cryptography import x509

    try:
        return practitioner_of(x509.load_pem_x509_certificate(pem.read_bytes()))
    except (OSError, ValueError):
        return None


def certificate_expiry(path: Path) -> dt.datetime | None:
    pem = certificate_path(path)
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem.read_bytes()).not_valid_after_utc
    except (OSError, ValueError):
        return None


def expires_soon(path: Path, now: dt.datetime, days: int = EXPIRY_WARNING_DAYS
                 ) -> dt.datetime | None:
    """The expiry of the identity at ``path`` when it is within ``days`` of ``now`` (or past);
    None otherwise, or when there is no identity."""
    expiry = certificate_expiry(path)
    if expiry is None or expiry - now > dt.timedelta(days=days):
        return None
    return expiry


# --- pieces shared with the organisation CA ----------------------------------------------------


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise IdentityError(f"choose a passphrase of at least {MIN_PASSPHRASE} characters")


def new_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def subject_name(*, name: str, role: str = "", organisation: str = "", email: str = "",
                 unit: str = "") -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    parts = [(NameOID.COMMON_NAME, name, "name"), (NameOID.TITLE, role, "role"),
             (NameOID.ORGANIZATION_NAME, organisation, "organisation"),
             (NameOID.ORGANIZATIONAL_UNIT_NAME, unit, "unit"),
             (NameOID.EMAIL_ADDRESS, email, "email")]
    if not name.strip():
        raise IdentityError("a name is needed")
    attributes = []
    for oid, value, label in parts:
        value = " ".join(value.split())
        if not value:
            continue
        if len(value) > 64:
            raise IdentityError(f"the {label} is too long for a certificate (64 characters at "
                                "most)")
        try:
            attributes.append(x509.NameAttribute(oid, value))
        except ValueError as exc:
            raise IdentityError(f"the {label} cannot go in a certificate: {exc}") from exc
    return x509.Name(attributes)


def certificate_builder(subject: Any, issuer: Any, public_key: Any, *, now: dt.datetime,
                        not_after: dt.datetime) -> Any:
    """A certificate builder with what every certificate here shares: names, key, a random
    serial, and a validity starting five minutes early to forgive a slightly slow clock."""
    from cryptography import x509

    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
    )


def signing_extensions(builder: Any, public_key: Any) -> Any:
    """KeyUsage digitalSignature + nonRepudiation (pyHanko requires both), not a CA."""
    from cryptography import x509

    return (
        builder
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def save_identity(path: Path, key: Any, cert: Any, chain: list[Any], passphrase: str, *,
                  friendly_name: str) -> None:
    """Write the .p12 (owner-only) and the certificate's PEM beside it."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    data = pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8")[:64], key, cert, chain or None,
        BestAvailableEncryption(passphrase.encode("utf-8")))
    write_private(path, data)
    _write_public(certificate_path(path), _pem(cert))


def practitioner_of(cert: Any) -> Practitioner:
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    def first(oid: Any) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    der = cert.public_bytes(serialization.Encoding.DER)
    return Practitioner(
        name=first(NameOID.COMMON_NAME), role=first(NameOID.TITLE),
        organisation=first(NameOID.ORGANIZATION_NAME), email=first(NameOID.EMAIL_ADDRESS),
        certificate_fingerprint=hashlib.sha256(der).hexdigest(),
    )


def write_private(path: Path, data: bytes) -> None:
    """Atomically write ``data`` readable by the owner only. A folder made for it is owner-only
    too; a folder that was already there (perhaps one the user chose) is left as it is."""
    try:
        created = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if created:
            os.chmod(path.parent, 0o700)
        write_atomically(path, data, mode=PRIVATE_FILE)
    except OSError as exc:
        raise IdentityError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write_public(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data, mode=0o644)  # a certificate is public
    except OSError as exc:
        raise IdentityError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _pem(cert: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    pem: bytes = cert.public_bytes(serialization.Encoding.PEM)
    return pem


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise MissingIdentityError(
            f"no signing identity at {path}; create one with 'isp-wizard identity create' or "
            "import the one your organisation issued with 'isp-wizard identity import'") from None
    except OSError as exc:
        raise IdentityError(f"cannot read the identity {path}: {exc.strerror or exc}") from exc


def _open_p12(data: bytes, passphrase: str, path: Path) -> tuple[Any, Any, list[Any]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError:
        if _looks_like_p12(data):
            raise WrongPassphraseError(f"the passphrase does not open {path}") from None
        raise IdentityError(f"{path} is not a readable PKCS#12 identity file (damaged or of "
                            "another kind)") from None
    return key, cert, list(extra)


def _looks_like_p12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["auth_safe"]["content_type"].native == "data" and \
            pfx["mac_data"].native is not None
    except Exception:  # asn1crypto raises many kinds on damaged input
        return False


def _check_usable(key: Any, cert: Any, path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if key is None or cert is None:
        raise IdentityError(f"{path} does not hold both a private key and its certificate")
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise IdentityError(f"{path} holds a kind of key that cannot sign records")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():
        raise IdentityError(f"in {path}, the key does not belong to the certificate")
