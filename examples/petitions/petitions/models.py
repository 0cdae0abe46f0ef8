"""The plugin's one table, ``petitions_visit``: a visit, letter or online petition received
by an organisation. It keeps only the visitor's person id (never a copy of names or numbers)
and, once handed over, the receiving module's receipt (target, record id, link, label)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class PetitionVisit(SQLModel, table=True):
    """One entry of the visit register (信访登记)."""

    __tablename__ = "petitions_visit"
    __label__ = ("信访登记", "Petition visit")

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    number: str = Field(max_length=20, unique=True)  # 信访2026-0001
    person_id: int = Field(foreign_key="person.id", index=True)
    visited_on: date = Field(index=True)
    channel: str = Field(max_length=10)
    matter: str = Field(max_length=500)
    #: When the visitor must be told whether and how the matter is handled (rule
    #: ``petitions.answer``); None while the year's holiday calendar is unknown.
    due_on: date | None = None
    answered_on: date | None = None
    answer: str = Field(default="", max_length=500)
    #: Set by the daily job once ``due_on`` passed without an answer; cleared by the answer.
    overdue: bool = Field(default=False, index=True)
    referral_target: str | None = Field(default=None, max_length=60)
    referral_record_id: int | None = None
    referral_url: str | None = Field(default=None, max_length=200)
    referral_label: str | None = Field(default=None, max_length=200)
    referred_on: date | None = None
    created_by: int | None = None
    version: int = Field(default=1)  # optimistic locking: a stale save is refused
    updated_at: datetime | None = None


MODELS = [PetitionVisit]
