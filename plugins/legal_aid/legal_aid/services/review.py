"""Review and decision (审查决定, art. 43–44, 49).

* The centre asks **once**, with the complete list, for missing materials; the review clock
  pauses until they arrive, and resumes with the time not yet used. If they do not arrive by
  the materials deadline the application is treated as withdrawn (视为撤回).
* Grant (starts the 3-day assignment limit) or refuse with reasons (a printable notice).
* 先行援助: aid before the review ends when fewer than N (7) days remain before a limitation
  period or a deadline to sue.
* An objection to a refusal is reviewed by the bureau within 5 days; upheld, aid is granted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from core.api import lock_for_change, touch, waits_for_schedule
from legal_aid.codes import Status
from legal_aid.deadlines import ASSIGN, MATERIALS, OBJECTION
from legal_aid.errors import IllegalTransition, LegalAidError
from legal_aid.models import LegalAidCase, LegalAidObjection
from legal_aid.services.cases import case_source, locked_case, save, sync_case_due_items
from legal_aid.services.deadlines import resumed_review_due, safe_due
from legal_aid.validation import Form

__all__ = [
    "advance_aid_allowed",
    "decide_objection",
    "file_objection",
    "grant",
    "grant_advance_aid",
    "refuse",
    "request_materials",
    "supply_materials",
    "withdraw_by_applicant",
    "withdraw_for_missing_materials",
]


def request_materials(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.APPLIED)
    if case.materials_requested_on is not None:
        raise IllegalTransition(
            "补充材料只能一次性告知，本申请已经告知过", "Missing materials may be asked for once"
        )
    form = Form(data)
    listing = form.text(
        "materials_list", ("需补充的材料清单", "Missing materials"), required=True, limit=2000
    )
    on = form.day(
        "requested_on", ("告知日期", "Date"), not_after=today, not_before=case.received_on
    )
    form.check()
    assert on is not None
    case.status = Status.MATERIALS
    case.materials_requested_on = on
    case.materials_list = listing
    case.materials_due = safe_due(session, MATERIALS, on, case.org_id)
    case.review_due = None  # paused
    return save(session, case)


def supply_materials(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.MATERIALS)
    assert case.materials_requested_on is not None
    form = Form(data)
    on = form.day(
        "supplied_on",
        ("补齐日期", "Date supplied"),
        not_after=today,
        not_before=case.materials_requested_on,
    )
    form.check()
    assert on is not None
    if (
        case.materials_due is not None
        and on > case.materials_due
        # A provisional (暂定) deadline is never held against the applicant.
        and not waits_for_schedule(session, case_source(case.id), "materials_due")
    ):
        raise IllegalTransition("已超过补充材料期限，申请视为撤回", "Past the materials deadline")
    case.status = Status.APPLIED
    case.materials_supplied_on = on
    case.review_due = resumed_review_due(
        session, case.org_id, case.received_on, case.materials_requested_on, on
    )
    return save(session, case)


#: What the case's result says when the applicant withdrew (the status alone would read
#: like the 视为撤回 of missing materials).
APPLICANT_WITHDREW = "申请人撤回申请"


def withdraw_by_applicant(
    session: Session, case_id: int, version: int | None, today: date
) -> LegalAidCase:
    """The applicant withdraws (撤回申请) before the centre decides: from the portal, at the
    version the status page showed. After a decision the centre must be asked instead."""
    case = locked_case(session, case_id, version, Status.APPLIED, Status.MATERIALS)
    case.status = Status.WITHDRAWN
    case.decided_on = today
    case.result = APPLICANT_WITHDREW
    return save(session, case)


def withdraw_for_missing_materials(session: Session, case: LegalAidCase, today: date) -> bool:
    """视为撤回 once the materials deadline has passed (idempotent; used by the daily job)."""
    if case.status != Status.MATERIALS or case.materials_due is None or today <= case.materials_due:
        return False
    if waits_for_schedule(session, case_source(case.id), "materials_due"):
        return False  # a provisional date: wait for the real one (the case page says so)
    case.status = Status.WITHDRAWN
    case.decided_on = today
    save(session, case)
    return True


def _decision_day(
    case: LegalAidCase, data: Mapping[str, Any], today: date
) -> tuple[Form, date | None]:
    form = Form(data)
    on = form.day(
        "decided_on",
        ("决定日期", "Decision date"),
        not_after=today,
        not_before=case.materials_supplied_on or case.received_on,
    )
    return form, on


def grant(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.APPLIED)
    form, on = _decision_day(case, data, today)
    form.check()
    assert on is not None
    case.status = Status.GRANTED
    case.decided_on = on
    case.review_on_time = case.review_due is None or on <= case.review_due
    case.assign_due = safe_due(session, ASSIGN, on, case.org_id)
    return save(session, case)


def refuse(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidCase:
    case = locked_case(session, case_id, version, Status.APPLIED)
    form, on = _decision_day(case, data, today)
    reason = form.text("refusal_reason", ("不予援助的理由", "Reasons"), required=True, limit=1000)
    form.check()
    assert on is not None
    case.status = Status.REFUSED
    case.decided_on = on
    case.review_on_time = case.review_due is None or on <= case.review_due
    case.refusal_reason = reason
    return save(session, case)


def advance_aid_allowed(case: LegalAidCase, today: date, threshold_days: int) -> bool:
    """Art. 44: fewer than *threshold_days* left before the limitation deadline."""
    return (
        case.limitation_deadline is not None
        and 0 <= (case.limitation_deadline - today).days < threshold_days
    )


def grant_advance_aid(
    session: Session, case_id: int, version: int | None, today: date, threshold_days: int
) -> LegalAidCase:
    """先行援助: aid now, paperwork afterwards; the case goes straight to assignment."""
    case = locked_case(session, case_id, version, Status.APPLIED, Status.MATERIALS)
    if not advance_aid_allowed(case, today, threshold_days):
        raise IllegalTransition(
            f"距时效届满不足{threshold_days}日的，才可先行提供法律援助",
            f"Only when fewer than {threshold_days} days remain before the limitation deadline",
        )
    case.advance_aid = True
    case.status = Status.GRANTED
    case.decided_on = today
    case.review_on_time = case.review_due is None or today <= case.review_due
    case.assign_due = safe_due(session, ASSIGN, today, case.org_id)
    return save(session, case)


def file_objection(
    session: Session, case_id: int, data: Mapping[str, Any], version: int | None, today: date
) -> LegalAidObjection:
    case = locked_case(session, case_id, version, Status.REFUSED, Status.TERMINATED)
    open_one = session.exec(
        select(LegalAidObjection.id).where(
            LegalAidObjection.case_id == case_id, col(LegalAidObjection.decided_on).is_(None)
        )
    ).first()
    if open_one is not None:
        raise IllegalTransition("已有尚未审查的异议", "An objection is already pending")
    form = Form(data)
    on = form.day(
        "received_on",
        ("收到异议日期", "Received"),
        not_after=today,
        not_before=case.decided_on or case.received_on,
    )
    grounds = form.text("grounds", ("异议理由", "Grounds"), required=True, limit=2000)
    form.check()
    assert on is not None and grounds is not None
    objection = LegalAidObjection(
        case_id=case_id,
        org_id=case.org_id,
        received_on=on,
        grounds=grounds,
        due=safe_due(session, OBJECTION, on, case.org_id),
    )
    session.add(objection)
    session.flush()
    touch(case)
    session.add(case)
    sync_case_due_items(session, case)
    return objection


def decide_objection(
    session: Session,
    objection_id: int,
    data: Mapping[str, Any],
    version: int | None,
    today: date,
) -> LegalAidObjection:
    objection = session.get(LegalAidObjection, objection_id)
    if objection is None:
        raise LookupError(objection_id)
    lock_for_change(session, objection, version)
    if objection.decided_on is not None:
        raise IllegalTransition("该异议已经审查", "Already decided")
    form = Form(data)
    on = form.day(
        "decided_on",
        ("审查日期", "Decision date"),
        not_after=today,
        not_before=objection.received_on,
    )
    outcome = (data.get("outcome") or "").strip()
    if outcome not in ("upheld", "dismissed"):
        form.error("outcome", "请选择审查结论", "Choose the outcome")
    reason = form.text("decision_reason", ("审查理由", "Reasons"), required=True, limit=1000)
    form.check()
    assert on is not None
    objection.decided_on = on
    objection.upheld = outcome == "upheld"
    objection.decision_reason = reason
    touch(objection)
    session.add(objection)
    case = session.get(LegalAidCase, objection.case_id)
    assert case is not None
    if objection.upheld:
        if case.status not in (Status.REFUSED, Status.TERMINATED):
            raise LegalAidError("案件状态已变化", "The case changed")
        case.status = Status.GRANTED if case.provider_id is None else Status.ASSIGNED
        case.termination_reason = None
        case.ended_on = None
        case.decided_on = on
        case.assign_due = safe_due(session, ASSIGN, on, case.org_id)
    save(session, case)
    return objection
