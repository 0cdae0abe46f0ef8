"""The mediation module's indicators (考核指标), computed and rolled up by the core.

Each query is one aggregate statement grouped by the committee's ``org_id`` (the core sums
numerators and denominators up the tree and divides once). What each figure counts, and
by which date it falls into a period, is stated in its ``numerator_zh``/``denominator_zh``
and ``source_zh`` (shown on the indicator's definition page). Targets are the ones the
project's source documents mention (success ≥ 95%, committees in 100% of villages, ≥ 2
full-time mediators per township committee); a bureau may change any of them.

Screening completion and the zero-report rate are in :mod:`mediation.screening_figures`
(they count rounds, not cases). Cases prevented from turning criminal (民转刑) and group
petitions prevented count the flags a mediator records on a case with an agreement, by the
date the case was settled.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, true
from sqlmodel import Session, col, select

from core.api import (
    CommitteeKind,
    Direction,
    Indicator,
    OrgType,
    OrgUnit,
    Period,
    PeriodType,
    RecordColumn,
    Unit,
)
from mediation.codes import ConfirmationStatus, Employment, Satisfaction
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationCommittee,
    MediationFollowUp,
    MediationMediator,
)

__all__ = ["ENTRY_GRACE_DAYS", "INDICATORS"]

BEIJING = timezone(timedelta(hours=8))
ENTRY_GRACE_DAYS = 7  # a month's cases are entered by the first week of the next
CASE = "人民调解案件登记"


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _within(column: Any, period: Period) -> Any:
    return and_(column >= period.start, column < period.end)


HAS_AGREEMENT = exists().where(
    MediationAgreement.case_id == MediationCase.id,
    col(MediationAgreement.superseded).is_(False),
)
HAS_FOLLOW_UP = exists().where(MediationFollowUp.case_id == MediationAgreement.case_id)
ON_TIME = and_(
    col(MediationCase.due_on).is_not(None), MediationCase.closed_on <= MediationCase.due_on
)  # type: ignore[operator]
SATISFIED = col(MediationFollowUp.satisfaction).in_(
    [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
)


def _cases(numerator: Any, denominator: Any | None, date_column: Any, *extra: Any) -> Any:
    columns = [numerator] if denominator is None else [numerator, denominator]

    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(MediationCase.org_id, *columns)
            .where(col(MediationCase.org_id).in_(org_ids), _within(date_column, period), *extra)
            .group_by(MediationCase.org_id)
        ).all()

    return query


def _case_records(date_column: Any, *conditions: Any) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(
                MediationCase.id,
                MediationCase.org_id,
                MediationCase.case_number,
                MediationCase.title,
                MediationCase.accepted_on,
                MediationCase.closed_on,
            )
            .where(
                col(MediationCase.org_id).in_(org_ids), _within(date_column, period), *conditions
            )
            .order_by(date_column, MediationCase.id)
        )

    return records


CASE_COLUMNS = (
    RecordColumn("case_number", "案号", "Case number"),
    RecordColumn("title", "案件名称", "Case"),
    RecordColumn("accepted_on", "受理日期", "Accepted"),
    RecordColumn("closed_on", "调结日期", "Closed"),
)
CASE_LINK = "/m/mediation/cases/{id}"


def _agreements(numerator: Any, date_column: Any, *extra: Any) -> Any:
    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(MediationAgreement.org_id, numerator, func.count())
            .where(
                col(MediationAgreement.org_id).in_(org_ids),
                col(MediationAgreement.superseded).is_(False),
                _within(date_column, period),
                *extra,
            )
            .group_by(MediationAgreement.org_id)
        ).all()

    return query


def _agreement_records(date_column: Any, *conditions: Any) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(
                MediationCase.id,
                MediationCase.org_id,
                MediationCase.case_number,
                MediationCase.title,
                MediationAgreement.concluded_on,
                MediationAgreement.performed_on,
            )
            .join(MediationAgreement, MediationAgreement.case_id == MediationCase.id)  # type: ignore[arg-type]
            .where(
                col(MediationAgreement.org_id).in_(org_ids),
                col(MediationAgreement.superseded).is_(False),
                _within(date_column, period),
                *conditions,
            )
            .order_by(date_column, MediationCase.id)
        )

    return records


AGREEMENT_COLUMNS = (
    RecordColumn("case_number", "案号", "Case number"),
    RecordColumn("title", "案件名称", "Case"),
    RecordColumn("concluded_on", "协议日期", "Agreed"),
    RecordColumn("performed_on", "履行完毕", "Performed"),
)


def satisfaction(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    return session.exec(
        select(MediationFollowUp.org_id, _count_if(SATISFIED), func.count())
        .where(
            col(MediationFollowUp.org_id).in_(org_ids),
            _within(MediationFollowUp.visited_on, period),
        )
        .group_by(MediationFollowUp.org_id)
    ).all()


def entry_timeliness(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Cases registered in each month of *period*, and those entered by the 7th of the next
    month (Beijing time) — one grouped statement per month, summed."""
    totals: dict[int, list[int]] = {}
    for month in period.months():
        deadline = datetime.combine(month.end + timedelta(days=ENTRY_GRACE_DAYS), time(0), BEIJING)
        rows = session.exec(
            select(
                MediationCase.org_id,
                _count_if(MediationCase.created_at < deadline.astimezone(UTC)),
                func.count(),
            )
            .where(
                col(MediationCase.org_id).in_(org_ids), _within(MediationCase.registered_on, month)
            )
            .group_by(MediationCase.org_id)
        ).all()
        for org_id, on_time, count in rows:
            total = totals.setdefault(org_id, [0, 0])
            total[0] += int(on_time or 0)
            total[1] += int(count)
    return [(org_id, n, d) for org_id, (n, d) in totals.items()]


