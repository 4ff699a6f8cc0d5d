"""A real PostgreSQL server for the partnership register tests: one throwaway cluster for the
session (``tests/pgcluster.py``), a fresh database set up by ``init_server`` for each test, and
real login roles: two organisations' practitioners, an auditor, and one who logs in with a client
certificate."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pgcluster import CERT_USER, ROLES, Cluster

_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        with cluster.superuser() as su:
            su.execute("CREATE ROLE isp_cert_login NOLOGIN")
            for role, (password, _org) in ROLES.items():
                su.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
            su.execute(f"CREATE ROLE {CERT_USER} LOGIN IN ROLE isp_cert_login")
        yield cluster
    finally:
        cluster.remove()


@dataclass
class Database:
    cluster: Cluster
    name: str

    def server(self, user: str, **more: Any):  # type: ignore[no-untyped-def]
        """The connection settings a laptop would save (over the socket, no TLS)."""
        from isp_wizard.store.postgres_register import ServerConnection

        values: dict[str, Any] = {"host": str(self.cluster.base), "port": self.cluster.port,
                                  "dbname": self.name, "user": user, "sslmode": "disable"}
        values.update(more)
        return ServerConnection(**values)

    def open(self, user: str = "council_user"):  # type: ignore[no-untyped-def]
        from isp_wizard.store.postgres_register import PostgresRegister

        return PostgresRegister.open(self.server(user), password=ROLES[user][0])

    def url(self, user: str = "council_user", **more: str) -> str:
        extra = "".join(f"&{k}={v}" for k, v in more.items())
        return (f"postgresql://{user}:{ROLES[user][0]}@/{self.name}?host={self.cluster.base}"
                f"&port={self.cluster.port}&sslmode=disable{extra}")

    def superuser(self):  # type: ignore[no-untyped-def]
        return self.cluster.superuser(self.name)


@pytest.fixture
def pg_db(pg_cluster: Cluster) -> Iterator[Database]:
    import psycopg

    from isp_wizard.store.postgres_register import add_member, init_server

    name = f"register_{next(_numbers)}"
    with pg_cluster.superuser() as su:
        su.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(**pg_cluster.params(name)) as conn:
        init_server(conn)
        for role, (_password, organisation) in ROLES.items():
            add_member(conn, role, organisation or "",
                       auditor=organisation is None)
        add_member(conn, CERT_USER, "Borough Council")
    try:
        yield Database(pg_cluster, name)
    finally:
        with pg_cluster.superuser() as su:
            su.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
