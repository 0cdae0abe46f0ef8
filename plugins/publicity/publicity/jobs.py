"""The 普法 module's periodic work, idempotent and derived from the database.

``publicity.remind`` (daily, early morning Beijing time): keeps every active unit's key-date
reminders (a due item per unit ahead of 12·4, 4·15, 6·26, the May Civil-Code month and the
bureau's own dates) and every approved plan's quarterly due items, which the core turns amber
near quarter end and red after it. A late, repeated or interrupted run neither misses nor
doubles anything: each item has a stable key per unit and occasion.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlmodel import select

from core.api import JobContext, PeriodicJob, active_plugins
from publicity.codes import PlanStatus
from publicity.models import PublicityPlan
from publicity.services.keydates import remind_units
from publicity.services.plans import sync_quarter_items

__all__ = ["PERIODIC_JOBS", "run_reminders"]

BEIJING = timezone(timedelta(hours=8))


def run_reminders(session: Any, host: Any, now: datetime) -> dict[str, int]:
    """The job's work for one moment (tests call this with a fake time)."""
    today = now.astimezone(BEIJING).date()
    reminded = remind_units(session, host, today, now=now)
    plans = session.exec(
        select(PublicityPlan).where(
            PublicityPlan.status == PlanStatus.APPROVED, PublicityPlan.year >= today.year - 1
        )
    ).all()
    synced = 0
    for plan in plans:
        if "publicity" in active_plugins(session, host, plan.org_id):
            sync_quarter_items(session, plan, today, now=now)
            synced += 1
    return {"key_date_reminders": reminded, "plans": synced}


def remind(context: JobContext) -> dict[str, Any]:
    moment = context.slot or datetime.now(UTC)
    with context.session() as session:
        return run_reminders(session, context.host, moment)


PERIODIC_JOBS = [
    PeriodicJob(
        "publicity.remind",
        "15 0 * * *",
        remind,
        description_zh="普法重要节点提前提醒各责任单位，并更新季度计划完成情况",
        description_en="Remind units ahead of publicity key dates; keep quarterly plan items",
        timeout=timedelta(minutes=30),
    )
]
