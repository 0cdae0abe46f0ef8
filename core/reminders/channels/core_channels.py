"""The channels the core ships: in-app, log, e-mail (SMTP)."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from core.reminders.channels.base import ChannelError, OutgoingMessage
from core.reminders.errors import InvalidAddress
from core.settings import Settings

__all__ = ["INAPP", "EmailChannel", "InAppChannel", "LogChannel"]

log = logging.getLogger("sifa.notifications")

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
SMTP_TIMEOUT = 30.0


class InAppChannel:
    """站内通知: the notification row is the message, shown in the recipient's inbox.

    Always on and never delivered by the delivery job: the row is written in the same
    transaction that decides to notify, so it exists exactly once.
    """

    name = "inapp"
    label_zh = "站内通知"
    label_en = "In-app inbox"
    needs_address = False

    def send(self, message: OutgoingMessage) -> None:
        """Nothing to do: the inbox already shows the notification."""


INAPP = InAppChannel()


class LogChannel:
    """写入日志: each notification as one log line (``sifa.notifications``, level INFO).

    For installations without e-mail, and for operators watching the console; on when
    ``SIFA_NOTIFY_LOG`` is true (the default).
    """

    name = "log"
    label_zh = "日志"
    label_en = "Log"
    needs_address = False

    def send(self, message: OutgoingMessage) -> None:
        log.info(
            "notification %s to account %s (%s): %s%s",
            message.notification_id,
            message.account_id,
            message.recipient_name,
            message.title_zh,
            f" — {message.url}" if message.url else "",
        )


class EmailChannel:
    """电子邮件: sends each notification through the configured SMTP server.

    Settings (environment ``SIFA_SMTP_*`` or the settings file): ``smtp_host`` (the channel
    is on only when set), ``smtp_port``, ``smtp_user`` and ``smtp_password`` (log in only
    when a user is set), ``smtp_from`` (sender address), ``smtp_tls`` (``starttls``,
    ``ssl`` or ``none`` — ``none`` only for a relay on a trusted network).
    """

    name = "email"
    label_zh = "电子邮件"
    label_en = "E-mail"
    needs_address = True

    def __init__(self, settings: Settings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.user = settings.smtp_user
        self.password = settings.smtp_password
        self.sender = settings.smtp_from or (f"sifa@{settings.smtp_host}")
        self.tls = settings.smtp_tls

    def check_address(self, value: str) -> str:
        """A plausible e-mail address, trimmed; InvalidAddress otherwise."""
        address = value.strip()
        if len(address) > 200 or not _EMAIL.match(address):
            raise InvalidAddress("电子邮件地址格式不正确", "This is not a valid e-mail address")
        return address

    def compose(self, message: OutgoingMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = message.title_zh
        mail["From"] = self.sender
        mail["To"] = formataddr((message.recipient_name, message.address or ""))
        mail["Message-ID"] = make_msgid(f"sifa-notification-{message.notification_id}")
        lines = [message.body_zh or message.title_zh]
        if message.url:
            lines += ["", f"查看：{message.url}"]
        if message.title_en:
            lines += ["", "—", message.title_en]
            if message.body_en:
                lines.append(message.body_en)
        lines += ["", "（本邮件由司法行政综合平台自动发送，请勿直接回复。）"]
        mail.set_content("\n".join(lines))
        return mail

    def send(self, message: OutgoingMessage) -> None:
        if not message.address:
            raise ChannelError("收件人没有电子邮件地址 (no e-mail address)")
        mail = self.compose(message)
        try:
            if self.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
            with smtp:
                if self.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"邮件发送失败 (SMTP): {type(exc).__name__}: {exc}") from exc
