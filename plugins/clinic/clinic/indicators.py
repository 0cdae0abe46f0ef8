"""The plugin's assessment indicators (考核指标). The core rolls them up the organisation
tree by summing what each query returns per organisation, never by averaging."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, func, select

from clinic.models import ClinicRecord
from core.api import Direction, Indicator, Period, RecordColumn, Unit


def _in_period(org_ids: Any, period: Period) -> Any:
    return (
        col(ClinicRecord.org_id).in_(org_ids),
        col(ClinicRecord.recorded_on) >= period.start,
        col(ClinicRecord.recorded_on) < period.end,
    )


def entered(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """``(org_id, count)`` of the entries recorded in the period."""
    return session.exec(
        select(ClinicRecord.org_id, func.count())
        .where(*_in_period(org_ids, period))
        .group_by(ClinicRecord.org_id)
    ).all()


def entered_records(session: Session, org_ids: Any, period: Period) -> Any:
    """The entries behind the number (the drill-down's last step)."""
    return (
        select(ClinicRecord.id, ClinicRecord.org_id, ClinicRecord.title, ClinicRecord.recorded_on)
        .where(*_in_period(org_ids, period))
        .order_by(ClinicRecord.recorded_on, ClinicRecord.id)
    )


INDICATORS = [
    Indicator(
        code="clinic.records_entered",
        label_zh="法律服务诊室登记数",
        label_en="Legal service clinics entries",
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
        source_zh="法律服务诊室登记（clinic_record），按登记日期归入统计周期",
    )
]
