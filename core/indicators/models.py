"""Tables of the indicator service: bureau overrides, assessments, plans, stored reports.

Indicator *values* are never stored while a period is open — they are computed from the
plugins' rows on demand. What is stored is what must not move: a bureau's own targets and
weights, assessment schemes and their frozen results per closed period, creation plans,
and the monthly reports as they were generated.

Decimal settings are kept as exact decimal text (:class:`ExactDecimal`), so a target of
``93.5`` reads back as ``Decimal("93.5")`` on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, String, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

__all__ = [
    "AssessmentClosure",
    "AssessmentItem",
    "AssessmentResult",
    "AssessmentScheme",
    "CreationPlan",
    "CreationPlanStation",
    "CreationPlanYear",
    "ExactDecimal",
    "IndicatorReport",
    "IndicatorSetting",
    "ScoringRule",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal stored as its exact text (no binary floating point on either database)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(Decimal(str(value)))

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class IndicatorSetting(SQLModel, table=True):
    """A bureau's own target and weight for one indicator (the nearest ancestor's wins).

    ``None`` keeps the value from further up (or the plugin's default).
    """

    __tablename__ = "indicator_setting"
    __table_args__ = (UniqueConstraint("org_id", "indicator"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    indicator: str = Field(max_length=80)
    target: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    weight: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow)


class ScoringRule(StrEnum):
    """How an assessment item turns an indicator value into points (评分规则)."""

    LINEAR = "linear"  # 按完成比例计分: full points at the target, none at ``zero_value``
    PASS_FAIL = "pass_fail"  # 达标得满分，否则不得分
    DEDUCTION = "deduction"  # 每发生一件扣 ``deduction`` 分，扣完为止


class AssessmentScheme(SQLModel, table=True):
    """An assessment scheme (考核方案) a bureau defines for its stations.

    ``pass_score`` is the score at which a station reaches the standard (达标), e.g. for
    the Fengqiao-style station (枫桥式司法所) creation plan.
    """

    __tablename__ = "assessment_scheme"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=100)
    kind: str = Field(default="custom", max_length=20)
    period_type: str = Field(default="year", max_length=10)
    subject_type: str = Field(default="station", max_length=32)
    pass_score: Decimal = Field(
        default=Decimal(90), sa_column=Column(ExactDecimal(), nullable=False)
    )
    active: bool = Field(default=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AssessmentItem(SQLModel, table=True):
    """One indicator of a scheme, with its weight (points) and scoring rule."""

    __tablename__ = "assessment_item"
    __table_args__ = (UniqueConstraint("scheme_id", "indicator"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="assessment_scheme.id", index=True)
    indicator: str = Field(max_length=80)
    weight: Decimal = Field(sa_column=Column(ExactDecimal(), nullable=False))
    rule: str = Field(default=ScoringRule.LINEAR.value, max_length=16)
    target: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    zero_value: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    deduction: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    position: int = Field(default=0)


class AssessmentClosure(SQLModel, table=True):
    """A closed period of a scheme (关账): its results are frozen from then on.

    ``scheme_snapshot`` keeps the items and weights as they were when the period closed.
    """

    __tablename__ = "assessment_closure"
    __table_args__ = (UniqueConstraint("scheme_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="assessment_scheme.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    period: str = Field(max_length=8)
    closed_at: datetime = Field(default_factory=utcnow)
    closed_by_id: int | None = Field(default=None, foreign_key="staff_account.id")
    scheme_snapshot: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )


class AssessmentResult(SQLModel, table=True):
    """One station's frozen score, rank and item details for a closed period."""

    __tablename__ = "assessment_result"
    __table_args__ = (UniqueConstraint("closure_id", "org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    closure_id: int = Field(foreign_key="assessment_closure.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    score: Decimal = Field(sa_column=Column(ExactDecimal(), nullable=False))
    rank: int
    reached: bool = Field(default=False)
    items: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class CreationPlan(SQLModel, table=True):
    """A multi-year creation plan (创建计划), e.g. Fengqiao-style stations in 乐陵市."""

    __tablename__ = "creation_plan"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    scheme_id: int | None = Field(default=None, foreign_key="assessment_scheme.id")
    name: str = Field(max_length=100)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CreationPlanYear(SQLModel, table=True):
    """How many stations should have reached the standard by the end of ``year`` (cumulative)."""

    __tablename__ = "creation_plan_year"
    __table_args__ = (UniqueConstraint("plan_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="creation_plan.id", index=True)
    year: int
    target_count: int


class CreationPlanStation(SQLModel, table=True):
    """A station in a plan: the year it is meant to reach the standard, and when it did."""

    __tablename__ = "creation_plan_station"
    __table_args__ = (UniqueConstraint("plan_id", "org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="creation_plan.id", index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    target_year: int | None = Field(default=None)
    reached_year: int | None = Field(default=None)
    closure_id: int | None = Field(default=None, foreign_key="assessment_closure.id")
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow)


class IndicatorReport(SQLModel, table=True):
    """A generated report (月报) as it was made: the workbook and a summary for printing."""

    __tablename__ = "indicator_report"
    __table_args__ = (UniqueConstraint("org_id", "period", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    period: str = Field(max_length=8)
    kind: str = Field(default="monthly", max_length=16)
    filename: str = Field(max_length=200)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    generated_at: datetime = Field(default_factory=utcnow)
    generated_by_id: int | None = Field(default=None, foreign_key="staff_account.id")
    revision: int = Field(default=1)


# The maintained aggregates' tables live with their code (core/indicators/aggregates.py);
# imported here so the core's metadata, and so its migrations, know them.
from core.indicators.aggregates import (  # noqa: E402
    AggregatePeriod,
    CatchUpCursor,
    IndicatorAggregate,
)

__all__ += ["AggregatePeriod", "CatchUpCursor", "IndicatorAggregate"]
