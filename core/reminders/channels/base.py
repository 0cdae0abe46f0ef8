"""The interface of a notification channel, and the message it is handed.

A channel is any object with ``name``, ``label_zh``, ``label_en``, ``needs_address`` and
``send(message)``; optionally ``check_address(value) -> str``. ``send`` either returns
(delivered) or raises :class:`ChannelError` (not delivered; the core records the error and
retries later). It must not write to the platform database: the core records the outcome.
Kept free of database imports so the plugin host can check channels while it loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "ChannelError",
    "NotificationChannel",
    "OutgoingMessage",
    "check_channel",
    "owned_channels",
]

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")


class ChannelError(Exception):
    """A channel could not deliver a message (server down, address refused, …).

    The message is stored on the delivery as its last error and shown to administrators;
    the delivery is tried again by a later run.
    """


@dataclass(frozen=True)
class OutgoingMessage:
    """One notification as a channel sends it to one person.

    ``address`` is the recipient's address for this channel (an e-mail address, a mobile
    number) or None for channels that need none. ``url`` is absolute when the platform's
    public address is configured (``SIFA_PUBLIC_URL``), else a path. Titles and bodies come
    in Chinese and English; channels send the Chinese text unless they know better.
    """

    notification_id: int
    account_id: int
    recipient_name: str
    address: str | None
    kind: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    url: str | None
    created_at: datetime


@runtime_checkable
class NotificationChannel(Protocol):
    """What a notification channel provides (duck-typed; no base class needed).

    ``name``: unique; a plugin's channel is named ``"<plugin>.<channel>"``
    (``"sms_gateway.sms"``). ``label_zh``/``label_en``: shown on the user's notification
    settings page. ``needs_address``: True if the channel delivers only to people who gave
    an address for it (then the core passes it as ``message.address``).
    """

    name: str
    label_zh: str
    label_en: str
    needs_address: bool

    def send(self, message: OutgoingMessage) -> None:
        """Deliver ``message`` or raise :class:`ChannelError`."""


def check_channel(value: Any) -> NotificationChannel:
    """Refuse an object that does not implement the channel interface (with the reason)."""
    for attribute in ("name", "label_zh", "label_en", "needs_address"):
        if not hasattr(value, attribute):
            raise ValueError(f"notification channel {value!r} has no {attribute!r}")
    if not callable(getattr(value, "send", None)):
        raise ValueError(f"notification channel {value!r} has no send(message) method")
    if not isinstance(value.name, str) or not _NAME.match(value.name):
        raise ValueError(f"invalid notification channel name {value.name!r}")
    return value  # type: ignore[no-any-return]


def owned_channels(owner: str, values: Any) -> list[NotificationChannel]:
    """Check a plugin's channels: each a channel, named ``<owner>.…``, each name once."""
    found: list[NotificationChannel] = []
    seen: set[str] = set()
    for value in values or []:
        channel = check_channel(value)
        if not channel.name.startswith(f"{owner}."):
            raise ValueError(f"{channel.name!r} must start with the plugin's name: {owner}.")
        if channel.name in seen:
            raise ValueError(f"{channel.name!r} is declared twice")
        seen.add(channel.name)
        found.append(channel)
    return found
