"""The core's own periodic work.

Only one so far, and a real need: every periodic job leaves a ``job_run`` row per slot (an
every-minute job 1,440 a day), so finished runs are pruned nightly. The latest run of each
job is always kept: it is what the jobs page shows as "last run", and its slot is where
the scheduler's catch-up starts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from core.exports.jobs import EXPIRE_EXPORTS_JOB, EXPORT_JOB
from core.files import SWEEP_FILES_JOB
from core.indicators.aggregates import CATCH_UP_JOB
from core.indicators.reports import MONTHLY_REPORT_JOB, MONTHLY_REPORTS_JOB
from core.portal.jobs import PORTAL_STATUS_JOB
from core.reminders.jobs import REMINDER_PERIODIC_JOBS
from core.scheduling.declarations import Job, JobContext, PeriodicJob
from core.scheduling.models import JobRun, RunStatus
from core.scheduling.provisional import RECOMPUTE_JOB, RECOMPUTE_PERIODIC_JOB
from core.submissions import SWEEP_SUBMISSIONS_JOB

__all__ = ["CORE_JOBS", "CORE_PERIODIC_JOBS", "RUN_RETENTION", "prune_job_runs"]

RUN_RETENTION = timedelta(days=30)


def prune_job_runs(context: JobContext) -> dict[str, Any]:
    """Delete finished runs older than :data:`RUN_RETENTION`, keeping each job's latest."""
    t = JobRun.__table__  # type: ignore[attr-defined]
    cutoff = (context.slot or datetime.now(UTC)) - RUN_RETENTION
    latest = select(func.max(t.c.id)).group_by(t.c.job_name)
    with context.engine.begin() as conn:
        deleted = conn.execute(
            delete(t).where(
                t.c.status.in_([RunStatus.DONE.value, RunStatus.FAILED.value]),
                t.c.finished_at < cutoff,
                t.c.id.not_in(latest),
            )
        ).rowcount
    return {"deleted": deleted}


CORE_PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob(
        name="core.prune_job_runs",
        schedule="17 3 * * *",
        actor=prune_job_runs,
        description_zh="清理 30 天前已结束的任务运行记录（每个任务保留最近一次）",
        description_en="Delete finished job runs older than 30 days (keeping each job's latest)",
    ),
    SWEEP_FILES_JOB,  # core/files.py: orphan uploads
    SWEEP_SUBMISSIONS_JOB,  # core/submissions.py: expired form-token claims
    *REMINDER_PERIODIC_JOBS,  # docs/reminders.md
]
CORE_JOBS: list[Job] = []

# The export service's jobs (core/exports): writing a file, deleting expired ones.
CORE_JOBS.append(EXPORT_JOB)
CORE_PERIODIC_JOBS.append(EXPIRE_EXPORTS_JOB)

# The indicator service's monthly report (core/indicators/reports.py): made after each
# month's entry deadline by the periodic job, or for one bureau and month on demand.
CORE_JOBS.append(MONTHLY_REPORT_JOB)
CORE_PERIODIC_JOBS.append(MONTHLY_REPORTS_JOB)

# Provisional (暂定) deadlines are recomputed when a year's holiday schedule is entered
# (the calendar page starts the job) and nightly, for years a package update made known.
CORE_JOBS.append(RECOMPUTE_JOB)
CORE_PERIODIC_JOBS.append(RECOMPUTE_PERIODIC_JOB)
# The maintained indicator aggregates (core/indicators/aggregates.py, docs/indicators.md):
# caught up every minute, read by every page that shows a figure.
CORE_PERIODIC_JOBS.append(CATCH_UP_JOB)
# The citizen portal (core/portal): an SMS to the applicant when an application's state changes.
CORE_PERIODIC_JOBS.append(PORTAL_STATUS_JOB)
