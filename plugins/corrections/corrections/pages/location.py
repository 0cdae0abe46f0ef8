"""The location page (定位数据): positions of one location term, for holders of
``corrections.view_location`` only; every view is an audit event (who, which subject, which
period), because the law allows the data for corrections work alone (CCL art. 29)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlmodel import Session

from core.api import CurrentUser, record_event
from corrections.models import CorrectionsLocation, CorrectionsSubject
from corrections.pages.common import host_of, may, minors_guard, now_of
from corrections.pages.subjects import load_subject, person_view
from corrections.permissions import VIEW_LOCATION
from corrections.services.geofence import breaches, distance_m, fixes_for

__all__ = ["ROUTES"]

RECORDS = {"subject_id": CorrectionsSubject, "location_id": CorrectionsLocation}


@get(
    "/subjects/{subject_id:int}/location/{location_id:int}",
    name="corrections_location",
    opt={"permission": VIEW_LOCATION, "records": RECORDS},
    guards=[minors_guard],
    sync_to_thread=True,
)
def location_view(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    subject_id: int,
    location_id: int,
) -> Template:
    """The last 24 hours of positions (or of the term, if it ended), breaches marked."""
    subject = load_subject(db, current_user, subject_id)
    row = db.get(CorrectionsLocation, location_id)
    if (
        row is None
        or row.subject_id != subject.id
        or not may(db, current_user, VIEW_LOCATION, subject.org_id)
    ):
        raise NotFoundException()
    now = now_of(request)
    fixes = fixes_for(host_of(request), row, now - timedelta(hours=24), now)
    outside = {f.at for f in breaches(row, fixes)}
    record_event(
        db,
        "corrections.location_viewed",
        actor_id=current_user.id,
        entity="corrections_location",
        entity_id=str(row.id),
        org_id=row.org_id,
        details={
            "subject_id": subject.id,
            "since": (now - timedelta(hours=24)).isoformat(),
            "fixes": len(fixes),
        },
    )
    rows = [
        {
            "fix": f,
            "outside": f.at in outside,
            "distance": round(distance_m(row.fence_lat, row.fence_lon, f.lat, f.lon))
            if row.fence_lat is not None and row.fence_lon is not None
            else None,
        }
        for f in reversed(fixes)
    ]
    return Template(
        "corrections/location.html",
        context={
            "subject": subject,
            "person": person_view(db, subject.person_id),
            "row": row,
            "rows": rows,
        },
    )


ROUTES = [location_view]
