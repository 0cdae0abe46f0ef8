"""Screening (排查) in the indicator engine: two reporting duties and two indicators.

Kept apart from :mod:`mediation.indicators` (the case figures) because rounds are counted
per reporting unit and period, not per case. Each duty reads only rows of its own
organisation type: the engine credits a row below a reporter to that reporter, and a
village's half-monthly report must not count as its station's monthly one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from core.api import Cadence, Direction, Indicator, OrgType, OrgUnit, Period, ReportingDuty, Unit
from mediation.models import MediationScreeningRound as Round

__all__ = ["SCREENING_DUTIES", "SCREENING_INDICATORS"]

BEIJING = timezone(timedelta(hours=8))
COMMUNITY_DUTY = "mediation.screening_community"
STATION_DUTY = "mediation.screening_station"
SOURCE = "矛盾纠纷排查（mediation_screening_round），按排查周期的起始日归入统计周期"


def _in(org_ids: Any, period: Period) -> Any:
    return and_(
        col(Round.org_id).in_(org_ids),
        col(Round.period_start) >= period.start,
        col(Round.period_start) < period.end,
    )


def _received(org_type: OrgType) -> Any:
    def received(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        rows = session.exec(
            select(Round.org_id, Round.period_start, Round.reported_on, Round.period_end)
            .join(OrgUnit, col(OrgUnit.id) == col(Round.org_id))
            .where(_in(org_ids, period), col(Round.reported_on).is_not(None))
            .where(OrgUnit.type == org_type)
        ).all()
        return [(org, start, reported <= end) for org, start, reported, end in rows]

    return received


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


REPORTED = col(Round.reported_on).is_not(None)


def completion(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Rounds reported out of the rounds that are due: reported, or whose period is over."""
    today = datetime.now(UTC).astimezone(BEIJING).date()
    due = or_(REPORTED, col(Round.period_end) < today)
    return session.exec(
        select(Round.org_id, _count_if(REPORTED), _count_if(due))
        .where(_in(org_ids, period))
        .group_by(Round.org_id)
    ).all()


def zero_reports(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    return session.exec(
        select(Round.org_id, _count_if(col(Round.zero_report).is_(True)), _count_if(REPORTED))
        .where(_in(org_ids, period))
        .group_by(Round.org_id)
    ).all()


SCREENING_DUTIES = [
    ReportingDuty(
        code=COMMUNITY_DUTY,
        label_zh="村（社区）矛盾纠纷排查",
        label_en="Community dispute screening",
        reporters=("community",),
        received=_received(OrgType.COMMUNITY),
        cadence=Cadence.HALF_MONTH,
        description_zh="村（社区）每半月排查一次；未发现纠纷的报零报告，零报告算作已报",
    ),
    ReportingDuty(
        code=STATION_DUTY,
        label_zh="司法所矛盾纠纷排查",
        label_en="Station dispute screening",
        reporters=("station",),
        received=_received(OrgType.STATION),
        description_zh="司法所每月排查一次；未发现纠纷的报零报告，零报告算作已报",
    ),
]

SCREENING_INDICATORS = [
    Indicator(
        code="mediation.screening_completion",
        label_zh="矛盾纠纷排查完成率",
        label_en="Screening rounds reported",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=completion,
        numerator_zh="已报送（含零报告）的排查轮次",
        denominator_zh="应报送的排查轮次（已报送的，加上周期已结束仍未报送的）",
        source_zh=SOURCE,
        target=Decimal(100),
        weight=Decimal(10),
        duties=(COMMUNITY_DUTY, STATION_DUTY),
        tags=("fengqiao",),
        order=110,
    ),
    Indicator(
        code="mediation.zero_report_rate",
        label_zh="排查零报告率",
        label_en="Zero reports among screening reports",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        query=zero_reports,
        numerator_zh="报送为零报告（未发现纠纷）的排查轮次",
        denominator_zh="已报送的排查轮次",
        source_zh=SOURCE,
        weight=Decimal(0),
        duties=(COMMUNITY_DUTY, STATION_DUTY),
        order=120,
    ),
]
