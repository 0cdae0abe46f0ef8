"""The people registry's JSON API (``/api/v1/people``): search and one person, masked.

The same permission and scope as the pages: ``core.people.view``, people registered in the
caller's subtree only, anyone else 404; numbers are always masked (:class:`PersonView`), and
there is no way to unmask through the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import get
from litestar.params import Parameter
from sqlmodel import Session

from core.identity.current import CurrentUser
from core.people.models import Person
from core.people.search import search_people
from core.people.views import PersonView, masked
from web.guards import PERMISSION, RECORDS
from web.people_access import VIEW, visible_person

MAX_PER_PAGE = 100
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PeoplePage:
    """One page of search results."""

    items: list[PersonView]
    total: int
    page: int
    per_page: int


@get("/api/v1/people", name="api_people_search", opt={PERMISSION: VIEW}, sync_to_thread=True)
def api_people_search(
    db: Session,
    current_user: CurrentUser,
    q: Annotated[str, Parameter(max_length=50, description="姓名、拼音、身份证号码或电话")] = "",
    page: Annotated[int, Parameter(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Parameter(ge=1, le=MAX_PER_PAGE)] = 20,
) -> PeoplePage:
    """People matching ``q`` (empty: everyone visible), in pinyin order."""
    items, total = search_people(
        db,
        q,
        org_ids_select=current_user.scope(db, VIEW).org_ids_select(),
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    return PeoplePage(items=items, total=total, page=page, per_page=per_page)


@get(
    "/api/v1/people/{person_id:int}",
    name="api_person_detail",
    opt={PERMISSION: VIEW, RECORDS: {"person_id": Person}},
    sync_to_thread=True,
)
def api_person_detail(db: Session, current_user: CurrentUser, person_id: int) -> PersonView:
    """One person, masked; 404 outside the caller's scope."""
    return masked(visible_person(db, current_user, person_id))


ROUTES = [api_people_search, api_person_detail]
