"""The provider service log (服务台账): hours on site per month against the adviser norm.

Hours come from what was actually done: sessions held (their sitting time), home visits
made (hours recorded), publicity events assisted (助诊 hours) and the adviser's own log lines
(驻村服务, 讲座). Lectures per quarter come from the log's lecture lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from clinic.codes import HomeVisitStatus, ServiceKind, SessionStatus
from clinic.errors import InvalidInput
from clinic.models import (
    ClinicAssist,
    ClinicHomeVisit,
    ClinicProvider,
    ClinicServiceEntry,
    ClinicSession,
)
from clinic.planner import month_days
from core.api import N_

__all__ = ["ProviderMonth", "add_entry", "provider_months"]


@dataclass
class ProviderMonth:
    provider: ClinicProvider
    sessions: int
    no_shows: int
    session_hours: float
    visit_hours: float
    assist_hours: float
    log_hours: float
    lectures_in_quarter: int

    @property
    def hours(self) -> float:
        return round(self.session_hours + self.visit_hours + self.assist_hours + self.log_hours, 1)


def _sitting(row: ClinicSession) -> float:
    start = datetime.combine(row.day, row.starts_at)
    end = datetime.combine(row.day, row.ends_at)
    return (end - start).total_seconds() / 3600


def add_entry(
    session: Session, provider: ClinicProvider, village_id: int, data: dict[str, Any], today: date
) -> ClinicServiceEntry:
    errors = {}
    try:
        day = date.fromisoformat(str(data.get("day") or ""))
        if day > today:
            errors["day"] = N_("日期不能晚于今天")
    except ValueError:
        errors["day"] = N_("请填写有效的日期")
    kind = str(data.get("kind") or "")
    if kind not in set(ServiceKind):
        errors["kind"] = N_("请选择服务方式")
    try:
        hours = float(str(data.get("hours") or ""))
        if not 0 < hours <= 12:
            raise ValueError
    except ValueError:
        errors["hours"] = N_("服务时长应在0到12小时之间")
    if errors:
        raise InvalidInput(errors)
    entry = ClinicServiceEntry(
        org_id=village_id,
        provider_id=provider.id,  # type: ignore[arg-type]
        day=day,
        kind=kind,
        hours=hours,
        note=str(data.get("note") or "")[:200] or None,
    )
    session.add(entry)
    session.flush()
    return entry


def provider_months(
    session: Session, providers: Iterable[ClinicProvider], year: int, month: int
) -> list[ProviderMonth]:
    providers = list(providers)
    ids = [p.id for p in providers]
    days = month_days(year, month)
    first, last = days[0], days[-1]
    q_first = date(year, 3 * ((month - 1) // 3) + 1, 1)
    q_last = month_days(year, q_first.month + 2)[-1]
    sessions: dict[int, list[ClinicSession]] = defaultdict(list)
    for row in session.exec(
        select(ClinicSession).where(
            col(ClinicSession.provider_id).in_(ids),
            ClinicSession.day >= first,
            ClinicSession.day <= last,
        )
    ):
        sessions[row.provider_id].append(row)
    visits: dict[int, float] = defaultdict(float)
    for provider_id, hours in session.exec(
        select(ClinicHomeVisit.provider_id, ClinicHomeVisit.hours).where(
            col(ClinicHomeVisit.provider_id).in_(ids),
            ClinicHomeVisit.status == HomeVisitStatus.DONE,
            col(ClinicHomeVisit.visited_on) >= first,
            col(ClinicHomeVisit.visited_on) <= last,
        )
    ):
        visits[provider_id] += hours or 0
    assists: dict[int, float] = defaultdict(float)
    for provider_id, hours in session.exec(
        select(ClinicAssist.provider_id, ClinicAssist.hours).where(
            col(ClinicAssist.provider_id).in_(ids),
            ClinicAssist.day >= first,
            ClinicAssist.day <= last,
        )
    ):
        assists[provider_id] += hours or 0
    logged: dict[int, float] = defaultdict(float)
    lectures: dict[int, int] = defaultdict(int)
    for entry in session.exec(
        select(ClinicServiceEntry).where(
            col(ClinicServiceEntry.provider_id).in_(ids),
            ClinicServiceEntry.day >= q_first,
            ClinicServiceEntry.day <= q_last,
        )
    ):
        if first <= entry.day <= last and entry.kind != ServiceKind.REMOTE:
            logged[entry.provider_id] += entry.hours
        if entry.kind == ServiceKind.LECTURE:
            lectures[entry.provider_id] += 1
    result = []
    for provider in providers:
        own = sessions[provider.id]  # type: ignore[index]
        held = [s for s in own if s.status == SessionStatus.HELD]
        result.append(
            ProviderMonth(
                provider=provider,
                sessions=len(held),
                no_shows=sum(s.status == SessionStatus.NO_SHOW for s in own),
                session_hours=round(sum(_sitting(s) for s in held), 1),
                visit_hours=visits[provider.id],  # type: ignore[index]
                assist_hours=assists[provider.id],  # type: ignore[index]
                log_hours=logged[provider.id],  # type: ignore[index]
                lectures_in_quarter=lectures[provider.id],  # type: ignore[index]
            )
        )
    return result
