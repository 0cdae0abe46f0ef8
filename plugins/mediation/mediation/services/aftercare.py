"""After the agreement (协议履行、回访、司法确认): performance, follow-up visits, confirmation.

The committee supervises performance (RTF art. 31) and visits the parties afterwards
(回访, M4; when is a bureau setting). Both parties may jointly ask the court to confirm the
agreement within 30 days of it taking effect (RTF art. 33, M2); a confirmed agreement is
enforceable, one found invalid may be mediated again or taken to court.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from core.api import Due, due_date, lock_for_change, touch
from mediation.codes import CaseStatus, ConfirmationStatus, Satisfaction
from mediation.deadlines import CONFIRMATION_WINDOW, TERM
from mediation.errors import InvalidInput
from mediation.models import MediationAgreement, MediationCase, MediationFollowUp
from mediation.services.cases import get_case, live_agreement, safe_due, touch_case
from mediation.services.workflow import Action, require
from mediation.validation import Form

__all__ = [
    "apply_confirmation",
    "confirmation_deadline",
    "confirmation_due",
    "record_confirmation",
    "record_follow_up",
    "record_non_performance",
    "record_performance",
    "remediate",
]

AGREED_ON = ("协议生效日期", "agreement date")


def _start(
    session: Session, case_id: int, expected_version: int | None, action: Action
) -> tuple[MediationCase, MediationAgreement]:
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    agreement = live_agreement(session, case_id)
    require(case, action, agreement)
    assert agreement is not None  # every agreement state has one (see the invariants)
    return case, agreement


def record_performance(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """The agreement has been performed (已履行), on a date, with a note (收条、汇款单…)."""
    case, agreement = _start(session, case_id, expected_version, Action.PERFORMED)
    form = Form(data)
    performed_on = form.day(
        "performed_on",
        ("履行完毕日期", "date performed"),
        required=True,
        not_after=today,
        not_before=agreement.concluded_on,
        not_before_label=AGREED_ON,
    )
    note = form.text("performance_note", ("履行情况", "how it was performed"), limit=500)
    form.check()
    agreement.performed_on = performed_on
    agreement.performance_note = note
    touch(agreement)
    case.status = CaseStatus.PERFORMED
    touch_case(session, case)
    session.flush()
    return case


def record_non_performance(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """A party has not performed (未履行): the committee urges performance (督促履行)."""
    case, agreement = _start(session, case_id, expected_version, Action.NOT_PERFORMED)
    form = Form(data)
    note = form.text(
        "performance_note",
        ("未履行情况及督促措施", "what was not performed and what was done"),
        required=True,
        limit=500,
    )
    form.check()
    agreement.performance_note = note
    touch(agreement)
    case.status = CaseStatus.NOT_PERFORMED
    touch_case(session, case)
    session.flush()
    return case


def record_follow_up(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
) -> MediationFollowUp:
    """回访记录: who was visited, the state of performance, satisfaction, new conflict."""
    case, agreement = _start(session, case_id, expected_version, Action.FOLLOW_UP)
    form = Form(data)
    visited_on = form.day(
        "visited_on",
        ("回访日期", "visit date"),
        required=True,
        not_after=today,
        not_before=agreement.concluded_on,
        not_before_label=AGREED_ON,
    )
    persons = form.text("visited_persons", ("回访对象", "who was visited"), required=True)
    visitor = form.text("visitor", ("回访人", "visitor"), required=True, limit=50)
    performance = form.text(
        "performance", ("协议履行情况", "state of performance"), required=True, limit=500
    )
    satisfaction = form.choice("satisfaction", Satisfaction, ("当事人满意度", "satisfaction"))
    new_conflict = form.flag("new_conflict")
    notes = form.text(
        "notes", ("回访情况及新的矛盾苗头", "notes"), limit=1000, required=new_conflict
    )
    form.check()
    record = MediationFollowUp(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        visited_on=visited_on,  # type: ignore[arg-type]
        visited_persons=persons,  # type: ignore[arg-type]
        visitor=visitor,  # type: ignore[arg-type]
        performance=performance,  # type: ignore[arg-type]
        satisfaction=satisfaction,  # type: ignore[arg-type]
        new_conflict=new_conflict,
        notes=notes,
        recorded_by=actor_id,
    )
    session.add(record)
    touch_case(session, case)
    session.flush()
    return record


def confirmation_due(session: Session, agreement: MediationAgreement) -> Due:
    """Last day to apply jointly for judicial confirmation (M2); provisional (暂定) while
    the year it reaches has no holiday schedule entered."""
    return due_date(session, CONFIRMATION_WINDOW, agreement.concluded_on, agreement.org_id)


def confirmation_deadline(session: Session, agreement: MediationAgreement) -> date | None:
    """Last day to apply jointly for judicial confirmation (M2)."""
    return confirmation_due(session, agreement).due  # type: ignore[return-value]


def apply_confirmation(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """Both parties applied to the court for confirmation, within the 30-day window."""
    case, agreement = _start(session, case_id, expected_version, Action.APPLY_CONFIRMATION)
    form = Form(data)
    applied_on = form.day(
        "confirmation_applied_on",
        ("申请日期", "application date"),
        required=True,
        not_after=today,
        not_before=agreement.concluded_on,
        not_before_label=AGREED_ON,
    )
    court = form.text("confirmation_court", ("受理法院", "court"), required=True, limit=100)
    form.check()
    assert applied_on is not None
    window = confirmation_due(session, agreement)
    last_day = window.due
    # The window runs against the parties: a provisional (暂定) last day never refuses them.
    if not window.provisional and applied_on > last_day:
        raise InvalidInput(
            {
                "confirmation_applied_on": (
                    f"已超过司法确认申请期限：应自协议生效之日起三十日内（截至{last_day.isoformat()}）共同申请",
                    f"Too late: the parties had to apply by {last_day.isoformat()}",
                )
            }
        )
    agreement.confirmation_status = ConfirmationStatus.APPLIED
    agreement.confirmation_applied_on = applied_on
    agreement.confirmation_court = court
    touch(agreement)
    touch_case(session, case)
    session.flush()
    return case


def record_confirmation(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """The court's decision: the agreement is confirmed valid, or found invalid."""
    case, agreement = _start(session, case_id, expected_version, Action.CONFIRMATION_RESULT)
    form = Form(data)
    result = form.text("confirmation_result", ("确认结果", "result"), required=True, limit=10)
    if result is not None and result not in (ConfirmationStatus.VALID, ConfirmationStatus.INVALID):
        form.error("confirmation_result", "确认结果无效", "Unknown result")
    decided_on = form.day(
        "confirmation_decided_on",
        ("法院决定日期", "decision date"),
        required=True,
        not_after=today,
        not_before=agreement.confirmation_applied_on,
        not_before_label=("申请日期", "application date"),
    )
    number = form.text(
        "confirmation_case_number", ("法院案号（调确字）", "court case number"), limit=60
    )
    form.check()
    agreement.confirmation_status = ConfirmationStatus(result)  # type: ignore[arg-type]
    agreement.confirmation_decided_on = decided_on
    agreement.confirmation_case_number = number
    touch(agreement)
    touch_case(session, case)
    session.flush()
    return case


def remediate(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """The court found the agreement invalid and the parties mediate again (RTF art. 33):
    the old agreement is kept but superseded, and the case is back under mediation with a
    new term counted from today."""
    case, agreement = _start(session, case_id, expected_version, Action.REMEDIATE)
    agreement.superseded = True
    touch(agreement)
    case.status = CaseStatus.MEDIATING
    case.closed_on = None
    case.due_on = safe_due(session, TERM, today, case.org_id)
    touch_case(session, case)
    session.flush()
    return case
