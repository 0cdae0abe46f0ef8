"""In-app notifications (站内通知): writing them once, reading them, marking them read.

A notification is written in the transaction that decides to tell someone, under a key
unique per recipient, so a job that derives notifications from the database can run again
without telling anyone twice. Copies on other channels (e-mail, SMS) are made later by the
delivery job (:mod:`core.reminders.delivery`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from core.reminders.errors import InvalidDueItem
from core.reminders.models import Notification
from core.reminders.urls import is_local_path

__all__ = ["mark_read", "notify", "unread_count"]


def notify(
    session: Session,
    account_id: int,
    *,
    key: str,
    title_zh: str,
    title_en: str = "",
    body_zh: str = "",
    body_en: str = "",
    url: str | None = None,
    kind: str = "message",
    item_id: int | None = None,
    now: datetime | None = None,
) -> Notification | None:
    """Tell ``account_id`` something, once per ``key``; None if that key was used before.

    ``key`` names the occasion (``"mediation.case:42:hearing"``); prefix it with your
    plugin's name. ``url`` is a path on the platform the inbox links to.
    """
    if not key or len(key) > 120:
        raise InvalidDueItem("通知须有键（不超过120字）", "A notification needs a key")
    if not title_zh.strip():
        raise InvalidDueItem("通知须有标题", "A notification needs a title")
    if url is not None and not is_local_path(url):
        raise InvalidDueItem("链接须为本平台内的路径", "The link must be a path on this platform")
    exists = session.exec(
        select(Notification.id).where(
            Notification.account_id == account_id, Notification.key == key
        )
    ).first()
    if exists is not None:
        return None
    row = Notification(
        account_id=account_id,
        key=key,
        kind=kind,
        title_zh=title_zh.strip()[:200],
        title_en=title_en.strip()[:200],
        body_zh=body_zh,
        body_en=body_en,
        url=url,
        item_id=item_id,
        created_at=now or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def unread_count(session: Session, account_id: int) -> int:
    """How many notifications the account has not read (the badge)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Notification)
            .where(Notification.account_id == account_id, col(Notification.read_at).is_(None))
        ).one()
    )


def unread_by_kind(session: Session, account_id: int) -> dict[str, int]:
    """Unread notifications counted by kind: a summary a person can act on, where a badge of
    "99+" says only that there are many."""
    rows = session.exec(
        select(Notification.kind, func.count())
        .where(Notification.account_id == account_id, col(Notification.read_at).is_(None))
        .group_by(Notification.kind)
    ).all()
    return {kind: int(n) for kind, n in rows}


def mark_read(
    session: Session,
    account_id: int,
    notification_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Mark one of the account's notifications read (or all with None); returns how many.

    Only the account's own notifications are touched: another's id changes nothing.
    """
    query = update(Notification).where(
        Notification.account_id == account_id, col(Notification.read_at).is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    result = session.execute(query.values(read_at=now or datetime.now(UTC)))
    return int(result.rowcount or 0)
