"""The clinic module's daily job (``clinic.daily``, 00:20 Beijing time).

* Yesterday's and older sessions nobody checked in at become no-shows; their check-in due
  item stays open and red (and escalates) until the station deals with it.
* Tomorrow's sessions: the provider is reminded (core notification, once per session and
  day — the key makes a repeated run harmless) and the due item is brought up to date.

Work is derived from the database each run, so a missed run catches up the next night;
only organisations where the module is on are touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from clinic.codes import SessionStatus
from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
from clinic.planner import BEIJING
from clinic.services.due import sync_session_due
from core.api import JobContext, PeriodicJob, active_plugins, notify

__all__ = ["PERIODIC_JOBS", "daily", "remind_tomorrow", "sweep_no_shows"]


def sweep_no_shows(session: Any, host: Any, today: Any) -> int:
    rows = session.exec(
        select(ClinicSession).where(
            ClinicSession.day < today, col(ClinicSession.status) == SessionStatus.SCHEDULED
        )
    ).all()
    marked = 0
    for row in rows:
        if host is not None and "clinic" not in active_plugins(session, host, row.org_id):
            continue
        row.status = SessionStatus.NO_SHOW
        row.version += 1
        session.add(row)
        session.flush()
        sync_session_due(session, row)
        marked += 1
    return marked


def remind_tomorrow(session: Any, host: Any, today: Any, now: datetime) -> int:
    tomorrow = today + timedelta(days=1)
    rows = session.exec(
        select(ClinicSession, ClinicProvider, ClinicRoom)
        .join(ClinicProvider, ClinicProvider.id == ClinicSession.provider_id)  # type: ignore[arg-type]
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .where(ClinicSession.day == tomorrow, col(ClinicSession.status) == SessionStatus.SCHEDULED)
    ).all()
    sent = 0
    for row, provider, clinic in rows:
        if host is not None and "clinic" not in active_plugins(session, host, row.org_id):
            continue
        sync_session_due(session, row)
        if provider.account_id is None:
            continue
        note = notify(
            session,
            provider.account_id,
            key=f"clinic.session:{row.id}:remind:{row.day.isoformat()}:{row.provider_id}",
            title_zh=f"明天到{clinic.name}接诊（{row.starts_at:%H:%M}-{row.ends_at:%H:%M}）",
            title_en=f"Clinic session tomorrow at {clinic.name}",
            url=f"/m/clinic/sessions/{row.id}",
            kind="reminder",
            now=now,
        )
        sent += note is not None
    return sent


def daily(context: JobContext) -> dict[str, Any]:
    now = context.slot or context.now()
    today = now.astimezone(BEIJING).date()
    with context.session() as session:
        marked = sweep_no_shows(session, context.host, today)
    with context.session() as session:
        sent = remind_tomorrow(session, context.host, today, now)
    return {"no_shows": marked, "reminded": sent}


PERIODIC_JOBS = [
    PeriodicJob(
        "clinic.daily",
        "20 0 * * *",
        daily,
        description_zh="标记未到岗的接诊场次，提醒律师明天的接诊",
        description_en="Mark clinic no-shows and remind providers of tomorrow's sessions",
        timeout=timedelta(minutes=30),
    )
]
