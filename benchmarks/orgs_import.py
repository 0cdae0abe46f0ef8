"""How long ``sifa orgs import --province 37`` takes, with and without generated villages.

    uv run python benchmarks/orgs_import.py                 # SQLite (temporary file)
    SIFA_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        uv run python benchmarks/orgs_import.py             # … and PostgreSQL too

Each case starts from a fresh database migrated to head and is timed from the first query
to the commit; reading the packaged division files is timed once, separately. A re-run of
the same import (which must create nothing) is timed too. For PostgreSQL, scratch databases
are created on the server named by the URL and dropped afterwards (the role needs CREATEDB).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import migrate
from core.db import session_scope
from core.orgs.divisions import default_source
from core.orgs.importer import import_divisions
from core.platform import Platform
from core.settings import Settings

CASES = [
    ("--province 37", {"province": "37"}),
    ("--province 37 --villages 10", {"province": "37", "villages": 10}),
]


def run_case(url: str, options: dict) -> tuple[float, float, int]:
    """Seconds for the import, seconds for the re-run, rows created (on a fresh database)."""
    with tempfile.TemporaryDirectory() as data_dir:
        platform = Platform.boot(Settings(database_url=url, data_dir=Path(data_dir)))
        migrate.upgrade(platform.engine, platform.host)
        engine = platform.engine
        try:
            started = time.perf_counter()
            with session_scope(engine) as session:
                report = import_divisions(session, **options)
            first = time.perf_counter() - started
            started = time.perf_counter()
            with session_scope(engine) as session:
                again = import_divisions(session, **options)
            second = time.perf_counter() - started
            assert again.created == 0, "the re-run created rows"
            return first, second, report.created
        finally:
            engine.dispose()


def bench(label: str, fresh_url: Callable[[], str]) -> None:
    for case, options in CASES:
        first, second, created = run_case(fresh_url(), options)
        print(
            f"{label:<10} {case:<30} {first:6.2f}s  ({created:>6} rows, "
            f"{created / first:>8,.0f} rows/s)   re-run {second:5.2f}s"
        )


class PostgresScratch:
    """Scratch databases on the server of *server_url*, dropped at the end."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def __call__(self) -> str:
        name = f"sifa_bench_orgs_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in self.names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def main() -> None:
    started = time.perf_counter()
    default_source().load_all()
    print(f"reading the packaged division files: {time.perf_counter() - started:.2f}s")
    with tempfile.TemporaryDirectory() as tmp:
        files = iter(range(1000))
        bench("sqlite", lambda: f"sqlite:///{Path(tmp) / f'orgs{next(files)}.sqlite3'}")
    server_url = os.environ.get("SIFA_BENCH_POSTGRES_URL")
    if server_url:
        scratch = PostgresScratch(server_url)
        try:
            bench("postgresql", scratch)
        finally:
            scratch.drop_all()
    else:
        print("(set SIFA_BENCH_POSTGRES_URL to time PostgreSQL too)")


if __name__ == "__main__":
    main()
