"""The test plugin's indicators, reporting duties and dashboard widgets.

Shaped like a mediation service line: cases received, closed (调结), closed at community
level (基层化解), satisfied (满意), closed late (超期), days to close and the per-case
subsidy (以案定补). Each query is one aggregate statement grouped by ``org_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, true
from sqlmodel import Session, col, select

from core.api import (
    BarChart,
    Cadence,
    DashboardWidget,
    Direction,
    Indicator,
    KeyFigure,
    KeyFigures,
    Period,
    PeriodType,
    Placement,
    RecordColumn,
    ReportingDuty,
    Unit,
)
from sifa_testplugin.models import TestpluginCase as Case
from sifa_testplugin.models import TestpluginReport as Report

CASE_ENTRY = "testplugin.case_entry"
SCREENING = "testplugin.screening"
ENTRY_GRACE_DAYS = 7  # cases of a month are entered by the first week of the next


def _received_in(org_ids: Any, period: Period) -> Any:
    return and_(
        col(Case.org_id).in_(org_ids),
        col(Case.received_on) >= period.start,
        col(Case.received_on) < period.end,
    )


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


CLOSED = col(Case.closed_on).is_not(None)
AT_COMMUNITY = and_(CLOSED, col(Case.closed_at_community).is_(True))
SATISFIED = and_(CLOSED, col(Case.satisfied).is_(True))
LATE = and_(CLOSED, col(Case.closed_on) > col(Case.due_on))


def _query(numerator: Any, denominator: Any = None) -> Any:
    """One aggregate statement: ``(org_id, numerator[, denominator])`` per organisation."""
    columns = [numerator] if denominator is None else [numerator, denominator]

    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(Case.org_id, *columns).where(_received_in(org_ids, period)).group_by(Case.org_id)
        ).all()

    return query


def _records(condition: Any) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(Case.id, Case.org_id, Case.category, Case.received_on, Case.closed_on)
            .where(_received_in(org_ids, period), condition)
            .order_by(Case.received_on, Case.id)
        )

    return records


def subsidy_query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    rows = session.exec(
        select(Case.org_id, func.sum(Case.subsidy_fen))
        .where(_received_in(org_ids, period))
        .group_by(Case.org_id)
    ).all()
    return [(org_id, Decimal(int(fen or 0)) / 100) for org_id, fen in rows]


COLUMNS = (
    RecordColumn("id", "编号", "No."),
    RecordColumn("category", "类别", "Category"),
    RecordColumn("received_on", "受理日期", "Received"),
    RecordColumn("closed_on", "办结日期", "Closed"),
)
SOURCE = "测试插件的案件登记（testplugin_case），按受理日期归入统计周期"
#: A case moves the figures of the period it was received in, for its organisation (the
#: subsidy indicator declares none: it shows the whole-window fallback).
BY_RECEIPT = (Placement("testplugin_case", ("received_on",)),)

INDICATORS = [
    Indicator(
        code="testplugin.closure_rate",
        label_zh="调结率",
        label_en="Closure rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_query(func.count(Case.closed_on), func.count()),
        records=_records(CLOSED),
        record_columns=COLUMNS,
        numerator_zh="本期受理的纠纷中已调结的件数",
        denominator_zh="本期受理的纠纷件数",
        source_zh=SOURCE,
        target=Decimal(95),
        weight=Decimal(30),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        tags=("fengqiao",),
        order=10,
    ),
    Indicator(
        code="testplugin.community_rate",
        label_zh="基层化解率",
        label_en="Resolved at community level",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_query(_count_if(AT_COMMUNITY), func.count(Case.closed_on)),
        records=_records(AT_COMMUNITY),
        record_columns=COLUMNS,
        numerator_zh="已调结纠纷中在村（社区）一级化解的件数",
        denominator_zh="本期受理并已调结的纠纷件数",
        source_zh=SOURCE,
        target=Decimal(90),
        weight=Decimal(20),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        tags=("fengqiao",),
        order=20,
    ),
    Indicator(
        code="testplugin.satisfaction_rate",
        label_zh="满意率",
        label_en="Satisfaction rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_query(_count_if(SATISFIED), func.count(Case.closed_on)),
        records=_records(SATISFIED),
        record_columns=COLUMNS,
        numerator_zh="已调结纠纷中当事人表示满意的件数",
        denominator_zh="本期受理并已调结的纠纷件数",
        source_zh=SOURCE,
        target=Decimal(98),
        weight=Decimal(20),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        tags=("fengqiao",),
        order=30,
    ),
    Indicator(
        code="testplugin.cases_received",
        label_zh="受理纠纷数",
        label_en="Disputes received",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_query(func.count()),
        records=_records(true()),
        record_columns=COLUMNS,
        numerator_zh="本期受理的纠纷件数",
        source_zh=SOURCE,
        weight=Decimal(0),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        order=40,
    ),
    Indicator(
        code="testplugin.late_cases",
        label_zh="超期办结数",
        label_en="Closed late",
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        query=_query(_count_if(LATE)),
        records=_records(LATE),
        record_columns=COLUMNS,
        numerator_zh="本期受理的纠纷中办结日期晚于办理期限的件数",
        source_zh=SOURCE,
        target=Decimal(0),
        weight=Decimal(10),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        tags=("fengqiao",),
        order=50,
    ),
    Indicator(
        code="testplugin.days_to_close",
        label_zh="平均办结天数",
        label_en="Average days to close",
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        query=_query(func.sum(Case.days_to_close), func.count(Case.days_to_close)),
        records=_records(col(Case.days_to_close).is_not(None)),
        record_columns=COLUMNS,
        numerator_zh="本期受理并已办结纠纷的办理天数之和",
        denominator_zh="本期受理并已办结的纠纷件数",
        source_zh=SOURCE,
        target=Decimal(30),
        weight=Decimal(10),
        duties=(CASE_ENTRY,),
        placements=BY_RECEIPT,
        order=60,
    ),
    Indicator(
        code="testplugin.subsidy",
        label_zh="以案定补金额",
        label_en="Per-case subsidy",
        unit=Unit.YUAN,
        direction=Direction.HIGHER,
        query=subsidy_query,
        numerator_zh="本期受理纠纷的以案定补金额之和（元）",
        source_zh=SOURCE,
        weight=Decimal(0),
        period_type=PeriodType.QUARTER,
        decimals=2,
        order=70,
    ),
]


def entry_deadline(month: Period) -> date:
    """The last day to enter a month's cases: the 7th of the next month."""
    return month.end + timedelta(days=ENTRY_GRACE_DAYS - 1)


