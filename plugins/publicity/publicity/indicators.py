"""The plugin's assessment indicators (考核指标). The core rolls them up the organisation
tree by summing what each query returns per organisation, never by averaging."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, func, select

from publicity.models import PublicityRecord
from core.api import Direction, Indicator, Period, RecordColumn, Unit


def _in_period(org_ids: Any, period: Period) -> Any:
    return (
        col(PublicityRecord.org_id).in_(org_ids),
        col(PublicityRecord.recorded_on) >= period.start,
        col(PublicityRecord.recorded_on) < period.end,
    )


def entered(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """``(org_id, count)`` of the entries recorded in the period."""
    return session.exec(
        select(PublicityRecord.org_id, func.count())
        .where(*_in_period(org_ids, period))
        .group_by(PublicityRecord.org_id)
    ).all()


def entered_records(session: Session, org_ids: Any, period: Period) -> Any:
    """The entries behind the number (the drill-down's last step)."""
    return (
        select(PublicityRecord.id, PublicityRecord.org_id, PublicityRecord.title, PublicityRecord.recorded_on)
        .where(*_in_period(org_ids, period))
        .order_by(PublicityRecord.recorded_on, PublicityRecord.id)
    )


INDICATORS = [
    Indicator(
        code="publicity.records_entered",
        label_zh="普法登记数",
        label_en="Legal publicity entries",
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
        source_zh="普法登记（publicity_record），按登记日期归入统计周期",
    )
]
