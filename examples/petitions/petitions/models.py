"""The plugin's tables: each carries the plugin's name as prefix and the organisation it belongs
to, so the core's scoping and audit apply without code here."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class PetitionsRecord(SQLModel, table=True):
    """One entry of the 信访接待 register, kept by an organisation."""

    __tablename__ = "petitions_record"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    title: str = Field(max_length=100)
    recorded_on: date = Field(index=True)
    version: int = Field(default=1)  # optimistic locking: a stale save is refused
    updated_at: datetime | None = None


MODELS = [PetitionsRecord]
