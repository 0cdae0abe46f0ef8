"""Change of execution place (变更执行地), C7: the file moves to another station.

Every row of the subject moves with it, so the old station loses sight of the file at once
and the new one sees all of it (scoping follows ``org_id``).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from core.api import N_, DueSource, due_date, track_due
from corrections.codes import Status
from corrections.deadlines import MOVE_REPORT
from corrections.errors import CorrectionsError, InvalidInput
from corrections.models import (
    CorrectionsActivity,
    CorrectionsCheckin,
    CorrectionsEvaluation,
    CorrectionsLeave,
    CorrectionsLocation,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTeamMember,
    CorrectionsTransfer,
)
from corrections.services.due_items import sync_subject_items
from corrections.services.workflow import ENDED

__all__ = ["change_station"]

CHILDREN = (
    CorrectionsActivity,
    CorrectionsCheckin,
    CorrectionsEvaluation,
    CorrectionsLeave,
    CorrectionsLocation,
    CorrectionsSanction,
    CorrectionsTeamMember,
)


def change_station(
    session: Session, subject: CorrectionsSubject, *, to_org_id: int, reason: str, today: date
) -> CorrectionsTransfer:
    """Move the file to *to_org_id* (the caller checked the user may act there)."""
    if Status(subject.status) in ENDED:
        raise CorrectionsError(N_("矫正已结束，不能变更执行地"))
    if to_org_id == subject.org_id:
        raise InvalidInput({"to_org_id": N_("新执行地与原执行地相同")})
    computed = due_date(session, MOVE_REPORT, today, to_org_id)
    report_due = computed.due
    transfer = CorrectionsTransfer(
        org_id=to_org_id,
        subject_id=subject.id,  # type: ignore[arg-type]
        from_org_id=subject.org_id,
        decided_on=today,
        report_due_on=report_due,  # type: ignore[arg-type]
        reason=reason.strip()[:200],
        status="handed_over",
        handed_over_on=today,  # within the county: responsibility passes the same day
    )
    for model in CHILDREN:
        for row in session.exec(select(model).where(model.subject_id == subject.id)).all():  # type: ignore[attr-defined]
            row.org_id = to_org_id
            session.add(row)
    subject.org_id = to_org_id
    session.add(subject)
    session.add(transfer)
    session.flush()
    track_due(
        session,
        DueSource("corrections", "transfer", transfer.id),  # type: ignore[arg-type]
        "report_due_on",
        computed,
        label_zh=f"矫正对象 #{subject.id} 变更执行地报到期限",
        label_en=f"Report-in after the move of subject #{subject.id}",
        url=f"/m/corrections/subjects/{subject.id}",
    )
    sync_subject_items(session, subject, today)
    return transfer
