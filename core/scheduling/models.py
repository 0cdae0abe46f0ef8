"""Tables of the scheduling service: job runs, the holiday override table, deadline overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.scheduling.deadlines import DeadlineUnit

__all__ = [
    "DeadlineRuleOverride",
    "HolidayOverride",
    "HolidayYear",
    "JobRun",
    "ProvisionalDeadline",
    "RunStatus",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class RunStatus(StrEnum):
    """Where a job run stands; the values are stored."""

    QUEUED = "queued"  # row written, message sent (or about to be re-sent)
    RUNNING = "running"  # claimed by a worker; heartbeat_at says when it last lived
    DONE = "done"
    FAILED = "failed"  # the job raised, or it was given up after max_attempts

    @property
    def active(self) -> bool:
        return self in (RunStatus.QUEUED, RunStatus.RUNNING)


class JobRun(SQLModel, table=True):
    """One run of a job (任务运行记录): its state, progress, result or error.

    The row is written *before* the message is sent and the message carries only
    ``(id, token)``; the database, not the broker, is the truth about work. A periodic run
    has a ``slot`` (the cron minute it stands for), and ``(job_name, slot)`` is unique: that
    constraint is what lets several schedulers run at once and still enqueue a slot once.
    ``token`` changes each time the run is (re-)sent, so a late or duplicated message for an
    older attempt is recognised and ignored. Technical bookkeeping, not a business record:
    not audited.
    """

    __tablename__ = "job_run"
    __table_args__ = (
        UniqueConstraint("job_name", "slot"),
        {"info": {"audit": False}},
    )

    id: int | None = Field(default=None, primary_key=True)
    job_name: str = Field(max_length=120)
    slot: datetime | None = Field(default=None)
    status: RunStatus = Field(
        default=RunStatus.QUEUED, sa_column=Column(String(16), nullable=False, index=True)
    )
    token: str = Field(max_length=32)
    attempts: int = Field(default=1)
    params: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    result: Any = Field(default=None, sa_column=Column(JSON))
    error: str | None = Field(default=None, sa_column=Column(Text))
    progress_done: int | None = Field(default=None)
    progress_total: int | None = Field(default=None)
    progress_note: str | None = Field(default=None, max_length=200)
    enqueued_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = Field(default=None)
    heartbeat_at: datetime | None = Field(default=None)
    finished_at: datetime | None = Field(default=None)


class HolidayOverride(SQLModel, table=True):
    """One day of a State Council holiday notice entered by an administrator (节假日调整).

    ``is_workday`` False is a rest day (a holiday), True a working day (a 调休 weekend
    workday). Overrides win over the ``chinesecalendar`` package; for a year the package
    does not know they are used only once the year is declared complete in
    :class:`HolidayYear`.
    """

    __tablename__ = "holiday_override"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    is_workday: bool
    note: str = Field(default="", max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HolidayYear(SQLModel, table=True):
    """Whether a year's holiday notice has been entered completely (全年安排已录入).

    A complete year is usable for deadlines: days without an override follow the normal
    week. ``source`` names the notice (e.g. 国办发明电〔2026〕号) so others can check it.
    """

    __tablename__ = "holiday_year"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    complete: bool = Field(default=False)
    source: str = Field(default="", max_length=200)
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow)


class DeadlineRuleOverride(SQLModel, table=True):
    """A bureau's own version of a plugin's deadline rule (期限规则的本地调整).

    The plugin declares the default; a bureau whose province counts
    differently stores its amount, unit and counting flags here. It applies to the bureau's
    whole subtree; the override of the nearest organisation up the tree wins.
    """

    __tablename__ = "deadline_rule_override"
    __table_args__ = (
        UniqueConstraint("org_id", "rule_code"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    rule_code: str = Field(max_length=80)
    amount: int
    unit: DeadlineUnit = Field(sa_column=Column(String(16), nullable=False))
    start_day_counts: bool = Field(default=False)
    roll_past_rest_days: bool = Field(default=True)
    note: str = Field(default="", max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ProvisionalDeadline(SQLModel, table=True):
    """A due date computed on the ordinary week because a year's schedule is unknown (暂定期限).

    One row per deadline of a record (``plugin``, ``entity``, ``entity_id``, ``key`` — the
    same source as the record's due items), written by
    :func:`core.scheduling.provisional.track_due`. ``years`` lists the unknown years
    ("2027"). When every one of them is known, the recompute job computes the date again,
    hands it to the owning plugin (hook ``sifa_deadline_recomputed``), tells the responsible
    staff if it moved and sets ``resolved_at``/``final_due_on``; a resolved row is never
    processed again, so a second run sends nothing.
    """

    __tablename__ = "provisional_deadline"
    __table_args__ = (UniqueConstraint("plugin", "entity", "entity_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    plugin: str = Field(max_length=40)
    entity: str = Field(max_length=60)
    entity_id: str = Field(max_length=64)
    key: str = Field(default="", max_length=80)
    rule_code: str = Field(max_length=80)
    start_on: date
    org_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    due_on: date
    years: str = Field(max_length=40)
    label_zh: str = Field(default="", max_length=100)
    label_en: str = Field(default="", max_length=100)
    account_id: int | None = Field(default=None, foreign_key="staff_account.id")
    url: str | None = Field(default=None, max_length=300)
    against_citizen: bool = Field(default=False)
    resolved_at: datetime | None = Field(default=None, index=True)
    final_due_on: date | None = Field(default=None)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
