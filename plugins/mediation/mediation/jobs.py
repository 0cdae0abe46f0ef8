"""The mediation module's periodic work.

``mediation.refresh_deadlines`` (nightly): cases saved by versions before core API 1.3
without a term (those versions left a date empty when its year's holiday schedule was
unknown; now such a date is provisional, 暂定, and the core recomputes it on entry) get
one. The work is derived from the database (cases marked ``deadlines_pending``), one case
per transaction, and the mark is cleared in the same transaction; only bureaus where the
module is on are touched.

``mediation.open_screening`` (daily, just after midnight Beijing time): opens the current
period's screening round (排查) of every community and station that lacks one, each with its
due item; idempotent (one round per unit and period, a unique key), so a late, repeated or
interrupted run neither misses nor doubles a round.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from sqlmodel import col, select

from core.api import JobContext, PeriodicJob, active_plugins
from mediation.codes import CaseStatus
from mediation.deadlines import TERM
from mediation.models import MediationCase
from mediation.services.cases import safe_due
from mediation.services.due_items import sync_case_due_items
from mediation.services.screening import open_rounds

__all__ = ["PERIODIC_JOBS", "open_screening", "refresh_deadlines"]

BEIJING = timezone(timedelta(hours=8))


def refresh_deadlines(context: JobContext) -> dict[str, Any]:
    """Retry every pending due date; returns how many cases now have all of theirs."""
    with context.session() as session:
        ids = list(
            session.exec(
                select(MediationCase.id)
                .where(col(MediationCase.deadlines_pending).is_(True))
                .order_by(MediationCase.id)
            ).all()
        )
    resolved = 0
    for done, case_id in enumerate(ids, start=1):
        with context.session() as session:
            case = session.get(MediationCase, case_id)
            if case is None or "mediation" not in active_plugins(
                session, context.host, case.org_id
            ):
                continue
            if case.status == CaseStatus.MEDIATING and case.due_on is None and case.accepted_on:
                case.due_on = safe_due(session, TERM, case.accepted_on, case.org_id)
            sync_case_due_items(session, case)
            resolved += 0 if case.deadlines_pending else 1
        if done % 50 == 0 or done == len(ids):
            context.progress(done, len(ids))
    return {"pending": len(ids), "resolved": resolved}


def open_screening(context: JobContext) -> dict[str, Any]:
    """Open this period's screening rounds; the day is the slot's (or now's) Beijing day."""
    moment = context.slot or context.now()
    with context.session() as session:
        opened = open_rounds(session, context.host, moment.astimezone(BEIJING).date(), now=moment)
    return {"opened": opened}


PERIODIC_JOBS = [
    PeriodicJob(
        "mediation.refresh_deadlines",
        "40 2 * * *",
        refresh_deadlines,
        description_zh="为旧版本遗留的空调解期限补算日期（涉及未录入年份的按暂定期限）",
        description_en="Fill mediation deadlines left empty by older versions (provisional where needed)",
        timeout=timedelta(minutes=30),
    ),
    PeriodicJob(
        "mediation.open_screening",
        "5 0 * * *",
        open_screening,
        description_zh="为各村（社区）和司法所开启本期矛盾纠纷排查",
        description_en="Open this period's dispute screening rounds",
        timeout=timedelta(minutes=30),
    ),
]
