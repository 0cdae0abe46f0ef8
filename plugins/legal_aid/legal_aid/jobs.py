"""Legal aid's daily work, derived from the database (idempotent, one case per transaction):

* ``legal_aid.withdraw_incomplete``: an application whose missing materials did not arrive
  by their deadline is treated as withdrawn (视为撤回, art. 43);
* ``legal_aid.refresh_deadlines``: cases saved by an older version without a due date (it
  refused dates in a year without a holiday schedule) get one; since core API 1.3 such a
  date is provisional (暂定) and the core recomputes it when the year is entered.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from core.api import JobContext, PeriodicJob, active_plugins
from legal_aid.codes import Status
from legal_aid.deadlines import ASSIGN, NOTICE_ASSIGN, REPORT, REVIEW
from legal_aid.models import LegalAidCase
from legal_aid.services.cases import sync_case_due_items
from legal_aid.services.clock import beijing_day
from legal_aid.services.deadlines import safe_due
from legal_aid.services.review import withdraw_for_missing_materials

__all__ = ["PERIODIC_JOBS", "refresh_deadlines", "withdraw_incomplete"]


def _ids(context: JobContext, *conditions: Any) -> list[int]:
    with context.session() as session:
        return list(
            session.exec(select(LegalAidCase.id).where(*conditions).order_by(LegalAidCase.id)).all()
        )  # type: ignore[arg-type]


def withdraw_incomplete(context: JobContext) -> dict[str, Any]:
    today = beijing_day(context.slot or context.now())
    withdrawn = 0
    for case_id in _ids(context, LegalAidCase.status == Status.MATERIALS):
        with context.session() as session:
            case = session.get(LegalAidCase, case_id)
            if case is None or "legal_aid" not in active_plugins(
                session, context.host, case.org_id
            ):
                continue
            withdrawn += withdraw_for_missing_materials(session, case, today)
    return {"withdrawn": withdrawn}


def refresh_deadlines(context: JobContext) -> dict[str, Any]:
    ids = _ids(context, col(LegalAidCase.deadlines_pending).is_(True))
    resolved = 0
    for case_id in ids:
        with context.session() as session:
            case = session.get(LegalAidCase, case_id)
            if case is None or "legal_aid" not in active_plugins(
                session, context.host, case.org_id
            ):
                continue
            if case.status == Status.APPLIED and case.review_due is None:
                case.review_due = safe_due(
                    session, REVIEW, case.materials_supplied_on or case.received_on, case.org_id
                )
            if case.status == Status.GRANTED and case.assign_due is None and case.decided_on:
                rule = NOTICE_ASSIGN if case.channel == "notice" else ASSIGN
                case.assign_due = safe_due(session, rule, case.decided_on, case.org_id)
            if case.ended_on and case.report_due is None:
                case.report_due = safe_due(session, REPORT, case.ended_on, case.org_id)
            sync_case_due_items(session, case)
            resolved += 0 if case.deadlines_pending else 1
    return {"pending": len(ids), "resolved": resolved}


PERIODIC_JOBS = [
    PeriodicJob(
        "legal_aid.withdraw_incomplete",
        "20 0 * * *",
        withdraw_incomplete,
        description_zh="逾期未补充材料的法律援助申请视为撤回",
        description_en="Treat applications without the missing materials as withdrawn",
        timeout=timedelta(minutes=30),
    ),
    PeriodicJob(
        "legal_aid.refresh_deadlines",
        "45 2 * * *",
        refresh_deadlines,
        description_zh="为旧版本遗留的空期限补算日期（涉及未录入年份的按暂定期限）",
        description_en="Fill deadlines left empty by older versions (provisional where needed)",
        timeout=timedelta(minutes=30),
    ),
]
