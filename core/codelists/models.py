"""The bureau-level part of code lists: additions and entries switched on or off."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = ["CodeListEntry"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class CodeListEntry(SQLModel, table=True):
    """An organisation's own entry of a code list, or its switch on a declared one.

    With ``label_zh`` set, the row adds entry ``code`` for the organisation's subtree; with
    ``label_zh`` empty it only sets ``active`` for an entry declared by the plugin or added
    higher up the tree. The row of the nearest organisation up the tree wins.
    """

    __tablename__ = "code_list_entry"
    __table_args__ = (UniqueConstraint("list_code", "org_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    list_code: str = Field(max_length=64, index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    code: str = Field(max_length=40)
    label_zh: str = Field(default="", max_length=100)
    label_en: str = Field(default="", max_length=100)
    position: int = Field(default=0)
    active: bool = Field(default=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
