"""Where a subject can move to between counties, and the moves a file shows: shared by the
subject's file (the request form) and the moves pages."""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgType, OrgUnit, orgs_running
from corrections.models import CorrectionsTransfer
from corrections.permissions import DECIDE

__all__ = ["moves_of_subject", "other_bureaus", "stations_of"]


def other_bureaus(db: Session, user: CurrentUser) -> list[OrgUnit]:
    """County bureaus outside the user's reach that run corrections: where a subject of
    theirs can move to (moves inside the user's own subtree are plain transfers)."""
    scope = user.scope(db, DECIDE)
    query = (
        select(OrgUnit)
        .where(
            OrgUnit.type == OrgType.BUREAU,
            col(OrgUnit.active).is_(True),
            col(OrgUnit.id).not_in(scope.org_ids_select()),
        )
        .order_by(OrgUnit.path)
        .limit(500)
    )
    found = list(db.exec(query).all())
    running = orgs_running(db, "corrections", found)
    return [b for b in found if b.id in running]


def stations_of(db: Session, bureau_id: int | None) -> list[OrgUnit]:
    """The active stations under one bureau, in tree order (empty for anything else)."""
    bureau = db.get(OrgUnit, bureau_id) if bureau_id else None
    if bureau is None or bureau.type != OrgType.BUREAU or not bureau.active:
        return []
    query = (
        select(OrgUnit)
        .where(
            col(OrgUnit.path).startswith(bureau.path),
            OrgUnit.type == OrgType.STATION,
            col(OrgUnit.active).is_(True),
        )
        .order_by(OrgUnit.path)
        .limit(500)
    )
    return list(db.exec(query).all())


def moves_of_subject(db: Session, subject_id: int) -> list[CorrectionsTransfer]:
    """The subject's moves between counties, newest first (for the file's panel)."""
    return list(
        db.exec(
            select(CorrectionsTransfer)
            .where(
                CorrectionsTransfer.subject_id == subject_id,
                col(CorrectionsTransfer.check_due_on).is_not(None),
            )
            .order_by(col(CorrectionsTransfer.id).desc())
        ).all()
    )
