"""``petitions.flag_overdue`` (daily, 01:10 China time): marks unanswered visits whose answer
is past due, and computes due dates that waited for a holiday calendar. The work is derived
from the database (unanswered, unmarked visits), so a late, repeated or interrupted run
neither misses nor doubles anything; only organisations where the module is on are touched.
The red light itself (amber, red, escalation) comes from the core due item of each visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from core.api import JobContext, PeriodicJob
from petitions.services import flag_overdue

BEIJING = timezone(timedelta(hours=8))


def flag_overdue_job(context: JobContext) -> dict[str, Any]:
    moment = context.slot or datetime.now(UTC)
    with context.session() as session:
        marked = flag_overdue(session, context.host, moment.astimezone(BEIJING).date())
    return {"marked": marked}


PERIODIC_JOBS = [
    PeriodicJob(
        "petitions.flag_overdue",
        "10 1 * * *",
        flag_overdue_job,
        description_zh="标记超过告知期限仍未告知的信访事项",
        description_en="Flag petitions not answered by their due date",
        timeout=timedelta(minutes=10),
    )
]
