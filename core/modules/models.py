"""Which plugin is on for which bureau, and that bureau's settings for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ModuleActivation(SQLModel, table=True):
    """A bureau's decision about one plugin; it applies to the bureau's whole subtree.

    Installed is not active: without a row on the bureau or one of its ancestors, a plugin
    is off there. A row on a city bureau applies to all its county bureaus unless one of them
    has its own row (the nearest ancestor wins).
    """

    __tablename__ = "module_activation"
    __table_args__ = (UniqueConstraint("org_id", "plugin"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    plugin: str = Field(max_length=40, index=True)
    active: bool = Field(default=False)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=_utcnow)
