"""End of corrections (解除/终止) and aftercare (安置帮教), CCL arts. 44–45, R1.

Release at the end of the term issues the certificate and hands the person to aftercare for
the configured term (default five years). Aftercare persons also arrive from prisons a month
before release; they are verified, handed over (必接必送 for key persons), resettled, and
leave at the end of the term or by an exit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from core.api import N_
from corrections.codes import (
    AftercareCategory,
    AftercareStatus,
    EndType,
    HandoverMode,
    Resettlement,
)
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import CorrectionsAftercare, CorrectionsLocation, CorrectionsSubject
from corrections.services.due_items import sync_aftercare_items, sync_subject_items
from corrections.services.workflow import move
from corrections.settings import CorrectionsSettings

__all__ = [
    "exit_aftercare",
    "expire_aftercare",
    "hand_over",
    "receive_release_notice",
    "release",
    "resettle",
    "terminate",
    "verify",
]

A = AftercareStatus


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _switch_off_location(session: Session, subject: CorrectionsSubject, on: date) -> None:
    for row in session.exec(
        select(CorrectionsLocation).where(
            CorrectionsLocation.subject_id == subject.id,
            CorrectionsLocation.active.is_(True),  # type: ignore[attr-defined]
        )
    ).all():
        row.active, row.switched_off_on = False, on
        session.add(row)


def release(
    session: Session,
    subject: CorrectionsSubject,
    *,
    on: date,
    settings: CorrectionsSettings,
    today: date,
) -> CorrectionsAftercare:
    """期满解除: only on or after the term's end; the person enters aftercare."""
    if subject.term_end is None or on < subject.term_end:
        raise CorrectionsError(
            Message(N_("矫正期满日为 {term_end}，期满前不能解除"), term_end=subject.term_end)
        )
    if on > today:
        raise InvalidInput({"ended_on": N_("解除日期不能晚于今天")})
    move(subject, "release")
    subject.ended_on, subject.end_type = on, EndType.EXPIRED.value
    session.add(subject)
    _switch_off_location(session, subject, on)
    person = CorrectionsAftercare(
        org_id=subject.org_id,
        person_id=subject.person_id,
        subject_id=subject.id,
        source="corrections",
        released_by="县级社区矫正机构",
        release_on=on,
        notice_on=on,
        status=A.VERIFIED.value,
        verified_on=on,
        term_end=_years_later(on, settings.aftercare_years),
    )
    session.add(person)
    session.flush()
    sync_subject_items(session, subject, today)
    sync_aftercare_items(session, person, today)
    return person


def terminate(
    session: Session, subject: CorrectionsSubject, *, end_type: str, on: date, today: date
) -> None:
    """终止: revocation, 收监 or death."""
    if end_type not in {
        EndType.REVOKED_PROBATION,
        EndType.REVOKED_PAROLE,
        EndType.RETURNED_TO_PRISON,
        EndType.DEATH,
    }:
        raise InvalidInput({"end_type": N_("请选择终止原因")})
    if on > today:
        raise InvalidInput({"ended_on": N_("终止日期不能晚于今天")})
    move(subject, "terminate")
    subject.ended_on, subject.end_type = on, end_type
    session.add(subject)
    _switch_off_location(session, subject, on)
    session.flush()
    sync_subject_items(session, subject, today)


def receive_release_notice(
    session: Session, data: dict[str, Any], *, org_id: int, person_id: int, today: date
) -> CorrectionsAftercare:
    """刑满释放人员通知书 from a prison (about a month ahead of the release)."""
    errors: dict[str, str] = {}
    prison = str(data.get("released_by") or "").strip()
    if not prison:
        errors["released_by"] = N_("请填写释放单位（监狱、看守所）")
    try:
        release_on = date.fromisoformat(str(data.get("release_on") or ""))
    except ValueError:
        errors["release_on"] = N_("请填写释放日期")
        release_on = today
    category = str(data.get("category") or AftercareCategory.GENERAL.value)
    if category not in {c.value for c in AftercareCategory}:
        errors["category"] = N_("请选择帮教类别")
    if errors:
        raise InvalidInput(errors)
    person = CorrectionsAftercare(
        org_id=org_id,
        person_id=person_id,
        source="prison",
        released_by=prison[:100],
        release_on=release_on,
        notice_on=today,
        category=category,
        must_escort=category == AftercareCategory.KEY.value
        or str(data.get("must_escort") or "") in {"1", "on", "true"},
    )
    session.add(person)
    session.flush()
    sync_aftercare_items(session, person, today)
    return person


def verify(session: Session, person: CorrectionsAftercare, today: date) -> None:
    """核查: the station matched the notice to a local person."""
    if person.status != A.NOTIFIED:
        raise CorrectionsError(N_("该人员已核查"))
    person.status, person.verified_on = A.VERIFIED.value, today
    session.add(person)


def hand_over(
    session: Session,
    person: CorrectionsAftercare,
    *,
    mode: str,
    on: date,
    settings: CorrectionsSettings,
    today: date,
) -> None:
    """衔接: the person is received; 必接必送 persons must be collected, not arrive alone."""
    if person.status != A.VERIFIED:
        raise CorrectionsError(N_("请先核查，再登记衔接"))
    if mode not in {m.value for m in HandoverMode}:
        raise InvalidInput({"handover_mode": N_("请选择衔接情况")})
    if person.must_escort and mode in {HandoverMode.SELF.value, HandoverMode.OTHER.value}:
        raise InvalidInput({"handover_mode": N_("必接必送人员应由司法所、基层组织或政府接回")})
    if on > today:
        raise InvalidInput({"handed_over_on": N_("衔接日期不能晚于今天")})
    person.handover_mode, person.handed_over_on = mode, on
    person.status = A.IN_CARE.value
    person.term_end = person.term_end or _years_later(person.release_on, settings.aftercare_years)
    session.add(person)
    session.flush()
    sync_aftercare_items(session, person, today)


def resettle(session: Session, person: CorrectionsAftercare, resettlement: str) -> None:
    if resettlement not in {r.value for r in Resettlement}:
        raise InvalidInput({"resettlement": N_("请选择安置情况")})
    person.resettlement = resettlement
    session.add(person)


def exit_aftercare(
    session: Session, person: CorrectionsAftercare, *, reason: str, on: date
) -> None:
    """Exits: 重新犯罪, 死亡, 迁出."""
    if reason not in {"reoffended", "death", "moved"}:
        raise InvalidInput({"exit_reason": N_("请选择退出原因")})
    if person.status in (A.EXITED, A.EXPIRED):
        raise CorrectionsError(N_("该人员已不在帮教中"))
    person.status, person.exit_reason, person.exited_on = A.EXITED.value, reason, on
    person.reoffended = reason == "reoffended"
    session.add(person)
    session.flush()
    sync_aftercare_items(session, person, on)


def expire_aftercare(session: Session, today: date) -> int:
    """帮教期满: close every term that has ended (idempotent; the daily job calls it)."""
    rows = session.exec(
        select(CorrectionsAftercare).where(
            CorrectionsAftercare.status == A.IN_CARE.value,
            CorrectionsAftercare.term_end < today,  # type: ignore[operator]
        )
    ).all()
    for person in rows:
        person.status, person.exited_on = A.EXPIRED.value, person.term_end
        session.add(person)
    return len(rows)
