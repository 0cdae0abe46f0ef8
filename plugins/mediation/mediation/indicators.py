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

from sqlalchemy import and_, case, exists, func, literal, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from core.api import (
    CommitteeKind,
    Direction,
    Indicator,
    OrgType,
    OrgUnit,
    Period,
    PeriodType,
    Placement,
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
    MediationPortalRating,
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
#: Mediation ended without agreement (终止调解): a party refused or ended it, or it failed.
TERMINATED = and_(col(MediationCase.terminated_on).is_not(None), ~HAS_AGREEMENT)
#: Mediation ended, either way: an agreement or a termination (调结).
CONCLUDED = or_(HAS_AGREEMENT, col(MediationCase.terminated_on).is_not(None))
#: The case was mediated by a village/community committee (村（居）调委会): 小事不出村.
VILLAGE_LEVEL = exists().where(
    OrgUnit.id == MediationCase.org_id, OrgUnit.committee_kind == CommitteeKind.VILLAGE
)
_VISIT = aliased(MediationFollowUp)
_LATER = aliased(MediationFollowUp)
#: The case's latest follow-up visit found the parties satisfied or basically satisfied.
SATISFIED_CASE = exists().where(
    _VISIT.case_id == MediationCase.id,
    col(_VISIT.satisfaction).in_([Satisfaction.SATISFIED, Satisfaction.BASICALLY]),
    ~exists().where(
        _LATER.case_id == _VISIT.case_id,
        or_(
            _LATER.visited_on > _VISIT.visited_on,
            and_(_LATER.visited_on == _VISIT.visited_on, _LATER.id > _VISIT.id),  # type: ignore[operator]
        ),
    ),
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


def _visit_records(*conditions: Any) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(
                MediationCase.id,
                MediationFollowUp.org_id,
                MediationCase.case_number,
                MediationCase.title,
                MediationFollowUp.visited_on,
                MediationFollowUp.satisfaction,
            )
            .join(MediationCase, MediationCase.id == MediationFollowUp.case_id)  # type: ignore[arg-type]
            .where(
                col(MediationFollowUp.org_id).in_(org_ids),
                _within(MediationFollowUp.visited_on, period),
                *conditions,
            )
            .order_by(MediationFollowUp.visited_on, MediationFollowUp.id)
        )

    return records


VISIT_COLUMNS = (
    RecordColumn("case_number", "案号", "Case number"),
    RecordColumn("title", "案件名称", "Case"),
    RecordColumn("visited_on", "回访日期", "Visited"),
    RecordColumn("satisfaction", "满意度", "Satisfaction"),
)


def satisfaction(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Follow-up visits and the applicants' own ratings on the portal, added up per org."""
    visits = session.exec(
        select(MediationFollowUp.org_id, _count_if(SATISFIED), func.count())
        .where(
            col(MediationFollowUp.org_id).in_(org_ids),
            _within(MediationFollowUp.visited_on, period),
        )
        .group_by(MediationFollowUp.org_id)
    ).all()
    rated = col(MediationPortalRating.satisfaction).in_(
        [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
    )
    ratings = session.exec(
        select(MediationPortalRating.org_id, _count_if(rated), func.count())
        .where(
            col(MediationPortalRating.org_id).in_(org_ids),
            _within(MediationPortalRating.rated_on, period),
        )
        .group_by(MediationPortalRating.org_id)
    ).all()
    totals: dict[int, list[int]] = {}
    for org_id, satisfied, count in [*visits, *ratings]:
        row = totals.setdefault(org_id, [0, 0])
        row[0] += int(satisfied or 0)
        row[1] += int(count or 0)
    return [(org_id, s, n) for org_id, (s, n) in totals.items()]


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


def _case_by(column: str) -> Placement:
    return Placement("mediation_case", (column,))


def _agreement_by(column: str) -> Placement:
    return Placement("mediation_agreement", (column,))


#: Which periods a change moves (for the maintained aggregates): a case or agreement by the
#: date its figure is placed by; an agreement moves its case's figure (success); a follow-up
#: moves its agreement's (follow-up rate). Committee figures read the current register and
#: declare nothing (any change of the module's tables recomputes them, they are yearly).
BY_ACCEPTED = (
    _case_by("accepted_on"),
    Placement("mediation_agreement", ("accepted_on",), via="case_id", parent="mediation_case"),
)
BY_FOLLOW_UP = (
    _agreement_by("concluded_on"),
    Placement(
        "mediation_follow_up",
        ("concluded_on",),
        via="case_id",
        parent="mediation_agreement",
        parent_key="case_id",
    ),
)

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
        placements=(_case_by("accepted_on"),),
    ),
    Indicator(
        code="mediation.success_rate",
        label_zh="调解成功率",
        label_en="Mediation success rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(_count_if(HAS_AGREEMENT), func.count(), MediationCase.accepted_on),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        denominator_records=_case_records(MediationCase.accepted_on, true()),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理的纠纷中达成调解协议（书面或口头，未被司法确认无效）的件数",
        denominator_zh="本期受理的纠纷件数（含终止调解的和尚在调解中的）",
        source_zh=(
            f"{CASE}，按受理日期归入统计周期；调解成功率 = 调解成功件数 ÷ 受理件数。"
            "终止调解（未达成协议）的案件计入分母、不计入分子，另见“终止调解率”；"
            "按调结件数计算的口径见“调解成功率（按调结件数）”"
        ),
        target=Decimal(95),
        weight=Decimal(30),
        tags=("fengqiao",),
        see_also=("mediation.concluded_success_rate", "mediation.termination_rate"),
        order=20,
        placements=BY_ACCEPTED,
    ),
    Indicator(
        code="mediation.concluded_success_rate",
        label_zh="调解成功率（按调结件数）",
        label_en="Success rate (of concluded cases)",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(_count_if(HAS_AGREEMENT), func.count(), MediationCase.accepted_on, CONCLUDED),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        denominator_records=_case_records(MediationCase.accepted_on, CONCLUDED),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理的纠纷中达成调解协议（书面或口头，未被司法确认无效）的件数",
        denominator_zh="本期受理且已调结的纠纷件数：达成协议的加上终止调解的（尚在调解中的不计）",
        source_zh=(
            f"{CASE}，按受理日期归入统计周期；调解成功率 = 调解成功件数 ÷（调解成功件数 + "
            "终止调解件数）。部分地方采用此口径；与按受理件数计算的“调解成功率”由本局以权重选择"
        ),
        target=Decimal(95),
        weight=Decimal(0),
        see_also=("mediation.success_rate", "mediation.termination_rate"),
        order=21,
    ),
    Indicator(
        code="mediation.termination_rate",
        label_zh="终止调解率",
        label_en="Ended without agreement",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        query=_cases(_count_if(TERMINATED), func.count(), MediationCase.accepted_on),
        records=_case_records(MediationCase.accepted_on, TERMINATED),
        denominator_records=_case_records(MediationCase.accepted_on, true()),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理的纠纷中终止调解（当事人拒绝或终止调解、调解不成）且无有效协议的件数",
        denominator_zh="本期受理的纠纷件数",
        source_zh=f"{CASE}的终止调解记录（人民调解法第二十六条），按受理日期归入统计周期",
        weight=Decimal(0),
        see_also=("mediation.success_rate", "mediation.concluded_success_rate"),
        order=21,
    ),
    Indicator(
        code="mediation.local_rate",
        label_zh="村（社区）就地化解率",
        label_en="Resolved at village/community committees",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(
            _count_if(VILLAGE_LEVEL), func.count(), MediationCase.accepted_on, HAS_AGREEMENT
        ),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT, VILLAGE_LEVEL),
        denominator_records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理并调解成功的纠纷中，由村（居）人民调解委员会化解的件数（小事不出村）",
        denominator_zh="本期受理并调解成功（达成书面或口头协议）的纠纷件数",
        source_zh=(
            f"{CASE}，按受理日期归入统计周期；按承办调委会的类型（村（居）调委会）区分化解层级；"
            "村（社区）就地化解率 + 乡镇（街道）及以上化解率 = 100%"
        ),
        target=Decimal(90),
        weight=Decimal(10),
        tags=("fengqiao",),
        order=22,
    ),
    Indicator(
        code="mediation.township_rate",
        label_zh="乡镇（街道）及以上化解率",
        label_en="Resolved at township committees and above",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        query=_cases(
            _count_if(~VILLAGE_LEVEL), func.count(), MediationCase.accepted_on, HAS_AGREEMENT
        ),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT, ~VILLAGE_LEVEL),
        denominator_records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh=(
            "本期受理并调解成功的纠纷中，由乡镇（街道）调委会或行业性、专业性调委会"
            "（设在乡镇及以上）化解的件数（大事不出镇）"
        ),
        denominator_zh="本期受理并调解成功（达成书面或口头协议）的纠纷件数",
        source_zh=(
            f"{CASE}，按受理日期归入统计周期；按承办调委会的类型区分化解层级；"
            "与村（社区）就地化解率互补，合计 100%"
        ),
        weight=Decimal(0),
        tags=("fengqiao",),
        order=24,
    ),
    Indicator(
        code="mediation.on_time_rate",
        label_zh="按期调结率",
        label_en="Closed within the term",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(_count_if(ON_TIME), func.count(), MediationCase.closed_on),
        records=_case_records(MediationCase.closed_on, ON_TIME),
        denominator_records=_case_records(MediationCase.closed_on, true()),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期调结（达成协议或终止调解）的纠纷中，在调解期限（一般一个月）内调结的件数",
        denominator_zh="本期调结的纠纷件数",
        source_zh=f"{CASE}，按调结日期归入统计周期；期限按本局“调解期限”规则计算",
        target=Decimal(90),
        weight=Decimal(10),
        tags=("fengqiao",),
        order=30,
        placements=(_case_by("closed_on"),),
    ),
    Indicator(
        code="mediation.follow_up_rate",
        label_zh="回访率",
        label_en="Follow-up rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_agreements(_count_if(HAS_FOLLOW_UP), MediationAgreement.concluded_on),
        records=_agreement_records(MediationAgreement.concluded_on, HAS_FOLLOW_UP),
        denominator_records=_agreement_records(MediationAgreement.concluded_on, true()),
        record_columns=AGREEMENT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期达成的调解协议中已回访的件数",
        denominator_zh="本期达成的调解协议件数",
        source_zh=f"{CASE}的协议和回访记录，按协议生效日期归入统计周期",
        weight=Decimal(10),
        tags=("fengqiao",),
        order=40,
        placements=BY_FOLLOW_UP,
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
        denominator_records=_agreement_records(MediationAgreement.performance_deadline, true()),
        record_columns=AGREEMENT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="履行期限在本期届满的调解协议中已履行完毕的件数",
        denominator_zh="履行期限在本期届满的调解协议件数",
        source_zh=f"{CASE}的协议履行记录，按履行期限归入统计周期",
        weight=Decimal(10),
        order=50,
        placements=(_agreement_by("performance_deadline"),),
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
        placements=(_agreement_by("confirmation_decided_on"),),
    ),
    Indicator(
        code="mediation.satisfaction_rate",
        label_zh="当事人满意率（按回访次数）",
        label_en="Satisfaction rate (of follow-up visits)",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=satisfaction,
        records=_visit_records(SATISFIED),
        denominator_records=_visit_records(true()),
        record_columns=VISIT_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期回访和网上评价中当事人表示满意或基本满意的次数",
        denominator_zh="本期回访次数与网上评价次数之和（同一案件回访多次的，每次都计入）",
        source_zh=(
            f"{CASE}的回访记录（按回访日期）和申请人在网上服务的评价（按评价日期）归入统计周期；"
            "记录清单列出回访；另见按调解成功件数计算的"
            "“当事人满意率（按调解成功件数）”（宜昌等地的口径），本局以权重选择纳入考核的口径"
        ),
        see_also=("mediation.resolved_satisfaction_rate",),
        weight=Decimal(10),
        tags=("fengqiao",),
        order=70,
        placements=(
            Placement("mediation_follow_up", ("visited_on",)),
            Placement("mediation_portal_rating", ("rated_on",)),
        ),
    ),
    Indicator(
        code="mediation.resolved_satisfaction_rate",
        label_zh="当事人满意率（按调解成功件数）",
        label_en="Satisfaction rate (of resolved cases)",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_cases(
            _count_if(SATISFIED_CASE), func.count(), MediationCase.accepted_on, HAS_AGREEMENT
        ),
        records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT, SATISFIED_CASE),
        denominator_records=_case_records(MediationCase.accepted_on, HAS_AGREEMENT),
        record_columns=CASE_COLUMNS,
        record_link=CASE_LINK,
        numerator_zh="本期受理并调解成功的纠纷中，最近一次回访时当事人表示满意或基本满意的件数",
        denominator_zh="本期受理并调解成功（达成书面或口头协议）的纠纷件数（未回访的计入分母）",
        source_zh=(
            f"{CASE}的协议和回访记录，按受理日期归入统计周期；"
            "宜昌等地的口径（满意件数 ÷ 化解件数），另见按回访次数计算的“当事人满意率”"
        ),
        target=Decimal(95),
        weight=Decimal(0),
        tags=("fengqiao",),
        see_also=("mediation.satisfaction_rate",),
        order=71,
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
        placements=(_case_by("closed_on"),),
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
        placements=(_case_by("closed_on"),),
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
        denominator_records=_case_records(MediationCase.registered_on, true()),
        source_zh=f"{CASE}的登记日期和系统录入时间（北京时间）",
        target=Decimal(100),
        weight=Decimal(10),
        order=80,
        placements=(_case_by("registered_on"),),
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
