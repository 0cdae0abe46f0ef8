"""Starting background jobs and reading their state: the service pages, CLI and plugins call.

A job is started by writing its run row and then sending a message that carries only the
run's id and token. With a ``session``, the row joins the caller's transaction and the
message goes out after that transaction commits — a rolled-back request starts nothing,
and a job never looks for rows its request has not committed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func
from sqlmodel import Session, select

from core.scheduling import runs
from core.scheduling.broker import configure_broker, send_run
from core.scheduling.catalogue import JobCatalogue, job_catalogue
from core.scheduling.declarations import Job
from core.scheduling.models import JobRun, RunStatus

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = ["JobOverview", "enqueue_job", "get_run", "job_overview"]


def enqueue_job(
    platform: Platform,
    job: Job | str,
    params: dict[str, Any] | None = None,
    *,
    session: Session | None = None,
) -> int:
    """Start ``job`` (a :class:`Job` or its name) with JSON ``params``; returns the run id.

    Raises :class:`~core.scheduling.catalogue.UnknownJob` for a job no loaded component
    declares.
    """
    declared = job_catalogue(platform.host).get(job if isinstance(job, str) else job.name)
    broker = configure_broker(platform.settings)
    if session is None:
        with platform.engine.begin() as conn:
            run_id, token = runs.insert_run(conn, declared.name, params=params or {})
        send_run(broker, declared, run_id, token, platform.settings.queue_prefix)
        return run_id
    run_id, token = runs.insert_run(session.connection(), declared.name, params=params or {})
    pending = [True]

    def send_after_commit(_session: Session) -> None:
        if pending and pending.pop():
            send_run(broker, declared, run_id, token, platform.settings.queue_prefix)

    def forget_after_rollback(_session: Session) -> None:
        pending.clear()

    event.listen(session, "after_commit", send_after_commit)
    event.listen(session, "after_rollback", forget_after_rollback)
    return run_id


def get_run(session: Session, run_id: int) -> JobRun | None:
    """The run's current state: status, progress, result or error."""
    return session.get(JobRun, run_id, populate_existing=True)


@dataclass(frozen=True)
class JobOverview:
    """One line of the jobs page: what, when, how it went last."""

    name: str
    owner: str
    schedule: str | None
    description_zh: str
    description_en: str
    last_run: JobRun | None
    last_error: str | None
    next_run: datetime | None


def job_overview(
    session: Session, catalogue: JobCatalogue, now: datetime | None = None
) -> list[JobOverview]:
    """Every known job with its latest run, latest error and next slot."""
    now = now or datetime.now(UTC)
    latest_ids = select(func.max(JobRun.id)).group_by(JobRun.job_name)
    latest = {r.job_name: r for r in session.exec(select(JobRun).where(JobRun.id.in_(latest_ids)))}
    failed_ids = (
        select(func.max(JobRun.id))
        .where(JobRun.status == RunStatus.FAILED)
        .group_by(JobRun.job_name)
    )
    errors = {
        r.job_name: r.error for r in session.exec(select(JobRun).where(JobRun.id.in_(failed_ids)))
    }
    lines = []
    for name, job in sorted(catalogue.jobs.items()):
        periodic = catalogue.periodic.get(name)
        lines.append(
            JobOverview(
                name=name,
                owner=catalogue.owners[name],
                schedule=periodic.schedule if periodic else None,
                description_zh=job.description_zh,
                description_en=job.description_en,
                last_run=latest.get(name),
                last_error=errors.get(name),
                next_run=periodic.cron.next_after(now) if periodic else None,
            )
        )
    return lines