def committee_coverage(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Each active village/community in scope: 1 if a registered, active committee hangs
    under it. The tree as it is now: the figure does not depend on the period."""
    committee_node = OrgUnit.__table__.alias("committee_node")  # type: ignore[attr-defined]
    covered = exists().where(
        committee_node.c.parent_id == OrgUnit.id,
        committee_node.c.type == OrgType.MEDIATION_COMMITTEE,
        committee_node.c.active.is_(True),
        committee_node.c.id.in_(select(MediationCommittee.org_id)),
    )
    return session.exec(
        select(OrgUnit.id, case((covered, 1), else_=0), literal(1)).where(
            col(OrgUnit.id).in_(org_ids),
            OrgUnit.type == OrgType.COMMUNITY,
            col(OrgUnit.active).is_(True),
        )
    ).all()


def full_time_per_township(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Each registered township (street) committee in scope: its active full-time mediators,
    over 1 committee. Current register; the figure does not depend on the period."""
    full_time = (
        select(func.count())
        .where(
            MediationMediator.committee_id == MediationCommittee.id,
            col(MediationMediator.active).is_(True),
            MediationMediator.employment == Employment.FULL_TIME,
        )
        .scalar_subquery()
    )
    return session.exec(
        select(MediationCommittee.org_id, full_time, literal(1))
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(
            col(MediationCommittee.org_id).in_(org_ids),
            OrgUnit.committee_kind == CommitteeKind.TOWNSHIP,
            col(OrgUnit.active).is_(True),
        )
    ).all()


INDICATORS = [
    Indicator(
        code="mediation.cases_received",
        label_zh="受理纠纷数",
        label_en="Disputes accepted",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_cases(func.count(), None, MediationCase.accepted_on),
        records=_case_records(MediationCase.accepted_on, true()),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理（不含不予受理）的纠纷件数",
        source_zh=f"{CASE}，按受理日期归入统计周期",
        weight=Decimal(0),
        order=10,
    ),
    Indicator(
        code="mediation.success_rate",
        label_zh="调解成功率",
        label_en="Mediation success rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(_count_if(HAS_AGREEMENT), func.count(), MediationCase.accepted_on),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理的纠纷中达成调解协议（书面或口头，未被司法确认无效）的件数",
        denominator_zh="本期受理的纠纷件数",
        source_zh=f"{CASE}，按受理日期归入统计周期；调解成功率 = 调解成功件数 ÷ 受理件数",
        target=Decimal(95),
        weight=Decimal(30),
        tags=("fengqiao",),
        order=20,
    ),
    Indicator(
        code="mediation.on_time_rate",
        label_zh="按期调结率",
        label_en="Closed within the term",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(_count_if(ON_TIME), func.count(), MediationCase.closed_on),
        records=_case_records(MediationCase.closed_on, ON_TIME),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期调结（达成协议或终止调解）的纠纷中，在调解期限（一般一个月）内调结的件数",
        denominator_zh="本期调结的纠纷件数",
        source_zh=f"{CASE}，按调结日期归入统计周期；期限按本局“调解期限”规则计算",
        target=Decimal(90),
        weight=Decimal(10),
        tags=("fengqiao",),
        order=30,
    ),
    Indicator(
        code="mediation.follow_up_rate",
        label_zh="回访率",
        label_en="Follow-up rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_agreements(_count_if(HAS_FOLLOW_UP), MediationAgreement.concluded_on),
        records=_agreement_records(MediationAgreement.concluded_on, HAS_FOLLOW_UP),
        record_columns=AGREEMENT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期达成的调解协议中已回访的件数",
        denominator_zh="本期达成的调解协议件数",
        source_zh=f"{CASE}的协议和回访记录，按协议生效日期归入统计周期",
        weight=Decimal(10),
        tags=("fengqiao",),
        order=40,
    ),
    Indicator(
        code="mediation.performance_rate",
        label_zh="协议履行率",
        label_en="Agreements performed",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_agreements(
            _count_if(col(MediationAgreement.performed_on).is_not(None)),
            MediationAgreement.performance_deadline,
        ),
        records=_agreement_records(
            MediationAgreement.performance_deadline,
            col(MediationAgreement.performed_on).is_not(None),
        ),
        record_columns=AGREEMENT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="履行期限在本期届满的调解协议中已履行完毕的件数",
        denominator_zh="履行期限在本期届满的调解协议件数",
        source_zh=f"{CASE}的协议履行记录，按履行期限归入统计周期",
        weight=Decimal(10),
        order=50,
    ),
    Indicator(
        code="mediation.judicial_confirmations",
        label_zh="司法确认件数",
        label_en="Judicial confirmations",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_agreements(
            func.count(),
            MediationAgreement.confirmation_decided_on,
            MediationAgreement.confirmation_status == ConfirmationStatus.VALID,
        ),
        records=_agreement_records(
            MediationAgreement.confirmation_decided_on,
            MediationAgreement.confirmation_status == ConfirmationStatus.VALID,
        ),
        record_columns=AGREEMENT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期经人民法院确认有效的调解协议件数",
        source_zh=f"{CASE}的司法确认记录，按法院决定日期归入统计周期",
        weight=Decimal(0),
        order=60,
    ),
    Indicator(
        code="mediation.satisfaction_rate",
        label_zh="当事人满意率",
        label_en="Satisfaction rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=satisfaction,
        numerator_zh="本期回访中当事人表示满意或基本满意的次数",
        denominator_zh="本期回访次数",
        source_zh=f"{CASE}的回访记录，按回访日期归入统计周期",
        weight=Decimal(10),
        tags=("fengqiao",),
        order=70,
    ),
    Indicator(
        code="mediation.prevented_criminal",
        label_zh="防止民转刑案件数",
        label_en="Disputes kept from turning criminal",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_cases(
            func.count(), None, MediationCase.closed_on, col(MediationCase.prevented_criminal)
        ),
        records=_case_records(MediationCase.closed_on, col(MediationCase.prevented_criminal)),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期调结的纠纷中经调解防止民间纠纷转化为刑事案件的件数",
        source_zh=f"{CASE}的“防范成效”登记，按调结日期归入统计周期",
        weight=Decimal(0),
        tags=("fengqiao",),
        order=72,
    ),
    Indicator(
        code="mediation.prevented_group_petitions",
        label_zh="防止群体性上访件数",
        label_en="Group petitions prevented",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=_cases(
            func.count(),
            None,
            MediationCase.closed_on,
            col(MediationCase.prevented_group_petition),
        ),
        records=_case_records(MediationCase.closed_on, col(MediationCase.prevented_group_petition)),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期调结的纠纷中经调解防止群体性上访的件数",
        source_zh=f"{CASE}的“防范成效”登记，按调结日期归入统计周期",
        weight=Decimal(0),
        tags=("fengqiao",),
        order=74,
    ),
    Indicator(
        code="mediation.entry_timeliness",
        label_zh="案件录入及时率",
        label_en="Cases entered on time",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=entry_timeliness,
        numerator_zh=f"本期登记的纠纷中，在登记次月{ENTRY_GRACE_DAYS}日前录入系统的件数",
        denominator_zh="本期登记的纠纷件数",
        source_zh=f"{CASE}的登记日期和系统录入时间（北京时间）",
        target=Decimal(100),
        weight=Decimal(10),
        order=80,
    ),
    Indicator(
        code="mediation.committee_coverage",
        label_zh="村（社区）调委会覆盖率",
        label_en="Villages with a committee",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=committee_coverage,
        numerator_zh="设有已登记、在用的人民调解委员会的村（社区）数",
        denominator_zh="在用的村（社区）数",
        source_zh="组织机构树和调委会名册的当前状态（不随统计周期变化）",
        target=Decimal(100),
        weight=Decimal(10),
        period_type=PeriodType.YEAR,
        order=90,
    ),
    Indicator(
        code="mediation.full_time_per_township",
        label_zh="乡镇（街道）调委会专职调解员数",
        label_en="Full-time mediators per township committee",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=full_time_per_township,
        ratio=True,
        decimals=1,
        numerator_zh="乡镇（街道）调委会在任的专职调解员人数",
        denominator_zh="已登记的乡镇（街道）调委会个数",
        source_zh="调委会和调解员名册的当前状态（不随统计周期变化）",
        target=Decimal(2),
        weight=Decimal(0),
        period_type=PeriodType.YEAR,
        order=100,
    ),
]
