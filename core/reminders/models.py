"""Tables of reminders: due items, their escalations, notifications and their deliveries.

A *due item* (待办事项) is something a person or an organisation must do by a time; any
record of any plugin can carry some. Its state (on time, due soon, overdue, done) is derived
from its times and the clock, never stored. What the periodic scan has already done for an
item is stored on it (``notified_stage``, ``escalation_level``, ``next_escalation_at``) and,
as a unique row, in the escalation and notification tables: that is what lets a killed scan
run again without repeating or skipping anything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "DeliveryState",
    "DueItem",
    "DueItemEscalation",
    "DueItemKindOverride",
    "DueItemRecipient",
    "Notification",
    "NotificationAddress",
    "NotificationDelivery",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class DueItemKindOverride(SQLModel, table=True):
    """A bureau's own timing for one kind of due item (提醒设置的本地调整).

    The kind's declaration carries the defaults (due soon 3 days ahead, escalation one day
    after the due time unless the plugin says otherwise); a bureau may change either for its
    subtree. The override of the nearest organisation up the tree wins, as for deadline
    rules. ``None`` keeps the declared value.
    """

    __tablename__ = "due_item_kind_override"
    __table_args__ = (
        UniqueConstraint("org_id", "kind"),
        CheckConstraint("lead_minutes IS NULL OR lead_minutes >= 0", name="lead_not_negative"),
        CheckConstraint(
            "escalation_minutes IS NULL OR escalation_minutes > 0", name="escalation_positive"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    kind: str = Field(max_length=80)
    lead_minutes: int | None = Field(default=None)
    escalation_minutes: int | None = Field(default=None)
    note: str = Field(default="", max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DueItem(SQLModel, table=True):
    """待办事项: what must be done by when, by whom, for which record.

    The source is the record the item belongs to (``plugin``, ``entity``, ``entity_id``) and
    ``key`` tells its items apart; the four together are unique, so a plugin's job can
    derive its items from the database again and again without creating duplicates.
    ``account_id`` is the responsible person; without one, the heads of ``org_id`` are
    responsible. ``soon_at`` is when the item turns amber (``due_at`` minus the kind's lead
    time). ``notified_stage`` (0 none, 1 due-soon told, 2 overdue told),
    ``escalation_level`` (highest escalation made, None for none) and
    ``next_escalation_at`` (None: no further escalation) are the scan's bookkeeping.
    """

    __tablename__ = "due_item"
    __table_args__ = (
        UniqueConstraint("plugin", "entity", "entity_id", "key"),
        Index("ix_due_item_open_due", "done_at", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plugin: str = Field(max_length=40)
    entity: str = Field(max_length=60)
    entity_id: str = Field(max_length=64)
    key: str = Field(default="", max_length=80)
    kind: str = Field(max_length=80)
    title_zh: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200)
    url: str | None = Field(default=None, max_length=300)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="staff_account.id", index=True)
    due_at: datetime
    soon_at: datetime
    #: Non-empty when the due date is provisional (暂定): the reason, shown beside the date.
    provisional_note: str = Field(
        default="", max_length=200, sa_column_kwargs={"server_default": ""}
    )
    done_at: datetime | None = Field(default=None)
    done_by: int | None = Field(default=None, foreign_key="staff_account.id")
    notified_stage: int = Field(default=0)
    escalation_level: int | None = Field(default=None)
    next_escalation_at: datetime | None = Field(default=None, index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DueItemEscalation(SQLModel, table=True):
    """One step of the red-light warning (红灯预警升级): an item handed up to supervisors.

    Level 0 exists only for an item without a responsible person: it names the heads of the
    organisation who then own it. Level 1, 2, … go one supervising organisation further up
    each. ``(item_id, level)`` is unique: a scan that dies and runs again can never
    escalate the same level twice. ``org_id`` is the organisation whose heads were told.
    """

    __tablename__ = "due_item_escalation"
    __table_args__ = (UniqueConstraint("item_id", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="due_item.id", index=True, ondelete="CASCADE")
    level: int
    org_id: int = Field(foreign_key="org_unit.id")
    escalated_at: datetime = Field(default_factory=utcnow)


class DueItemRecipient(SQLModel, table=True):
    """An account a due item was escalated to; it appears in that account's inbox.

    An account is told about an item once, at the lowest level that reached it.
    """

    __tablename__ = "due_item_recipient"
    __table_args__ = (
        UniqueConstraint("item_id", "account_id"),
        Index("ix_due_item_recipient_account_id_item_id", "account_id", "item_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(foreign_key="due_item_escalation.id", index=True, ondelete="CASCADE")
    item_id: int = Field(foreign_key="due_item.id", ondelete="CASCADE")
    account_id: int = Field(foreign_key="staff_account.id", ondelete="CASCADE")


class Notification(SQLModel, table=True):
    """站内通知: one message to one account, shown in its inbox (the in-app channel).

    ``key`` is unique per account, so whoever creates notifications from the database
    (the reminder scan, a plugin's job) can run again without telling anyone twice. Other
    channels (e-mail, SMS) deliver copies, recorded in :class:`NotificationDelivery`.
    Technical bookkeeping that changes on every read: not audited.
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("account_id", "key"),
        Index("ix_notification_account_id_read_at", "account_id", "read_at"),
        {"info": {"audit": False}},
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="staff_account.id", ondelete="CASCADE")
    key: str = Field(max_length=120)
    kind: str = Field(max_length=40)
    title_zh: str = Field(max_length=200)
    title_en: str = Field(default="", max_length=200)
    body_zh: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    url: str | None = Field(default=None, max_length=300)
    item_id: int | None = Field(default=None, foreign_key="due_item.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    read_at: datetime | None = Field(default=None)


class DeliveryState(StrEnum):
    """Where one copy of a notification on one channel stands; the values are stored."""

    PENDING = "pending"  # to be sent by the next delivery run
    SENDING = "sending"  # claimed by a run (attempts counted); sent or failed next
    SENT = "sent"
    FAILED = "failed"  # the channel raised; retried at next_attempt_at (None: gave up)
    CANCELLED = "cancelled"  # the notification was read or its item done before sending


class NotificationDelivery(SQLModel, table=True):
    """One notification on one external channel: state, attempts, last error.

    ``(notification_id, channel)`` is unique, so a delivery run that is killed and runs
    again never creates a second copy; a copy is sent only by the run that *claimed* it
    (pending/failed → sending, attempts + 1, committed before the channel is called).
    """

    __tablename__ = "notification_delivery"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel"),
        {"info": {"audit": False}},
    )

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", ondelete="CASCADE")
    channel: str = Field(max_length=60)
    state: DeliveryState = Field(
        default=DeliveryState.PENDING, sa_column=Column(String(16), nullable=False, index=True)
    )
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    next_attempt_at: datetime | None = Field(default=None)
    claimed_at: datetime | None = Field(default=None)
    sent_at: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class NotificationAddress(SQLModel, table=True):
    """Where a staff member receives one channel's copies (通知方式): an e-mail, a mobile.

    Channels that need an address deliver only to accounts that gave one. The address (a
    mobile number, an e-mail) is personal data: the audit trail records it as ``***``.
    """

    __tablename__ = "notification_address"
    __table_args__ = (UniqueConstraint("account_id", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="staff_account.id", ondelete="CASCADE")
    channel: str = Field(max_length=60)
    address: str = Field(max_length=200, sa_column_kwargs={"info": {"sensitive": True}})
    updated_at: datetime = Field(default_factory=utcnow)
