"""Which channels are on in this installation: the core's (by settings) and the plugins'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.reminders.channels.base import NotificationChannel
from core.reminders.channels.core_channels import INAPP, EmailChannel, LogChannel
from core.settings import Settings

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["channel_owner", "external_channels", "notification_channels"]


def notification_channels(
    settings: Settings, host: PluginHost | None = None
) -> list[NotificationChannel]:
    """Every channel that is on: in-app first, then log, e-mail, then each plugin's."""
    channels: list[NotificationChannel] = [INAPP]
    if settings.notify_log:
        channels.append(LogChannel())
    if settings.smtp_host:
        channels.append(EmailChannel(settings))
    if host is not None:
        for record in host.loaded():
            channels.extend(record.contributions.notification_channels)
    return channels


def external_channels(
    settings: Settings, host: PluginHost | None = None
) -> list[NotificationChannel]:
    """The channels the delivery job sends on (all but the in-app inbox)."""
    return [c for c in notification_channels(settings, host) if c.name != INAPP.name]


def channel_owner(name: str) -> str:
    """The plugin that declared a channel (``"sms_gateway.sms"`` → ``"sms_gateway"``), or core."""
    return name.split(".", 1)[0] if "." in name else "core"
