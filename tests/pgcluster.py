"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary folder, started
on a Unix socket in that folder and on 127.0.0.1 (a free port), with TLS from a test CA.

initdb refuses to run as root: as root the cluster belongs to the ``postgres`` system user (its
folder is chown'ed to it and the server runs through ``runuser``); as anyone else it runs as them.
Nothing listens beyond this machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"

ROLES = {  # login role → (password, organisation; None for the auditor)
    "council_user": ("council-pw-1", "Borough Council"),
    "council_other": ("council-pw-2", "Borough Council"),
    "police_user": ("police-pw-1", "Police"),
    "ig_auditor": ("auditor-pw-1", None),
}
CERT_USER = "cert_user"  # logs in by client certificate only (pg_hba: +isp_cert_login cert)


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL's initdb is not installed (Debian package 'postgresql')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class TlsFiles:
    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    other_ca_cert: Path  # a CA the server's certificate does not come from

    def client(self, folder: Path, user: str) -> tuple[Path, Path]:
        """A client certificate for ``user`` (its common name), signed by the test CA."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        ca_key = serialization.load_pem_private_key(self.ca_key.read_bytes(), None)
        ca = x509.load_pem_x509_certificate(self.ca_cert.read_bytes())
        cert, key = _issue(user, ca, ca_key, server=False)
        return _write_pair(folder, f"client-{user}", cert, key)


def _key():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _issue(name: str, ca: Any, ca_key: Any, *, server: bool):  # type: ignore[no-untyped-def]
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = _key()
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .issuer_name(ca.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30)))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return builder.sign(ca_key, hashes.SHA256()), key


def _ca(name: str):  # type: ignore[no-untyped-def]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def _write_pair(folder: Path, stem: str, cert: Any, key: Any) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization

    cert_path, key_path = folder / f"{stem}.crt", folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def make_tls(folder: Path) -> TlsFiles:
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key = _ca("isp-wizard test partnership CA")
    ca_cert_path, ca_key_path = _write_pair(folder, "ca", ca, ca_key)
    server, server_key = _issue("localhost", ca, ca_key, server=True)
    server_cert_path, server_key_path = _write_pair(folder, "server", server, server_key)
    other, other_key = _ca("some other CA")
    other_path, _ = _write_pair(folder, "other-ca", other, other_key)
    return TlsFiles(ca_cert_path, ca_key_path, server_cert_path, server_key_path, other_path)


class Cluster:
    """A running throwaway cluster. ``params(...)`` gives psycopg keyword arguments."""

    def __init__(self, *, fsync: bool = False, tls: bool = True) -> None:
        self.bin = pg_bin()
        self.base = Path(tempfile.mkdtemp(prefix="isp-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.tls = make_tls(self.base / "tls") if tls else None
        self._fsync = fsync
        if self.as_root:
            self.base.chmod(0o755)
            owner = pwd.getpwnam(SUPERUSER)
            for path in [self.base, *self.base.rglob("*")]:
                os.chown(path, owner.pw_uid, owner.pw_gid)
        try:
            self._initdb()
            self.start()
        except BaseException:
            self.remove()
            raise

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", SUPERUSER, "--"] if self.as_root else []
        subprocess.run([*prefix, *argv], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.base)

    def _initdb(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8",
                  "--locale=C", "--no-sync", "--auth-local=trust",
                  "--auth-host=scram-sha-256")
        conf = [f"port = {self.port}", "listen_addresses = '127.0.0.1'",
                f"unix_socket_directories = '{self.base}'", "max_connections = 60",
                f"fsync = {'on' if self._fsync else 'off'}",
                f"synchronous_commit = {'on' if self._fsync else 'off'}",
                f"full_page_writes = {'on' if self._fsync else 'off'}",
                "shared_buffers = 64MB", "log_min_messages = warning"]
        if self.tls is not None:
            conf += ["ssl = on", f"ssl_cert_file = '{self.tls.server_cert}'",
                     f"ssl_key_file = '{self.tls.server_key}'",
                     f"ssl_ca_file = '{self.tls.ca_cert}'"]
        with (self.data / "postgresql.conf").open("a") as handle:
            handle.write("\n".join(conf) + "\n")
        (self.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            "local all all scram-sha-256\n"
            "hostssl all +isp_cert_login 127.0.0.1/32 cert\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n")

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.base / "server.log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def params(self, dbname: str = "postgres", user: str = SUPERUSER, **more: Any
               ) -> dict[str, Any]:
        """Connection keywords: over the socket unless ``host`` is given in ``more``."""
        return {"host": str(self.base), "port": self.port, "dbname": dbname, "user": user,
                **more}

    def superuser(self, dbname: str = "postgres"):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(autocommit=True, **self.params(dbname))
