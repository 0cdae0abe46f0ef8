"""Legal aid's indicators (考核指标). Each query returns one aggregate row per organisation
(numerator, denominator); the core pools them up the tree and divides last."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from core.api import Direction, Indicator, Period, RecordColumn, Unit
from legal_aid.codes import Grade, Satisfaction, Status
from legal_aid.models import LegalAidCase, LegalAidQualityCheck

__all__ = ["INDICATORS"]

C = LegalAidCase
SOURCE = "法律援助案件（legal_aid_case）"
COLUMNS = (
    RecordColumn("id", "编号", "No."),
    RecordColumn("number", "案号", "Number"),
    RecordColumn("status", "状态", "State"),
)
LINK = "/m/legal_aid/cases/{id}"


def _if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _within(column: Any, period: Period) -> Any:
    return and_(col(column).is_not(None), column >= period.start, column < period.end)


def _cases(numerator: Any, denominator: Any | None, date_column: Any, *extra: Any) -> Any:
    columns = [numerator] if denominator is None else [numerator, denominator]

    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(C.org_id, *columns)
            .where(col(C.org_id).in_(org_ids), _within(date_column, period), *extra)
            .group_by(C.org_id)
        ).all()

    return query


def _records(date_column: Any, *conditions: Any) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(C.id, C.org_id, C.number, C.status)
            .where(col(C.org_id).in_(org_ids), _within(date_column, period), *conditions)
            .order_by(C.id)
        )

    return records


APPLIED = col(C.channel) != "notice"
REVIEW_ON_TIME = col(C.review_on_time).is_(True)
DECIDED = col(C.status).in_(
    [s.value for s in Status if s not in (Status.APPLIED, Status.MATERIALS, Status.WITHDRAWN)]
)
GRANTED = col(C.status).notin_([Status.REFUSED.value])
ASSIGN_ON_TIME = col(C.assign_on_time).is_(True)
REPORT_ON_TIME = col(C.report_on_time).is_(True)
SATISFIED = col(C.satisfaction).in_([Satisfaction.SATISFIED.value, Satisfaction.BASIC.value])


def _quality(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    Q = LegalAidQualityCheck
    return session.exec(
        select(Q.org_id, _if(col(Q.grade) != Grade.FAIL.value), func.count())
        .where(col(Q.org_id).in_(org_ids), _within(Q.checked_on, period))
        .group_by(Q.org_id)
    ).all()


def _per_lawyer(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    return session.exec(
        select(C.org_id, func.count(), func.count(func.distinct(C.provider_id)))
        .where(col(C.org_id).in_(org_ids), _within(C.assigned_on, period))
        .group_by(C.org_id)
    ).all()


def _ind(
    code: str,
    zh: str,
    en: str,
    unit: Unit,
    query: Any,
    numerator: str,
    source: str,
    *,
    denominator: str = "",
    records: Any = None,
    target: int | None = None,
    order: int = 100,
) -> Indicator:
    return Indicator(
        code=f"legal_aid.{code}",
        label_zh=zh,
        label_en=en,
        unit=unit,
        direction=Direction.HIGHER,
        query=query,
        numerator_zh=numerator,
        denominator_zh=denominator,
        source_zh=source,
        records=records,
        record_columns=COLUMNS if records else (),
        record_link=LINK if records else "",
        target=Decimal(target) if target is not None else None,
        order=order,
    )


INDICATORS = [
    _ind(
        "applications_received",
        "法律援助申请受理数",
        "Applications received",
        Unit.COUNT,
        _cases(func.count(), None, C.received_on, APPLIED),
        "本期收到的法律援助申请件数（不含通知辩护）",
        f"{SOURCE}，按收到日期归入统计周期",
        records=_records(C.received_on, APPLIED),
        order=10,
    ),
    _ind(
        "review_on_time",
        "按期审查率",
        "Reviewed on time",
        Unit.PERCENT,
        _cases(_if(REVIEW_ON_TIME), func.count(), C.decided_on, APPLIED, DECIDED),
        "本期作出决定的申请中在审查期限内（补充材料期间不计）决定的件数",
        f"{SOURCE}，按决定日期归入统计周期",
        denominator="本期作出决定的申请件数",
        records=_records(C.decided_on, APPLIED, DECIDED, REVIEW_ON_TIME),
        target=100,
        order=20,
    ),
    _ind(
        "assign_on_time",
        "按期指派率",
        "Assigned on time",
        Unit.PERCENT,
        _cases(_if(ASSIGN_ON_TIME), func.count(), C.assigned_on),
        "本期指派的案件中在指派期限（3日）内指派的件数",
        f"{SOURCE}，按指派日期归入统计周期",
        denominator="本期指派的案件数",
        records=_records(C.assigned_on, ASSIGN_ON_TIME),
        target=100,
        order=30,
    ),
    _ind(
        "grant_rate",
        "给予援助率",
        "Grant rate",
        Unit.PERCENT,
        _cases(_if(GRANTED), func.count(), C.decided_on, APPLIED, DECIDED),
        "本期作出决定的申请中决定给予法律援助的件数",
        f"{SOURCE}，按决定日期归入统计周期",
        denominator="本期作出决定的申请件数",
        records=_records(C.decided_on, APPLIED, DECIDED, GRANTED),
        order=40,
    ),
    _ind(
        "closing_on_time",
        "按期结案率",
        "Closing reports on time",
        Unit.PERCENT,
        _cases(_if(REPORT_ON_TIME), func.count(), C.reported_on),
        "本期提交结案报告的案件中在期限内提交的件数",
        f"{SOURCE}，按结案报告提交日期归入统计周期",
        denominator="本期提交结案报告的案件数",
        records=_records(C.reported_on, REPORT_ON_TIME),
        target=95,
        order=50,
    ),
    _ind(
        "quality_pass_rate",
        "质量评估合格率",
        "Quality pass rate",
        Unit.PERCENT,
        _quality,
        "本期质量评估中等次为合格及以上的次数",
        "法律援助质量评估（legal_aid_quality_check），按评估日期",
        denominator="本期质量评估次数",
        target=95,
        order=60,
    ),
    _ind(
        "satisfaction_rate",
        "受援人满意率",
        "Satisfaction rate",
        Unit.PERCENT,
        _cases(_if(SATISFIED), func.count(), C.surveyed_on),
        "本期回访中表示满意或基本满意的受援人数",
        f"{SOURCE}，按回访日期归入统计周期",
        denominator="本期回访的受援人数",
        records=_records(C.surveyed_on, SATISFIED),
        target=95,
        order=70,
    ),
    Indicator(
        code="legal_aid.cases_per_lawyer",
        label_zh="人均承办案件数",
        label_en="Cases per lawyer",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_per_lawyer,
        ratio=True,
        decimals=1,
        numerator_zh="本期指派的案件数",
        denominator_zh="本期承办案件的法律援助人员人数（各机构分别计）",
        source_zh=f"{SOURCE}，按指派日期归入统计周期",
        order=80,
    ),
]
