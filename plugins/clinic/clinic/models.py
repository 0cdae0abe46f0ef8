"""The clinic module's tables, all named ``clinic_*``.

Every row carries ``org_id`` so the core's one scoping helper answers "may this user see it":
a clinic and its sessions belong to the community (村/社区) the clinic room sits in (定点); a
provider belongs to the station (司法所) or bureau that manages the roster. Editable records
carry ``version`` for optimistic locking; every write is audited by the core session.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from clinic.codes import LABELS

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
    __label__ = ("法律服务诊室", "Clinic")

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
    __label__ = ("律师名册", "Provider")

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
    __label__ = ("不能出诊日", "Unavailable day")
    __table_args__ = (UniqueConstraint("provider_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="clinic_provider.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    day: date
    reason: str | None = Field(default=None, max_length=100)


class ClinicAdviserAssignment(SQLModel, table=True):
    """村(居)法律顾问: the one adviser of a village (``org_id`` is the village)."""

    __tablename__ = "clinic_adviser_assignment"
    __label__ = ("村（居）法律顾问", "Village legal adviser")

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
    __label__ = ("接诊", "Clinic session")
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
    __label__ = ("咨询登记", "Consultation")

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
    __label__ = ("换班申请", "Swap request")

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
    __label__ = ("巡诊", "Home visit")
    __table_args__ = (Index("ix_clinic_home_visit_org_requested", "org_id", "requested_on", "id"),)

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
    __label__ = ("会诊", "Panel")

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
    __label__ = ("会诊成员", "Panel member")

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
    __label__ = ("助诊", "Assist at an event")
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
    __label__ = ("工作日志", "Service log entry")

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


#: Names of this module's columns the core does not already name (core.labels).
FIELD_LABELS: dict[str, str] = {
    "advice": "解答意见",
    "affiliation": "工作单位",
    "checked_in_at": "签到时间",
    "checked_out_at": "签退时间",
    "clinic_id": "诊室",
    "event_title": "活动名称",
    "from_provider_id": "原接诊人",
    "ical_token": "日历订阅令牌",
    "languages": "语言",
    "max_sessions_per_month": "每月最多接诊次数",
    "meeting_on": "会诊日期",
    "panel_id": "会诊",
    "planned_on": "计划日期",
    "practice_years": "执业年限",
    "preferred_weekday": "首选星期",
    "question": "咨询问题",
    "record": "记录",
    "referral_label": "转介对象",
    "referral_record_id": "转介记录",
    "referral_target": "转介去向",
    "referral_url": "转介链接",
    "requested_by": "申请人",
    "requested_on": "申请日期",
    "session_id": "接诊",
    "sessions_per_month": "每月接诊次数",
    "since": "起始日期",
    "specialties": "擅长领域",
    "to_provider_id": "接替人",
    "usual_provider_id": "常驻律师",
}


#: The columns that store a code of the module's code lists (core.labels).
VALUE_LABELS = {column: LABELS for column in ("kind", "status", "category", "outcome", "role")}
