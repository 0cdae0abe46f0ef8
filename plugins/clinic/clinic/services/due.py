"""A session's due item (待办) in the core's reminders: check in by the end of the day.

It is due when the sitting ends; it turns amber a day before (the reminder), red once the
sitting is over without a check-in (未到岗), and escalates up the tree like every red light. Checking in
closes it; a cancelled session drops it; a no-show keeps it red until someone deals with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from clinic.codes import SessionStatus
from clinic.models import ClinicProvider, ClinicRoom, ClinicSession
from clinic.planner import BEIJING
from core.api import DueItemKind, DueItemSpec, DueSource, sync_due_items

__all__ = ["CHECKIN_KIND", "DUE_ITEM_KINDS", "session_source", "sync_session_due"]

CHECKIN_KIND = "clinic.checkin"

DUE_ITEM_KINDS = [
    DueItemKind(
        CHECKIN_KIND,
        "诊室接诊签到",
        "Clinic session check-in",
        lead_time=timedelta(days=1),
        escalation_delay=timedelta(days=1),
    )
]


def session_source(session_id: int) -> DueSource:
    return DueSource("clinic", "session", session_id)


def sync_session_due(session: Session, row: ClinicSession) -> None:
    """Make the session's due item match its state (idempotent)."""
    assert row.id is not None
    specs: list[DueItemSpec] = []
    if row.status != SessionStatus.CANCELLED:
        clinic = session.get(ClinicRoom, row.clinic_id)
        provider = session.get(ClinicProvider, row.provider_id)
        name = provider.name if provider else ""
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
