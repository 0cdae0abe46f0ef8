"""A session's due item (待办) in the core's reminders: check in by the end of the day.

It is due when the sitting ends; it turns amber a day before (the reminder), red once the
sitting is over without a check-in (未到岗), and escalates up the tree like every red light. Checking in
closes it; a cancelled session drops it; a no-show keeps it red until someone deals with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from clinic.codes import SessionStatus
from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
from clinic.planner import BEIJING
from core.api import DueItemKind, DueItemSpec, DueSource, load_calendar, sync_due_items

__all__ = [
    "CHECKIN_KIND",
    "DUE_ITEM_KINDS",
    "HOLIDAY_KIND",
    "recheck_year",
    "session_source",
    "sync_session_due",
]

CHECKIN_KIND = "clinic.checkin"
HOLIDAY_KIND = "clinic.holiday_conflict"

DUE_ITEM_KINDS = [
    DueItemKind(
        HOLIDAY_KIND,
        "接诊安排与节假日冲突",
        "Clinic session on a holiday",
        lead_time=timedelta(days=7),
    ),
    DueItemKind(
        CHECKIN_KIND,
        "诊室接诊签到",
        "Clinic session check-in",
        lead_time=timedelta(days=1),
        escalation_delay=timedelta(days=1),
    ),
]


def session_source(session_id: int) -> DueSource:
    return DueSource("clinic", "session", session_id)


def sync_session_due(session: Session, row: ClinicSession, calendar: Any = None) -> None:
    """Make the session's due items match its state (idempotent).

    A scheduled session that falls on a rest day of a known year — a provisional month
    re-checked once the holiday schedule was entered — also gets a "collides with a
    holiday" item for the station's heads until it is moved or cancelled.
    """
    assert row.id is not None
    specs: list[DueItemSpec] = []
    if row.status != SessionStatus.CANCELLED:
        clinic = session.get(ClinicRoom, row.clinic_id)
        provider = session.get(ClinicProvider, row.provider_id)
        name = provider.name if provider else ""
        calendar = calendar or load_calendar(session)
        if (
            row.status == SessionStatus.SCHEDULED
            and calendar.is_known_year(row.day.year)
            and not calendar.is_workday(row.day)
        ):
            specs.append(
                DueItemSpec(
                    key=f"holiday:{row.day.isoformat()}",
                    title_zh=f"接诊安排与节假日冲突，请调整：{clinic.name if clinic else ''} "
                    f"{row.day:%m-%d} {name}",
                    title_en=f"Clinic session on a holiday, reschedule: {row.day.isoformat()}",
                    due_at=row.day - timedelta(days=1),
                    org_id=row.org_id,
                    account_id=None,
                    kind=HOLIDAY_KIND,
                    url=f"/m/clinic/sessions/{row.id}",
                )
            )
        specs.append(
            DueItemSpec(
                key=f"checkin:{row.day.isoformat()}:{row.provider_id}",
                title_zh=f"接诊签到：{clinic.name if clinic else ''} {row.day:%m-%d} {name}",
                title_en=f"Clinic session check-in {row.day.isoformat()}",
                due_at=datetime.combine(row.day, row.ends_at, BEIJING),
                org_id=row.org_id,
                account_id=provider.account_id if provider else None,
                kind=CHECKIN_KIND,
                url=f"/m/clinic/sessions/{row.id}",
                done=row.status == SessionStatus.HELD,
            )
        )
    sync_due_items(session, session_source(row.id), specs)


def recheck_year(session: Session, year: int) -> int:
    """Re-check every scheduled session of ``year`` once its holiday schedule is known.

    Called through the core hook ``sifa_holiday_schedule_entered``; a session now on a
    holiday gets its "reschedule" item. Returns how many sessions collide.
    """
    from datetime import date

    from sqlmodel import col, select

    calendar = load_calendar(session)
    if not calendar.is_known_year(year):
        return 0
    rows = session.exec(
        select(ClinicSession).where(
            ClinicSession.day >= date(year, 1, 1),
            ClinicSession.day <= date(year, 12, 31),
            col(ClinicSession.status) == SessionStatus.SCHEDULED,
        )
    ).all()
    collisions = 0
    for row in rows:
        sync_session_due(session, row, calendar)
        collisions += 0 if calendar.is_workday(row.day) else 1
    return collisions
