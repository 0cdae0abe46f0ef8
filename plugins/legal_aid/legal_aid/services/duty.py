"""Duty lawyers (值班律师, art. 14, 30, 39): shifts at court, procuratorate and detention-centre
workstations, their logs, and the busy periods other modules see (``sifa_busy_periods``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from legal_aid.codes import Workstation
from legal_aid.errors import InvalidInput
from legal_aid.models import LegalAidDutyLog, LegalAidDutyShift, LegalAidProvider
from legal_aid.services.clock import BEIJING, aware
from legal_aid.validation import Form

__all__ = ["add_log", "add_shift", "busy_rows"]


def _moment(form: Form, field: str, label: tuple[str, str]) -> datetime | None:
    raw = str(form.data.get(field) or "").strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        form.error(field, f"请填写有效的{label[0]}", f"Enter a valid {label[1]}")
        return None
    return (value.replace(tzinfo=BEIJING) if value.tzinfo is None else value).astimezone(UTC)


def add_shift(session: Session, org_id: int, data: Mapping[str, Any]) -> LegalAidDutyShift:
    form = Form(data)
    station = form.choice("workstation", Workstation, ("工作站", "Workstation"))
    place = form.text("place", ("值班地点", "Place"), required=True, limit=100)
    raw = str(data.get("provider_id") or "")
    provider = session.get(LegalAidProvider, int(raw)) if raw.isdigit() else None
    if provider is None or provider.org_id != org_id:
        form.error("provider_id", "请选择本中心名册中的值班律师", "Choose a duty lawyer")
    starts = _moment(form, "starts_at", ("开始时间", "start"))
    ends = _moment(form, "ends_at", ("结束时间", "end"))
    if starts and ends and ends <= starts:
        form.error("ends_at", "结束时间须晚于开始时间", "The end must be after the start")
    form.check()
    clash = session.exec(
        select(LegalAidDutyShift.id).where(
            LegalAidDutyShift.provider_id == provider.id,  # type: ignore[union-attr]
            col(LegalAidDutyShift.starts_at) < ends,
            col(LegalAidDutyShift.ends_at) > starts,
        )
    ).first()
    if clash:
        raise InvalidInput({"starts_at": ("该律师在此时段已有值班", "Already on duty then")})
    shift = LegalAidDutyShift(
        org_id=org_id,
        workstation=station,
        place=place,  # type: ignore[arg-type]
        provider_id=provider.id,
        starts_at=starts,
        ends_at=ends,
    )  # type: ignore[union-attr, arg-type]
    session.add(shift)
    session.flush()
    return shift


def add_log(session: Session, shift_id: int, data: Mapping[str, Any]) -> LegalAidDutyLog:
    shift = session.get(LegalAidDutyShift, shift_id)
    assert shift is not None
    form = Form(data)
    counts = {
        f: form.integer(f, label, low=0, high=1000, default=0)
        for f, label in (
            ("consultations", ("法律咨询人次", "Consultations")),
            ("plea_signings", ("认罪认罚见证次数", "Plea signings")),
            ("applications_taken", ("代为转交申请件数", "Applications taken")),
        )
    }
    notes = form.text("notes", ("值班情况", "Notes"), required=True, limit=2000)
    form.check()
    log = LegalAidDutyLog(shift_id=shift_id, org_id=shift.org_id, notes=notes, **counts)  # type: ignore[arg-type]
    session.add(log)
    session.flush()
    return log


def busy_rows(
    session: Session, start: datetime, end: datetime, practice_numbers: Any = None
) -> list[tuple[str, datetime, datetime, str]]:
    """``(practice number, start, end, label)`` of every duty shift overlapping the window."""
    start, end = aware(start).astimezone(UTC), aware(end).astimezone(UTC)
    query = (
        select(LegalAidDutyShift, LegalAidProvider)
        .join(LegalAidProvider, LegalAidProvider.id == LegalAidDutyShift.provider_id)  # type: ignore[arg-type]
        .where(
            col(LegalAidDutyShift.starts_at) < end,
            col(LegalAidDutyShift.ends_at) > start,
            col(LegalAidProvider.practice_number).is_not(None),
        )
    )
    if practice_numbers is not None:
        query = query.where(col(LegalAidProvider.practice_number).in_(list(practice_numbers)))
    from legal_aid.codes import label

    return [
        (
            provider.practice_number,
            aware(shift.starts_at),
            aware(shift.ends_at),
            f"法律援助值班：{label(Workstation, shift.workstation)}（{shift.place}）",
        )
        for shift, provider in session.exec(query).all()
    ]
