"""The 普法 assessment indicators (考核指标). Every query answers ``(org_id, numerator,
denominator)`` per organisation; the core sums both up the tree and divides last, so a
bureau's rate is pooled over all its units and villages, never an average of rates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session, col, select

from core.api import Direction, Indicator, OrgType, OrgUnit, Period, PeriodType, RecordColumn, Unit
from publicity.codes import PlanStatus
from publicity.models import (
    PublicityBackbone,
    PublicityCultureSite,
    PublicityEvent,
    PublicityPlan,
    PublicityUnit,
)

__all__ = ["DEFAULT_BACKBONE_TARGET", "DEFAULT_YEARLY_TARGET", "INDICATORS"]

DEFAULT_YEARLY_TARGET = 20
DEFAULT_BACKBONE_TARGET = 3
EVENTS = "普法活动登记（publicity_event），按活动日期归入统计周期"


def _held(period: Period) -> Any:
    return and_(
        col(PublicityEvent.held_on) >= period.start, col(PublicityEvent.held_on) < period.end
    )


def _quarters(period: Period) -> list[int]:
    """The quarters of the plan year that the period overlaps."""
    start, end = period.start, period.end
    return [
        q
        for q in range(1, 5)
        if date(period.year, 3 * q - 2, 1) < end
        and (q == 4 or date(period.year, 3 * q + 1, 1) > start)
    ]


def plan_completion(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Events held by units with an approved plan ÷ events planned for the period's quarters."""
    quarters = _quarters(period)
    planned = sum((getattr(PublicityPlan, f"q{q}") for q in quarters), literal(0))
    plans = session.exec(
        select(PublicityPlan.org_id, PublicityPlan.unit_id, planned).where(
            col(PublicityPlan.org_id).in_(org_ids),
            PublicityPlan.year == period.year,
            PublicityPlan.status == PlanStatus.APPROVED,
        )
    ).all()
    held = dict(
        session.exec(
            select(PublicityEvent.unit_id, func.count())
            .where(col(PublicityEvent.unit_id).in_([p[1] for p in plans]), _held(period))
            .group_by(PublicityEvent.unit_id)
        ).all()
    )
    totals: dict[int, list[int]] = {}
    for org_id, unit_id, target in plans:
        row = totals.setdefault(org_id, [0, 0])
        row[0] += min(int(held.get(unit_id, 0)), int(target or 0))
        row[1] += int(target or 0)
    return [(org_id, num, den) for org_id, (num, den) in totals.items()]


def units_meeting_minimum(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Active units that held at least their yearly minimum in the period's year: the unit's
    own minimum, else the bureau's minimum kept with the unit's approved plan, else 20."""
    year_start, year_end = date(period.year, 1, 1), date(period.year + 1, 1, 1)
    held = (
        select(PublicityEvent.unit_id, func.count().label("n"))
        .where(col(PublicityEvent.held_on) >= year_start, col(PublicityEvent.held_on) < year_end)
        .group_by(PublicityEvent.unit_id)
        .subquery()
    )
    plans = (
        select(PublicityPlan.unit_id, PublicityPlan.minimum)
        .where(PublicityPlan.year == period.year, PublicityPlan.status == PlanStatus.APPROVED)
        .subquery()
    )
    target = func.coalesce(PublicityUnit.yearly_target, plans.c.minimum, DEFAULT_YEARLY_TARGET)
    met = func.sum(case((func.coalesce(held.c.n, 0) >= target, 1), else_=0))
    return session.exec(
        select(PublicityUnit.org_id, met, func.count())
        .select_from(PublicityUnit)
        .outerjoin(held, held.c.unit_id == PublicityUnit.id)
        .outerjoin(plans, plans.c.unit_id == PublicityUnit.id)
        .where(col(PublicityUnit.org_id).in_(org_ids), col(PublicityUnit.active).is_(True))
        .group_by(PublicityUnit.org_id)
    ).all()


def _sum_of(column: Any) -> Any:
    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(PublicityEvent.org_id, func.coalesce(func.sum(column), 0), literal(None))
            .where(col(PublicityEvent.org_id).in_(org_ids), _held(period))
            .group_by(PublicityEvent.org_id)
        ).all()

    return query


def events_held(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    return session.exec(
        select(PublicityEvent.org_id, func.count(), literal(None))
        .where(col(PublicityEvent.org_id).in_(org_ids), _held(period))
        .group_by(PublicityEvent.org_id)
    ).all()


def events_records(session: Session, org_ids: Any, period: Period) -> Any:
    return (
        select(
            PublicityEvent.id,
            PublicityEvent.org_id,
            PublicityEvent.title,
            PublicityEvent.held_on,
            PublicityEvent.attendance,
        )
        .where(col(PublicityEvent.org_id).in_(org_ids), _held(period))
        .order_by(PublicityEvent.held_on, PublicityEvent.id)
    )


def satisfaction(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Satisfaction weighted by attendance: Σ(rate × people) ÷ Σ people surveyed."""
    weight = func.greatest if session.get_bind().dialect.name == "postgresql" else func.max
    people = weight(PublicityEvent.attendance, 1)
    return session.exec(
        select(
            PublicityEvent.org_id,
            func.sum(PublicityEvent.satisfaction * people) / 100.0,
            func.sum(people),
        )
        .where(
            col(PublicityEvent.org_id).in_(org_ids),
            _held(period),
            col(PublicityEvent.satisfaction).is_not(None),
        )
        .group_by(PublicityEvent.org_id)
    ).all()


def _village_share(counted: Any, minimum: int) -> Any:
    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        n = (
            select(counted.org_id.label("org_id"), func.count().label("n"))
            .where(
                *(
                    []
                    if counted is PublicityCultureSite
                    else [col(PublicityBackbone.active).is_(True)]
                )
            )
            .group_by(counted.org_id)
            .subquery()
        )
        return session.exec(
            select(OrgUnit.id, case((func.coalesce(n.c.n, 0) >= minimum, 1), else_=0), literal(1))
            .select_from(OrgUnit)
            .outerjoin(n, n.c.org_id == OrgUnit.id)
            .where(
                col(OrgUnit.id).in_(org_ids),
                OrgUnit.type == OrgType.COMMUNITY,
                col(OrgUnit.active).is_(True),
            )
        ).all()

    return query


def _events(code: str, zh: str, en: str, column: Any, numerator: str, order: int) -> Indicator:
    return Indicator(
        code=code,
        label_zh=zh,
        label_en=en,
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_sum_of(column),
        numerator_zh=numerator,
        source_zh=EVENTS,
        records=events_records,
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("title", "活动名称", "Event"),
            RecordColumn("held_on", "日期", "Date"),
            RecordColumn("attendance", "参与人次", "Attendance"),
        ),
        record_link="/m/publicity/events/{id}",
        order=order,
    )


