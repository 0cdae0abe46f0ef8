"""The person picker (选择人员): an htmx fragment that plugin forms embed to link a person.

A mediation party, a legal-aid applicant or a correction subject is a person of the registry;
the plugin's form holds only the person's id. The picker searches the registry within the
user's view scope and, once a person is chosen, leaves a hidden input named as the plugin
asked (``field``) holding the id, with the masked label beside it. See docs/plugins.md,
"Linking people".
"""

from __future__ import annotations

import json
import re
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import ValidationException
from litestar.response import Template
from sqlmodel import Session

from core.identity.current import CurrentUser
from core.people.search import search_people
from core.people.views import masked
from web.guards import PERMISSION, READS
from web.pages_account import FORM, locale_of
from web.people_access import MANAGE, VIEW, visible_person
from web.people_forms import person_label

RESULTS = 10
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
CHOSEN_EVENT = "sifa:person-chosen"


def _field(request: Request[Any, Any, Any]) -> str:
    """The name of the form field that will carry the chosen id (default ``person_id``)."""
    field = request.query_params.get("field") or "person_id"
    if not FIELD_NAME.fullmatch(field):
        raise ValidationException(detail="field: 字段名只能包含字母、数字和下划线")
    return field


def _person_id(request: Request[Any, Any, Any]) -> int | None:
    try:
        return int(request.query_params.get("person_id", ""))
    except ValueError:
        return None


def _chosen(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, field: str, person_id: int
) -> Template:
    person = masked(visible_person(db, user, person_id))
    label = person_label(person, locale_of(request))
    event = {CHOSEN_EVENT: {"field": field, "id": person.id, "label": label}}
    return Template(
        "people/_picker_chosen.html",
        context={"field": field, "person": person, "label": label},
        headers={"HX-Trigger": json.dumps(event)},  # ASCII-escaped: headers are latin-1
    )


def _search_text(data: dict[str, Any], field: str) -> str:
    """The picker's own search box (``<field>__q``): never another picker's on the same form.

    ``person_q`` is still read for callers of the old single-picker name; a repeated name
    (a list) yields its first non-empty value rather than nothing.
    """
    value = data.get(f"{field}__q")
    if value is None:
        value = data.get("person_q")
    if isinstance(value, list):
        value = next((v for v in value if str(v).strip()), "")
    return str(value or "").strip()[:50]


@get("/people/picker", name="people_picker", opt={PERMISSION: VIEW}, sync_to_thread=True)
def people_picker(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """The picker, empty or (``person_id``) showing a person already chosen."""
    field = _field(request)
    person_id = _person_id(request)
    if person_id is not None:
        return _chosen(request, db, current_user, field, person_id)
    return Template("people/_picker.html", context={"field": field})


@post(
    "/people/picker/search",
    name="people_picker_search",
    opt={PERMISSION: VIEW, READS: True},  # a search: POST keeps ID numbers out of URLs
    sync_to_thread=True,
)
def people_picker_search(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template:
    """The first matches of the picker's search box (POSTed: it may be a full number)."""
    field = _field(request)
    text = _search_text(data, field)
    rows, total = [], 0
    if text:
        rows, total = search_people(
            db, text, org_ids_select=current_user.scope(db, VIEW).org_ids_select(), limit=RESULTS
        )
    locale = locale_of(request)
    return Template(
        "people/_picker_results.html",
        context={
            "field": field,
            "choices": [(p.id, person_label(p, locale)) for p in rows],
            "total": total,
            "searched": bool(text),
            "can_register": current_user.can(MANAGE),
        },
    )


@get(
    "/people/picker/choose",
    name="people_picker_choose",
    opt={PERMISSION: VIEW},
    sync_to_thread=True,
)
def people_picker_choose(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Choose a person: the hidden input with the id, the masked label, a way to change it.

    Also triggers ``sifa:person-chosen`` (detail: field, id, label) for forms that react.
    """
    field = _field(request)
    person_id = _person_id(request)
    if person_id is None:
        raise ValidationException(detail="person_id")
    return _chosen(request, db, current_user, field, person_id)


ROUTES = [people_picker, people_picker_search, people_picker_choose]
