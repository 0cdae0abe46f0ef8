"""Sending copies of notifications on the external channels (e-mail, SMS, log).

Derived from the database like every periodic job: for each channel that is on, each
recent unread notification whose recipient can be reached there gets a delivery row (unique
per notification and channel — a second run creates no second copy). A row is sent only by
the run that *claims* it: pending (or failed and due for a retry) → sending, attempts + 1,
committed before the channel is called; then sent, or failed with the error and the time of
the next attempt. One channel's failure never stops another's, nor the next message.

The one case a message can go out twice is a run killed *while the channel is sending*:
the row stays "sending", and after :data:`STALE_CLAIM` the next run tries again, since it
cannot know whether the first attempt got through. Dropping it instead would lose a
red-light warning that was never delivered; the in-app copy is exact either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, exists, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.db import session_scope
from core.identity.models import StaffAccount
from core.modules.service import active_plugins
from core.reminders.channels.base import ChannelError, NotificationChannel, OutgoingMessage
from core.reminders.channels.registry import channel_owner
from core.reminders.models import (
    DeliveryState,
    DueItem,
    Notification,
    NotificationAddress,
    NotificationDelivery,
)

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = [
    "DELIVERY_WINDOW",
    "MAX_ATTEMPTS",
    "STALE_CLAIM",
    "DeliveryReport",
    "deliver_notifications",
    "retry_delay",
]

log = logging.getLogger(__name__)

DELIVERY_WINDOW = timedelta(days=1)  # older notifications are not sent by a newly enabled channel
MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=15)  # a "sending" row older than this was interrupted
ERROR_LIMIT = 2000


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next attempt: 2, 4, 8, 16 minutes."""
    return timedelta(minutes=2**attempts)


@dataclass
class DeliveryReport:
    """What one delivery run did, per outcome, with ``by_channel`` counts of sent copies."""

    created: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _still_wanted(notification: Notification, item_done: bool) -> bool:
    return notification.read_at is None and not item_done


def _create_missing(
    engine: Engine,
    channel: NotificationChannel,
    now: datetime,
    host: PluginHost | None,
    report: DeliveryReport,
) -> None:
    """Delivery rows for recent unread notifications this channel can deliver."""
    owner = channel_owner(channel.name)
    already = exists().where(
        NotificationDelivery.notification_id == Notification.id,
        NotificationDelivery.channel == channel.name,
    )
    query = (
        select(Notification.id, StaffAccount.org_id)
        .join(StaffAccount, col(StaffAccount.id) == Notification.account_id)
        .outerjoin(DueItem, col(DueItem.id) == Notification.item_id)
        .where(
            col(Notification.read_at).is_(None),
            col(Notification.created_at) >= now - DELIVERY_WINDOW,
            col(DueItem.done_at).is_(None),
            col(StaffAccount.active).is_(True),
            ~already,
        )
    )
    if channel.needs_address:
        query = query.join(
            NotificationAddress,
            and_(
                NotificationAddress.account_id == Notification.account_id,
                NotificationAddress.channel == channel.name,
            ),
        )
    with Session(engine) as session:
        rows = session.exec(query.order_by(col(Notification.id))).all()
        wanted = []
        plugins_at: dict[int | None, frozenset[str]] = {}
        for notification_id, home in rows:
            if owner != "core" and host is not None:
                if home not in plugins_at:
                    plugins_at[home] = active_plugins(session, host, home)
                if owner not in plugins_at[home]:
                    continue  # the channel's plugin is off at the recipient's bureau
            wanted.append(notification_id)
    if not wanted:
        return
    try:
        with session_scope(engine) as session:
            for notification_id in wanted:
                session.add(
                    NotificationDelivery(
                        notification_id=notification_id,
                        channel=channel.name,
                        created_at=now,
                        updated_at=now,
                    )
                )
        report.created += len(wanted)
    except IntegrityError:  # a concurrent run created (some of) them; the next run fills gaps
        log.info("delivery: rows for %s were created by another run", channel.name)


def _due_deliveries(engine: Engine, names: Sequence[str], now: datetime) -> list[int]:
    due = or_(
        NotificationDelivery.state == DeliveryState.PENDING,
        and_(
            NotificationDelivery.state == DeliveryState.FAILED,
            col(NotificationDelivery.next_attempt_at).is_not(None),
            col(NotificationDelivery.next_attempt_at) <= now,
        ),
        and_(
            NotificationDelivery.state == DeliveryState.SENDING,
            col(NotificationDelivery.claimed_at) < now - STALE_CLAIM,
        ),
    )
    with Session(engine) as session:
        return list(
            session.exec(
                select(NotificationDelivery.id)
                .where(due, col(NotificationDelivery.channel).in_(names))
                .order_by(col(NotificationDelivery.id))
            ).all()
        )


