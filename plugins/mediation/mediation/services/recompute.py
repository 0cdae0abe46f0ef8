"""Storing a provisional (暂定) mediation deadline's real date once the year is entered.

Called through ``sifa_deadline_recomputed`` for the dates registered by the due-item
syncs: the case's term (``due_on``), its follow-up visit (derived, so only the items are
rebuilt) and an escalation's sign/report time limits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from mediation.models import MediationCase, MediationEscalation
from mediation.services.due_items import sync_case_due_items
from mediation.services.escalations import sync_escalation_due_items

__all__ = ["apply_recomputed"]


def apply_recomputed(session: Session, deadline: Any, due: Any) -> bool | None:
    """Write the new date; True when stored, None when the record is gone."""
    new = due.due.date() if isinstance(due.due, datetime) and deadline.key != "sign_by" else due.due
    if deadline.entity == "case":
        case = session.get(MediationCase, int(deadline.entity_id))
        if case is None:
            return None
        if deadline.key == "due_on":
            case.due_on = new
            session.add(case)
            session.flush()
        sync_case_due_items(session, case)  # the follow-up item is derived afresh
        return True
    if deadline.entity == "escalation":
        row = session.get(MediationEscalation, int(deadline.entity_id))
        case = session.get(MediationCase, row.case_id) if row else None
        if row is None or case is None or deadline.key not in ("sign_by", "report_by"):
            return None
        setattr(row, deadline.key, new)
        session.add(row)
        session.flush()
        sync_escalation_due_items(session, row, case)
        return True
    return None
