"""Small helpers shared by the reminder tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core.platform import Platform
from core.reminders.models import DueItem, DueItemEscalation, DueItemRecipient, Notification
from core.reminders.scan import ScanReport, scan_due_items
from core.reminders.service import DueSource, add_due_item

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def add_item(platform: Platform, now: datetime, **fields: Any) -> int:
    """Add one due item in its own transaction; returns its id."""
    source = fields.pop("source", DueSource("core", "test", fields.pop("entity_id", 1)))
    with Session(platform.engine) as session:
        item = add_due_item(session, source, now=now, **fields)
        session.commit()
        return item.id  # type: ignore[return-value]


def scan(platform: Platform, now: datetime) -> ScanReport:
    return scan_due_items(platform.engine, now, host=platform.host)


def escalations(platform: Platform, item_id: int | None = None) -> list[tuple[int, int, int]]:
    """(item, level, org) of every escalation, in order."""
    with Session(platform.engine) as session:
        query = select(DueItemEscalation).order_by(
            col(DueItemEscalation.item_id), col(DueItemEscalation.level)
        )
        if item_id is not None:
            query = query.where(DueItemEscalation.item_id == item_id)
        return [(e.item_id, e.level, e.org_id) for e in session.exec(query).all()]


def recipients(platform: Platform, item_id: int) -> set[int]:
    with Session(platform.engine) as session:
        return set(
            session.exec(
                select(DueItemRecipient.account_id).where(DueItemRecipient.item_id == item_id)
            ).all()
        )


def notifications(platform: Platform, account_id: int | None = None) -> list[tuple[int, str]]:
    """(account, key) of every notification, in order."""
    with Session(platform.engine) as session:
        query = select(Notification).order_by(col(Notification.id))
        if account_id is not None:
            query = query.where(Notification.account_id == account_id)
        return [(n.account_id, n.key) for n in session.exec(query).all()]


def item_of(platform: Platform, item_id: int) -> DueItem:
    with Session(platform.engine) as session:
        item = session.get(DueItem, item_id)
        assert item is not None
        return item