def _claim(
    engine: Engine, delivery_id: int, now: datetime, public_url: str
) -> tuple[int, str, OutgoingMessage] | None:
    """Take the delivery for this run (compare-and-set) and build its message.

    Returns None when another run took it, or when it is no longer wanted (read, done) —
    then it is cancelled.
    """
    with session_scope(engine) as session:
        row = session.get(NotificationDelivery, delivery_id, populate_existing=True)
        if row is None:
            return None
        notification = session.get(Notification, row.notification_id)
        assert notification is not None
        item = session.get(DueItem, notification.item_id) if notification.item_id else None
        expected = (row.state, row.attempts)
        if not _still_wanted(notification, item is not None and item.done_at is not None):
            session.execute(
                update(NotificationDelivery)
                .where(
                    NotificationDelivery.id == delivery_id,
                    NotificationDelivery.state == expected[0],
                    NotificationDelivery.attempts == expected[1],
                )
                .values(state=DeliveryState.CANCELLED, updated_at=now)
            )
            return None
        if row.attempts >= MAX_ATTEMPTS:  # an interrupted last attempt: give up
            session.execute(
                update(NotificationDelivery)
                .where(
                    NotificationDelivery.id == delivery_id,
                    NotificationDelivery.state == expected[0],
                    NotificationDelivery.attempts == expected[1],
                )
                .values(
                    state=DeliveryState.FAILED,
                    last_error="发送中断，已达最大尝试次数 (interrupted; no attempts left)",
                    next_attempt_at=None,
                    updated_at=now,
                )
            )
            return None
        claimed = session.execute(
            update(NotificationDelivery)
            .where(
                NotificationDelivery.id == delivery_id,
                NotificationDelivery.state == expected[0],
                NotificationDelivery.attempts == expected[1],
            )
            .values(
                state=DeliveryState.SENDING,
                attempts=expected[1] + 1,
                claimed_at=now,
                updated_at=now,
            )
        ).rowcount
        if claimed != 1:
            return None
        account = session.get(StaffAccount, notification.account_id)
        address = session.exec(
            select(NotificationAddress.address).where(
                NotificationAddress.account_id == notification.account_id,
                NotificationAddress.channel == row.channel,
            )
        ).first()
        url = notification.url
        if url and public_url:
            url = public_url.rstrip("/") + url
        message = OutgoingMessage(
            notification_id=notification.id,  # type: ignore[arg-type]
            account_id=notification.account_id,
            recipient_name=account.display_name if account else "",
            address=address,
            kind=notification.kind,
            title_zh=notification.title_zh,
            title_en=notification.title_en,
            body_zh=notification.body_zh,
            body_en=notification.body_en,
            url=url,
            created_at=notification.created_at,
        )
        return expected[1] + 1, row.channel, message


def _finish(
    engine: Engine, delivery_id: int, attempts: int, now: datetime, error: str | None
) -> None:
    if error is None:
        values: dict[str, Any] = {
            "state": DeliveryState.SENT,
            "sent_at": now,
            "last_error": None,
            "next_attempt_at": None,
        }
    else:
        values = {
            "state": DeliveryState.FAILED,
            "last_error": error[:ERROR_LIMIT],
            "next_attempt_at": now + retry_delay(attempts) if attempts < MAX_ATTEMPTS else None,
        }
    with session_scope(engine) as session:
        session.execute(
            update(NotificationDelivery)
            .where(
                NotificationDelivery.id == delivery_id,
                NotificationDelivery.state == DeliveryState.SENDING,
                NotificationDelivery.attempts == attempts,
            )
            .values(updated_at=now, **values)
        )


def deliver_notifications(
    engine: Engine,
    channels: Sequence[NotificationChannel],
    now: datetime,
    *,
    host: PluginHost | None = None,
    public_url: str = "",
    progress: Callable[[int], None] | None = None,
) -> DeliveryReport:
    """Create missing deliveries for ``channels`` and send every one that is due."""
    report = DeliveryReport()
    by_name = {c.name: c for c in channels}
    for channel in channels:
        _create_missing(engine, channel, now, host, report)
    for delivery_id in _due_deliveries(engine, list(by_name), now):
        claim = _claim(engine, delivery_id, now, public_url)
        if claim is None:
            report.cancelled += 1
            continue
        attempts, channel_name, message = claim
        channel = by_name[channel_name]
        error: str | None = None
        try:
            channel.send(message)
        except ChannelError as exc:
            error = str(exc) or type(exc).__name__
        except Exception as exc:  # a broken channel must not stop the others
            log.exception("channel %s failed on delivery %s", channel.name, delivery_id)
            error = f"{type(exc).__name__}: {exc}"
        _finish(engine, delivery_id, attempts, now, error)
        if error is None:
            report.sent += 1
            report.by_channel[channel.name] = report.by_channel.get(channel.name, 0) + 1
        else:
            report.failed += 1
            log.warning("delivery %s on %s failed: %s", delivery_id, channel.name, error)
        if progress is not None:
            progress(report.sent + report.failed)
    return report
