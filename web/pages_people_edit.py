"""Registering and editing people (人员登记与修改), with inline checks of single fields.

Every save goes through :mod:`core.people.service`, so the pages refuse exactly what the
service refuses: a form that fails is shown again with status 422, each message next to its
field and everything the user typed kept; a duplicate identity number is refused with a link
to the person already registered — only if the user may see that person. An edit based on an
old version gets the 409 page with both versions side by side and the user's input kept.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlmodel import Session, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.locking import StaleRecord
from core.people.identity_numbers import InvalidResidentId, parse_resident_id
from core.people.models import Person
from core.people.phones import InvalidPhone, is_mobile, normalise_phone
from core.people.service import (
    DuplicatePerson,
    InvalidPerson,
    PersonNotFound,
    register_person,
    update_person,
)
from core.people.validation import clean_person
from core.people.views import masked
from web.guards import PERMISSION, RECORDS
from web.i18n import translate
from web.pages_account import FORM, locale_of
from web.pages_staff import org_choices
from web.people_access import MANAGE, managed_person, today_for
from web.people_forms import (
    DOCUMENT_TYPE_LABELS,
    ID_TYPE_LABELS,
    SEX_LABELS,
    DuplicateNotice,
    conflict_rows,
    duplicate_notice,
    edit_changes,
    edit_values,
    form_values,
    localized_errors,
    registration_input,
)


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _form_context(
    locale: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    duplicate: DuplicateNotice | None = None,
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors or {},
        "duplicate": duplicate,
        "id_type_labels": ID_TYPE_LABELS,
        "document_options": [
            (code.value, translate(label, locale)) for code, label in DOCUMENT_TYPE_LABELS.items()
        ],
        "sex_options": [
            (code.value, translate(label, locale)) for code, label in SEX_LABELS.items()
        ],
    }


# -- register -----------------------------------------------------------------------------


def _new_page(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    duplicate: DuplicateNotice | None = None,
    status: int = 200,
) -> Template:
    context = _form_context(locale_of(request), values, errors, duplicate)
    context["orgs"] = org_choices(db, user.scope(db, MANAGE), include=_int(values["org_id"]))
    return Template("people/new.html", context=context, status_code=status)


@get("/people/new", name="person_new", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def person_new(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    home = current_user.org_id
    usable = home is not None and current_user.scope(db, MANAGE).allows(db, home)
    return _new_page(request, db, current_user, form_values({"org_id": home if usable else ""}))


@post("/people/new", name="person_create", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def person_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Register a person for an organisation within the user's reach."""
    locale = locale_of(request)
    today = today_for(request)
    values = form_values(data)
    fields = registration_input(values)
    org_id = _int(values["org_id"])
    errors: dict[str, str] = {}
    if org_id is None or not current_user.scope(db, MANAGE).allows(db, org_id):
        errors["org_id"] = translate("请选择登记机构", locale)
    person: Person | None = None
    duplicate = None
    try:
        if errors or org_id is None:
            clean_person(fields, today=today)  # to report every problem of the form at once
        else:
            person = register_person(
                db, fields, org_id=org_id, created_by=current_user.id, today=today
            )
    except InvalidPerson as exc:
        errors.update(localized_errors(exc, locale))
    except DuplicatePerson as exc:
        duplicate = duplicate_notice(db, current_user, exc, locale)
    if person is None:
        db.rollback()
        return _new_page(
            request,
            db,
            current_user,
            values,
            errors=errors,
            duplicate=duplicate,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return Redirect(f"/people/{person.id}?done=created", status_code=HTTP_303_SEE_OTHER)


@get(
    "/people/org-options", name="people_org_options", opt={PERMISSION: MANAGE}, sync_to_thread=True
)
def people_org_options(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """``<option>`` elements of the organisations a person may be registered for."""
    orgs = org_choices(
        db, current_user.scope(db, MANAGE), text=request.query_params.get("org_q", "")[:50]
    )
    return Template(
        "staff/_org_options.html",
        context={"orgs": orgs, "blank": False, "selected": None, "everywhere": False},
    )


# -- checks of one field, on blur ---------------------------------------------------------


def _check(name: str, error: str = "", ok: str = "", duplicate: Any = None) -> Template:
    context = {"name": name, "error": error, "ok": ok, "duplicate": duplicate}
    return Template("people/_check.html", context=context)


@post("/people/check-id", name="people_check_id", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def people_check_id(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template:
    """Check a resident identity number as typed: the rule it breaks, or the sex and birth
    date it encodes — and whether it is registered already (``person_id``: the person being
    edited, who does not count)."""
    locale = locale_of(request)
    raw = str(data.get("id_number") or "")[:40]
    if not raw.strip():
        return _check("id_number")
    try:
        parsed = parse_resident_id(raw, today=today_for(request))
    except InvalidResidentId as exc:
        return _check("id_number", error=exc.message_en if locale == "en" else exc.message)
    query = select(Person).where(Person.id_number == parsed.number)
    editing = _int(data.get("person_id"))
    if editing is not None:
        query = query.where(Person.id != editing)
    existing = db.exec(query.limit(1)).first()
    if existing is not None:
        notice = duplicate_notice(db, current_user, DuplicatePerson(existing, "id_number"), locale)
        return _check("id_number", error=notice.message, duplicate=notice)
    sex = translate(SEX_LABELS[parsed.sex], locale)  # type: ignore[index]
    ok = translate("性别：{sex}；出生日期：{birth}", locale).format(
        sex=sex, birth=parsed.birth_date.isoformat()
    )
    return _check("id_number", ok=ok)


@post(
    "/people/check-phone", name="people_check_phone", opt={PERMISSION: MANAGE}, sync_to_thread=True
)
def people_check_phone(request: Request[Any, Any, Any], data: dict[str, Any] = FORM) -> Template:
    locale = locale_of(request)
    raw = str(data.get("phone") or "")[:40]
    if not raw.strip():
        return _check("phone")
    try:
        number = normalise_phone(raw)
    except InvalidPhone as exc:
        return _check("phone", error=exc.message_en if locale == "en" else exc.message)
    return _check(
        "phone", ok=translate(N_("手机号码") if is_mobile(number) else N_("固定电话"), locale)
    )


# -- edit ---------------------------------------------------------------------------------


def _edit_page(
    request: Request[Any, Any, Any],
    person: Person,
    values: dict[str, str],
    version: int,
    *,
    errors: dict[str, str] | None = None,
    duplicate: DuplicateNotice | None = None,
    status: int = 200,
) -> Template:
    context = _form_context(locale_of(request), values, errors, duplicate)
    context.update(person=masked(person), version=version)
    return Template("people/edit.html", context=context, status_code=status)


@get(
    "/people/{person_id:int}/edit",
    name="person_edit",
    opt={PERMISSION: MANAGE, RECORDS: {"person_id": Person}},
    sync_to_thread=True,
)
def person_edit(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, person_id: int
) -> Template:
    person = managed_person(db, current_user, person_id)
    return _edit_page(request, person, edit_values(person), person.version)


@post(
    "/people/{person_id:int}/edit",
    name="person_update",
    opt={PERMISSION: MANAGE, RECORDS: {"person_id": Person}},
    sync_to_thread=True,
)
def person_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    person_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save an edit made on version ``version``; blank numbers stay as they are."""
    person = managed_person(db, current_user, person_id)
    locale = locale_of(request)
    values = form_values(data)
    values["org_id"] = str(person.org_id)
    changes = edit_changes(values)
    version = _int(data.get("version")) or 0  # no version is a stale one, never "don't check"
    try:
        update_person(db, person.id, changes, version, today=today_for(request))  # type: ignore[arg-type]
    except StaleRecord as exc:
        db.rollback()
        return Template(
            "people/conflict.html",
            status_code=HTTP_409_CONFLICT,
            context={
                **_form_context(locale, values),
                "person": masked(person),
                "version": person.version,  # saving again deliberately overrides
                "rows": conflict_rows(person, changes, locale),
                "message": exc.message_en if locale == "en" else exc.message,
            },
        )
    except InvalidPerson as exc:
        db.rollback()
        return _edit_page(
            request,
            person,
            values,
            version,
            errors=localized_errors(exc, locale),
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    except DuplicatePerson as exc:
        db.rollback()
        notice = duplicate_notice(db, current_user, exc, locale)
        return _edit_page(
            request, person, values, version, duplicate=notice, status=HTTP_422_UNPROCESSABLE_ENTITY
        )
    except PersonNotFound:
        raise NotFoundException() from None
    return Redirect(f"/people/{person_id}?done=saved", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    person_new,
    person_create,
    people_org_options,
    people_check_id,
    people_check_phone,
    person_edit,
    person_update,
]
