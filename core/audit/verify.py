"""Walking the audit chain to prove nobody changed or removed a record (校验审计链).

The walk reads the records in chain order in fixed-size batches (keyset pagination on the
id), so memory stays bounded however long the trail is, and stops at the first record that
does not fit:

- a gap in the ids: records were deleted (the record after the gap is named);
- ``prev_hash`` differs from the previous record's hash: the previous record was changed
  and re-hashed, or this one's link was edited;
- ``hash`` differs from the hash of the record's content: the record was changed.

Removing records from the *end* of the chain leaves a shorter chain that is still
consistent; to catch that, keep the head id and hash that verify prints somewhere else
(a printed report, a ticket) and compare.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping, select

from core.audit.chain import compute_hash, content_of
from core.audit.models import GENESIS_HASH, AuditRecord

__all__ = ["BrokenLink", "ChainReport", "verify_chain"]

_table = AuditRecord.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """The first record that does not fit the chain, and why (in Chinese and English)."""

    id: int
    at: datetime | None
    problem: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What a walk found: how many records, the last good link, and the first broken one."""

    count: int
    head_id: int | None
    head_hash: str | None
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _batches(connection: Connection, batch_size: int) -> Iterator[list[RowMapping]]:
    last_id = 0
    while True:
        rows = (
            connection.execute(
                select(_table).where(_table.c.id > last_id).order_by(_table.c.id).limit(batch_size)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        yield list(rows)
        last_id = rows[-1]["id"]


def _problem(row: RowMapping, expected_id: int, prev_hash: str) -> str | None:
    if row["id"] != expected_id:
        missing = (
            f"{expected_id}" if row["id"] == expected_id + 1 else f"{expected_id}–{row['id'] - 1}"
        )
        return f"其前的记录 {missing} 缺失，已被删除 (record(s) {missing} before it are missing)"
    if row["prev_hash"] != prev_hash:
        return (
            f"与前一条记录 {expected_id - 1} 的哈希不衔接：前一条被改动后重算了哈希，或本条的链接被改动 "
            f"(prev_hash does not match record {expected_id - 1}; that record was changed "
            f"and re-hashed, or this link was edited)"
        )
    if row["hash"] != compute_hash(prev_hash, content_of(row)):
        return "记录内容与其哈希不符，写入后被改动 (content does not match its hash: changed after it was written)"
    return None


def verify_chain(connection: Connection, *, batch_size: int = 2000) -> ChainReport:
    """Check every link from the first record; stop at the first broken one."""
    count = 0
    prev_hash = GENESIS_HASH
    head_id: int | None = None
    for rows in _batches(connection, batch_size):
        for row in rows:
            problem = _problem(row, count + 1, prev_hash)
            if problem:
                broken = BrokenLink(id=row["id"], at=row["at"], problem=problem)
                return ChainReport(count, head_id, prev_hash if head_id else None, broken)
            count += 1
            head_id, prev_hash = row["id"], row["hash"]
    return ChainReport(count, head_id, prev_hash if head_id else None, None)
