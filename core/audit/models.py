"""The audit trail table (审计日志).

One row per recorded change or event. Rows are never updated or deleted by the application
(the ORM refuses, see :mod:`core.audit.recorder`) and each row's ``hash`` covers its content
and the previous row's hash, so a row changed or removed behind the application's back breaks
the chain and ``sifa audit verify`` names it.

``id`` is the position in the chain: 1, 2, 3, … with no gaps, assigned under a lock when the
row is appended (never by a database sequence, whose values are not ordered by commit).
There is deliberately no foreign key to accounts or organisations: history must outlive
the rows it talks about, so the actor's name is copied next to the id.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, String
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

__all__ = ["GENESIS_HASH", "AuditRecord", "RowAction"]

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first record."""


class RowAction(StrEnum):
    """The actions the recorder writes for row changes; events use their own names."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class AuditRecord(SQLModel, table=True):
    """One link of the audit chain: a row change (insert/update/delete) or an event.

    ``changes`` maps a field to ``[before, after]`` (``before`` is ``None`` on insert,
    ``after`` is ``None`` on delete); sensitive values are ``"***"`` or masked.
    ``details`` carries an event's own data (for example the username of a failed login).
    """

    __tablename__ = "audit_record"
    __table_args__ = (
        Index("ix_audit_record_entity_entity_id", "entity", "entity_id"),
        Index("ix_audit_record_org_id_at", "org_id", "at"),
    )

    # INTEGER on SQLite makes the position the rowid itself (no separate key index).
    id: int = Field(
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
        )
    )
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor_id: int | None = Field(default=None, index=True)
    actor_name: str | None = Field(default=None, max_length=150)
    org_id: int | None = Field(default=None)
    action: str = Field(max_length=40, index=True)
    entity: str | None = Field(default=None, max_length=100)
    entity_id: str | None = Field(default=None, max_length=100)
    changes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    request_id: str | None = Field(default=None, max_length=64)
    ip: str | None = Field(default=None, max_length=45)
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))
