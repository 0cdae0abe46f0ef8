"""Where each staff member receives notifications besides the inbox (通知方式).

Channels that need an address (e-mail, SMS) deliver only to accounts that entered one; a
channel may check and normalise what is entered (``check_address``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlmodel import Session, select

from core.reminders.channels.base import NotificationChannel
from core.reminders.errors import InvalidAddress, ReminderError
from core.reminders.models import NotificationAddress

__all__ = ["AddressesRefused", "address_book", "save_addresses"]

ADDRESS_LIMIT = 200


class AddressesRefused(ReminderError):
    """Some entered addresses were refused by their channels; ``errors`` maps channel → error."""

    def __init__(self, errors: Mapping[str, InvalidAddress]) -> None:
        super().__init__("部分通知方式填写有误", "Some addresses are not valid")
        self.errors = dict(errors)


def address_book(session: Session, account_id: int) -> dict[str, str]:
    """The account's addresses by channel name."""
    return {
        row.channel: row.address
        for row in session.exec(
            select(NotificationAddress).where(NotificationAddress.account_id == account_id)
        ).all()
    }


def save_addresses(
    session: Session,
    account_id: int,
    channels: Sequence[NotificationChannel],
    values: Mapping[str, str],
    *,
    now: datetime | None = None,
) -> None:
    """Store the account's address for each of ``channels`` (empty: remove it).

    Every value is checked first; if any is refused nothing is stored and
    :class:`AddressesRefused` names each refused channel.
    """
    checked: dict[str, str] = {}
    errors: dict[str, InvalidAddress] = {}
    for channel in channels:
        value = values.get(channel.name, "").strip()
        if value:
            check = getattr(channel, "check_address", None)
            try:
                value = check(value) if callable(check) else value
                if len(value) > ADDRESS_LIMIT:
                    raise InvalidAddress("地址过长", "The address is too long")
            except InvalidAddress as exc:
                errors[channel.name] = exc
                continue
        checked[channel.name] = value
    if errors:
        raise AddressesRefused(errors)
    stored = {
        row.channel: row
        for row in session.exec(
            select(NotificationAddress).where(NotificationAddress.account_id == account_id)
        ).all()
    }
    for name, value in checked.items():
        row = stored.get(name)
        if not value:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                NotificationAddress(
                    account_id=account_id,
                    channel=name,
                    address=value,
                    updated_at=now or datetime.now(UTC),
                )
            )
        elif row.address != value:
            row.address = value
            row.updated_at = now or datetime.now(UTC)
            session.add(row)
    session.flush()
