"""The desk's indicators (考核指标): visits received, and the share answered in time. The core
rolls them up the organisation tree by summing numerators and denominators per organisation
(a bureau's rate is the pooled rate, never an average of station rates)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from core.api import Direction, Indicator, Period, RecordColumn, Unit
from petitions.models import PetitionVisit


def _in_period(org_ids: Any, period: Period) -> Any:
    return (
        col(PetitionVisit.org_id).in_(org_ids),
        col(PetitionVisit.visited_on) >= period.start,
        col(PetitionVisit.visited_on) < period.end,
    )


def received(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """``(org_id, count)`` of the visits, letters and online petitions of the period."""
    return session.exec(
        select(PetitionVisit.org_id, func.count())
        .where(*_in_period(org_ids, period))
        .group_by(PetitionVisit.org_id)
    ).all()


def answered_in_time(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """``(org_id, answered by the due date, visits whose due date is known)``."""
    in_time = case(
        (
            col(PetitionVisit.answered_on).is_not(None)
            & (col(PetitionVisit.answered_on) <= col(PetitionVisit.due_on)),
            1,
        ),
        else_=0,
    )
    return session.exec(
        select(PetitionVisit.org_id, func.sum(in_time), func.count())
        .where(*_in_period(org_ids, period), col(PetitionVisit.due_on).is_not(None))
        .group_by(PetitionVisit.org_id)
    ).all()


def visit_records(session: Session, org_ids: Any, period: Period) -> Any:
    """The visits behind either number (the drill-down's last step)."""
    return (
        select(
            PetitionVisit.id,
            PetitionVisit.org_id,
            PetitionVisit.number,
            PetitionVisit.visited_on,
            PetitionVisit.due_on,
            PetitionVisit.answered_on,
        )
        .where(*_in_period(org_ids, period))
        .order_by(PetitionVisit.visited_on, PetitionVisit.id)
    )


COLUMNS = (
    RecordColumn("number", "编号", "No."),
    RecordColumn("visited_on", "信访日期", "Received"),
    RecordColumn("due_on", "告知期限", "Answer due"),
    RecordColumn("answered_on", "告知日期", "Answered"),
)

INDICATORS = [
    Indicator(
        code="petitions.visits_received",
        label_zh="信访接待量",
        label_en="Petitions received",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=received,
        records=visit_records,
        record_columns=COLUMNS,
        numerator_zh="本期登记的来访、来信和网上信访件数",
        source_zh="信访登记（petitions_visit），按信访日期归入统计周期",
    ),
    Indicator(
        code="petitions.answered_in_time",
        label_zh="信访按期告知率",
        label_en="Petitions answered in time",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=answered_in_time,
        records=visit_records,
        record_columns=COLUMNS,
        target=90,
        numerator_zh="在告知期限内（含当日）告知信访人的件数",
        denominator_zh="本期登记且告知期限已确定的件数",
        source_zh="信访登记（petitions_visit），按信访日期归入统计周期；期限规则 petitions.answer",
    ),
]
