"""巡诊: a community worker asks for a home visit for someone who cannot come to the clinic;
the station assigns a provider and a day; the provider records the visit and its outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from clinic.codes import HomeVisitStatus, Outcome
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicHomeVisit, ClinicProvider
from core.api import N_, lock_for_change, touch

__all__ = ["assign_visit", "record_visit", "request_visit"]


def request_visit(
    session: Session,
    org_id: int,
    data: dict[str, Any],
    *,
    person_id: int | None,
    today: date,
    actor_id: int | None,
) -> ClinicHomeVisit:
    errors = {}
    address = str(data.get("address") or "").strip()
    matter = str(data.get("matter") or "").strip()
    if not address:
        errors["address"] = N_("请填写上门地址")
    if not matter:
        errors["matter"] = N_("请填写需要咨询的事项")
    if errors:
        raise InvalidInput(errors)
    visit = ClinicHomeVisit(
        org_id=org_id,
        person_id=person_id,
        address=address[:200],
        matter=matter[:4000],
        requested_on=today,
        requested_by=actor_id,
        status=HomeVisitStatus.REQUESTED,
    )
    session.add(visit)
    session.flush()
    return visit


def assign_visit(
    session: Session,
    visit: ClinicHomeVisit,
    provider: ClinicProvider,
    planned_on: date,
    *,
    today: date,
    version: int | None,
) -> None:
    lock_for_change(session, visit, version)
    if visit.status not in (HomeVisitStatus.REQUESTED, HomeVisitStatus.ASSIGNED):
        raise ClinicError("该巡诊已完成或已取消", "The visit is closed")
    if planned_on < today:
        raise InvalidInput({"planned_on": N_("上门日期不能早于今天")})
    visit.provider_id = provider.id
    visit.planned_on = planned_on
    visit.status = HomeVisitStatus.ASSIGNED
    touch(visit)
    session.add(visit)
    session.flush()


def record_visit(
    session: Session,
    visit: ClinicHomeVisit,
    data: dict[str, Any],
    *,
    today: date,
    version: int | None,
) -> None:
    lock_for_change(session, visit, version)
    if visit.status != HomeVisitStatus.ASSIGNED:
        raise ClinicError("请先派员再登记巡诊结果", "Assign a provider first")
    errors = {}
    try:
        visited_on = date.fromisoformat(str(data.get("visited_on") or ""))
        if visited_on > today:
            errors["visited_on"] = N_("巡诊日期不能晚于今天")
    except ValueError:
        errors["visited_on"] = N_("请填写有效的日期")
    try:
        hours = float(str(data.get("hours") or "0"))
        if not 0 < hours <= 12:
            raise ValueError
    except ValueError:
        errors["hours"] = N_("服务时长应在0到12小时之间")
    record = str(data.get("record") or "").strip()
    if not record:
        errors["record"] = N_("请填写巡诊记录")
    outcome = str(data.get("outcome") or "")
    if outcome not in set(Outcome):
        errors["outcome"] = N_("请选择处理结果")
    if errors:
        raise InvalidInput(errors)
    visit.visited_on = visited_on
    visit.hours = hours
    visit.record = record[:4000]
    visit.outcome = outcome
    visit.status = HomeVisitStatus.DONE
    touch(visit)
    session.add(visit)
    session.flush()
