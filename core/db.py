"""Database engine, sessions and the one metadata every table lives in.

All tables — core and plugins — share ``SQLModel.metadata``. Its naming convention gives
every constraint a stable name, which Alembic needs to alter tables on SQLite (batch mode)
and PostgreSQL alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long one transaction may wait for a lock, and run one statement (seconds).

    Requests get short limits so that a page answers ("系统繁忙" with 503) instead of
    hanging; jobs get longer ones and retry later (see docs/architecture.md).
    """

    lock: float = 5.0
    statement: float = 30.0

    @property
    def lock_ms(self) -> int:
        return max(1, int(self.lock * 1000))

    @property
    def statement_ms(self) -> int:
        return max(1, int(self.statement * 1000))


REQUEST_TIMEOUTS = Timeouts()
IDLE_IN_TRANSACTION_MS = 60_000
"""PostgreSQL ends a session left idle inside a transaction this long, releasing its locks."""

_override: ContextVar[Timeouts | None] = ContextVar("sifa_db_timeouts", default=None)


@contextmanager
def transaction_timeouts(timeouts: Timeouts) -> Iterator[None]:
    """Transactions begun inside the block use *timeouts* instead of the engine's defaults
    (jobs: ``with transaction_timeouts(job_timeouts): ...``)."""
    token = _override.set(timeouts)
    try:
        yield
    finally:
        _override.reset(token)


def make_engine(
    database_url: str,
    *,
    timeouts: Timeouts = REQUEST_TIMEOUTS,
    pool_size: int | None = None,
    **kwargs: Any,
) -> Engine:
    """Create an engine whose every wait is bounded by *timeouts*.

    SQLite: foreign keys, WAL, and a busy timeout of ``timeouts.lock``. PostgreSQL:
    ``lock_timeout``, ``statement_timeout`` and ``idle_in_transaction_session_timeout`` on
    every connection. *pool_size* connections are kept (as many again may be opened in a
    burst); a thread that cannot get one within ``timeouts.lock`` gets a pool
    ``TimeoutError``, which the web layer answers with 503 like a lock timeout.
    """
    url = make_url(database_url)
    if pool_size is not None:
        kwargs.setdefault("pool_size", pool_size)
        kwargs.setdefault("max_overflow", pool_size)
        kwargs.setdefault("pool_timeout", timeouts.lock)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": timeouts.lock})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(timeouts))
        event.listen(engine, "begin", _sqlite_begin(timeouts))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if url.get_backend_name() == "postgresql":
        options = (
            f"-c lock_timeout={timeouts.lock_ms} -c statement_timeout={timeouts.statement_ms} "
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
        )
        kwargs.setdefault("connect_args", {"options": options})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "begin", _postgresql_begin)
        return engine
    return create_engine(url, **kwargs)


def _sqlite_pragmas(timeouts: Timeouts) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        """Enforce foreign keys and let readers and one writer work at once."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={timeouts.lock_ms}")
        cursor.close()

    return on_connect


def _sqlite_begin(timeouts: Timeouts) -> Any:
    def on_begin(connection: Connection) -> None:
        """A job waits longer for the write lock than a request; reset per transaction."""
        wanted = _override.get() or timeouts
        if connection.info.get("sifa_busy_ms") != wanted.lock_ms:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={wanted.lock_ms}")
            connection.info["sifa_busy_ms"] = wanted.lock_ms

    return on_begin


def _postgresql_begin(connection: Connection) -> None:
    """Inside :func:`transaction_timeouts`, set this transaction's own limits (SET LOCAL)."""
    wanted = _override.get()
    if wanted is not None:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wanted.lock_ms}")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {wanted.statement_ms}")


_BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})
"""lock_not_available, query_canceled (statement_timeout), deadlock, serialization failure."""


def is_busy_error(exc: BaseException | None) -> bool:
    """Whether *exc* means "the database is busy, try again shortly" rather than a bug.

    Lock and statement timeouts, deadlocks and serialization failures on PostgreSQL,
    ``database is locked`` on SQLite, and a connection pool that stayed empty.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, sa_exc.TimeoutError):
            return True
        if isinstance(exc, BaseExceptionGroup):
            return any(is_busy_error(e) for e in exc.exceptions)
        orig = getattr(exc, "orig", None) if isinstance(exc, sa_exc.DBAPIError) else exc
        if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES:
            return True
        if isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
