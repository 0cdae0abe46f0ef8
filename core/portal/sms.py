"""Text messages to applicants, through the core's notification channels.

An applicant has no staff account, so the message goes to the channels that deliver by
mobile number: a plugin's channel named ``"<plugin>.sms"`` (``needs_address``), handed an
:class:`OutgoingMessage` whose ``address`` is the phone. With the development setting
``portal_dev_sms`` on, messages are instead logged and kept in the development outbox
(``/portal/dev/outbox``) — codes included — which is why that setting must never be on in
production. Without either, the message is dropped and the log says so (never its text).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from core.people.masking import mask_phone
from core.portal.models import PortalOutbox
from core.reminders.channels.base import ChannelError, NotificationChannel, OutgoingMessage
from core.reminders.channels.registry import external_channels
from core.settings import Settings

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = ["send_sms", "sms_channels"]

log = logging.getLogger("sifa.portal")


def sms_channels(settings: Settings, host: PluginHost | None) -> list[NotificationChannel]:
    return [
        c for c in external_channels(settings, host) if c.name.endswith(".sms") and c.needs_address
    ]


def send_sms(
    session: Session,
    settings: Settings,
    host: PluginHost | None,
    phone: str,
    text: str,
    *,
    kind: str,
) -> bool:
    """Send *text* to *phone*; True when a channel (or the development outbox) took it."""
    if settings.portal_dev_sms:
        session.add(PortalOutbox(phone=phone, text=text, kind=kind, at=datetime.now(UTC)))
        session.flush()
        log.info("development SMS to %s: %s", mask_phone(phone), text)
        return True
    message = OutgoingMessage(
        notification_id=0,
        account_id=0,
        recipient_name="申请人",
        address=phone,
        kind=f"portal.{kind}",
        title_zh=text,
        title_en="",
        body_zh=text,
        body_en="",
        url=None,
        created_at=datetime.now(UTC),
    )
    for channel in sms_channels(settings, host):
        try:
            channel.send(message)
            return True
        except ChannelError as exc:
            log.warning("portal SMS via %s to %s failed: %s", channel.name, mask_phone(phone), exc)
    log.warning("portal SMS to %s not sent: no SMS channel is on", mask_phone(phone))
    return False
