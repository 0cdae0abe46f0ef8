"""The test plugin's reminders: a kind of due item, an example SMS channel, a job deriving
reminders from notes.

``ExampleSmsChannel`` is the documented way to connect an SMS gateway (docs/reminders.md).
No real gateway is reachable from this platform's networks, so the "gateway" here records
what it was asked to send; tests switch it to failing to prove retries.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import select

from core.api import (
    ChannelError,
    DueItemKind,
    DueItemSpec,
    DueSource,
    InvalidAddress,
    JobContext,
    OutgoingMessage,
    job,
    sync_due_items,
)
from sifa_testplugin.jobs import HANG_ON_ENV
from sifa_testplugin.models import TestpluginNote

_never = threading.Event()
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
SMS_LIMIT = 70  # characters of one Chinese SMS segment


@dataclass
class RecordingGateway:
    """Stands in for a vendor's SMS API: keeps (mobile, text) pairs, or refuses when told."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    failing: bool = False

    def submit(self, mobile: str, text: str) -> None:
        if self.failing:
            raise ConnectionError("短信网关无响应")
        self.sent.append((mobile, text))


class ExampleSmsChannel:
    """短信: one short text per notification to the mobile number the person entered."""

    name = "testplugin.sms"
    label_zh = "短信"
    label_en = "SMS"
    needs_address = True

    def __init__(self, gateway: RecordingGateway) -> None:
        self.gateway = gateway

    def check_address(self, value: str) -> str:
        mobile = re.sub(r"[\s-]", "", value)
        if not _MOBILE.match(mobile):
            raise InvalidAddress("手机号码格式不正确", "This is not a mainland mobile number")
        return mobile

    def send(self, message: OutgoingMessage) -> None:
        if not message.address:
            raise ChannelError("没有手机号码 (no mobile number)")
        text = f"【司法行政】{message.title_zh}"[:SMS_LIMIT]
        try:
            self.gateway.submit(message.address, text)
        except ConnectionError as exc:
            raise ChannelError(f"短信发送失败：{exc}") from exc


GATEWAY = RecordingGateway()
CHANNELS = [ExampleSmsChannel(GATEWAY)]

REPLY_KIND = DueItemKind(
    "testplugin.reply",
    "答复笔记",
    "Reply to a note",
    lead_time=timedelta(days=2),
    escalation_delay=timedelta(hours=12),
)
KINDS = [REPLY_KIND]


def derive_note_reminders(
    context: JobContext, org_id: int, account_id: int | None, due_at: str
) -> dict[str, Any]:
    """A reply reminder for every note, derived from the notes (``sync_due_items``), one
    note per transaction — the pattern docs/reminders.md recommends. Honours the plugin's
    hang switch (``SIFA_TESTPLUGIN_HANG_ON``) so a test can kill a worker in the middle."""
    hang_on = os.environ.get(HANG_ON_ENV)
    due = datetime.fromisoformat(due_at)
    with context.session() as session:
        notes = [
            (n.id, n.text) for n in session.exec(select(TestpluginNote).order_by(TestpluginNote.id))
        ]
    added = 0
    for done, (note_id, text) in enumerate(notes, start=1):
        if hang_on and text == hang_on:
            _never.wait()
        with context.session() as session:
            result = sync_due_items(
                session,
                DueSource("testplugin", "note", note_id),  # type: ignore[arg-type]
                [
                    DueItemSpec(
                        "reply", f"答复笔记：{text}", due, org_id, account_id, kind=REPLY_KIND.code
                    )
                ],
            )
        added += len(result.added)
        context.progress(done, len(notes), force=True)
    return {"added": added}


NOTE_REMINDERS = job(
    "testplugin.note_reminders",
    timeout=timedelta(minutes=5),
    description_zh="为每条笔记生成答复提醒",
    description_en="A reply reminder for every note",
)(derive_note_reminders)
