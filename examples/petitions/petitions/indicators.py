"""The plugin's assessment indicators (考核指标). The core rolls them up the organisation
tree by summing what each query returns per organisation, never by averaging."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, func, select

from petitions.models import PetitionsRecord
from core.api import Direction, Indicator, Period, RecordColumn, Unit


def _in_period(org_ids: Any, period: Period) -> Any:
    return (
        col(PetitionsRecord.org_id).in_(org_ids),
        col(PetitionsRecord.recorded_on) >= period.start,
        col(PetitionsRecord.recorded_on) < period.end,
    )


def entered(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """``(org_id, count)`` of the entries recorded in the period."""
    return session.exec(
        select(PetitionsRecord.org_id, func.count())
        .where(*_in_period(org_ids, period))
        .group_by(PetitionsRecord.org_id)
    ).all()


def entered_records(session: Session, org_ids: Any, period: Period) -> Any:
    """The entries behind the number (the drill-down's last step)."""
    return (
        select(PetitionsRecord.id, PetitionsRecord.org_id, PetitionsRecord.title, PetitionsRecord.recorded_on)
        .where(*_in_period(org_ids, period))
        .order_by(PetitionsRecord.recorded_on, PetitionsRecord.id)
    )


INDICATORS = [
    Indicator(
        code="petitions.records_entered",
        label_zh="信访接待登记数",
        label_en="Petitions and visits entries",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=entered,
        records=entered_records,
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("title", "名称", "Title"),
            RecordColumn("recorded_on", "登记日期", "Recorded"),
        ),
        numerator_zh="本期登记的条目数",
        source_zh="信访接待登记（petitions_record），按登记日期归入统计周期",
    )
]
