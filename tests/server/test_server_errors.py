"""When the server cannot be used — down, a wrong password, TLS refused, a register from a newer
version — the command line says so in one line and exits 2, and filing on the laptop goes on.
TLS with ``sslmode=verify-full`` against the partnership's CA, and client-certificate logins,
work against the real server."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from pgcluster import free_port  # noqa: E402
from report_records import make_record, make_signer, sign_record  # noqa: E402

from isp_wizard.store.register import open_register  # noqa: E402


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PGPASSWORD", None)
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


def _tcp_url(db, user: str, password: str, **more: str) -> str:  # type: ignore[no-untyped-def]
    extra = "".join(f"&{k}={v}" for k, v in more.items())
    return f"postgresql://{user}:{password}@127.0.0.1:{db.cluster.port}/{db.name}?connect_timeout=5{extra}"


@pytest.fixture
def laptop(isolated_home: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A laptop that has filed one real record, and can file another."""
    from isp_wizard.paths import locations
    from isp_wizard.services.filing import file_record

    signer = make_signer(tmp_path / "signer")

    def file_one(day: int) -> None:
        record = make_record(tree_id="demo", decision="share",
                             created=dt.datetime(2026, 2, day, tzinfo=dt.UTC))
        pdf = sign_record(record, signer, tmp_path / "signed" / f"{record.record_id}.pdf")
        file_record(record, pdf, locations=locations(), training=False)

    file_one(1)
    return file_one


def _cases(db) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    tls = db.cluster.tls
    return {
        "down": (f"postgresql://council_user:x@127.0.0.1:{free_port()}/{db.name}"
                 "?sslmode=disable", "cannot be reached (the server is down or there is no "
                                     "network)"),
        "wrong password": (_tcp_url(db, "council_user", "not-the-password",
                                    sslmode="verify-full", sslrootcert=str(tls.ca_cert)),
                           "refused the login"),
        "tls refused": (_tcp_url(db, "council_user", "council-pw-1", sslmode="verify-full",
                                 sslrootcert=str(tls.other_ca_cert)),
                        "the secure connection to the partnership register"),
        "wrong name": (_tcp_url(db, "council_user", "council-pw-1", sslmode="verify-full",
                                sslrootcert=str(tls.ca_cert), hostaddr="127.0.0.1"
                                ).replace("@127.0.0.1:", "@register.example.org:"),
                       "the secure connection"),
        "newer": (db.url(), "is from a newer version of isp-wizard"),
    }


def test_each_server_problem_is_one_line_exit_2_and_filing_goes_on(pg_db, laptop) -> None:  # type: ignore[no-untyped-def]
    with pg_db.superuser() as su:
        su.execute("UPDATE isp.meta SET value = '99' WHERE key = 'schema_version'")
    for day, (name, (url, said)) in enumerate(_cases(pg_db).items(), start=2):
        for command in (("register", "sync"), ("server", "test")):
            done = cli(*command, "--server", url)
            assert done.returncode == 2, (name, done.stdout, done.stderr)
            assert done.stdout == "" and len(done.stderr.splitlines()) == 1, (name, done.stderr)
            assert said in done.stderr, (name, done.stderr)
            assert "not-the-password" not in done.stderr and "council-pw-1" not in done.stderr
        laptop(day)  # filing on the laptop is not held up
    listed = cli("register", "list")
    assert listed.returncode == 0 and "6 records" in listed.stdout


def test_tls_verify_full_against_the_partnership_ca_and_client_certificates(  # type: ignore[no-untyped-def]
        pg_db, tmp_path: Path) -> None:
    from pgcluster import CERT_USER

    from isp_wizard.store.postgres_register import PostgresRegister, ServerConnection

    tls = pg_db.cluster.tls
    for host in ("localhost", "127.0.0.1"):
        server = ServerConnection(host=host, port=pg_db.cluster.port, dbname=pg_db.name,
                                  user="council_user", sslrootcert=str(tls.ca_cert))
        assert server.sslmode == "verify-full"
        with PostgresRegister.open(server, password="council-pw-1") as reg:
            assert reg._conn.info.pgconn.ssl_in_use and reg.organisation() == "Borough Council"
    cert, key = tls.client(tmp_path, CERT_USER)
    server = ServerConnection(host="localhost", port=pg_db.cluster.port, dbname=pg_db.name,
                              user=CERT_USER, sslrootcert=str(tls.ca_cert), sslcert=str(cert),
                              sslkey=str(key))
    with PostgresRegister.open(server) as reg:  # no password at all: the certificate logs in
        assert reg.organisation() == "Borough Council"
    other, other_key = tls.client(tmp_path, "council_user")  # a certificate for someone else
    wrong = ServerConnection(host="localhost", port=pg_db.cluster.port, dbname=pg_db.name,
                             user=CERT_USER, sslrootcert=str(tls.ca_cert), sslcert=str(other),
                             sslkey=str(other_key))
    from isp_wizard.errors import ServerLoginError

    with pytest.raises(ServerLoginError):
        PostgresRegister.open(wrong)


def test_settings_hold_the_server_but_never_a_password(pg_db, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    tls = pg_db.cluster.tls
    done = cli("server", "configure", "--host", "localhost", "--port", str(pg_db.cluster.port),
               "--dbname", pg_db.name, "--user", "council_user", "--ca", tls.ca_cert)
    assert done.returncode == 0, done.stderr
    passfile = isolated_home / "pgpass"
    passfile.write_text(f"localhost:{pg_db.cluster.port}:{pg_db.name}:council_user:"
                        "council-pw-1\n")
    passfile.chmod(0o600)
    env = dict(os.environ, PGPASSFILE=str(passfile), QT_QPA_PLATFORM="offscreen")
    tested = subprocess.run([sys.executable, "-m", "isp_wizard", "server", "test"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert tested.returncode == 0, tested.stderr
    assert "this login files for Borough Council" in tested.stdout
    settings = next(isolated_home.rglob("settings.json")).read_text()
    assert "council-pw-1" not in settings and '"sslmode": "verify-full"' in settings
    with open_register(isolated_home / "data" / "register.sqlite") as local:
        assert list(local.entries()) == []
