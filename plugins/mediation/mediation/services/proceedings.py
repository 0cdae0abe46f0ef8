"""Mediation proper (调解): sessions, the agreement, termination, the difficulty assessment.

RTF arts. 19–30: the mediator records each session; mediation ends in an agreement —
written, or oral and recorded by the mediator — with the terms, how and by when they are
performed; or it is terminated, and the parties are told of arbitration, administrative and
court remedies (art. 26). An agreement performed on the spot (当场履行) is recorded as
performed at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from core.api import lock_for_change, touch
from mediation.codes import (
    AgreementForm,
    CaseStatus,
    ConfirmationStatus,
    Difficulty,
    Remedy,
    TerminationReason,
)
from mediation.models import MediationAgreement, MediationCase, MediationSession
from mediation.services.cases import get_case, live_agreement, touch_case
from mediation.services.workflow import Action, require
from mediation.validation import Form

__all__ = ["record_agreement", "record_session", "set_difficulty", "terminate_case"]

ACCEPTED = ("受理日期", "acceptance date")


def record_session(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
) -> MediationSession:
    """调解记录: a session's date, place, who took part and what happened."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.SESSION)
    form = Form(data)
    held_on = form.day(
        "held_on",
        ("调解日期", "session date"),
        required=True,
        not_after=today,
        not_before=case.accepted_on,
        not_before_label=ACCEPTED,
    )
    place = form.text("place", ("调解地点", "place"), limit=200)
    participants = form.text("participants", ("参加人员", "participants"), required=True, limit=500)
    notes = form.text("notes", ("调解情况记录", "record of the session"), required=True, limit=8000)
    form.check()
    record = MediationSession(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        held_on=held_on,  # type: ignore[arg-type]
        place=place,
        participants=participants,  # type: ignore[arg-type]
        notes=notes,  # type: ignore[arg-type]
        recorded_by=actor_id,
    )
    session.add(record)
    touch_case(session, case)
    session.flush()
    return record


def _difficulty(form: Form) -> Difficulty | None:
    return form.choice("difficulty", Difficulty, ("难易程度", "difficulty"), required=False)


def record_agreement(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationAgreement:
    """达成协议: the agreement's form, date, terms, amount, and how and by when it is
    performed (RTF art. 29). ``performed_now`` records performance on the spot."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.AGREE)
    form = Form(data)
    kind = form.choice("form", AgreementForm, ("协议形式", "form of agreement"))
    concluded = form.day(
        "concluded_on",
        ("协议生效日期", "date the agreement took effect"),
        required=True,
        not_after=today,
        not_before=case.accepted_on,
        not_before_label=ACCEPTED,
    )
    terms = form.text("terms", ("协议内容", "terms"), required=True, limit=8000)
    amount = form.amount("amount", ("协议涉及金额", "amount agreed"))
    method = form.text("performance_method", ("履行方式", "how it is performed"), required=True)
    performed_now = form.flag("performed_now")
    deadline = form.day(
        "performance_deadline",
        ("履行期限", "performance deadline"),
        required=not performed_now,
        not_before=concluded,
        not_before_label=("协议生效日期", "agreement date"),
    )
    place = form.text("performance_place", ("履行地点", "place of performance"), limit=200)
    difficulty = _difficulty(form)
    form.check()
    assert concluded is not None
    agreement = MediationAgreement(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        form=kind,  # type: ignore[arg-type]
        concluded_on=concluded,
        terms=terms,  # type: ignore[arg-type]
        amount=amount,
        performance_method=method,  # type: ignore[arg-type]
        performance_deadline=deadline or concluded,
        performance_place=place,
        performed_on=concluded if performed_now else None,
        performance_note="当场履行" if performed_now else None,
        confirmation_status=ConfirmationStatus.NONE,
    )
    session.add(agreement)
    case.status = CaseStatus.PERFORMED if performed_now else CaseStatus.AGREED
    case.closed_on = concluded
    if difficulty is not None:
        case.difficulty = difficulty
    touch_case(session, case)
    session.flush()
    return agreement


def terminate_case(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCase:
    """终止调解 with the reason and the remedies the parties were told of (RTF art. 26).

    After an agreement this is only possible once the court found it invalid and the
    parties go to court instead of mediating again.
    """
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    agreement = live_agreement(session, case.id)  # type: ignore[arg-type]
    require(case, Action.TERMINATE, agreement)
    form = Form(data)
    reason = form.choice("termination_reason", TerminationReason, ("终止原因", "reason"))
    start = agreement.confirmation_decided_on if agreement else case.accepted_on
    terminated_on = (
        form.day(
            "terminated_on",
            ("终止日期", "termination date"),
            not_after=today,
            not_before=start,
            not_before_label=ACCEPTED,
        )
        or today
    )
    remedies = form.many("remedies", Remedy)
    if not remedies:
        form.error(
            "remedies",
            "请勾选已告知当事人的救济途径（人民调解法第二十六条）",
            "Tick the remedies the parties were told of (RTF art. 26)",
        )
    note = form.text("termination_note", ("终止说明", "explanation"), limit=1000)
    if reason is TerminationReason.OTHER and not note:
        form.error("termination_note", "其他原因须说明", "Explain the other reason")
    difficulty = _difficulty(form)
    form.check()
    if agreement is not None:
        agreement.superseded = True
        touch(agreement)
    case.status = CaseStatus.TERMINATED
    case.terminated_on = terminated_on
    case.termination_reason = reason
    case.remedies = ",".join(remedies)
    case.termination_note = note
    case.closed_on = terminated_on
    if difficulty is not None:
        case.difficulty = difficulty
    touch_case(session, case)
    session.flush()
    return case


def set_difficulty(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> MediationCase:
    """难易程度: simple, general or complex; it decides the mediator's subsidy."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.DIFFICULTY)
    form = Form(data)
    difficulty = form.choice("difficulty", Difficulty, ("难易程度", "difficulty"))
    form.check()
    if case.difficulty != difficulty:
        case.difficulty = difficulty
        touch_case(session, case)
    session.flush()
    return case


def set_prevention(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> MediationCase:
    """防范成效: whether the mediation kept the dispute from turning criminal (民转刑) or
    from a group petition (群体性上访) — counted by the statistics from the closing date."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.PREVENTION)
    form = Form(data)
    case.prevented_criminal = form.flag("prevented_criminal")
    case.prevented_group_petition = form.flag("prevented_group_petition")
    touch_case(session, case)
    return case
