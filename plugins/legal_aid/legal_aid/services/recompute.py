"""Storing a provisional (暂定) legal-aid deadline's real date once the year is entered.

Called through ``sifa_deadline_recomputed``. The review deadline after missing materials
keeps the time used before the pause, so it is computed here again (the core's plain
recomputation from the rule would give the whole period) and returned for the core to
compare with the provisional date and tell the staff.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from legal_aid.models import LegalAidCase, LegalAidObjection
from legal_aid.services.cases import sync_case_due_items
from legal_aid.services.deadlines import resumed_review_due

__all__ = ["apply_recomputed"]


def apply_recomputed(session: Session, deadline: Any, due: Any) -> date | None:
    """Write the new date into the case (or objection); the date stored, None if gone."""
    if deadline.entity != "case":
        return None
    case = session.get(LegalAidCase, int(deadline.entity_id))
    if case is None:
        return None
    new = due.due.date() if isinstance(due.due, datetime) else due.due
    if deadline.key.startswith("objection:"):
        objection = session.get(LegalAidObjection, int(deadline.key.split(":", 1)[1]))
        if objection is None:
            return None
        objection.due = new
        session.add(objection)
    elif deadline.key in ("review_due", "materials_due", "assign_due", "report_due"):
        if (
            deadline.key == "review_due"
            and case.materials_supplied_on is not None
            and case.materials_requested_on is not None
        ):
            new = (
                resumed_review_due(
                    session,
                    case.org_id,
                    case.received_on,
                    case.materials_requested_on,
                    case.materials_supplied_on,
                )
                or new
            )
        setattr(case, deadline.key, new)
    else:
        return None
    session.add(case)
    session.flush()
    session.info.pop("legal_aid.dues", None)  # registered already; nothing to track again
    sync_case_due_items(session, case)
    return new