def case_entry_received(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """A month is reported when it has cases or a zero report; on time when every case
    (or the zero report) was entered by the 7th of the next month."""
    found: list[Any] = []
    for month in period.months():
        deadline = entry_deadline(month)
        rows = session.exec(
            select(Case.org_id, func.max(Case.entered_on))
            .where(_received_in(org_ids, month))
            .group_by(Case.org_id)
        ).all()
        found.extend((org_id, month.start, last <= deadline) for org_id, last in rows)
    zero = session.exec(
        select(Report.org_id, Report.slot_day, Report.submitted_on).where(
            col(Report.org_id).in_(org_ids),
            Report.duty == "case_entry",
            col(Report.slot_day) >= period.start,
            col(Report.slot_day) < period.end,
        )
    ).all()
    for org_id, day, submitted in zero:
        month = Period.containing(day, PeriodType.MONTH)
        found.append((org_id, day, submitted <= entry_deadline(month)))
    return found


def screening_received(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Half-monthly screening rounds of villages; zero reports count."""
    rows = session.exec(
        select(Report.org_id, Report.slot_day, Report.submitted_on).where(
            col(Report.org_id).in_(org_ids),
            Report.duty == "screening",
            col(Report.slot_day) >= period.start,
            col(Report.slot_day) < period.end,
        )
    ).all()
    return [(org_id, day, submitted <= day + timedelta(days=20)) for org_id, day, submitted in rows]


DUTIES = [
    ReportingDuty(
        code=CASE_ENTRY,
        label_zh="案件按月录入",
        label_en="Monthly case entry",
        reporters=("station",),
        received=case_entry_received,
        description_zh="每月的案件须在次月第一周内录入；当月无案件的报零报告",
    ),
    ReportingDuty(
        code=SCREENING,
        label_zh="矛盾纠纷排查",
        label_en="Dispute screening",
        reporters=("community",),
        received=screening_received,
        cadence=Cadence.HALF_MONTH,
        description_zh="村（社区）每半月排查一次，无情况报零报告",
    ),
]


def categories_widget(session: Session, org_ids: Any, period: Period) -> BarChart:
    rows = session.exec(
        select(Case.category, func.count())
        .where(_received_in(org_ids, period))
        .group_by(Case.category)
        .order_by(func.count().desc(), Case.category)
    ).all()
    return BarChart(labels=[r[0] for r in rows], values=[int(r[1]) for r in rows], unit="件")


def summary_widget(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    received, closed = session.exec(
        select(func.count(), func.count(Case.closed_on)).where(_received_in(org_ids, period))
    ).one()
    return KeyFigures(
        [
            KeyFigure("受理", "Received", f"{received:,}"),
            KeyFigure("调结", "Closed", f"{closed:,}"),
        ]
    )


def broken_widget(session: Session, org_ids: Any, period: Period) -> KeyFigures:
    raise RuntimeError("this widget always fails (proves the dashboard survives it)")


WIDGETS = [
    DashboardWidget("testplugin.categories", "纠纷类别", "Dispute categories", categories_widget),
    DashboardWidget(
        "testplugin.summary", "受理与调结", "Received and closed", summary_widget, order=10
    ),
    DashboardWidget(
        "testplugin.broken", "总是出错的组件", "Always failing", broken_widget, order=200
    ),
]
