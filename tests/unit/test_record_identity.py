"""Identities and the organisation CA: real keys, real PKCS#12 files, real permissions."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from isp_wizard.errors import (
    CertificateAuthorityError,
    IdentityError,
    MissingIdentityError,
    UsageError,
    WrongPassphraseError,
)
from isp_wizard.record.ca import ca_summary, init_ca, issue_identity
from isp_wizard.record.identity import (
    certificate_path,
    create_identity,
    identity_summary,
    import_identity,
    load_identity,
)
from isp_wizard.record.passphrase import read_passphrase

PASS = "a long passphrase"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_then_load(tmp_path: Path) -> None:
    p12 = tmp_path / "me" / "identity.p12"
    who = create_identity(p12, name="Siobhán Ní Bhriain", role="Youth worker",
                          organisation="Example Council", passphrase=PASS,
                          email="s@example.org")
    assert who.name == "Siobhán Ní Bhriain" and who.role == "Youth worker"
    assert who.organisation == "Example Council" and who.email == "s@example.org"
    assert len(who.certificate_fingerprint) == 64
    loaded = load_identity(p12, PASS)
    assert loaded.practitioner == who
    assert mode(p12) == 0o600
    assert mode(p12.parent) == 0o700
    assert identity_summary(p12) == who  # without the passphrase


def test_the_key_is_ec_p256_and_fit_for_signing(tmp_path: Path) -> None:
    from cryptography import x509

    p12 = tmp_path / "identity.p12"
    create_identity(p12, name="A B", role="R", organisation="O", passphrase=PASS)
    cert = x509.load_pem_x509_certificate(certificate_path(p12).read_bytes())
    assert cert.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment


def test_the_passphrase_is_written_nowhere(tmp_path: Path) -> None:
    secret = "unmistakable-passphrase-4711"
    create_identity(tmp_path / "identity.p12", name="A B", role="R", organisation="O",
                    passphrase=secret)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()


def test_wrong_passphrase_missing_and_corrupt_files(tmp_path: Path) -> None:
    p12 = tmp_path / "identity.p12"
    create_identity(p12, name="A B", role="R", organisation="O", passphrase=PASS)
    with pytest.raises(WrongPassphraseError):
        load_identity(p12, "not the passphrase")
    with pytest.raises(MissingIdentityError):
        load_identity(tmp_path / "nothing.p12", PASS)
    damaged = tmp_path / "damaged.p12"
    damaged.write_bytes(p12.read_bytes()[:200])
    with pytest.raises(IdentityError) as caught:
        load_identity(damaged, PASS)
    assert not isinstance(caught.value, WrongPassphraseError)
    text = tmp_path / "text.p12"
    text.write_text("hello")
    with pytest.raises(IdentityError, match="not a readable PKCS#12"):
        load_identity(text, PASS)


def test_unreadable_identity(tmp_path: Path) -> None:
    p12 = tmp_path / "identity.p12"
    p12.mkdir()  # unreadable as a file, even for root
    with pytest.raises(IdentityError, match="cannot read"):
        load_identity(p12, PASS)


def test_refuses_to_overwrite_and_short_passphrases(tmp_path: Path) -> None:
    p12 = tmp_path / "identity.p12"
    with pytest.raises(IdentityError, match="at least 8"):
        create_identity(p12, name="A", role="R", organisation="O", passphrase="short")
    create_identity(p12, name="A", role="R", organisation="O", passphrase=PASS)
    with pytest.raises(IdentityError, match="already holds"):
        create_identity(p12, name="B", role="R", organisation="O", passphrase=PASS)
    with pytest.raises(IdentityError, match="too long"):
        create_identity(tmp_path / "x.p12", name="N" * 65, role="R", organisation="O",
                        passphrase=PASS)


def test_no_summary_without_an_identity(tmp_path: Path) -> None:
    assert identity_summary(tmp_path / "identity.p12") is None


def test_ca_issues_identities_that_import(tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    summary = init_ca(ca_dir, name="Council Records CA", organisation="Example Council",
                      passphrase="ca passphrase", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert summary.name == "Council Records CA"
    assert mode(ca_dir / "ca.p12") == 0o600
    assert ca_summary(ca_dir).fingerprint == summary.fingerprint
    with pytest.raises(CertificateAuthorityError, match="already exists"):
        init_ca(ca_dir, name="x", organisation="y", passphrase="ca passphrase")
    issued = tmp_path / "out" / "ade.p12"
    with pytest.raises(WrongPassphraseError):
        issue_identity(ca_dir, "wrong passphrase", issued, name="Ade", role="Officer",
                       organisation="Example Council", passphrase=PASS)
    who = issue_identity(ca_dir, "ca passphrase", issued, name="Ade Okafor", role="Officer",
                         organisation="Example Council", passphrase=PASS)
    assert who.name == "Ade Okafor"
    dest = tmp_path / "home" / "identity.p12"
    imported = import_identity(issued, dest, PASS)
    assert imported == who
    assert identity_summary(dest) == who
    assert mode(dest) == 0o600
    with pytest.raises(WrongPassphraseError):
        import_identity(issued, tmp_path / "other.p12", "nope nope")
    assert not (tmp_path / "other.p12").exists()
    with pytest.raises(CertificateAuthorityError, match="no signing CA"):
        issue_identity(tmp_path / "none", "x", tmp_path / "y.p12", name="A", role="B",
                       organisation="C", passphrase=PASS)


def test_issued_certificate_chains_to_the_ca(tmp_path: Path) -> None:
    from cryptography import x509

    init_ca(tmp_path / "ca", name="CA", organisation="Org", passphrase="ca passphrase")
    issue_identity(tmp_path / "ca", "ca passphrase", tmp_path / "a.p12", name="A", role="B",
                   organisation="Org", passphrase=PASS)
    ca = x509.load_pem_x509_certificate((tmp_path / "ca" / "ca.pem").read_bytes())
    cert = x509.load_pem_x509_certificate((tmp_path / "a.pem").read_bytes())
    cert.verify_directly_issued_by(ca)
    assert load_identity(tmp_path / "a.p12", PASS).signer.cert_registry is not None


def test_passphrase_from_env_and_fd(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from isp_wizard.cli.options import ask_passphrase

    def given(variable: str) -> argparse.Namespace:
        return argparse.Namespace(passphrase_env=variable, passphrase_fd=None)

    monkeypatch.setenv("MY_PASS", "from the env")
    assert ask_passphrase(given("MY_PASS"), "?") == "from the env"  # the CLI reads the variable
    with pytest.raises(UsageError):
        ask_passphrase(given("NOT_SET_ANYWHERE"), "?")
    read_end, write_end = os.pipe()
    os.write(write_end, "pâss wörd\nignored".encode())
    os.close(write_end)
    try:
        assert read_passphrase(fd=read_end, prompt="?") == "pâss wörd"
    finally:
        os.close(read_end)
    with pytest.raises(UsageError):
        read_passphrase(fd=9999, prompt="?")