INDICATORS = [
    Indicator(
        code="publicity.plan_completion",
        label_zh="普法计划完成率",
        label_en="Publicity plan completion",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=plan_completion,
        numerator_zh="有经审核年度计划的责任单位本期已开展的活动场次（每单位不超过计划数）",
        denominator_zh="这些单位年度计划中本期所含季度的计划场次",
        source_zh="年度普法计划（publicity_plan，已审核）与普法活动（publicity_event）",
        target=100,
        period_type=PeriodType.QUARTER,
        order=10,
    ),
    Indicator(
        code="publicity.units_meeting_minimum",
        label_zh="达到年度最低场次的责任单位占比",
        label_en="Units meeting the yearly minimum of events",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=units_meeting_minimum,
        numerator_zh="本年度普法活动场次达到最低要求（单位另设的，或计划审核时本局的设置，默认每年 20 场）的责任单位数",
        denominator_zh="在册的普法责任单位数",
        source_zh="普法责任单位（publicity_unit）与普法活动（publicity_event），按活动所在年度",
        target=100,
        period_type=PeriodType.YEAR,
        order=20,
    ),
    Indicator(
        code="publicity.events_held",
        label_zh="普法活动场次",
        label_en="Publicity events held",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=events_held,
        numerator_zh="本期在本机构辖区开展的普法活动场次",
        source_zh=EVENTS,
        records=events_records,
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("title", "活动名称", "Event"),
            RecordColumn("held_on", "日期", "Date"),
            RecordColumn("attendance", "参与人次", "Attendance"),
        ),
        record_link="/m/publicity/events/{id}",
        order=30,
    ),
    _events(
        "publicity.attendance",
        "普法活动参与人次",
        "Attendance",
        PublicityEvent.attendance,
        "本期普法活动参与人次之和",
        40,
    ),
    _events(
        "publicity.consultations",
        "解答法律咨询人次",
        "Consultations answered",
        PublicityEvent.consultations,
        "本期普法活动中解答法律咨询人次之和",
        50,
    ),
    _events(
        "publicity.materials",
        "发放普法资料份数",
        "Materials handed out",
        PublicityEvent.materials,
        "本期普法活动发放资料份数之和",
        60,
    ),
    Indicator(
        code="publicity.satisfaction",
        label_zh="普法活动满意率",
        label_en="Satisfaction with publicity events",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=satisfaction,
        numerator_zh="各场活动满意率 × 参与人次之和",
        denominator_zh="填报了满意率的活动参与人次之和",
        source_zh=EVENTS + "；满意率按参与人次加权",
        target=90,
        order=70,
    ),
    Indicator(
        code="publicity.backbone_coverage",
        label_zh="“法律明白人”达标村(社区)占比",
        label_en="Villages with enough legal-literacy backbones",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_village_share(PublicityBackbone, DEFAULT_BACKBONE_TARGET),
        numerator_zh="在册“法律明白人”不少于 3 名的村(社区)数",
        denominator_zh="村(社区)数",
        source_zh="法律明白人名册（publicity_backbone，在册人员），按当前名册统计",
        target=100,
        order=80,
    ),
    Indicator(
        code="publicity.culture_site_coverage",
        label_zh="法治文化阵地覆盖率",
        label_en="Villages with a rule-of-law culture site",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_village_share(PublicityCultureSite, 1),
        numerator_zh="建有至少 1 处法治文化阵地的村(社区)数",
        denominator_zh="村(社区)数",
        source_zh="法治文化阵地（publicity_culture_site），按当前登记统计",
        target=100,
        order=90,
    ),
]
