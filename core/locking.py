"""Optimistic locking (乐观锁): one stale-save error and one check for every editable record.

Every editable record carries an integer ``version`` that each change increments. A form
remembers the version it was loaded with; the service compares it with the stored one
before saving. When someone else saved in between, :class:`StaleRecord` is raised and the
web layer answers 409 with what changed, keeping the user's input.

The comparison only detects a save that committed before the record was read. Services
therefore read the record with ``SELECT … FOR UPDATE`` (PostgreSQL; SQLite allows a single
writer), so a save racing the check waits and is then seen as stale.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

__all__ = ["StaleRecord", "Versioned", "check_version", "touch"]


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
