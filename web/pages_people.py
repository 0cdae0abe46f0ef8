"""The people registry pages (人员库): list and search, person page, reveal, timeline.

Lists and search results only ever hold masked values (:class:`core.people.views.PersonView`).
A stored full number reaches a page in one way only: the reveal fragment, which needs
``core.people.unmask`` where the person is registered and writes an audit event each time.
The search text may itself be a full identity or phone number, so the search box POSTs it
(keeping it out of URLs, access logs and the browser history) and no answer echoes it.

Registering and editing are in :mod:`web.pages_people_edit`, the picker for plugin forms in
:mod:`web.people_picker`, the JSON API in :mod:`web.api_people`; :data:`ROUTES` mounts all.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Template
from sqlmodel import Session

from core.i18n import N_
from core.identity.current import CurrentUser
from core.people.models import IdType, Person
from core.people.search import parse_query, search_people
from core.people.service import REVEALABLE_FIELDS, reveal
from core.people.timeline import TimelineEntry, person_timeline
from core.people.views import PersonView, masked
from core.platform import Platform
from web import api_people, pages_people_edit, people_picker
from web.guards import PERMISSION, READS, RECORDS
from web.pages_account import FORM, locale_of
from web.people_access import (
    MANAGE,
    UNMASK,
    VIEW,
    is_htmx,
    may,
    org_names,
    visible_org_ids,
    visible_person,
)
from web.people_forms import DOCUMENT_TYPE_LABELS, ID_TYPE_LABELS, SEX_LABELS
from web.templating import local_time

PAGE_SIZE = 25
MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts
MAX_QUERY = 50
NOTICES = {"created": N_("人员已登记。"), "saved": N_("修改已保存。")}
LABELS = {
    "id_type_labels": ID_TYPE_LABELS,
    "document_labels": DOCUMENT_TYPE_LABELS,
    "sex_labels": SEX_LABELS,
}


def _page_number(value: Any) -> int:
    try:
        return min(max(int(str(value)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def shown_query(text: str) -> str:
    """The search text to put back in the box: nothing when it reads as a number."""
    parsed = parse_query(text)
    return "" if parsed.resident_id or parsed.phone or parsed.document_number else text


# -- list and search ----------------------------------------------------------------------


def _list(
    db: Session,
    user: CurrentUser,
    text: str,
    page: int,
    *,
    fragment: bool,
) -> Template:
    scope = user.scope(db, VIEW)
    text = text.strip()[:MAX_QUERY]
    rows, total = search_people(
        db,
        text,
        org_ids_select=scope.org_ids_select(),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "searched": bool(text),
        "shown_query": shown_query(text),
        "org_names": org_names(db, (p.org_id for p in rows)),
        "can_manage": user.can(MANAGE),
        **LABELS,
    }
    template = "people/_table.html" if fragment else "people/list.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@get("/people", name="people_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def people_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """People registered in the user's subtree, in pinyin order, a page at a time."""
    page = _page_number(request.query_params.get("page"))
    text = request.query_params.get("q", "")
    return _list(db, current_user, text, page, fragment=is_htmx(request))


@post(  # a POST only to keep the ID numbers searched for out of URLs and logs
    "/people/search", name="people_search", opt={PERMISSION: VIEW, READS: True}, sync_to_thread=True
)
def people_search(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template:
    """The search box: the table alone for htmx, the whole page without scripts."""
    text = str(data.get("q") or "")
    page = _page_number(data.get("page"))
    return _list(db, current_user, text, page, fragment=is_htmx(request))


# -- the person page ----------------------------------------------------------------------


def _timeline(
    platform: Platform, db: Session, user: CurrentUser, person_id: int, locale: str
) -> list[dict[str, str]]:
    """The plugins' entries for this person that the viewer may see, ready to show.

    Only plugins on for the viewer are asked; entries of organisations outside the
    viewer's scope are left out; a failing plugin is skipped by ``person_timeline``.
    """
    entries = person_timeline(platform.host, db, person_id, only=user.active_plugins)
    allowed = visible_org_ids(db, user, (e.org_id for e in entries))
    return [_entry(e, locale) for e in entries if e.org_id in allowed]


def _entry(entry: TimelineEntry, locale: str) -> dict[str, str]:
    when = entry.when
    url = entry.url if entry.url.startswith("/") and not entry.url.startswith("//") else ""
    return {
        "plugin": entry.plugin,
        "when": local_time(when) if isinstance(when, datetime) else date.isoformat(when),
        "kind": entry.kind_en if locale == "en" else entry.kind_zh,
        "title": entry.title,
        "url": url,
    }


def person_context(
    request: Request[Any, Any, Any],
    platform: Platform,
    db: Session,
    user: CurrentUser,
    person: Person,
) -> dict[str, Any]:
    """Everything the person page shows; the full numbers are not in it."""
    view: PersonView = masked(person)
    # a birth date taken from the identity number would unmask eight of its digits
    birth = person.birth_date if person.id_type != IdType.RESIDENT_ID else None
    return {
        "person": view,
        "birth_date": birth.isoformat() if birth else "",
        "org_name": org_names(db, [person.org_id]).get(person.org_id, ""),
        "created_at": person.created_at,
        "updated_at": person.updated_at,
        "can_manage": may(db, user, MANAGE, person.org_id),
        "can_unmask": may(db, user, UNMASK, person.org_id),
        "entries": _timeline(platform, db, user, view.id, locale_of(request)),
        "revealed": {},
        **LABELS,
    }


@get(
    "/people/{person_id:int}",
    name="person_detail",
    opt={PERMISSION: VIEW, RECORDS: {"person_id": Person}},
    sync_to_thread=True,
)
def person_detail(
    request: Request[Any, Any, Any],
    platform: Platform,
    db: Session,
    current_user: CurrentUser,
    person_id: int,
) -> Template:
    person = visible_person(db, current_user, person_id)
    context = person_context(request, platform, db, current_user, person)
    context["notice"] = NOTICES.get(request.query_params.get("done", ""), "")
    return Template("people/detail.html", context=context)


@post(
    "/people/{person_id:int}/reveal",
    name="person_reveal",
    opt={PERMISSION: UNMASK, RECORDS: {"person_id": Person}},
    sync_to_thread=True,
)
def person_reveal(
    request: Request[Any, Any, Any],
    platform: Platform,
    db: Session,
    current_user: CurrentUser,
    person_id: int,
    data: dict[str, Any] = FORM,
) -> Template:
    """One full number, audited (显示完整号码): 404 outside the view scope, 403 without
    ``core.people.unmask`` where the person is registered."""
    person = visible_person(db, current_user, person_id)
    field = str(data.get("field") or "")
    if field not in REVEALABLE_FIELDS or not getattr(person, field):
        raise NotFoundException()
    if not may(db, current_user, UNMASK, person.org_id):
        raise PermissionDeniedException(detail=UNMASK)
    value = reveal(db, person, field, current_user.id)
    headers = {"Cache-Control": "no-store", "Vary": "HX-Request"}
    if is_htmx(request):
        return Template(
            "people/_revealed.html", context={"field": field, "value": value}, headers=headers
        )
    context = person_context(request, platform, db, current_user, person)
    context["revealed"] = {field: value}
    return Template("people/detail.html", context=context, headers=headers)


ROUTES = [
    people_list,
    people_search,
    *pages_people_edit.ROUTES,
    person_detail,
    person_reveal,
    *people_picker.ROUTES,
    *api_people.ROUTES,
]
