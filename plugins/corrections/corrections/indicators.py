"""The corrections module's indicators (考核指标). Each query returns, per organisation, the
numerator and (for rates) the denominator; the core pools them up the tree, never averaging.

Periods are calendar months by default; each figure says which date puts a row in a period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, or_
from sqlmodel import Session, col, func, select

from core.api import Direction, Indicator, Period, RecordColumn, Unit
from corrections.codes import AftercareCategory, LeaveStatus, SanctionKind, Status
from corrections.models import (
    CorrectionsAftercare,
    CorrectionsCheckin,
    CorrectionsLeave,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTransfer,
)

__all__ = ["INDICATORS"]

S, C, L, X, A = (
    CorrectionsSubject,
    CorrectionsCheckin,
    CorrectionsLeave,
    CorrectionsSanction,
    CorrectionsAftercare,
)
SANCTIONS = [k.value for k in SanctionKind if k != SanctionKind.PRAISE]


def _count(flag: Any) -> Any:
    return func.sum(case((flag, 1), else_=0))


def _station_at_end(period: Period) -> Any:
    """The station responsible on the subject's last day in *period* (the period's last day,
    or the day corrections ended): the sending station of the first hand-over after that
    day, else the station holding the file now (the same rule as
    :func:`corrections.services.moves.responsible_station`)."""
    last = period.end - timedelta(days=1)
    t = CorrectionsTransfer
    after = and_(
        t.handed_over_on > last,  # type: ignore[operator]
        or_(col(S.ended_on).is_(None), t.handed_over_on > S.ended_on),  # type: ignore[operator]
    )
    first_after = (
        select(t.from_org_id)
        .where(t.subject_id == S.id, t.status == "handed_over", after)
        .order_by(t.handed_over_on, t.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(first_after, S.org_id)


def _at_end(period: Period) -> Any:
    last = period.end - timedelta(days=1)
    station = _station_at_end(period).label("station")
    return (
        select(station, S.id)
        .where(
            S.documents_received_on <= last,
            or_(col(S.ended_on).is_(None), S.ended_on >= period.start),  # type: ignore[operator]
        )
        .subquery()
    )


def subjects_at_end(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Each subject once per period, at the station responsible on its last day in it."""
    rows = _at_end(period)
    return session.exec(
        select(rows.c.station, func.count())
        .where(rows.c.station.in_(org_ids))
        .group_by(rows.c.station)
    ).all()


def subjects_at_end_records(session: Session, org_ids: Any, period: Period) -> Any:
    rows = _at_end(period)
    return (
        select(rows.c.id, rows.c.station.label("org_id"))
        .where(rows.c.station.in_(org_ids))
        .order_by(rows.c.id)
    )


