"""Throwaway databases for tests: SQLite always; PostgreSQL too under CI (or on request).

Each backend gets one migrated template per test run (per xdist worker); every test then
gets a fresh copy (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), which
keeps the suite fast while no test sees another's rows.

On PostgreSQL, creating and dropping a database costs 0.1–4 s of mostly waiting for the disk
(measured on the 2-core CI machine; dropping ~55 databases at the end of a run took 136 s).
:meth:`PostgresServer.copy_of` therefore hands out a copy made ahead of time, and
:meth:`PostgresServer.drop_later` drops a test's database after the test: both on one
background thread, so the test that comes next does not wait for them.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
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
        self._lock = threading.Lock()  # created is changed by the background thread too
        self._spares: dict[str, queue.Queue[str]] = {}  # template → copies made ahead
        self._tasks: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, name="pg-databases", daemon=True)
        self._thread.start()

    def url_for(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        with self._lock:
            self.created.append(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        with self._lock:
            if name in self.created:
                self.created.remove(name)

    def copy_of(self, template: str) -> str:
        """A fresh copy of ``template`` (made ahead of time when one is ready); its URL."""
        spares = self._spares.setdefault(template, queue.Queue())
        self._tasks.put(("spare", template))  # the copy for the next test
        try:
            return self.url_for(spares.get_nowait())
        except queue.Empty:
            return self.create(f"sifa_test_{run_id()}", template=template)

    def drop_later(self, url: str) -> None:
        """Drop the database at ``url`` on the background thread."""
        name = make_url(url).database or ""
        self._tasks.put(("drop", name))

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            kind, name = task
            try:
                if kind == "drop":
                    self.drop(name)
                elif self._spares[name].empty():  # keep one copy ready, no more
                    copy = f"sifa_test_{run_id()}"
                    self.create(copy, template=name)
                    self._spares[name].put(copy)
            except BaseException as exc:  # reported by drop_all, at the end of the run
                self._errors.append(exc)

    def drop_all(self) -> None:
        self._tasks.put(None)
        self._thread.join()
        for name in reversed(list(self.created)):
            self.drop(name)
        self.engine.dispose()
        if self._errors:
            raise RuntimeError(f"background database work failed: {self._errors[0]!r}")


def copy_sqlite(template_url: str, target: Path) -> str:
    source = Path(make_url(template_url).database or "")
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"
