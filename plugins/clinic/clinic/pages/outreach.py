"""巡诊 and 会诊 pages: home-visit requests through to their record, and panels through to
their written joint opinion."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import func
from sqlmodel import Session, col, select

from clinic.codes import HomeVisitStatus, Outcome, PanelRole, choices, label
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicHomeVisit, ClinicPanel, ClinicPanelMember, ClinicProvider
from clinic.pages.common import FORM, failed, int_or_none, locale_of, may, today_of
from clinic.permissions import ATTEND, MANAGE, VIEW
from clinic.services import outreach, panels
from clinic.services.rota import providers_for
from core.api import (
    N_,
    CurrentUser,
    OrgType,
    OrgUnit,
    PersonNotFound,
    StaleRecord,
    get_person,
    masked,
)

PAGE_SIZE = 50
VISIT = {"visit_id": ClinicHomeVisit}
PANEL = {"panel_id": ClinicPanel}


def _communities(db: Session, user: CurrentUser) -> list[tuple[str, str]]:
    scope = user.scope(db, ATTEND)
    return [
        (str(o.id), o.name)
        for o in db.exec(
            select(OrgUnit)
            .where(
                col(OrgUnit.id).in_(scope.org_ids_select()),
                col(OrgUnit.type).in_([OrgType.COMMUNITY, OrgType.STATION]),
                col(OrgUnit.active).is_(True),
            )
            .order_by(OrgUnit.path)
            .limit(500)
        ).all()
    ]


def _visits_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    status = request.query_params.get("status", "")
    query = (
        select(ClinicHomeVisit, OrgUnit)
        .join(OrgUnit, OrgUnit.id == ClinicHomeVisit.org_id)
        .where(  # type: ignore[arg-type]
            scope.where(ClinicHomeVisit.org_id)
        )
    )
    if status in set(HomeVisitStatus):
        query = query.where(ClinicHomeVisit.status == status)
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(int_or_none(request.query_params.get("page")) or 1, 1), pages)
    rows = db.exec(
        query.order_by(col(ClinicHomeVisit.requested_on).desc(), col(ClinicHomeVisit.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    locale = locale_of(request)
    return {
        "rows": rows,
        "status": status,
        "statuses": choices(HomeVisitStatus, locale),
        "page": page,
        "pages": pages,
        "total": total,
        "label": lambda code: label(code, locale),
        "can_attend": user.can(ATTEND),
        "communities": _communities(db, user) if user.can(ATTEND) else [],
        "values": {},
        "errors": {},
    }


@get("/visits", name="clinic_visits", opt={"permission": VIEW}, sync_to_thread=True)
def visit_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    return Template("clinic/visits.html", context=_visits_context(request, db, current_user))


@post("/visits", opt={"permission": ATTEND}, sync_to_thread=True)
def visit_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """A community worker asks for a home visit (person optional, masked everywhere)."""
    try:
        org_id = int_or_none(data.get("org_id"))
        if org_id is None or not may(db, current_user, ATTEND, org_id):
            raise InvalidInput({"org_id": N_("请选择您管辖的村（社区）")})
        person_id = int_or_none(data.get("person_id"))
        if person_id is not None:
            try:
                scope = current_user.scope(db, "core.people.view")
                get_person(db, person_id, org_ids_select=scope.org_ids_select())
            except PersonNotFound:
                raise InvalidInput({"person_id": N_("找不到该人员或无权查看")}) from None
        visit = outreach.request_visit(
            db, org_id, data, person_id=person_id, today=today_of(request), actor_id=current_user.id
        )
    except ClinicError as exc:
        context = {**_visits_context(request, db, current_user), "values": data}
        return failed("clinic/visits.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/visits/{visit.id}", status_code=HTTP_303_SEE_OTHER)


def _visit_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, visit: ClinicHomeVisit
) -> dict[str, Any]:
    locale = locale_of(request)
    person = None
    if visit.person_id:
        try:
            scope = user.scope(db, "core.people.view")
            person = masked(get_person(db, visit.person_id, org_ids_select=scope.org_ids_select()))
        except PersonNotFound:
            person = None
    provider = db.get(ClinicProvider, visit.provider_id) if visit.provider_id else None
    return {
        "visit": visit,
        "org": db.get(OrgUnit, visit.org_id),
        "person": person,
        "provider": provider,
        "roster": providers_for(db, visit.org_id),
        "outcomes": choices(Outcome, locale),
        "label": lambda code: label(code, locale),
        "can_manage": may(db, user, MANAGE, visit.org_id),
        "can_attend": may(db, user, ATTEND, visit.org_id),
        "today": today_of(request),
        "values": {},
        "errors": {},
    }


@get(
    "/visits/{visit_id:int}",
    name="clinic_visit",
    opt={"permission": VIEW, "records": VISIT},
    sync_to_thread=True,
)
def visit_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, visit_id: int
) -> Template:
    visit = db.get(ClinicHomeVisit, visit_id)
    assert visit is not None
    return Template("clinic/visit.html", context=_visit_context(request, db, current_user, visit))


@post(
    "/visits/{visit_id:int}",
    opt={"permission": ATTEND, "records": VISIT},
    sync_to_thread=True,
)
def visit_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    visit_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Assign (station) or record (the provider) a visit, by the form's ``action``."""
    visit = db.get(ClinicHomeVisit, visit_id)
    assert visit is not None
    version = int_or_none(data.get("version"))
    try:
        if data.get("action") == "assign":
            if not may(db, current_user, MANAGE, visit.org_id):
                raise ClinicError("只有司法所可以派员", "Only the station assigns visits")
            provider = db.get(ClinicProvider, int_or_none(data.get("provider_id")) or 0)
            if provider is None or provider not in providers_for(db, visit.org_id):
                raise InvalidInput({"provider_id": N_("请选择名册中的律师")})
            try:
                planned = date.fromisoformat(str(data.get("planned_on") or ""))
            except ValueError:
                raise InvalidInput({"planned_on": N_("请填写有效的日期")}) from None
            outreach.assign_visit(
                db, visit, provider, planned, today=today_of(request), version=version
            )
        else:
            outreach.record_visit(db, visit, data, today=today_of(request), version=version)
    except (ClinicError, StaleRecord) as exc:
        context = {**_visit_context(request, db, current_user, visit), "values": data}
        return failed("clinic/visit.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/visits/{visit_id}", status_code=HTTP_303_SEE_OTHER)


