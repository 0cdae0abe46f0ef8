"""Who may see, change and unmask which person (人员库的数据范围), for the people pages.

A person belongs to the organisation that registered them; every page, fragment and API
route reads people through these helpers, which ask the one scoping helper. A person outside
the user's ``core.people.view`` scope is a 404 whatever the URL — never a 403, which would
confirm that the person exists. Inside the view scope, a user who may not change (or unmask)
that person gets 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from sqlmodel import Session, select

from core.identity.current import CurrentUser
from core.orgs.models import OrgUnit
from core.people.models import Person
from core.people.service import PersonNotFound, get_person
from web.auth import now_for
from web.templating import BEIJING

VIEW = "core.people.view"
MANAGE = "core.people.manage"
UNMASK = "core.people.unmask"


def visible_person(db: Session, user: CurrentUser, person_id: int) -> Person:
    """The person if the user may see them; 404 otherwise."""
    try:
        return get_person(db, person_id, org_ids_select=user.scope(db, VIEW).org_ids_select())
    except PersonNotFound:
        raise NotFoundException() from None


def managed_person(db: Session, user: CurrentUser, person_id: int) -> Person:
    """The person if the user may change them: 404 if invisible, 403 if only visible."""
    person = visible_person(db, user, person_id)
    if not user.scope(db, MANAGE).allows(db, person.org_id):
        raise PermissionDeniedException(detail=MANAGE)
    return person


def may(db: Session, user: CurrentUser, permission: str, org_id: int) -> bool:
    """Does *permission* reach organisation *org_id* for this user?"""
    return user.can(permission) and user.scope(db, permission).allows(db, org_id)


def org_names(db: Session, org_ids: Iterable[int]) -> dict[int, str]:
    """Names of the given organisations, in one query."""
    wanted = sorted(set(org_ids))
    if not wanted:
        return {}
    rows = db.exec(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(wanted))).all()  # type: ignore[union-attr]
    return {org_id: name for org_id, name in rows if org_id is not None}


def visible_org_ids(db: Session, user: CurrentUser, org_ids: Iterable[int]) -> set[int]:
    """Those of *org_ids* inside the user's view scope, in one query."""
    wanted = sorted(set(org_ids))
    if not wanted:
        return set()
    scope = user.scope(db, VIEW)
    rows = db.exec(
        select(OrgUnit.id).where(OrgUnit.id.in_(wanted), scope.where(OrgUnit.id))  # type: ignore[union-attr]
    ).all()
    return {org_id for org_id in rows if org_id is not None}


def today_for(request: Request[Any, Any, Any]) -> date:
    """Today in Beijing, by the app's clock: birth dates are checked against it."""
    return now_for(request).astimezone(BEIJING).date()


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"
