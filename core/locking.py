"""Optimistic locking (乐观锁) and the one locking rule for every state change.

Every editable record carries an integer ``version`` that each change increments. A form
remembers the version it was loaded with; the service compares it with the stored one
before saving. When someone else saved in between, :class:`StaleRecord` is raised and the
web layer answers 409 with what changed, keeping the user's input.

**The locking rule.** A comparison in Python only detects a save that committed before the
record was read; two approvers who read version 3 at the same moment would both pass it and
both approve. So every state change loads its row with :func:`lock_for_change`, which issues
``UPDATE t SET version = version WHERE id = :id AND version = :v`` *before* the change and
checks the row count, then re-reads the row. Why an atomic UPDATE and not ``SELECT … FOR
UPDATE``:

- PostgreSQL (read committed): the UPDATE takes the row lock. A second request's UPDATE
  waits for it, and after the first commits re-evaluates ``version = :v`` against the new
  row, matches nothing, and the change is refused as stale (409). ``FOR UPDATE`` would do
  the same here — but not on SQLite.
- SQLite: ``FOR UPDATE`` is ignored, and the driver (pysqlite) runs reads outside any
  transaction until the first write, so two requests can read the same version and pass a
  Python check. A write, however, takes SQLite's single write lock (waiting up to the busy
  timeout) and is evaluated against the newest committed data, so the UPDATE above is the
  first moment a request may trust what it reads; the re-read that follows sees the latest
  row, and no other writer can commit until this transaction ends.

The UPDATE changes nothing (``version = version``), so it is not an audited change; the
service's own :func:`touch` bumps the version once, in the flush that records the change.
A service that takes no version (a command-line change made on the spot) still locks the
row: ``expected_version=None`` only skips the comparison.

**Creations.** A route that creates a record has no version to compare, yet a double-click
must not create two records. Three ways, in this order of preference:

- a child added to a versioned record (a progress entry, a quality check) is a change of
  that record: the form carries the parent's version, the service locks the parent with
  :func:`lock_for_change` at that version and bumps it, so the second post is stale (409);
- a record with a natural key (one subsidy sheet per committee and month, one evaluation per
  plan) locks the row it hangs on first, so the second request sees the first one's record
  and is refused (409); where no such row exists, the unique constraint decides and
  :func:`conflict_on_duplicate` turns the racing insert into :class:`DuplicateSubmission`
  (409), never a 500;
- a free-standing creation (a new case, event, provider) needs a one-time form token that
  the first submission claims; not built yet — such routes are listed, each with this
  reason, in ``tests/test_concurrent_actions.py`` (``NOT_YET_RACED``) and
  ``docs/architecture.md`` ("Locking rule").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import inspect, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

__all__ = [
    "DuplicateSubmission",
    "StaleRecord",
    "Versioned",
    "check_version",
    "conflict_on_duplicate",
    "hold_write_lock",
    "lock_for_change",
    "touch",
]

T = TypeVar("T")


class Versioned(Protocol):
    """A record with an optimistic-locking version and a last-changed time."""

    version: int
    updated_at: datetime


class StaleRecord(Exception):
    """The record was changed by someone else after the user loaded it (数据已被他人修改)."""

    def __init__(self, record: Any, expected: int) -> None:
        self.entity = type(record).__name__
        self.record_id = getattr(record, "id", None)
        self.expected = expected
        self.current = record.version
        self.message = (
            f"该记录已被他人修改（您打开的是第 {expected} 版，当前为第 {self.current} 版），"
            "请查看最新内容后重新保存"
        )
        self.message_en = (
            f"This record was changed by someone else (you opened version {expected}, "
            f"it is now version {self.current}); review the latest content and save again"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def check_version(record: Versioned, expected: int | None) -> None:
    """Raise :class:`StaleRecord` unless *record* is still at version *expected*.

    ``None`` means the caller has no loaded version to compare (a command-line change made
    on the spot), so nothing is checked.
    """
    if expected is not None and record.version != expected:
        raise StaleRecord(record, expected)


def touch(record: Versioned, now: datetime | None = None) -> None:
    """Mark *record* as changed: the next version, and the time of the change."""
    record.version += 1
    record.updated_at = now or datetime.now(UTC)


class DuplicateSubmission(StaleRecord):
    """The same record was created by a concurrent request (重复提交): a unique key the
    second insert would break. Pages treat it like any stale save: 409, input kept."""

    def __init__(self, entity: str) -> None:
        self.entity = entity
        self.record_id = None
        self.expected = 0
        self.current = 0
        self.message = "该记录已由他人（或重复点击）同时提交，请刷新页面查看"
        self.message_en = (
            "This was just submitted by someone else (or twice); reload the page to see it"
        )
        Exception.__init__(self, self.message)


def lock_for_change(session: Session, record: T, expected_version: int | None) -> T:
    """Lock *record*'s row for a state change and check it is still at *expected_version*.

    Runs ``UPDATE … SET version = version WHERE pk = :pk [AND version = :v]`` on the
    record's table and checks the row count (see the module docstring for why this and not
    ``SELECT … FOR UPDATE``), then re-reads the row so the caller works on the newest state,
    which nobody else can change before this transaction ends. Raises :class:`StaleRecord`
    when the version moved on and :class:`LookupError` when the row is gone. Pending
    attribute changes on *record* are discarded by the re-read: lock first, then change.
    """
    state = inspect(record)
    mapper = state.mapper
    table = mapper.local_table
    keys = state.identity
    if keys is None:
        raise ValueError("lock_for_change needs a stored record")
    statement = update(table)
    for column, value in zip(mapper.primary_key, keys, strict=True):
        statement = statement.where(column == value)
    bump = table.c.version if "version" in table.c else mapper.primary_key[0]
    statement = statement.values({bump.name: bump})
    if expected_version is not None:
        statement = statement.where(table.c.version == expected_version)
    matched = session.connection().execute(statement).rowcount
    try:
        session.refresh(record)
    except Exception as exc:  # the row was deleted meanwhile
        raise LookupError(keys) from exc
    if matched == 0:
        raise StaleRecord(record, expected_version or 0)
    return record


@contextmanager
def conflict_on_duplicate(session: Session, entity: str) -> Iterator[None]:
    """Run an insert in a savepoint; a unique-key violation from a concurrent identical
    insert becomes :class:`DuplicateSubmission` (409) instead of a server error.

    On PostgreSQL the second insert waits for the first transaction and fails once it
    commits; on SQLite it waits for the write lock and fails the same way. Either way the
    savepoint keeps the rest of the request's transaction usable for the 409 page.
    """
    _hold_sqlite_write_lock(session)
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        if not _unique_violation(exc):
            raise
        raise DuplicateSubmission(entity) from exc


def hold_write_lock(session: Session) -> None:
    """Before a savepoint that reads then writes (``session.begin_nested()``): on SQLite,
    open the request's transaction as a writer first (see below); elsewhere nothing."""
    _hold_sqlite_write_lock(session)


def _hold_sqlite_write_lock(session: Session) -> None:
    """On SQLite, open the request's transaction as a writer before a savepoint.

    pysqlite opens no transaction before the first write, so a SAVEPOINT would open a
    deferred one (whose RELEASE commits at once) and a read inside it would pin a snapshot
    that a later write cannot upgrade ("database is locked" instead of waiting). The audit
    chain does the same before its first write (``core.audit.chain.lock_chain``).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _unique_violation(exc: IntegrityError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code is not None:
        return str(code) == "23505"
    return "UNIQUE constraint failed" in str(exc.orig)
