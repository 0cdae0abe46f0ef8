"""Electronic location (电子定位), CCL art. 29: only on one of five grounds, approved by the
head of the county bureau, for at most three months per approval; it switches itself off when
the approved term ends (:func:`switch_off_expired`, run daily).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from core.api import N_
from corrections.codes import LocationGround, Status
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import CorrectionsLocation, CorrectionsSubject
from corrections.settings import CorrectionsSettings

__all__ = ["add_months", "switch_off", "switch_off_expired", "switch_on"]


def add_months(day: date, months: int) -> date:
    """The matching day *months* later (last day of the month when there is none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def switch_on(
    session: Session,
    subject: CorrectionsSubject,
    data: dict[str, Any],
    *,
    approved_by: str,
    settings: CorrectionsSettings,
    today: date,
) -> CorrectionsLocation:
    """Start a location term. *approved_by* is the bureau head who approved (required)."""
    if Status(subject.status) not in (Status.SUPERVISED, Status.LOST, Status.PROPOSED):
        raise CorrectionsError(N_("只有在矫人员才能适用电子定位"))
    errors: dict[str, str] = {}
    ground = str(data.get("ground") or "")
    if ground not in {g.value for g in LocationGround}:
        errors["ground"] = N_(
            "电子定位只能依社区矫正法第二十九条规定的五种情形之一适用，请选择适用情形"
        )
    if not approved_by.strip():
        errors["approved_by"] = N_("须经县级司法行政部门负责人批准")
    try:
        approved_on = date.fromisoformat(str(data.get("approved_on") or ""))
        if approved_on > today:
            errors["approved_on"] = N_("批准日期不能晚于今天")
    except ValueError:
        errors["approved_on"] = N_("请填写批准日期")
        approved_on = today
    try:
        months = int(str(data.get("months") or ""))
    except ValueError:
        months = 0
    if not 1 <= months <= settings.location_max_months:
        errors["months"] = Message(
            N_("每次批准期限为 1 至 {months} 个月"), months=settings.location_max_months
        )
    active = session.exec(
        select(CorrectionsLocation).where(
            CorrectionsLocation.subject_id == subject.id,
            CorrectionsLocation.active.is_(True),  # type: ignore[attr-defined]
        )
    ).first()
    if active is not None:
        errors["ground"] = Message(
            N_("电子定位正在使用中（至 {end_on}），到期后再重新批准"), end_on=active.end_on
        )
    fence: dict[str, float | None] = {}
    for field in ("fence_lat", "fence_lon", "fence_radius_m"):
        raw = str(data.get(field) or "").strip()
        try:
            fence[field] = float(raw) if raw else None
        except ValueError:
            errors[field] = N_("请填写数字")
    if errors:
        raise InvalidInput(errors)
    row = CorrectionsLocation(
        org_id=subject.org_id,
        subject_id=subject.id,  # type: ignore[arg-type]
        ground=ground,
        approved_by=approved_by.strip()[:50],
        approved_on=approved_on,
        start_on=approved_on,
        end_on=add_months(approved_on, months) - timedelta(days=1),
        provider=str(data.get("provider") or "corrections.simulated")[:40],
        **fence,
    )
    session.add(row)
    session.flush()
    return row


def switch_off(session: Session, row: CorrectionsLocation, on: date) -> None:
    """Remove the device before the term ends (no longer needed)."""
    if not row.active:
        raise CorrectionsError(N_("电子定位已解除"))
    row.active, row.switched_off_on = False, on
    session.add(row)


def switch_off_expired(session: Session, today: date) -> int:
    """Every term that ended before *today* is switched off; idempotent."""
    rows = session.exec(
        select(CorrectionsLocation).where(
            CorrectionsLocation.active.is_(True),  # type: ignore[attr-defined]
            CorrectionsLocation.end_on < today,
        )
    ).all()
    for row in rows:
        row.active, row.switched_off_on = False, row.end_on + timedelta(days=1)
        session.add(row)
    return len(rows)
