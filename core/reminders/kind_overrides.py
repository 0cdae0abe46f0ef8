"""A bureau's own timing for a kind of due item, edited by its administrators.

Changing it re-times the open items of that kind in the bureau's subtree at once, so the
inbox colours and the next escalation follow the new setting without waiting for anyone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from core.reminders.errors import ReminderError
from core.reminders.kinds import declared_kind
from core.reminders.models import DueItemKindOverride
from core.reminders.timing import retime_open_items

__all__ = ["remove_kind_override", "set_kind_override"]


def _minutes(value: timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds() // 60)


def set_kind_override(
    session: Session,
    org_id: int,
    code: str,
    *,
    lead_time: timedelta | None = None,
    escalation_delay: timedelta | None = None,
    note: str = "",
) -> DueItemKindOverride:
    """Store a bureau's timing for kind ``code`` (replacing its earlier one).

    ``None`` keeps the value that applies from further up the tree.
    """
    declared_kind(code)
    if lead_time is not None and lead_time < timedelta(0):
        raise ReminderError("提前提醒时间不能为负数", "The lead time cannot be negative")
    if escalation_delay is not None and escalation_delay < timedelta(minutes=1):
        raise ReminderError("升级间隔至少为一分钟", "The escalation delay must be a minute or more")
    row = session.exec(
        select(DueItemKindOverride).where(
            DueItemKindOverride.org_id == org_id, DueItemKindOverride.kind == code
        )
    ).first()
    if row is None:
        row = DueItemKindOverride(org_id=org_id, kind=code)
    else:
        row.version += 1
        row.updated_at = datetime.now(UTC)
    row.lead_minutes = _minutes(lead_time)
    row.escalation_minutes = _minutes(escalation_delay)
    row.note = note
    session.add(row)
    session.flush()
    retime_open_items(session, org_id, code)
    return row


def remove_kind_override(session: Session, org_id: int, code: str) -> bool:
    """Go back to the timing from further up; False if the bureau had none."""
    row = session.exec(
        select(DueItemKindOverride).where(
            DueItemKindOverride.org_id == org_id, DueItemKindOverride.kind == code
        )
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    retime_open_items(session, org_id, code)
    return True
