"""Quality (质量, arts. 55–59): checks with a grade, complaints and change of lawyer, the
aided person's satisfaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from legal_aid.codes import Grade, QualityMethod, Satisfaction, Status
from legal_aid.errors import NotEligible
from legal_aid.models import LegalAidComplaint, LegalAidProvider, LegalAidQualityCheck
from legal_aid.services.assignment import eligibility_problem
from legal_aid.services.cases import locked_case, save
from legal_aid.validation import Form

__all__ = ["file_complaint", "record_check", "record_satisfaction"]


def record_check(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    today: date,
    *,
    actor_id: int | None = None,
    platform: Any = None,
    version: int | None = None,
) -> LegalAidQualityCheck:
    case = locked_case(session, case_id, version, Status.ASSIGNED, Status.CLOSED, Status.TERMINATED)
    form = Form(data)
    method = form.choice("method", QualityMethod, ("评估方式", "Method"))
    grade = form.choice("grade", Grade, ("评估等次", "Grade"))
    on = form.day(
        "checked_on",
        ("评估日期", "Date"),
        not_after=today,
        not_before=case.assigned_on or case.received_on,
    )
    notes = form.text("notes", ("评估意见", "Notes"), required=True, limit=2000)
    form.check()
    check = LegalAidQualityCheck(
        case_id=case_id,
        org_id=case.org_id,
        method=method,  # type: ignore[arg-type]
        grade=grade,
        checked_on=on,
        notes=notes,
        checked_by=actor_id,
    )  # type: ignore[arg-type]
    session.add(check)
    session.flush()
    from legal_aid.services.subsidies import regrade_subsidy

    regrade_subsidy(session, case, platform=platform)
    save(session, case)  # a new version: the same form posted twice is refused (409)
    return check


def file_complaint(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    version: int | None,
    today: date,
    *,
    senior_years: int = 3,
) -> LegalAidComplaint:
    """A complaint; with a change of lawyer, the case goes to the person the centre names."""
    case = locked_case(session, case_id, version, Status.ASSIGNED)
    form = Form(data)
    on = form.day("received_on", ("投诉日期", "Date"), not_after=today, not_before=case.received_on)
    content = form.text("content", ("投诉内容", "Complaint"), required=True, limit=2000)
    wants_change = form.flag("wants_change")
    handled = form.text("handled_note", ("处理意见", "Handling"), limit=1000)
    new: LegalAidProvider | None = None
    if wants_change:
        raw = str(data.get("new_provider_id") or "")
        new = session.get(LegalAidProvider, int(raw)) if raw.isdigit() else None
        if new is None or new.id == case.provider_id:
            form.error("new_provider_id", "请选择更换后的法律援助人员", "Choose the new person")
    form.check()
    if new is not None:
        problem = eligibility_problem(case, new, senior_years)
        if problem:
            raise NotEligible(*problem)
    complaint = LegalAidComplaint(
        case_id=case_id,
        org_id=case.org_id,
        received_on=on,
        content=content,  # type: ignore[arg-type]
        wants_change=wants_change,
        old_provider_id=case.provider_id,
        new_provider_id=new.id if new else None,
        handled_note=handled,
    )
    session.add(complaint)
    if new is not None:
        case.provider_id = new.id
    save(session, case)
    return complaint


def record_satisfaction(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
):
    case = locked_case(session, case_id, version, Status.CLOSED, Status.TERMINATED, Status.ASSIGNED)
    form = Form(data)
    value = form.choice("satisfaction", Satisfaction, ("满意度", "Satisfaction"))
    on = form.day("surveyed_on", ("回访日期", "Date"), not_after=today, not_before=case.received_on)
    form.check()
    case.satisfaction = value
    case.surveyed_on = on
    return save(session, case)
