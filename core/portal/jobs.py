"""The portal's periodic job: status messages to applicants."""

from __future__ import annotations

from datetime import timedelta

from core.portal.access import _status_job
from core.scheduling.declarations import PeriodicJob

PORTAL_STATUS_JOB = PeriodicJob(
    name="core.portal_status_sms",
    schedule="*/5 * * * *",
    actor=_status_job,
    description_zh="群众端申请状态变化时，向申请人发送短信",
    description_en="Text applicants when the state of their portal application changes",
    timeout=timedelta(minutes=10),
)
