"""Throwaway databases for tests: SQLite always; PostgreSQL too under CI (or on request).

Each backend gets one migrated template per test run; every test then gets a fresh copy
(a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), which keeps the
suite fast while no test sees another's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get(
    "SIFA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def backends() -> list[str]:
    """SQLite always; PostgreSQL when CI=true or SIFA_TEST_POSTGRES=1."""
    wanted = os.environ.get("CI") == "true" or os.environ.get("SIFA_TEST_POSTGRES") == "1"
    return ["sqlite", "postgresql"] if wanted else ["sqlite"]


def run_id() -> str:
    return uuid.uuid4().hex[:8]


class PostgresServer:
    """Creates and drops databases on the test PostgreSQL server; fails loudly if it is down."""

    def __init__(self, admin_url: str = PG_ADMIN_URL) -> None:
        self.admin_url = admin_url
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise RuntimeError(
                f"PostgreSQL is required for this test run but unreachable at {admin_url}: {exc}"
            ) from exc
        self.created: list[str] = []

    def url_for(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self.drop(name)
        self.engine.dispose()


def copy_sqlite(template_url: str, target: Path) -> str:
    source = Path(make_url(template_url).database or "")
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"
