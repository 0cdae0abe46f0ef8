"""A provider's sessions as an iCalendar feed (RFC 5545) their phone subscribes to.

The feed URL carries the provider's unguessable token instead of a login, because phone
calendars cannot sign in; the token can be renewed to cut off a lost phone. A session's UID
is stable, so a moved or swapped session updates the phone's event instead of duplicating
it; SEQUENCE grows with the row's version, and a session swapped away disappears.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from sqlmodel import Session, col, select

from clinic.codes import SessionStatus
from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
from core.api import OrgUnit

__all__ = ["provider_feed"]

HORIZON = timedelta(days=400)
SHANGHAI = ZoneInfo("Asia/Shanghai")  # a named zone, so phones abroad show the right hour


def provider_feed(session: Session, provider: ClinicProvider, *, today: date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//sifa//clinic rota//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{provider.name} 法律服务诊室排班")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    rows = session.exec(
        select(ClinicSession, ClinicRoom, OrgUnit)
        .join(ClinicRoom, ClinicRoom.id == ClinicSession.clinic_id)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == ClinicRoom.org_id)  # type: ignore[arg-type]
        .where(
            ClinicSession.provider_id == provider.id,
            ClinicSession.day >= today - timedelta(days=62),
            ClinicSession.day <= today + HORIZON,
            col(ClinicSession.status) != SessionStatus.CANCELLED,
        )
        .order_by(ClinicSession.day)
    ).all()
    for row, clinic, community in rows:
        event = Event()
        event.add("uid", f"clinic-session-{row.id}@sifa")
        event.add("dtstamp", (row.updated_at or datetime.now(UTC)).astimezone(UTC))
        event.add("sequence", row.version)
        event.add("dtstart", datetime.combine(row.day, row.starts_at, SHANGHAI))
        event.add("dtend", datetime.combine(row.day, row.ends_at, SHANGHAI))
        event.add("summary", f"法律服务诊室接诊：{clinic.name}")
        event.add("location", clinic.address or community.name)
        event.add(
            "description",
            f"定点：{community.name} {clinic.name}\n定人：{provider.name}\n"
            f"定时：{row.day.isoformat()} {row.starts_at:%H:%M}-{row.ends_at:%H:%M}\n"
            "定责：到岗签到，登记每一件咨询",
        )
        event.add("status", "CONFIRMED")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"明天到{clinic.name}接诊")
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
