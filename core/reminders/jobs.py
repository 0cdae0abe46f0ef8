"""The core's periodic jobs for reminders: the scan and the delivery of notifications.

Both run every minute and derive their work from the database; see
:mod:`core.reminders.scan` and :mod:`core.reminders.delivery` for why a killed run loses
nothing and repeats nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.reminders.channels.registry import external_channels
from core.reminders.delivery import deliver_notifications
from core.reminders.scan import scan_due_items
from core.scheduling.declarations import JobContext, PeriodicJob

__all__ = ["REMINDER_PERIODIC_JOBS", "deliver_job", "scan_job"]


def scan_job(context: JobContext) -> dict[str, Any]:
    """Notify due-soon and overdue items and escalate red ones (one step per transaction)."""
    report = scan_due_items(
        context.engine,
        datetime.now(UTC),
        host=context.host,
        progress=lambda done: context.progress(done),
    )
    return report.as_dict()


def deliver_job(context: JobContext) -> dict[str, Any]:
    """Send notifications on e-mail, log and the plugins' channels; retry failures."""
    report = deliver_notifications(
        context.engine,
        external_channels(context.settings, context.host),
        datetime.now(UTC),
        host=context.host,
        public_url=context.settings.public_url,
        progress=lambda done: context.progress(done),
    )
    return report.as_dict()


REMINDER_PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob(
        name="core.reminders.scan",
        schedule="* * * * *",
        actor=scan_job,
        description_zh="到期提醒与红灯预警：临期、逾期通知，逾期事项逐级升级",
        description_en="Due-soon and overdue reminders; escalate overdue items up the tree",
        timeout=timedelta(minutes=10),
    ),
    PeriodicJob(
        name="core.notifications.deliver",
        schedule="* * * * *",
        actor=deliver_job,
        description_zh="通过邮件、短信等渠道发送通知，失败的稍后重试",
        description_en="Send notifications by e-mail, SMS and other channels; retry failures",
        timeout=timedelta(minutes=10),
    ),
]
