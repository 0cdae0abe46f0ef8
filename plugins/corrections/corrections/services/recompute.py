"""Storing a provisional (暂定) deadline's real date once the year's schedule is entered.

The core's recompute job calls ``sifa_deadline_recomputed`` with the registration made by
``track_due`` (intake, assessments, court proposals, moves); this writes the new date into
the record and rebuilds its due items, so the inbox drops the 暂定 mark. The core audits
old and new and tells the staff when the date moved.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session

from corrections.models import (
    CorrectionsAssessment,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTransfer,
)
from corrections.services.due_items import sync_assessment_items, sync_subject_items

__all__ = ["apply_recomputed"]

BEIJING = timezone(timedelta(hours=8))


def _today(deadline: Any) -> date:
    """The job's day (its ``resolved_at``), in Beijing."""
    moment = deadline.resolved_at or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).date()


def apply_recomputed(session: Session, deadline: Any, due: Any) -> bool | None:
    """Write ``due`` into the record ``deadline`` names; None if the record is gone."""
    new = due.due.date() if isinstance(due.due, datetime) else due.due
    today = _today(deadline)
    record_id = int(deadline.entity_id)
    if deadline.entity == "subject":
        subject = session.get(CorrectionsSubject, record_id)
        if subject is None:
            return None
        if deadline.key == "report_due_on":
            subject.report_due_on = new
        elif deadline.key.startswith("court:"):
            proposal = session.get(CorrectionsSanction, int(deadline.key.split(":", 1)[1]))
            if proposal is None:
                return None
            proposal.court_due_on = new
            session.add(proposal)
        else:
            return None
        session.add(subject)
        session.flush()
        sync_subject_items(session, subject, today)
        return True
    if deadline.entity == "assessment":
        row = session.get(CorrectionsAssessment, record_id)
        if row is None:
            return None
        row.due_on = new
        session.add(row)
        session.flush()
        sync_assessment_items(session, row, today)
        return True
    if deadline.entity == "transfer":
        transfer = session.get(CorrectionsTransfer, record_id)
        if transfer is None:
            return None
        transfer.report_due_on = new
        session.add(transfer)
        session.flush()
        return True
    return None
