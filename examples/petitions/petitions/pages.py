"""The 信访接待 pages, mounted by the core under ``/m/petitions/``.

The core's guard runs before every handler here: it sends anonymous users to the login page,
answers 403 without the permission named in ``opt``, 404 where the module is off for the
user's bureau, and 404 for a record (``opt["records"]``) outside the user's organisation
subtree. Lists still filter through ``current_user.scope`` so they show only that subtree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlalchemy import func
from sqlmodel import Session, select

from petitions.models import PetitionsRecord
from core.api import CurrentUser, OrgScope, OrgUnit, StaleRecord, check_version, touch

VIEW = "petitions.records.view"
EDIT = "petitions.records.edit"
PAGE_SIZE = 25
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
RECORD = {"record_id": PetitionsRecord}
BEIJING = timezone(timedelta(hours=8))


def _today(request: Request[Any, Any, Any]) -> date:
    """Today in China by the app's clock (tests put a fake clock in ``app.state``)."""
    clock = request.app.state.get("clock")
    now = clock() if clock is not None else datetime.now(UTC)
    return now.astimezone(BEIJING).date()


def _orgs(db: Session, scope: OrgScope) -> list[OrgUnit]:
    """The active organisations the user may record for, in tree order."""
    return list(
        db.exec(
            select(OrgUnit)
            .where(OrgUnit.id.in_(scope.org_ids_select()), OrgUnit.active.is_(True))  # type: ignore[union-attr, attr-defined]
            .order_by(OrgUnit.path)
            .limit(200)
        ).all()
    )


def _validate(
    db: Session, scope: OrgScope, data: dict[str, Any], today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned values and, per field, what is wrong (in Chinese; the layout shows it)."""
    errors: dict[str, str] = {}
    title = str(data.get("title", "")).strip()
    if not title:
        errors["title"] = "请填写名称"
    elif len(title) > 100:
        errors["title"] = "名称不能超过 100 个字"
    recorded_on: date | None = None
    try:
        recorded_on = date.fromisoformat(str(data.get("recorded_on", "")))
        if recorded_on > today:
            errors["recorded_on"] = "登记日期不能晚于今天"
    except ValueError:
        errors["recorded_on"] = "请填写有效的日期，例如 2026-11-23"
    org_id: int | None = None
    try:
        org_id = int(str(data.get("org_id", "")))
    except ValueError:
        errors["org_id"] = "请选择所属机构"
    if org_id is not None and not scope.allows(db, org_id):
        errors["org_id"] = "您无权为该机构登记"
    return {"title": title, "recorded_on": recorded_on, "org_id": org_id}, errors


@get("/", name="petitions_records", opt={"permission": VIEW}, sync_to_thread=True)
def record_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """The register, newest first, a page at a time, only within the user's subtree."""
    scope = current_user.scope(db, VIEW)
    query = select(PetitionsRecord).where(scope.where(PetitionsRecord.org_id))
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    try:
        page = min(max(int(request.query_params.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    rows = db.exec(
        query.order_by(PetitionsRecord.recorded_on.desc(), PetitionsRecord.id.desc())  # type: ignore[attr-defined, union-attr]
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    names = dict(
        db.exec(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_({r.org_id for r in rows}))).all()  # type: ignore[union-attr]
    )
    return Template(
        "petitions/list.html",
        context={
            "rows": rows,
            "org_names": names,
            "page": page,
            "pages": pages,
            "total": total,
            "can_edit": current_user.can(EDIT),
        },
    )


@get("/new", name="petitions_new", opt={"permission": EDIT}, sync_to_thread=True)
def new_form(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    orgs = _orgs(db, current_user.scope(db, EDIT))
    values = {"recorded_on": _today(request).isoformat(), "org_id": current_user.org_id}
    return Template("petitions/new.html", context={"orgs": orgs, "values": values, "errors": {}})


@post("/new", opt={"permission": EDIT}, sync_to_thread=True)
def create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save a new entry; on bad input the form comes back (422) with the user's input."""
    scope = current_user.scope(db, EDIT)
    values, errors = _validate(db, scope, data, _today(request))
    if errors:
        return Template(
            "petitions/new.html",
            context={"orgs": _orgs(db, scope), "values": data, "errors": errors},
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    record = PetitionsRecord(**values)
    db.add(record)
    db.flush()
    return Redirect(f"/m/petitions/{record.id}", status_code=HTTP_303_SEE_OTHER)


@get(
    "/{record_id:int}",
    name="petitions_record",
    opt={"permission": VIEW, "records": RECORD},
    sync_to_thread=True,
)
def record_detail(db: Session, current_user: CurrentUser, record_id: int) -> Template:
    record = db.get(PetitionsRecord, record_id)
    return Template(
        "petitions/detail.html",
        context={
            "record": record,
            "org": db.get(OrgUnit, record.org_id) if record else None,
            "values": {},
            "errors": {},
            "can_edit": current_user.can(EDIT),
        },
    )


@post("/{record_id:int}", opt={"permission": EDIT, "records": RECORD}, sync_to_thread=True)
def record_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    record_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Rename or re-date an entry. A save based on an old version is refused (409) and the
    page shows the current values beside the user's input, so nothing typed is lost."""
    record = db.get(PetitionsRecord, record_id)
    assert record is not None  # the guard answered 404 otherwise
    context: dict[str, Any] = {
        "record": record,
        "org": db.get(OrgUnit, record.org_id),
        "values": data,
        "can_edit": True,
    }
    try:
        check_version(record, int(str(data.get("version", ""))))
    except (StaleRecord, ValueError) as exc:
        message = exc.message if isinstance(exc, StaleRecord) else "页面已过期，请刷新后重试"
        context["errors"] = {"version": message}
        return Template("petitions/detail.html", context=context, status_code=HTTP_409_CONFLICT)
    values, errors = _validate(
        db, current_user.scope(db, EDIT), {**data, "org_id": record.org_id}, _today(request)
    )
    if errors:
        context["errors"] = errors
        return Template(
            "petitions/detail.html", context=context, status_code=HTTP_422_UNPROCESSABLE_ENTITY
        )
    record.title = values["title"]
    record.recorded_on = values["recorded_on"]
    touch(record)
    db.add(record)
    return Redirect(f"/m/petitions/{record.id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [record_list, new_form, create, record_detail, record_update]
