"""The clinic module's indicators (考核指标), rolled up the tree by the core.

Sessions, consultations and home visits count at the clinic's community; advisers at the
station that keeps them on the roster. Pooled numerators and denominators only.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, exists, func, literal
from sqlmodel import Session, col, select

from clinic.codes import HomeVisitStatus, Outcome, SessionStatus
from clinic.models import (
    ClinicConsultation,
    ClinicHomeVisit,
    ClinicProvider,
    ClinicRoom,
    ClinicSession,
)
from clinic.services.service_log import provider_months
from core.api import Direction, Indicator, OrgType, OrgUnit, Period, Unit

__all__ = ["HOURS_NORM", "INDICATORS"]

HOURS_NORM = 4.0  # DOMAIN.md §5.1 (Anhui guide): ≥ 4 hours on site a month; a bureau setting
SOURCE = "法律服务诊室排班与接诊登记"


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _within(column: Any, period: Period) -> Any:
    return and_(column >= period.start, column < period.end)


def _sessions(numerator: Any, denominator: Any | None) -> Any:
    columns = [numerator] if denominator is None else [numerator, denominator]

    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(ClinicSession.org_id, *columns)
            .where(col(ClinicSession.org_id).in_(org_ids), _within(ClinicSession.day, period))
            .group_by(ClinicSession.org_id)
        ).all()

    return query


def _consultations(*conditions: Any) -> Any:
    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(ClinicConsultation.org_id, func.count())
            .join(ClinicSession, ClinicSession.id == ClinicConsultation.session_id)  # type: ignore[arg-type]
            .where(
                col(ClinicConsultation.org_id).in_(org_ids),
                _within(ClinicSession.day, period),
                *conditions,
            )
            .group_by(ClinicConsultation.org_id)
        ).all()

    return query


def visits_done(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    return session.exec(
        select(ClinicHomeVisit.org_id, func.count())
        .where(
            col(ClinicHomeVisit.org_id).in_(org_ids),
            ClinicHomeVisit.status == HomeVisitStatus.DONE,
            _within(ClinicHomeVisit.visited_on, period),
        )
        .group_by(ClinicHomeVisit.org_id)
    ).all()


def community_coverage(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Each active community in scope: 1 if an active clinic sits there (the register now)."""
    covered = exists().where(ClinicRoom.org_id == OrgUnit.id, col(ClinicRoom.active).is_(True))
    return session.exec(
        select(OrgUnit.id, case((covered, 1), else_=0), literal(1)).where(
            col(OrgUnit.id).in_(org_ids),
            OrgUnit.type == OrgType.COMMUNITY,
            col(OrgUnit.active).is_(True),
        )
    ).all()


def advisers_meeting_norm(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Per month of the period, each active provider: 1 over 1 if their hours reach the norm."""
    providers = session.exec(
        select(ClinicProvider).where(
            col(ClinicProvider.org_id).in_(org_ids), col(ClinicProvider.active).is_(True)
        )
    ).all()
    totals: dict[int, list[int]] = {}
    for month in period.months():
        for row in provider_months(session, providers, month.start.year, month.start.month):
            total = totals.setdefault(row.provider.org_id, [0, 0])
            total[0] += int(row.hours >= HOURS_NORM)
            total[1] += 1
    return [(org_id, n, d) for org_id, (n, d) in totals.items()]


HELD = ClinicSession.status == SessionStatus.HELD
DUE = col(ClinicSession.status).in_([SessionStatus.HELD, SessionStatus.NO_SHOW])

INDICATORS = [
    Indicator(
        code="clinic.sessions_held_rate",
        label_zh="诊室按时接诊率",
        label_en="Clinic sessions held",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_sessions(_count_if(HELD), _count_if(DUE)),
        numerator_zh="本期已签到接诊的场次",
        denominator_zh="本期应已接诊的场次（已接诊与未到岗之和）",
        source_zh=f"{SOURCE}，按接诊日期归入统计周期",
        target=Decimal(95),
        order=10,
    ),
    Indicator(
        code="clinic.sessions_scheduled",
        label_zh="排班接诊场次",
        label_en="Clinic sessions scheduled",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_sessions(_count_if(ClinicSession.status != SessionStatus.CANCELLED), None),
        numerator_zh="本期排定的接诊场次（不含已取消）",
        source_zh=f"{SOURCE}，按接诊日期归入统计周期",
        weight=Decimal(0),
        order=11,
    ),
    Indicator(
        code="clinic.no_shows",
        label_zh="未到岗场次",
        label_en="Clinic no-shows",
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        query=_sessions(_count_if(ClinicSession.status == SessionStatus.NO_SHOW), None),
        numerator_zh="本期排了班却无人签到的场次",
        source_zh=f"{SOURCE}，按接诊日期归入统计周期",
        target=Decimal(0),
        weight=Decimal(0),
        order=12,
    ),
    Indicator(
        code="clinic.consultations",
        label_zh="诊室咨询件数",
        label_en="Clinic consultations",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_consultations(),
        numerator_zh="本期接诊中登记的咨询件数",
        source_zh=f"{SOURCE}，按接诊日期归入统计周期",
        weight=Decimal(0),
        order=20,
    ),
    *[
        Indicator(
            code=f"clinic.outcome_{outcome.value}",
            label_zh=f"咨询结果：{zh}",
            label_en=f"Consultations: {en}",
            unit=Unit.COUNT,
            direction=Direction.HIGHER,
            query=_consultations(ClinicConsultation.outcome == outcome),
            numerator_zh=f"本期处理结果为“{zh}”的咨询件数",
            source_zh=f"{SOURCE}，按接诊日期归入统计周期",
            weight=Decimal(0),
            order=21 + index,
        )
        for index, (outcome, zh, en) in enumerate(
            [
                (Outcome.ANSWERED, "当场解答", "answered"),
                (Outcome.MEDIATION, "转人民调解", "referred to mediation"),
                (Outcome.LEGAL_AID, "申请法律援助", "legal-aid applications"),
                (Outcome.LITIGATION, "诉讼指引", "litigation advice"),
                (Outcome.ELSEWHERE, "转其他部门", "referred elsewhere"),
            ]
        )
    ],
    Indicator(
        code="clinic.community_coverage",
        label_zh="诊室覆盖村（社区）比例",
        label_en="Communities with a clinic",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=community_coverage,
        numerator_zh="设有在用法律服务诊室的村（社区）数",
        denominator_zh="在用的村（社区）数",
        source_zh="诊室名册（当前），与统计周期无关",
        order=30,
    ),
    Indicator(
        code="clinic.advisers_meeting_norm",
        label_zh="法律顾问驻村时长达标率",
        label_en="Advisers meeting the monthly hours norm",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=advisers_meeting_norm,
        numerator_zh=f"当月服务时长不少于{HOURS_NORM:g}小时的律师（人·月）",
        denominator_zh="在册律师（人·月）",
        source_zh="接诊、巡诊、助诊与驻村服务台账，按服务日期归入月份",
        target=Decimal(100),
        order=40,
    ),
    Indicator(
        code="clinic.home_visits_done",
        label_zh="巡诊完成次数",
        label_en="Home visits done",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=visits_done,
        numerator_zh="本期完成的上门巡诊次数",
        source_zh="巡诊登记，按巡诊日期归入统计周期",
        weight=Decimal(0),
        order=50,
    ),
]
