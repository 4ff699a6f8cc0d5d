"""What the database itself enforces, tried with real roles on a real server: append-only for
everyone (triggers) and INSERT/SELECT only for the application roles (privileges), each
organisation sees only its own entries and PDFs (row-level security), the auditor sees all."""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from test_register_backends import make_entry, pdf_bytes

from isp_wizard.errors import RegisterError
from isp_wizard.store.postgres_register import SERVER_SCHEMA_VERSION, init_server


def _fill(db, user: str, numbers: range) -> None:  # type: ignore[no-untyped-def]
    with db.open(user) as reg:
        for i in numbers:
            reg.append(make_entry(i), pdf_bytes(i))


def _raw(db, user: str) -> psycopg.Connection:  # type: ignore[no-untyped-def]
    from pgcluster import ROLES

    return psycopg.connect(autocommit=True, password=ROLES[user][0],
                           **db.cluster.params(db.name, user))


@pytest.mark.parametrize("statement", [
    "UPDATE isp.entries SET decision = 'share'",
    "DELETE FROM isp.entries",
    "TRUNCATE isp.entries",
    "UPDATE isp.pdfs SET content = 'x'",
    "DELETE FROM isp.pdfs",
    "TRUNCATE isp.pdfs",
    "UPDATE isp.head SET count = 0",
    "INSERT INTO isp.members VALUES ('police_user', 'Borough Council')",
    "ALTER TABLE isp.entries DISABLE TRIGGER append_only",
])
def test_the_application_role_can_only_insert_and_select(pg_db, statement: str) -> None:  # type: ignore[no-untyped-def]
    _fill(pg_db, "council_user", range(3))
    with _raw(pg_db, "council_user") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
    with pg_db.open("council_user") as reg:
        assert len(list(reg.entries())) == 3 and reg.verify(reg.pdfs) == []


@pytest.mark.parametrize("statement", [
    "UPDATE isp.entries SET decision = 'share'", "DELETE FROM isp.entries WHERE seq = 2",
    "TRUNCATE isp.entries CASCADE", "UPDATE isp.pdfs SET organisation = 'x'",
    "DELETE FROM isp.pdfs", "TRUNCATE isp.pdfs"])
def test_even_the_owner_is_refused_while_the_triggers_stand(pg_db, statement: str) -> None:  # type: ignore[no-untyped-def]
    _fill(pg_db, "council_user", range(3))
    with pg_db.superuser() as su, pytest.raises(psycopg.errors.InsufficientPrivilege,
                                                match="append-only"):
        su.execute(statement)


def test_an_organisation_sees_only_its_own_entries_and_pdfs(pg_db) -> None:  # type: ignore[no-untyped-def]
    _fill(pg_db, "council_user", range(0, 4))
    _fill(pg_db, "police_user", range(4, 7))
    police_sha = make_entry(5).pdf_sha256
    council_sha = make_entry(1).pdf_sha256
    with pg_db.open("police_user") as reg:
        assert [e.record_id for e in reg.entries()] == ["rec-0004", "rec-0005", "rec-0006"]
        assert reg.get("rec-0001") is None and reg.history("rec-0001") == []
        assert reg.organisation() == "Police"
        with pytest.raises(FileNotFoundError):
            reg.pdfs.read(make_entry(1))
        assert reg.pdfs.read(make_entry(5)) == pdf_bytes(5)
    with _raw(pg_db, "police_user") as conn:  # straight SQL, no app in between
        assert conn.execute("SELECT count(*) FROM isp.entries WHERE record_id = 'rec-0001'"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT sha256 FROM isp.pdfs ORDER BY sha256").fetchall() == \
            sorted((make_entry(i).pdf_sha256,) for i in range(4, 7))
        assert conn.execute("SELECT count(*) FROM isp.pdfs WHERE sha256 = %s",
                            (council_sha,)).fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM isp.members")
    with pg_db.open("council_other") as reg:  # a colleague in the same organisation
        assert len(reg.records()) == 4 and reg.pdfs.read(make_entry(1)) == pdf_bytes(1)
    with pg_db.open("ig_auditor") as reg:
        assert len(list(reg.entries())) == 7
        assert reg.verify(reg.pdfs) == []
        assert reg.pdfs.read(make_entry(5)) == pdf_bytes(5)
        assert reg.organisation() is None
    with _raw(pg_db, "ig_auditor") as conn:
        assert conn.execute("SELECT count(*) FROM isp.pdfs WHERE sha256 IN (%s, %s)",
                            (council_sha, police_sha)).fetchone() == (2,)


def test_an_organisation_cannot_file_as_another_nor_the_auditor_at_all(pg_db) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.store.register import FIELDS

    entry = make_entry(9)
    with _raw(pg_db, "police_user") as conn:  # claims to file for the council: filed as police
        values = [getattr(entry, n) for n in FIELDS]
        values[FIELDS.index("prev_hash")] = "0" * 64
        conn.execute(f"INSERT INTO isp.entries ({', '.join(FIELDS)}, organisation, filed_by) "
                     f"VALUES ({', '.join(['%s'] * len(FIELDS))}, 'Borough Council', 'x')",
                     values)
    with pg_db.superuser() as su:
        assert su.execute("SELECT organisation, filed_by FROM isp.entries").fetchall() == \
            [("Police", "police_user")]
        su.execute("ALTER TABLE isp.entries DISABLE TRIGGER append_only")
        su.execute("DELETE FROM isp.entries")
        su.execute("ALTER TABLE isp.entries ENABLE TRIGGER append_only")
        su.execute("ALTER TABLE isp.head DISABLE TRIGGER USER")
        su.execute("UPDATE isp.head SET count = 0, hash = repeat('0', 64)")
    with pg_db.open("ig_auditor") as reg, pytest.raises(RegisterError):
        reg.append(make_entry(1), pdf_bytes(1))
    with pg_db.superuser() as su:
        su.execute("CREATE ROLE stranger LOGIN PASSWORD 'stranger-pw'")
        su.execute("GRANT isp_practitioner TO stranger")
    try:
        from isp_wizard.store.postgres_register import PostgresRegister

        server = pg_db.server("stranger")
        with PostgresRegister.open(server, password="stranger-pw") as reg, \
                pytest.raises(RegisterError, match="not a member of any organisation"):
            reg.append(make_entry(1), pdf_bytes(1))
    finally:
        with pg_db.superuser() as su:
            su.execute("DROP OWNED BY stranger")
            su.execute("DROP ROLE stranger")
    with pg_db.open("ig_auditor") as reg:
        assert list(reg.entries()) == []


def test_a_pdf_must_be_the_one_its_entry_names(pg_db) -> None:  # type: ignore[no-untyped-def]
    with pg_db.open() as reg:
        with pytest.raises(RegisterError, match="SHA-256 differs"):
            reg.append(make_entry(1), b"%PDF something else")
        with pytest.raises(RegisterError, match="training"):
            reg.append(make_entry(2, training=True), pdf_bytes(2))
        assert list(reg.entries()) == [] and reg.head() is not None
    with _raw(pg_db, "council_user") as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO isp.pdfs (sha256, content, organisation) VALUES (%s, %s, '')",
                     (hashlib.sha256(b"a").hexdigest(), b"b"))


