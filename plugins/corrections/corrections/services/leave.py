"""Leave of the city or county (外出请假), C5/C6: who approves is decided by the length.

:func:`route_leave` is the whole rule and is pure: station up to the station limit (7 days);
county up to the per-approval limit (30); the level above beyond that, or when the leave
brings the total within the window (two months) over its limit (30). Frequent cross-county
travel gets one county approval valid for six months.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core.api import N_
from corrections.codes import LeaveRoute, LeaveStatus, Status
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import CorrectionsLeave, CorrectionsSubject
from corrections.services.due_items import sync_subject_items
from corrections.settings import CorrectionsSettings

__all__ = [
    "apply_leave",
    "close_leave",
    "days_in_window",
    "decide_leave",
    "route_leave",
]


def route_leave(
    days: int, days_in_window: int, settings: CorrectionsSettings, *, frequent: bool = False
) -> LeaveRoute:
    """The approver of a leave of *days* days when *days_in_window* are already approved
    within the window before it."""
    if frequent:  # one county approval covers the whole six months
        return LeaveRoute.COUNTY
    if days > settings.leave_county_max_days:
        return LeaveRoute.CITY
    if days_in_window + days > settings.leave_window_max_days:
        return LeaveRoute.CITY
    if days > settings.leave_station_max_days:
        return LeaveRoute.COUNTY
    return LeaveRoute.STATION


def days_in_window(
    session: Session,
    subject_id: int,
    start: date,
    settings: CorrectionsSettings,
    exclude: int | None = None,
) -> int:
    """Days of approved (or returned) single leaves inside the window ending at *start*."""
    window_start = start - timedelta(days=settings.leave_window_days)
    rows = session.exec(
        select(CorrectionsLeave).where(
            CorrectionsLeave.subject_id == subject_id,
            col(CorrectionsLeave.status).in_(
                [LeaveStatus.APPROVED.value, LeaveStatus.RETURNED.value]
            ),
            col(CorrectionsLeave.frequent).is_(False),
            CorrectionsLeave.end_on >= window_start,
            CorrectionsLeave.start_on < start,
        )
    ).all()
    total = 0
    for r in rows:
        if r.id == exclude:
            continue
        first, last = max(r.start_on, window_start), min(r.end_on, start - timedelta(days=1))
        total += max((last - first).days + 1, 0)
    return total


def apply_leave(
    session: Session,
    subject: CorrectionsSubject,
    data: dict[str, Any],
    *,
    settings: CorrectionsSettings,
    today: date,
) -> CorrectionsLeave:
    """Register an application; its route is fixed now from its length and the window.

    It must be made the bureau's notice days ahead (default 3), unless marked urgent with
    the reason (a relative's sudden illness, a court summons at short notice)."""
    if Status(subject.status) != Status.SUPERVISED:
        raise CorrectionsError(
            Message(N_("矫正对象当前为“{status}”，不能申请外出"), status=Status(subject.status))
        )
    errors: dict[str, str] = {}
    destination = str(data.get("destination") or "").strip()
    reason = str(data.get("reason") or "").strip()
    frequent = str(data.get("frequent") or "") in {"1", "on", "true"}
    if not destination:
        errors["destination"] = N_("请填写外出目的地")
    if not reason:
        errors["reason"] = N_("请填写外出事由（就医、就学、诉讼、家庭或工作重大事项等）")
    start = end = None
    try:
        start = date.fromisoformat(str(data.get("start_on") or ""))
    except ValueError:
        errors["start_on"] = N_("请填写外出开始日期")
    if frequent and start is not None:
        month = start.month - 1 + settings.frequent_travel_months
        try:
            end = date(start.year + month // 12, month % 12 + 1, start.day) - timedelta(days=1)
        except ValueError:
            end = date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    else:
        try:
            end = date.fromisoformat(str(data.get("end_on") or ""))
        except ValueError:
            errors["end_on"] = N_("请填写返回日期")
    if start and end and end < start:
        errors["end_on"] = N_("返回日期不能早于开始日期")
    if start and subject.term_end and start > subject.term_end:
        errors["start_on"] = N_("外出不能在矫正期满之后")
    urgent = str(data.get("urgent") or "") in {"1", "on", "true"}
    urgent_reason = str(data.get("urgent_reason") or "").strip()
    if start and not urgent and (start - today).days < settings.leave_notice_days:
        errors["start_on"] = Message(
            N_("外出须提前{days}日申请；确因紧急情况的，请勾选“紧急”并说明理由"),
            days=settings.leave_notice_days,
        )
    if urgent and not urgent_reason:
        errors["urgent_reason"] = N_("紧急外出须说明紧急情况及理由")
    if errors:
        raise InvalidInput(errors)
    assert start is not None and end is not None
    days = (end - start).days + 1
    prior = days_in_window(session, subject.id, start, settings)  # type: ignore[arg-type]
    leave = CorrectionsLeave(
        org_id=subject.org_id,
        subject_id=subject.id,  # type: ignore[arg-type]
        frequent=frequent,
        destination=destination[:100],
        reason=reason[:200],
        start_on=start,
        end_on=end,
        days=days,
        urgent=urgent,
        urgent_reason=urgent_reason[:200] if urgent else "",
        route=route_leave(days, 0 if frequent else prior, settings, frequent=frequent).value,
    )
    session.add(leave)
    session.flush()
    return leave


def decide_leave(
    session: Session,
    subject: CorrectionsSubject,
    leave: CorrectionsLeave,
    *,
    approve: bool,
    level: LeaveRoute,
    decided_by: str,
    today: date,
) -> None:
    """Approve or refuse at *level*: the station may decide only station leaves; the county
    decides county leaves and records the city's decision on city leaves."""
    if leave.status != LeaveStatus.PENDING:
        raise CorrectionsError(N_("该申请已处理"))
    route = LeaveRoute(leave.route)
    if level == LeaveRoute.STATION and route != LeaveRoute.STATION:
        raise CorrectionsError(
            Message(N_("外出 {days} 天应由{route}，司法所无权批准"), days=leave.days, route=route)
        )
    leave.status = (LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED).value
    leave.decided_on = today
    leave.decided_by = decided_by[:50]
    session.add(leave)
    session.flush()
    sync_subject_items(session, subject, today)


def close_leave(
    session: Session, subject: CorrectionsSubject, leave: CorrectionsLeave, *, on: date, today: date
) -> None:
    """销假: the subject is back and reports."""
    if leave.status != LeaveStatus.APPROVED:
        raise CorrectionsError(N_("只有已批准的外出才能销假"))
    if on > today or on < leave.start_on:
        raise InvalidInput({"returned_on": N_("返回日期应在外出开始之后、今天之前")})
    leave.status = LeaveStatus.RETURNED.value
    leave.returned_on = on
    session.add(leave)
    session.flush()
    sync_subject_items(session, subject, today)
