"""When an item turns amber and when its next escalation is due, from its kind's timing.

Escalation levels are timed from the due time, not from the previous step, so the schedule
is a pure function of the item: level ``n`` (n ≥ 1) is due ``n × escalation_delay`` after
``due_at``. A scan that did not run for a while therefore catches up on every level that
fell due meanwhile, and one that runs twice finds nothing new. Level 0 — handing an item
without a responsible person to the heads of its organisation — is due at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate
from core.reminders.kinds import KindTiming, effective_timing
from core.reminders.models import DueItem

__all__ = ["escalation_due_at", "next_level", "retime_open_items", "schedule"]


def next_level(item: DueItem) -> int:
    """The escalation level the item reaches next."""
    if item.escalation_level is None:
        return 0 if item.account_id is None else 1
    return item.escalation_level + 1


def escalation_due_at(item: DueItem, level: int, timing: KindTiming) -> datetime:
    """When level ``level`` of ``item`` is due."""
    if level == 0:
        return item.created_at
    return item.due_at + level * timing.escalation_delay


def schedule(item: DueItem, timing: KindTiming, *, fresh: bool = False) -> None:
    """Set the amber time and the next escalation from ``timing``.

    A finished escalation chain (``next_escalation_at`` None on an item that has been
    scheduled before) stays finished unless ``fresh``.
    """
    item.soon_at = item.due_at - timing.lead_time
    if item.done_at is not None:
        item.next_escalation_at = None
    elif fresh or item.next_escalation_at is not None:
        item.next_escalation_at = escalation_due_at(item, next_level(item), timing)


def retime_open_items(session: Session, org_id: int, kind: str) -> int:
    """Re-time the open items of ``kind`` in ``org_id``'s subtree (after a bureau's change)."""
    root = session.get(OrgUnit, org_id)
    if root is None:
        return 0
    items = session.exec(
        select(DueItem)
        .join(OrgUnit, col(OrgUnit.id) == DueItem.org_id)
        .where(DueItem.kind == kind, col(DueItem.done_at).is_(None), subtree_predicate(root))
    ).all()
    timings: dict[int, KindTiming] = {}
    for item in items:
        timing = timings.get(item.org_id)
        if timing is None:
            timing = timings[item.org_id] = effective_timing(session, kind, item.org_id)
        schedule(item, timing)
        session.add(item)
    session.flush()
    return len(items)
