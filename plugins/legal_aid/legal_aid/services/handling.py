"""Handling (承办): the lawyer's progress log, termination (art. 48) and closing (art. 50).

Closing has two steps: the matter ends (办结, a judgment, a settlement …) which starts the
closing-report limit (L7, default 30 days), then the report with the legal documents is
submitted; the subsidy is computed at that moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from legal_aid.codes import Status, TerminationReason
from legal_aid.deadlines import REPORT
from legal_aid.errors import IllegalTransition
from legal_aid.models import LegalAidCase, LegalAidProgress
from legal_aid.services.cases import locked_case, save
from legal_aid.services.deadlines import safe_due
from legal_aid.validation import Form

__all__ = ["end_matter", "log_progress", "submit_report", "terminate"]


def log_progress(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    today: date,
    actor_id: int | None = None,
    version: int | None = None,
) -> LegalAidProgress:
    case = locked_case(session, case_id, version, Status.ASSIGNED)
    form = Form(data)
    on = form.day(
        "happened_on",
        ("日期", "Date"),
        not_after=today,
        not_before=case.assigned_on or case.received_on,
    )
    note = form.text("note", ("办理情况", "What was done"), required=True, limit=2000)
    form.check()
    entry = LegalAidProgress(
        case_id=case_id,
        org_id=case.org_id,
        happened_on=on,
        note=note,  # type: ignore[arg-type]
        recorded_by=actor_id,
    )
    session.add(entry)
    save(session, case)  # a new version: the same form posted twice is refused (409)
    return entry


def terminate(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.ASSIGNED, Status.GRANTED)
    form = Form(data)
    reason = form.choice("termination_reason", TerminationReason, ("终止原因", "Reason"))
    on = form.day(
        "ended_on",
        ("终止日期", "Date"),
        not_after=today,
        not_before=case.decided_on or case.received_on,
    )
    note = form.text("result", ("终止说明", "Explanation"), required=True, limit=500)
    form.check()
    case.status = Status.TERMINATED
    case.termination_reason = reason
    case.ended_on = on
    case.result = note
    return save(session, case)


def end_matter(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.ASSIGNED)
    if case.ended_on is not None:
        raise IllegalTransition("案件已办结，请提交结案报告", "Already ended")
    form = Form(data)
    on = form.day(
        "ended_on",
        ("办结日期", "Date ended"),
        not_after=today,
        not_before=case.assigned_on or case.received_on,
    )
    result = form.text("result", ("办理结果", "Result"), required=True, limit=500)
    form.check()
    assert on is not None
    case.ended_on = on
    case.result = result
    case.report_due = safe_due(session, REPORT, on, case.org_id)
    return save(session, case)


def submit_report(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    version: int | None,
    today: date,
    *,
    platform: Any = None,
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.ASSIGNED)
    if case.ended_on is None:
        raise IllegalTransition("请先登记办结", "Record the end of the matter first")
    form = Form(data)
    report = form.text("report", ("结案报告", "Closing report"), required=True, limit=4000)
    on = form.day(
        "reported_on", ("提交日期", "Date submitted"), not_after=today, not_before=case.ended_on
    )
    form.check()
    assert on is not None
    case.report = report
    case.reported_on = on
    case.report_on_time = case.report_due is None or on <= case.report_due
    case.status = Status.CLOSED
    save(session, case)
    from legal_aid.services.subsidies import compute_subsidy

    compute_subsidy(session, case, today, platform=platform)
    return case
