"""A local RFC 3161 time-stamping authority for tests: pyHanko's test time-stamper behind a
small HTTP handler on 127.0.0.1, with its own root and TSA certificate (made here, never
fetched). ``mode`` makes it answer garbage, stall, or fail, to test what the app does then."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class LocalTsa:
    """A running local TSA. ``url`` to configure; ``root_pem`` is the certificate to trust."""

    server: ThreadingHTTPServer
    root_pem: Path
    stamper: Any
    mode: str = "ok"  # "ok", "garbage", "slow", "error"
    delay: float = 5.0
    now: dt.datetime | None = None  # a frozen clock for the tokens' time, when set
    requests: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/tsa"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _certificates(folder: Path, now: dt.datetime, years: int) -> tuple[Any, Any, Any, Path]:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Time Authority")])

    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(name("Test TSA Root"))
            .issuer_name(name("Test TSA Root")).public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * (years + 10)))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's is RSA-only
    cert = (x509.CertificateBuilder().subject_name(name("Test TSA"))
            .issuer_name(root.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    root_pem = folder / "tsa-root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    der = serialization.Encoding.DER
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return (asn1_x509.Certificate.load(cert.public_bytes(der)),
            asn1_keys.PrivateKeyInfo.load(key_der),
            asn1_x509.Certificate.load(root.public_bytes(der)), root_pem)


def start_tsa(folder: Path, *, now: dt.datetime | None = None, years: int = 5) -> LocalTsa:
    """Start a TSA on 127.0.0.1 (a free port) whose certificate is valid ``years`` from ``now``."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    start = now or dt.datetime.now(dt.UTC)
    cert, key, root, root_pem = _certificates(folder, start, years)
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key, certs_to_embed=[cert, root])
    holder: dict[str, LocalTsa] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            tsa = holder["tsa"]
            tsa.requests.append(time.monotonic())
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if tsa.mode == "slow":
                time.sleep(tsa.delay)
            if tsa.mode == "error":
                self.send_response(503)
                self.end_headers()
                return
            if tsa.mode == "garbage":
                answer = b"\x30\x03\x02\x01\x07 this is not a time-stamp"
            else:
                stamper.fixed_dt = tsa.now
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up waiting
                self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tsa = LocalTsa(server=server, root_pem=root_pem, stamper=stamper, now=now)
    holder["tsa"] = tsa
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return tsa
