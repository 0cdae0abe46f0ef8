"""Responsible units (责任单位) and their responsibility lists: list, register, edit."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from core.api import N_, CurrentUser, current_locale
from publicity.codes import PlanStatus, UnitKind, label
from publicity.errors import localized
from publicity.forms import options
from publicity.models import PublicityPlan, PublicityUnit
from publicity.pages.common import (
    FORM,
    USER_ERRORS,
    failed,
    int_or_none,
    org_choices,
    org_names,
    page_of,
    settings_at,
    today_of,
)
from publicity.permissions import EDIT, VIEW
from publicity.services.plans import events_by_quarter, plan_for, quarter_progress
from publicity.services.units import law_list, save_unit, yearly_target

UNIT = {"unit_id": PublicityUnit}


def _form_context(db: Session, current_user: CurrentUser, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": {},
        "kinds": options(UnitKind),
        "orgs": org_choices(db, current_user.scope(db, EDIT)),
    }


@get("/units", name="publicity_units", opt={"permission": VIEW}, sync_to_thread=True)
def unit_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Every unit in the user's subtree with this year's events against its minimum."""
    scope = current_user.scope(db, VIEW)
    text = (request.query_params.get("q") or "").strip()
    kind = request.query_params.get("kind") or ""
    query = select(PublicityUnit).where(scope.where(PublicityUnit.org_id))
    if text:
        query = query.where(col(PublicityUnit.name).contains(text))
    if kind:
        query = query.where(PublicityUnit.kind == kind)
    result = page_of(db, query.order_by(PublicityUnit.org_id, PublicityUnit.name), request)
    today = today_of(request)
    year = today.year
    rows = []
    for unit in result.rows:
        settings = settings_at(db, request, unit.org_id)
        done = sum(events_by_quarter(db, unit.id, year).values())
        target = yearly_target(unit, settings.yearly_event_target)
        plan = plan_for(db, unit.id, year)
        quarter = None
        if plan is not None and plan.status == PlanStatus.APPROVED:
            progress = quarter_progress(db, plan, today, settings.quarter_warning_days)
            quarter = progress[(today.month - 1) // 3]
        rows.append((unit, done, target, len(law_list(unit.laws)), quarter))
    return Template(
        "publicity/units/list.html",
        context={
            "result": result,
            "rows": rows,
            "year": year,
            "names": org_names(db, {u.org_id for u in result.rows}),
            "text": text,
            "kind": kind,
            "kinds": options(UnitKind),
            "label": label,
            "can_edit": current_user.can(EDIT),
        },
    )


@get("/units/new", name="publicity_unit_new", opt={"permission": EDIT}, sync_to_thread=True)
def unit_new(db: Session, current_user: CurrentUser) -> Template:
    values = {"org_id": str(current_user.org_id or ""), "kind": UnitKind.STATION.value}
    return Template("publicity/units/new.html", context=_form_context(db, current_user, values))


@post("/units/new", opt={"permission": EDIT}, sync_to_thread=True)
def unit_create(
    db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    context = _form_context(db, current_user, dict(data))
    org_id = int_or_none(data.get("org_id"))
    if org_id is None or not current_user.scope(db, EDIT).allows(db, org_id):
        context["errors"] = {
            "org_id": localized(N_("请选择您有权管理的所属机构"), current_locale())
        }
        return Template("publicity/units/new.html", context=context, status_code=422)
    try:
        unit = save_unit(db, data, org_id=org_id)
    except USER_ERRORS as exc:
        return failed("publicity/units/new.html", context, exc)
    return Redirect(f"/m/publicity/units/{unit.id}", status_code=303)


def _detail(
    db: Session,
    request: Request[Any, Any, Any],
    current_user: CurrentUser,
    unit: PublicityUnit,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    plans = db.exec(
        select(PublicityPlan)
        .where(PublicityPlan.unit_id == unit.id)
        .order_by(col(PublicityPlan.year).desc())
    ).all()
    base = {
        "name": unit.name,
        "kind": unit.kind,
        "laws": unit.laws,
        "contact": unit.contact,
        "yearly_target": "" if unit.yearly_target is None else str(unit.yearly_target),
        "inactive": "" if unit.active else "1",
        "version": str(unit.version),
    }
    return {
        "unit": unit,
        "org": org_names(db, {unit.org_id}).get(unit.org_id, ""),
        "plans": plans,
        "laws": law_list(unit.laws),
        "values": values or base,
        "errors": {},
        "kinds": options(UnitKind),
        "label": label,
        "default_target": settings_at(db, request, unit.org_id).yearly_event_target,
        "can_edit": current_user.can(EDIT),
        "this_year": today_of(request).year,
    }


@get(
    "/units/{unit_id:int}",
    name="publicity_unit",
    opt={"permission": VIEW, "records": UNIT},
    sync_to_thread=True,
)
def unit_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, unit_id: int
) -> Template:
    unit = db.get(PublicityUnit, unit_id)
    assert unit is not None
    return Template("publicity/units/detail.html", context=_detail(db, request, current_user, unit))


@post("/units/{unit_id:int}", opt={"permission": EDIT, "records": UNIT}, sync_to_thread=True)
def unit_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    unit_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Edit the unit and its responsibility list; a stale save answers 409 keeping the input."""
    unit = db.get(PublicityUnit, unit_id)
    assert unit is not None
    context = _detail(db, request, current_user, unit, dict(data))
    try:
        save_unit(
            db,
            data,
            org_id=unit.org_id,
            unit=unit,
            expected_version=int_or_none(data.get("version")),
        )
    except (*USER_ERRORS, ValueError) as exc:
        return failed("publicity/units/detail.html", context, exc)
    return Redirect(f"/m/publicity/units/{unit.id}?saved=1", status_code=303)


ROUTES = [unit_list, unit_new, unit_create, unit_detail, unit_update]
