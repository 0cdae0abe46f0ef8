"""Appending to the hash chain (哈希链) and recomputing a link's hash.

``hash = sha256(prev_hash || canonical JSON of the record's content)``, where the content is
every column except the two hashes. Canonical JSON has sorted keys, no whitespace and UTF-8
text, and times are written as UTC with microseconds, so the same row read back from SQLite
or PostgreSQL hashes to the same value.

Appends are serialised so that two transactions never both link to the same predecessor:
on PostgreSQL a transaction-scoped advisory lock is taken before the last link is read and
held until commit or rollback; on SQLite the write transaction is started (``BEGIN
IMMEDIATE``) before the read, and SQLite allows one writer at a time. The primary key
(the chain position) is the last line of defence: a fork would be a duplicate key error,
never a silent second branch.

The ORM recorder (:mod:`core.audit.recorder`) does not append at each flush: it keeps a
transaction's entries and appends them all just before COMMIT, so the chain lock is held
only for that last insert and the commit itself — never while a request does its work or
waits for anything else (docs/audit.md, "One chain, locked only at commit").
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, insert, select, text

from core.audit.context import AuditContext, current_audit_context
from core.audit.models import GENESIS_HASH, AuditRecord

__all__ = [
    "CHAIN_LOCK_KEY",
    "Entry",
    "append",
    "begin_write",
    "canonical_json",
    "compute_hash",
    "content_of",
    "jsonable",
    "lock_chain",
    "verify_link",
]

CHAIN_LOCK_KEY = 0x51FA_A0D1_7C4A_0001
"""The PostgreSQL advisory lock key that serialises appends (fits a signed bigint)."""

CONTENT_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "org_id",
    "action",
    "entity",
    "entity_id",
    "changes",
    "details",
    "request_id",
    "ip",
)

_table = AuditRecord.__table__  # type: ignore[attr-defined]
_LOCKED_BY = "sifa_audit_chain_locked_by"


@dataclass(slots=True)
class Entry:
    """A record waiting to be linked into the chain; who/where default from the context."""

    action: str
    entity: str | None = None
    entity_id: str | None = None
    changes: dict[str, Any] | None = None
    details: dict[str, Any] | None = None
    actor_id: int | None = None
    actor_name: str | None = None
    org_id: int | None = None
    request_id: str | None = None
    ip: str | None = None
    context: AuditContext | None = None
    """Who acted, captured when the change was made (entries are appended at commit)."""


def jsonable(value: Any) -> Any:
    """A JSON-native value that reads back equal from either database's JSON column."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=repr)
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canonical_time(at: datetime) -> str:
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed part of a record, from a row mapping or the values about to be inserted."""
    content = {name: row[name] for name in CONTENT_FIELDS}
    content["at"] = _canonical_time(row["at"])
    return content


def compute_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


def begin_write(connection: Connection) -> None:
    """On SQLite, start the write transaction before the first write (``BEGIN IMMEDIATE``).

    A deferred SQLite transaction that has read and then tries to write fails at once with
    "database is locked" when another writer committed in between, without waiting for the
    busy timeout; an immediate one waits its turn (bounded by the busy timeout). The
    recorder calls this before a flush writes anything. No-op elsewhere.
    """
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_chain(connection: Connection) -> None:
    """Make this transaction the only one appending until it ends (idempotent).

    Called by :func:`append`, which the recorder calls only as the last step before
    COMMIT: a transaction holding the chain then waits for no row another transaction
    holds, so the chain lock can never take part in a deadlock, and it is held for
    milliseconds.
    """
    # Keyed on the innermost transaction: PostgreSQL releases a lock taken inside a
    # savepoint when the savepoint is rolled back.
    transaction = connection.get_nested_transaction() or connection.get_transaction()
    if transaction is not None and connection.info.get(_LOCKED_BY) is transaction:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite opens its transaction lazily at the first INSERT/UPDATE/DELETE; reading the
        # last link before that would read outside any transaction, so start the write
        # transaction first. Once one is open this connection already holds the write lock.
        begin_write(connection)
    connection.info[_LOCKED_BY] = transaction


def _clip(value: str | None, length: int) -> str | None:
    return value if value is None or len(value) <= length else value[: length - 1] + "…"


def append(
    connection: Connection, entries: Iterable[Entry], *, now: datetime | None = None
) -> None:
    """Link *entries* to the end of the chain inside the connection's open transaction."""
    entries = list(entries)
    if not entries:
        return
    lock_chain(connection)
    last = connection.execute(
        select(_table.c.id, _table.c.hash).order_by(_table.c.id.desc()).limit(1)
    ).first()
    position, prev_hash = (last.id, last.hash) if last else (0, GENESIS_HASH)
    at = now or datetime.now(UTC)
    current = current_audit_context()
    rows: list[dict[str, Any]] = []
    for entry in entries:
        position += 1
        row = _row(entry, position, at, entry.context or current)
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = compute_hash(prev_hash, content_of(row))
        rows.append(row)
    connection.execute(insert(_table), rows)


def _row(entry: Entry, position: int, at: datetime, context: Any) -> dict[str, Any]:
    actor_id = entry.actor_id if entry.actor_id is not None else context.actor_id
    actor_name = entry.actor_name
    if actor_name is None and actor_id == context.actor_id:
        actor_name = context.actor_name
    return {
        "id": position,
        "at": at,
        "actor_id": actor_id,
        "actor_name": _clip(actor_name, 150),
        "org_id": entry.org_id if entry.org_id is not None else context.org_id,
        "action": str(entry.action),
        "entity": _clip(entry.entity, 100),
        "entity_id": _clip(entry.entity_id, 100),
        "changes": jsonable(entry.changes),
        "details": jsonable(entry.details),
        "request_id": _clip(entry.request_id or context.request_id, 64),
        "ip": _clip(entry.ip or context.ip, 45),
    }


def verify_link(prev_hash: str, row: Mapping[str, Any]) -> bool:
    """Whether a stored row's hash matches its content and the given predecessor."""
    return row["hash"] == compute_hash(prev_hash, content_of(row))
