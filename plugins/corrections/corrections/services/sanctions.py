"""Rewards and sanctions (奖惩), CCL art. 28 and the Wenzhou conditions (DOMAIN.md §2.8).

The county body decides 训诫 and 警告 after the station's investigation; proposals go to the
police or the court, and for revocation or 收监 the court's 30-day deadline (C10) is tracked.
:func:`suggest_next` reads the subject's record and says what the ladder suggests; it never
decides — a person does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from core.api import N_, DueSource, due_date, track_due
from corrections.codes import SanctionKind, Status, SubjectType
from corrections.deadlines import COURT_DECISION
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import CorrectionsCheckin, CorrectionsSanction, CorrectionsSubject
from corrections.services.due_items import sync_subject_items
from corrections.services.supervision import apply_triggers
from corrections.services.workflow import ENDED, move
from corrections.settings import CorrectionsSettings

__all__ = [
    "COURT_PROPOSALS",
    "allowed_kinds",
    "court_decision",
    "record_sanction",
    "suggest_next",
]

K = SanctionKind
COURT_PROPOSALS = {K.REVOKE_PROBATION, K.REVOKE_PAROLE, K.RETURN_TO_PRISON}
ALLOWED_TYPES = {
    K.PUBLIC_ORDER: {SubjectType.CONTROL, SubjectType.PROBATION, SubjectType.MEDICAL_PAROLE},
    K.REVOKE_PROBATION: {SubjectType.PROBATION},
    K.REVOKE_PAROLE: {SubjectType.PAROLE},
    K.RETURN_TO_PRISON: {SubjectType.MEDICAL_PAROLE},
}


# Missed reports (定期报告 due and not made): a minor breach of the reporting rules is 训诫,
# a more serious one (repeated) 警告 (DOMAIN.md §2.8, the 实施办法 table).
MISSED_FOR_WARNING = 3


def allowed_kinds(subject: CorrectionsSubject) -> list[SanctionKind]:
    """The measures legal for the subject's sentence type, mildest first (no 提请撤销缓刑 for
    a 管制 subject, no 提请收监执行 for a 缓刑 one)."""
    kind = SubjectType(subject.subject_type)
    return [k for k in SanctionKind if kind in ALLOWED_TYPES.get(k, {kind})]


def missed_reports(session: Session, subject: CorrectionsSubject, today: date) -> int:
    """Scheduled reports whose day has passed without the report being made."""
    rows = session.exec(
        select(CorrectionsCheckin.id).where(
            CorrectionsCheckin.subject_id == subject.id,
            col(CorrectionsCheckin.done_on).is_(None),
            CorrectionsCheckin.due_on < today,
        )
    ).all()
    return len(rows)


def _revocation_for(subject: CorrectionsSubject) -> SanctionKind | None:
    return {
        SubjectType.PROBATION: K.REVOKE_PROBATION,
        SubjectType.PAROLE: K.REVOKE_PAROLE,
        SubjectType.MEDICAL_PAROLE: K.RETURN_TO_PRISON,
    }.get(SubjectType(subject.subject_type))


def suggest_next(
    session: Session, subject: CorrectionsSubject, today: date | None = None
) -> tuple[SanctionKind, str] | None:
    """The next rung the ladder suggests, with the condition that holds (a person decides).

    Out of supervision (C12): up to 10 days → 训诫; more than 10 → 警告; more than a month →
    revocation or 收监. Then the record: two warnings (or a public-order penalty) → revocation;
    two admonitions → warning; missed reports → 训诫, three or more → 警告."""
    kinds = list(
        session.exec(
            select(CorrectionsSanction.kind).where(CorrectionsSanction.subject_id == subject.id)
        ).all()
    )
    warnings = kinds.count(K.WARNING.value)
    admonitions = kinds.count(K.ADMONITION.value)
    revocation = _revocation_for(subject)
    since = subject.lost_since or subject.search_started_on
    if (
        today is not None
        and since is not None
        and subject.status in (Status.LOST, Status.SEARCHING)
    ):
        days = (today - since).days + (10 if subject.status == Status.SEARCHING else 0)
        if days > 30 and revocation is not None:
            return revocation, Message(
                N_("脱离监管超过一个月（约 {days} 日），可{kind}"), days=days, kind=revocation
            )
        if days > 10:
            return K.WARNING, Message(N_("脱离监管超过十日（约 {days} 日），可给予警告"), days=days)
        return K.ADMONITION, Message(N_("脱离监管不超过十日，可给予训诫"))
    if warnings >= 2 and revocation is not None:
        return revocation, Message(
            N_("已受到 {count} 次警告仍不改正，可{kind}"), count=warnings, kind=revocation
        )
    if K.PUBLIC_ORDER.value in kinds and revocation is not None:
        return revocation, Message(N_("受到治安管理处罚后仍不改正，可{kind}"), kind=revocation)
    if admonitions >= 2:
        return K.WARNING, Message(
            N_("已受到 {count} 次训诫仍不改正，可给予警告"), count=admonitions
        )
    missed = missed_reports(session, subject, today) if today is not None else 0
    if missed >= MISSED_FOR_WARNING and warnings == 0:
        return K.WARNING, Message(
            N_("已有 {count} 次未按规定报告，属较重违反报告规定，可给予警告"), count=missed
        )
    if missed and not warnings and not admonitions:
        return K.ADMONITION, Message(N_("已有 {count} 次未按规定报告，可给予训诫"), count=missed)
    if warnings == 1:
        return K.WARNING, Message(
            N_("已受到 1 次警告；再次违规可再给予警告，两次警告仍不改正可提请撤销/收监")
        )
    return None


def record_sanction(
    session: Session,
    subject: CorrectionsSubject,
    data: dict[str, Any],
    *,
    decided_by: str,
    settings: CorrectionsSettings,
    today: date,
) -> CorrectionsSanction:
    """Record a county decision (表扬/训诫/警告) or a proposal (提请…)."""
    if Status(subject.status) in ENDED:
        raise CorrectionsError(N_("矫正已结束，不能再作奖惩"))
    errors: dict[str, str] = {}
    try:
        kind = SanctionKind(str(data.get("kind") or ""))
    except ValueError:
        errors["kind"] = N_("请选择奖惩类别")
        kind = K.PRAISE
    facts = str(data.get("facts") or "").strip()
    if not facts:
        errors["facts"] = N_("请填写司法所调查核实的事实")
    try:
        decided_on = date.fromisoformat(str(data.get("decided_on") or ""))
        if decided_on > today:
            errors["decided_on"] = N_("决定日期不能晚于今天")
    except ValueError:
        errors["decided_on"] = N_("请填写决定日期")
        decided_on = today
    if errors:
        raise InvalidInput(errors)
    allowed = ALLOWED_TYPES.get(kind)
    if allowed is not None and SubjectType(subject.subject_type) not in allowed:
        raise CorrectionsError(
            Message(
                N_("{subject_type}对象不适用“{kind}”"),
                subject_type=SubjectType(subject.subject_type),
                kind=kind,
            )
        )
    row = CorrectionsSanction(
        org_id=subject.org_id,
        subject_id=subject.id,  # type: ignore[arg-type]
        kind=kind.value,
        facts=facts[:1000],
        decided_on=decided_on,
        decided_by=decided_by[:50],
    )
    court_due = None
    if kind in COURT_PROPOSALS:
        court_due = due_date(session, COURT_DECISION, decided_on, subject.org_id)
        row.court_due_on = court_due.due  # type: ignore[assignment]
        move(subject, "propose")
    session.add(row)
    session.add(subject)
    session.flush()
    if court_due is not None:  # provisional while the year's schedule is not entered
        track_due(
            session,
            DueSource("corrections", "subject", subject.id),  # type: ignore[arg-type]
            f"court:{row.id}",
            court_due,
            label_zh=f"矫正对象 #{subject.id} 法院裁定期限",
            label_en=f"Court decision deadline of subject #{subject.id}",
            url=f"/m/corrections/subjects/{subject.id}",
        )
    apply_triggers(session, subject, settings, today)
    sync_subject_items(session, subject, today)
    return row


def court_decision(
    session: Session,
    subject: CorrectionsSubject,
    proposal: CorrectionsSanction,
    *,
    upheld: bool,
    on: date,
    today: date,
) -> None:
    """The court ruled: upheld ends corrections (终止); refused returns to supervision."""
    from corrections.services.release import terminate

    if K(proposal.kind) not in COURT_PROPOSALS or proposal.court_decided_on is not None:
        raise CorrectionsError(N_("该提请事项无需或已登记裁定"))
    proposal.court_decided_on, proposal.court_upheld = on, upheld
    session.add(proposal)
    if upheld:
        end = {
            K.REVOKE_PROBATION: "revoked_probation",
            K.REVOKE_PAROLE: "revoked_parole",
            K.RETURN_TO_PRISON: "returned_to_prison",
        }[K(proposal.kind)]
        terminate(session, subject, end_type=end, on=on, today=today)
    else:
        move(subject, "proposal_refused")
        session.add(subject)
        session.flush()
        sync_subject_items(session, subject, today)