def test_init_is_idempotent_and_refuses_a_newer_register(pg_db) -> None:  # type: ignore[no-untyped-def]
    _fill(pg_db, "council_user", range(2))
    with psycopg.connect(**pg_db.cluster.params(pg_db.name)) as conn:
        assert init_server(conn) == (SERVER_SCHEMA_VERSION, SERVER_SCHEMA_VERSION)
    with pg_db.open("ig_auditor") as reg:
        assert len(list(reg.entries())) == 2 and reg.verify(reg.pdfs) == []
    with pg_db.superuser() as su:
        su.execute("UPDATE isp.meta SET value = '99' WHERE key = 'schema_version'")
    with psycopg.connect(**pg_db.cluster.params(pg_db.name)) as conn, \
            pytest.raises(RegisterError, match="newer"):
        init_server(conn)


def test_the_server_refuses_an_entry_its_hash_rule_would_hash_differently(pg_db) -> None:  # type: ignore[no-untyped-def]
    from isp_wizard.store.register import FIELDS

    entry = make_entry(3)
    with _raw(pg_db, "council_user") as conn, pytest.raises(psycopg.Error, match="differently"):
        values = [getattr(entry, n) for n in FIELDS]
        values[FIELDS.index("entry_hash")] = "f" * 64  # not what the rule makes
        conn.execute(f"INSERT INTO isp.entries ({', '.join(FIELDS)}, organisation, filed_by) "
                     f"VALUES ({', '.join(['%s'] * len(FIELDS))}, '', '')", values)
    with pg_db.open() as reg:
        assert list(reg.entries()) == []


def test_server_init_and_add_member_from_the_command_line_renew_what_was_removed(  # type: ignore[no-untyped-def]
        pg_db) -> None:
    import os
    import subprocess
    import sys

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "isp_wizard", *args], capture_output=True,
                              text=True, timeout=120, env=dict(os.environ,
                                                               QT_QPA_PLATFORM="offscreen"))

    owner = (f"postgresql://postgres@/{pg_db.name}?host={pg_db.cluster.base}"
             f"&port={pg_db.cluster.port}")
    _fill(pg_db, "council_user", range(2))
    with pg_db.superuser() as su:  # an administrator removes a safeguard
        su.execute("DROP TRIGGER append_only ON isp.entries")
        su.execute("DROP POLICY own_organisation ON isp.entries")
    done = cli("server", "init", owner)
    assert done.returncode == 0, done.stderr
    assert "is set up (version 1)" in done.stdout
    with pg_db.superuser() as su, pytest.raises(psycopg.errors.InsufficientPrivilege):
        su.execute("DELETE FROM isp.entries")
    with pg_db.open("police_user") as reg:
        assert list(reg.entries()) == []  # the policy is back: nothing of the council's
    made = cli("server", "add-member", owner, "fire_user", "--organisation", "Fire", "--create")
    assert made.returncode == 0, made.stderr
    assert "fire_user files and sees the records of Fire" in made.stdout
    with pg_db.superuser() as su:
        su.execute("ALTER ROLE fire_user PASSWORD 'fire-pw-1'")
    from isp_wizard.store.postgres_register import PostgresRegister

    with PostgresRegister.open(pg_db.server("fire_user"), password="fire-pw-1") as reg:
        assert reg.organisation() == "Fire" and list(reg.entries()) == []
        reg.append(make_entry(7), pdf_bytes(7))
    with pg_db.open("ig_auditor") as reg:
        assert len(list(reg.entries())) == 3 and reg.verify(reg.pdfs) == []
    with pg_db.superuser() as su:
        su.execute("UPDATE isp.meta SET value = '2' WHERE key = 'schema_version'")
    newer = cli("server", "init", owner)
    assert newer.returncode == 2 and "newer than this app knows" in newer.stderr