def intake_on_time(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Subjects whose report-in deadline fell in the period; those who reported by it."""
    on_time = and_(col(S.reported_on).is_not(None), S.reported_on <= S.report_due_on)  # type: ignore[operator]
    return session.exec(
        select(S.org_id, _count(on_time), func.count())
        .where(
            col(S.org_id).in_(org_ids),
            S.report_due_on >= period.start,
            S.report_due_on < period.end,
        )  # type: ignore[operator]
        .group_by(S.org_id)
    ).all()


def _out_of_supervision(org_ids: Any, period: Period) -> Any:
    return (
        col(S.org_id).in_(org_ids),
        or_(
            and_(S.status == Status.LOST.value, S.lost_since < period.end),  # type: ignore[operator]
            and_(S.status == Status.SEARCHING.value, S.search_started_on < period.end),  # type: ignore[operator]
        ),
    )


def out_of_supervision(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Subjects lost (失联/脱管) or not reported in and searched for, as they stand now."""
    return session.exec(
        select(S.org_id, func.count())
        .where(*_out_of_supervision(org_ids, period))
        .group_by(S.org_id)
    ).all()


def out_of_supervision_records(session: Session, org_ids: Any, period: Period) -> Any:
    return (
        select(S.id, S.org_id, S.status).where(*_out_of_supervision(org_ids, period)).order_by(S.id)
    )


def checkin_compliance(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Check-ins due in the period; those done by their due day."""
    done = and_(col(C.done_on).is_not(None), C.done_on <= C.due_on)  # type: ignore[operator]
    return session.exec(
        select(C.org_id, _count(done), func.count())
        .where(col(C.org_id).in_(org_ids), C.due_on >= period.start, C.due_on < period.end)
        .group_by(C.org_id)
    ).all()


def _leave_overdue(org_ids: Any, period: Period) -> Any:
    return (
        col(L.org_id).in_(org_ids),
        col(L.status).in_([LeaveStatus.APPROVED.value, LeaveStatus.RETURNED.value]),
        L.end_on >= period.start,
        L.end_on < period.end,
        or_(col(L.returned_on).is_(None), L.returned_on > L.end_on),  # type: ignore[operator]
    )


def leave_overdue(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Leaves due back in the period and not back on time (still away, or back late)."""
    return session.exec(
        select(L.org_id, func.count()).where(*_leave_overdue(org_ids, period)).group_by(L.org_id)
    ).all()


def leave_overdue_records(session: Session, org_ids: Any, period: Period) -> Any:
    return (
        select(L.id, L.org_id, L.end_on, L.returned_on)
        .where(*_leave_overdue(org_ids, period))
        .order_by(L.id)
    )


def sanctions_per_100(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Sanctions and proposals decided in the period per subject under corrections in it."""
    sanctions = dict(
        session.exec(
            select(X.org_id, func.count())
            .where(
                col(X.org_id).in_(org_ids),
                col(X.kind).in_(SANCTIONS),
                X.decided_on >= period.start,
                X.decided_on < period.end,
            )
            .group_by(X.org_id)
        ).all()
    )
    subjects = dict(
        session.exec(
            select(S.org_id, func.count())
            .where(
                col(S.org_id).in_(org_ids),
                col(S.reported_on).is_not(None),
                S.reported_on < period.end,  # type: ignore[operator]
                or_(col(S.ended_on).is_(None), S.ended_on >= period.start),  # type: ignore[operator]
            )
            .group_by(S.org_id)
        ).all()
    )
    return [(org, sanctions.get(org, 0), n) for org, n in subjects.items()]


def reoffending(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
    """Aftercare persons who left aftercare by reoffending in the period."""
    return session.exec(
        select(A.org_id, func.count())
        .where(
            col(A.org_id).in_(org_ids),
            col(A.reoffended).is_(True),
            A.exited_on >= period.start,  # type: ignore[operator]
            A.exited_on < period.end,  # type: ignore[operator]
        )
        .group_by(A.org_id)
    ).all()


def _released(org_ids: Any, period: Period, key_only: bool) -> Any:
    where = [
        col(A.org_id).in_(org_ids),
        A.source == "prison",
        A.release_on >= period.start,
        A.release_on < period.end,
    ]
    if key_only:
        where.append(A.category == AftercareCategory.KEY.value)
    return where


def _handover(key_only: bool) -> Any:
    def query(session: Session, org_ids: Any, period: Period) -> Iterable[Any]:
        return session.exec(
            select(A.org_id, _count(col(A.handed_over_on).is_not(None)), func.count())
            .where(*_released(org_ids, period, key_only))
            .group_by(A.org_id)
        ).all()

    query.__doc__ = "Persons released from prison in the period; those handed over (衔接)."
    return query


def _handover_records(key_only: bool) -> Any:
    def records(session: Session, org_ids: Any, period: Period) -> Any:
        return (
            select(A.id, A.org_id, A.release_on, A.handed_over_on)
            .where(*_released(org_ids, period, key_only), col(A.handed_over_on).is_not(None))
            .order_by(A.id)
        )

    return records


INDICATORS = [
    Indicator(
        code="corrections.subjects_at_end",
        label_zh="期末在册矫正对象数",
        label_en="Subjects in charge at the end of the period",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=subjects_at_end,
        records=subjects_at_end_records,
        record_columns=(RecordColumn("id", "矫正对象编号", "Subject"),),
        record_link="/m/corrections/subjects/{id}",
        weight=Decimal(0),
        numerator_zh=(
            "本期最后一日（本期内解除或终止的，为其最后一日）由本单位负责的矫正对象数；"
            "跨县变更执行地的，移交之日起由新执行地负责，每人每期只计入一个单位"
        ),
        source_zh="矫正对象和变更执行地移交记录（corrections_transfer），按接收法律文书日期和移交日期",
        order=5,
    ),
    Indicator(
        code="corrections.intake_on_time",
        label_zh="按期报到率",
        label_en="On-time intake rate",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=intake_on_time,
        target=Decimal(100),
        numerator_zh="报到期限在本期内且按期报到的矫正对象数",
        denominator_zh="报到期限在本期内的矫正对象数",
        source_zh="矫正对象（corrections_subject），按报到期限归入统计周期",
        order=10,
    ),
    Indicator(
        code="corrections.out_of_supervision",
        label_zh="脱管失联人数",
        label_en="Subjects out of supervision",
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        query=out_of_supervision,
        records=out_of_supervision_records,
        record_columns=(RecordColumn("id", "编号", "No."), RecordColumn("status", "状态", "State")),
        target=Decimal(0),
        numerator_zh="处于失联或未按期报到查找中的矫正对象数",
        source_zh="矫正对象当前状态（失联、查找中），开始于本期结束之前",
        order=11,
    ),
    Indicator(
        code="corrections.checkin_compliance",
        label_zh="按期报告率",
        label_en="Check-in compliance",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=checkin_compliance,
        target=Decimal(95),
        numerator_zh="本期应报告且按期完成的次数",
        denominator_zh="本期应报告的次数",
        source_zh="报告计划（corrections_checkin），按应报告日期归入统计周期",
        order=12,
    ),
    Indicator(
        code="corrections.leave_overdue",
        label_zh="外出逾期未归数",
        label_en="Leave overdue",
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        query=leave_overdue,
        records=leave_overdue_records,
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("end_on", "应返回日期", "Due back"),
            RecordColumn("returned_on", "实际返回", "Returned"),
        ),
        target=Decimal(0),
        numerator_zh="本期应返回而未按期销假的外出数",
        source_zh="外出请假（corrections_leave），按应返回日期归入统计周期",
        order=13,
    ),
    Indicator(
        code="corrections.sanctions_per_100",
        label_zh="每百名矫正对象惩处数",
        label_en="Sanctions per 100 subjects",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        query=sanctions_per_100,
        numerator_zh="本期决定的训诫、警告和提请数",
        denominator_zh="本期在矫的矫正对象数",
        source_zh="奖惩（corrections_sanction）按决定日期；在矫人数按报到与解除/终止日期",
        order=14,
    ),
    Indicator(
        code="corrections.reoffending",
        label_zh="重新犯罪人数",
        label_en="Reoffending",
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        query=reoffending,
        target=Decimal(0),
        numerator_zh="本期因重新犯罪退出帮教的人数",
        source_zh="安置帮教对象（corrections_aftercare），按退出日期归入统计周期",
        order=15,
    ),
    Indicator(
        code="corrections.handover_rate",
        label_zh="刑释人员衔接率",
        label_en="Hand-over rate of released persons",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_handover(False),
        records=_handover_records(False),
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("release_on", "释放日期", "Released"),
            RecordColumn("handed_over_on", "衔接日期", "Handed over"),
        ),
        target=Decimal(90),
        numerator_zh="本期释放且已衔接的人数",
        denominator_zh="本期释放的人数（监所通知）",
        source_zh="安置帮教对象（corrections_aftercare，来源为监所），按释放日期归入统计周期",
        order=16,
    ),
    Indicator(
        code="corrections.handover_rate_key",
        label_zh="重点帮教对象必接必送率",
        label_en="Hand-over rate of key persons",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        query=_handover(True),
        records=_handover_records(True),
        record_columns=(
            RecordColumn("id", "编号", "No."),
            RecordColumn("release_on", "释放日期", "Released"),
            RecordColumn("handed_over_on", "衔接日期", "Handed over"),
        ),
        target=Decimal(100),
        numerator_zh="本期释放且已衔接的重点帮教对象数",
        denominator_zh="本期释放的重点帮教对象数",
        source_zh="安置帮教对象（重点帮教人员），按释放日期归入统计周期",
        order=17,
    ),
]
