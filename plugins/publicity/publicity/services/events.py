"""Publicity events (普法活动): recorded by a unit against its approved plan of the year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from core.api import N_, lock_for_change, touch
from publicity.codes import EventFormat, PlanStatus
from publicity.forms import Form
from publicity.models import PublicityEvent, PublicityUnit
from publicity.services.plans import plan_for, sync_quarter_items
from publicity.services.units import law_list

__all__ = ["FIGURES", "save_event"]

FIGURES = (
    ("attendance", N_("参与人次")),
    ("consultations", N_("解答咨询人次")),
    ("materials", N_("发放资料份数")),
    ("displays", N_("展板横幅数")),
    ("online_reads", N_("线上阅读量")),
)


def save_event(
    session: Session,
    data: Mapping[str, Any],
    *,
    unit: PublicityUnit | None,
    org_allowed: Any,
    today: date,
    event: PublicityEvent | None = None,
    expected_version: int | None = None,
    extra_errors: Mapping[str, str] | None = None,
) -> PublicityEvent:
    """Create or edit an event; *org_allowed(org_id)* says whether the place is in scope.

    The event is counted against the unit's approved plan of its year (if any), and that
    plan's quarterly due items follow at once. *extra_errors* (the photos', the unit's) are
    reported together with the fields' own, so the user sees every problem at once.
    """
    if event is not None:
        lock_for_change(session, event, expected_version)
    form = Form(data)
    title = form.text("title", N_("活动名称"), required=True, limit=120)
    held_on = form.day("held_on", N_("活动日期"))
    if held_on is not None and held_on > today:
        form.error("held_on", N_("活动日期不能晚于今天（计划中的活动请写入年度计划）"))
    fmt = form.choice("format", EventFormat, N_("活动形式"))
    org_id = form.integer("org_id", N_("活动地点所属机构"), maximum=2**31, required=True)
    if org_id is not None and not org_allowed(org_id):
        form.error("org_id", N_("您无权为该机构登记活动"))
    figures = {name: form.integer(name, zh, maximum=10_000_000) or 0 for name, zh in FIGURES}
    satisfaction = form.integer("satisfaction", N_("满意率(%)"), maximum=100)
    values = {
        "time_text": form.text("time_text", N_("时间"), limit=40),
        "place": form.text("place", N_("活动地点"), limit=120),
        "theme": form.text("theme", N_("活动主题"), limit=120),
        "laws": "\n".join(law_list(form.text("laws", N_("宣传的法律"), limit=1000))),
        "audience": form.text("audience", N_("宣传对象"), limit=120),
        "key_date": form.text("key_date", N_("重要节点"), limit=60),
        "notes": form.text("notes", N_("活动情况"), limit=2000),
    }
    for field, message in (extra_errors or {}).items():
        form.error(field, message)
    form.check()
    assert unit is not None and unit.id is not None
    if event is None:
        event = PublicityEvent(
            unit_id=unit.id, org_id=org_id, title=title, held_on=held_on, format=fmt
        )  # type: ignore[arg-type]
    else:
        touch(event)
    old_year = event.held_on.year if event.id else None
    event.title, event.held_on, event.format, event.org_id = title, held_on, fmt, org_id  # type: ignore[assignment]
    for name, value in {**figures, **values}.items():
        setattr(event, name, value)
    event.satisfaction = satisfaction
    assert held_on is not None
    plan = plan_for(session, unit.id, held_on.year)
    event.plan_id = plan.id if plan is not None and plan.status == PlanStatus.APPROVED else None
    event.updated_at = datetime.now(UTC)
    session.add(event)
    session.flush()
    for year in {held_on.year, old_year} - {None}:
        other = plan_for(session, unit.id, year)  # type: ignore[arg-type]
        if other is not None:
            sync_quarter_items(session, other, today)
    return event
