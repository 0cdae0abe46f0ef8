"""The corrections module's daily work (``corrections.daily``, just after midnight Beijing time).

Derived from the database and idempotent, one subject per transaction: subjects past their
report-in deadline are searched for (查找); check-in schedules are extended and every
subject's items re-synced (so check-ins enter the inbox a week ahead and missed ones stay
red); location terms that ended are switched off; aftercare terms that ended are closed.
Only bureaus where the module is on are touched.
"""

from __future__ import annotations

from datetime import date, timedelta, timezone
from typing import Any

from sqlmodel import Session, col, select

from core.api import DueSource, JobContext, PeriodicJob, active_plugins, waits_for_schedule
from corrections.codes import Status
from corrections.models import CorrectionsAftercare, CorrectionsSubject
from corrections.services.due_items import sync_aftercare_items, sync_subject_items
from corrections.services.geofence import check_geofences
from corrections.services.health import schedule_health_reports
from corrections.services.intake import start_search
from corrections.services.location import switch_off_expired
from corrections.services.release import expire_aftercare
from corrections.services.supervision import schedule_checkins
from corrections.services.workflow import open_statuses
from corrections.settings import settings_at

__all__ = ["PERIODIC_JOBS", "daily", "run_daily"]

BEIJING = timezone(timedelta(hours=8))


def refresh_subject(session: Session, host: Any, subject: CorrectionsSubject, today: date) -> None:
    """Everything the day changes for one subject."""
    if (
        subject.status == Status.AWAITING
        and subject.report_due_on is not None
        and today > subject.report_due_on
        # A provisional (暂定) date never starts a search against the subject by itself:
        # it waits for the real date (the file page says so).
        and not waits_for_schedule(
            session, DueSource("corrections", "subject", subject.id), "report_due_on"
        )
    ):
        start_search(session, subject, today)
    if subject.status == Status.SUPERVISED:
        settings = settings_at(session, host, subject.org_id)
        schedule_health_reports(session, subject, settings=settings, today=today)
        schedule_checkins(
            session, subject, settings=settings, start=subject.announced_on or today, today=today
        )
    sync_subject_items(session, subject, today)


def run_daily(open_session: Any, host: Any, today: date) -> dict[str, int]:
    """The daily pass; *open_session* is a context manager factory (one per transaction)."""
    with open_session() as session:
        ids = list(
            session.exec(
                select(CorrectionsSubject.id)
                .where(col(CorrectionsSubject.status).in_(open_statuses()))
                .order_by(CorrectionsSubject.id)
            ).all()
        )
    for subject_id in ids:
        with open_session() as session:
            subject = session.get(CorrectionsSubject, subject_id)
            if subject is None or (
                host is not None
                and "corrections" not in active_plugins(session, host, subject.org_id)
            ):
                continue
            refresh_subject(session, host, subject, today)
    with open_session() as session:
        switched_off = switch_off_expired(session, today)
        expired = expire_aftercare(session, today)
        for person in session.exec(
            select(CorrectionsAftercare).where(col(CorrectionsAftercare.handed_over_on).is_(None))
        ).all():
            sync_aftercare_items(session, person, today)
    return {"subjects": len(ids), "location_off": switched_off, "aftercare_expired": expired}


def daily(context: JobContext) -> dict[str, Any]:
    moment = context.slot or context.now()
    return run_daily(context.session, context.host, moment.astimezone(BEIJING).date())


def geofences(context: JobContext) -> dict[str, Any]:
    """Breaches of the last two hours become red items (one per fix; repeats add nothing)."""
    moment = context.slot or context.now()
    with context.session() as session:
        return {"breaches": check_geofences(session, context.host, moment)}


PERIODIC_JOBS = [
    PeriodicJob(
        "corrections.daily",
        "15 0 * * *",
        daily,
        description_zh="社区矫正每日检查：逾期未报到查找、报告计划、电子定位到期解除、帮教期满",
        description_en="Corrections daily pass: overdue intakes, check-ins, location terms, aftercare",
        timeout=timedelta(minutes=30),
    ),
    PeriodicJob(
        "corrections.geofences",
        "*/30 * * * *",
        geofences,
        description_zh="检查电子围栏越界并预警",
        description_en="Check geofence breaches",
        timeout=timedelta(minutes=10),
    ),
]