# -- panels ---------------------------------------------------------------------------------


def _panels_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    rows = db.exec(
        select(ClinicPanel)
        .where(scope.where(ClinicPanel.org_id))
        .order_by(col(ClinicPanel.id).desc())
        .limit(100)
    ).all()
    locale = locale_of(request)
    return {
        "rows": rows,
        "label": lambda code: label(code, locale),
        "can_manage": user.can(MANAGE),
        "orgs": _communities(db, user) if user.can(MANAGE) else [],
        "values": {},
        "errors": {},
    }


@get("/panels", name="clinic_panels", opt={"permission": VIEW}, sync_to_thread=True)
def panel_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    return Template("clinic/panels.html", context=_panels_context(request, db, current_user))


@post("/panels", opt={"permission": MANAGE}, sync_to_thread=True)
def panel_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    try:
        org_id = int_or_none(data.get("org_id"))
        if org_id is None or not may(db, current_user, MANAGE, org_id):
            raise InvalidInput({"org_id": N_("请选择您管辖的机构")})
        panel = panels.open_panel(db, org_id, data)
    except ClinicError as exc:
        context = {**_panels_context(request, db, current_user), "values": data}
        return failed("clinic/panels.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/panels/{panel.id}", status_code=HTTP_303_SEE_OTHER)


def _panel_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, panel: ClinicPanel
) -> dict[str, Any]:
    locale = locale_of(request)
    return {
        "panel": panel,
        "members": db.exec(
            select(ClinicPanelMember).where(ClinicPanelMember.panel_id == panel.id)
        ).all(),
        "roles": choices(PanelRole, locale),
        "label": lambda code: label(code, locale),
        "can_manage": may(db, user, MANAGE, panel.org_id),
        "values": {},
        "errors": {},
    }


@get(
    "/panels/{panel_id:int}",
    name="clinic_panel",
    opt={"permission": VIEW, "records": PANEL},
    sync_to_thread=True,
)
def panel_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, panel_id: int
) -> Template:
    panel = db.get(ClinicPanel, panel_id)
    assert panel is not None
    return Template("clinic/panel.html", context=_panel_context(request, db, current_user, panel))


@post(
    "/panels/{panel_id:int}",
    opt={"permission": MANAGE, "records": PANEL},
    sync_to_thread=True,
)
def panel_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    panel_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Add a member, or give the written joint opinion (closes the panel)."""
    panel = db.get(ClinicPanel, panel_id)
    assert panel is not None
    try:
        if data.get("action") == "member":
            panels.add_member(
                db,
                panel,
                str(data.get("name") or ""),
                str(data.get("role") or ""),
                str(data.get("affiliation") or ""),
            )
        else:
            panels.conclude_panel(
                db, panel, str(data.get("opinion") or ""), version=int_or_none(data.get("version"))
            )
    except (ClinicError, StaleRecord) as exc:
        context = {**_panel_context(request, db, current_user, panel), "values": data}
        return failed("clinic/panel.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/panels/{panel_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    visit_list,
    visit_create,
    visit_detail,
    visit_update,
    panel_list,
    panel_create,
    panel_detail,
    panel_update,
]
