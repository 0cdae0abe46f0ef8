"""The clinic module's tables, all named ``clinic_*``.

Every row carries ``org_id`` so the core's one scoping helper answers "may this user see it":
a clinic and its sessions belong to the community (村/社区) the clinic room sits in (定点); a
provider belongs to the station (司法所) or bureau that manages the roster. Editable records
carry ``version`` for optimistic locking; every write is audited by the core session.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "MODELS",
    "ClinicAdviserAssignment",
    "ClinicAssist",
    "ClinicConsultation",
    "ClinicHomeVisit",
    "ClinicPanel",
    "ClinicPanelMember",
    "ClinicProvider",
    "ClinicRoom",
    "ClinicServiceEntry",
    "ClinicSession",
    "ClinicSwapRequest",
    "ClinicUnavailability",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class ClinicRoom(SQLModel, table=True):
    """法律服务诊室: a room in a community where providers sit on fixed days (定点·定时).

    ``usual_provider_id`` is the clinic's 定人: the planner keeps it where it can.
    ``preferred_weekday`` (0 = Monday) fixes the day of the week when the community wants it.
    """

    __tablename__ = "clinic_room"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=100)
    address: str | None = Field(default=None, max_length=200)
    sessions_per_month: int = 2
    preferred_weekday: int | None = None
    starts_at: time = time(9, 0)
    ends_at: time = time(11, 30)
    usual_provider_id: int | None = Field(default=None, foreign_key="clinic_provider.id")
    active: bool = True
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicProvider(SQLModel, table=True):
    """A lawyer or basic legal-service worker on the roster (律师/基层法律服务工作者).

    ``practice_number`` (执业证号) is the cross-plugin key of a legal professional (busy
    periods, event assistants). ``ical_token`` is the unguessable secret of the provider's
    calendar feed; renewing it cuts off every phone that subscribed to the old one.
    """

    __tablename__ = "clinic_provider"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=50)
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    firm: str | None = Field(default=None, max_length=100)
    practice_number: str = Field(sa_column=Column(String(30), nullable=False, unique=True))
    practice_years: int = 0
    specialties: str | None = Field(default=None, max_length=200)
    languages: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=30)
    account_id: int | None = Field(default=None, index=True)
    max_sessions_per_month: int = 8
    ical_token: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    active: bool = True
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicUnavailability(SQLModel, table=True):
    """A day a provider cannot sit (court day, leave); the planner keeps off it."""

    __tablename__ = "clinic_unavailability"
    __table_args__ = (UniqueConstraint("provider_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    day: date
    reason: str | None = Field(default=None, max_length=100)


class ClinicAdviserAssignment(SQLModel, table=True):
    """村(居)法律顾问: the one adviser of a village (``org_id`` is the village)."""

    __tablename__ = "clinic_adviser_assignment"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", unique=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    since: date
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicSession(SQLModel, table=True):
    """接诊: one sitting of a provider at a clinic on a day.

    ``status``: scheduled → held (checked in) or no_show; cancelled when re-planned away.
    """

    __tablename__ = "clinic_session"
    __table_args__ = (UniqueConstraint("clinic_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    clinic_id: int = Field(foreign_key="clinic_room.id", index=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    day: date = Field(index=True)
    starts_at: time
    ends_at: time
    status: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    checked_in_at: datetime | None = None
    checked_out_at: datetime | None = None
    notes: str | None = Field(default=None, max_length=500)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicConsultation(SQLModel, table=True):
    """A consultation recorded at a session; a referral keeps the receiver's link back."""

    __tablename__ = "clinic_consultation"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    session_id: int = Field(foreign_key="clinic_session.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    category: str = Field(sa_column=Column(String(20), nullable=False))
    question: str = Field(sa_column=Column(Text, nullable=False))
    advice: str = Field(sa_column=Column(Text, nullable=False))
    outcome: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    referral_target: str | None = Field(default=None, max_length=60)
    referral_record_id: int | None = None
    referral_url: str | None = Field(default=None, max_length=200)
    referral_label: str | None = Field(default=None, max_length=200)
    recorded_by: int | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicSwapRequest(SQLModel, table=True):
    """换班: a provider asks another to take a session; the station approves."""

    __tablename__ = "clinic_swap_request"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    session_id: int = Field(foreign_key="clinic_session.id", index=True)
    from_provider_id: int = Field(foreign_key="clinic_provider.id")
    to_provider_id: int = Field(foreign_key="clinic_provider.id")
    reason: str | None = Field(default=None, max_length=200)
    status: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    decided_by: int | None = None
    decided_at: datetime | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicHomeVisit(SQLModel, table=True):
    """巡诊: a visit at home for someone who cannot come (requested → assigned → done)."""

    __tablename__ = "clinic_home_visit"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    address: str = Field(max_length=200)
    matter: str = Field(sa_column=Column(Text, nullable=False))
    requested_on: date
    requested_by: int | None = None
    provider_id: int | None = Field(default=None, foreign_key="clinic_provider.id")
    planned_on: date | None = None
    visited_on: date | None = None
    hours: float | None = None
    record: str | None = Field(default=None, sa_column=Column(Text))
    outcome: str | None = Field(default=None, max_length=20)
    status: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicPanel(SQLModel, table=True):
    """会诊: a panel on a complex matter, its meeting and its written joint opinion."""

    __tablename__ = "clinic_panel"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    title: str = Field(max_length=100)
    matter: str = Field(sa_column=Column(Text, nullable=False))
    meeting_on: date | None = None
    place: str | None = Field(default=None, max_length=100)
    opinion: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ClinicPanelMember(SQLModel, table=True):
    """A member of a panel: a lawyer of the roster, a scholar or judicial staff."""

    __tablename__ = "clinic_panel_member"

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="clinic_panel.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=50)
    role: str = Field(sa_column=Column(String(20), nullable=False))
    affiliation: str | None = Field(default=None, max_length=100)
    provider_id: int | None = Field(default=None, foreign_key="clinic_provider.id")


class ClinicAssist(SQLModel, table=True):
    """助诊: a provider attached to a publicity event (told by the publicity module)."""

    __tablename__ = "clinic_assist"
    __table_args__ = (UniqueConstraint("provider_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    event_id: int
    event_title: str = Field(max_length=200)
    day: date
    hours: float = 0
    url: str | None = Field(default=None, max_length=200)


class ClinicServiceEntry(SQLModel, table=True):
    """A village adviser's work log line (工作日志): on-site hours or a lecture at a village."""

    __tablename__ = "clinic_service_entry"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    day: date = Field(index=True)
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    hours: float = 0
    note: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


MODELS = [
    ClinicProvider,
    ClinicRoom,
    ClinicUnavailability,
    ClinicAdviserAssignment,
    ClinicSession,
    ClinicConsultation,
    ClinicSwapRequest,
    ClinicHomeVisit,
    ClinicPanel,
    ClinicPanelMember,
    ClinicAssist,
    ClinicServiceEntry,
]
