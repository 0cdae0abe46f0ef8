"""The mediator register pages (调解员名册) with the yearly training check (年度培训)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, select

from core.api import CurrentUser, OrgUnit, StaleRecord
from mediation.codes import Employment, MediatorPosition, choices, label
from mediation.errors import MediationError
from mediation.models import MediationCommittee, MediationMediator, MediationTraining
from mediation.pages.common import (
    FORM,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    may,
    no_committee,
    page_of,
    today_of,
)
from mediation.permissions import CASES_EDIT, REGISTERS_MANAGE, REGISTERS_VIEW
from mediation.services import mediators as service
from mediation.services.committees import get_committee

PAGE_SIZE = 25
FIELDS = ("name", "sex", "phone", "employment", "position", "term_start", "term_end", "notes")
RECORD = {"mediator_id": MediationMediator}


def committees_in(
    db: Session,
    user: CurrentUser,
    permission: str,
    *,
    text: str = "",
    include: int | None = None,
    limit: int | None = None,
) -> list[tuple[MediationCommittee, OrgUnit]]:
    """Active committees in the user's scope, tree order.

    A filter's picker passes *limit* (and the user's search *text*) so a city page does not
    ship every committee of the city; *include* keeps the chosen committee in the list.
    """
    scope = user.scope(db, permission)
    query = (
        select(MediationCommittee, OrgUnit)
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(scope.where(MediationCommittee.org_id), OrgUnit.active.is_(True))  # type: ignore[attr-defined]
    )
    if text:
        query = query.where(OrgUnit.name.contains(text, autoescape=True))  # type: ignore[attr-defined]
    rows = list(db.exec(query.order_by(OrgUnit.path).limit(limit)).all())
    if include and all(committee.id != include for committee, _ in rows):
        rows[:0] = db.exec(query.where(MediationCommittee.id == include)).all()
    return rows


def _labels(locale: str) -> dict[str, Any]:
    return {
        "employment_label": lambda v: label(Employment, v, locale),
        "position_label": lambda v: label(MediatorPosition, v, locale),
        "employments": choices(Employment, locale),
        "positions": choices(MediatorPosition, locale),
    }


@get(
    "/mediators",
    name="mediation_mediators",
    opt={"permission": REGISTERS_VIEW},
    sync_to_thread=True,
)
def mediator_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Mediators in scope; filters: name, committee, full/part time, untrained this year."""
    params = request.query_params
    scope = current_user.scope(db, REGISTERS_VIEW)
    text = params.get("q", "").strip()[:50]
    committee_id = int_or_none(params.get("committee_id"))
    employment = params.get("employment", "")
    untrained = params.get("untrained") == "1"
    show_inactive = params.get("inactive") == "1"
    year = int_or_none(params.get("year")) or today_of(request).year
    page = int_or_none(params.get("page")) or 1
    query = (
        select(MediationMediator, OrgUnit)
        .join(MediationCommittee, MediationCommittee.id == MediationMediator.committee_id)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(scope.where(MediationMediator.org_id))
    )
    if text:
        query = query.where(MediationMediator.name.contains(text, autoescape=True))  # type: ignore[attr-defined]
    if committee_id:
        query = query.where(MediationMediator.committee_id == committee_id)
    if employment in (Employment.FULL_TIME, Employment.PART_TIME):
        query = query.where(MediationMediator.employment == employment)
    if not show_inactive:
        query = query.where(MediationMediator.active.is_(True))  # type: ignore[attr-defined]
    if untrained:
        query = query.where(MediationMediator.id.not_in(service.trained_in_year_select(year)))  # type: ignore[union-attr]
    result = page_of(db, query.order_by(OrgUnit.path, MediationMediator.name), page, PAGE_SIZE)
    counts = service.training_counts(db, [m.id for m, _ in result.rows], year)
    locale = locale_of(request)
    context = {
        "result": result,
        "counts": counts,
        "text": text,
        "committee_id": committee_id,
        "employment": employment,
        "untrained": untrained,
        "inactive": show_inactive,
        "year": year,
        "committees": committees_in(db, current_user, REGISTERS_VIEW),
        "can_manage": current_user.can(REGISTERS_MANAGE),
        **_labels(locale),
    }
    template = (
        "mediation/mediators/_table.html" if is_htmx(request) else "mediation/mediators/list.html"
    )
    return Template(template, context=context, headers={"Vary": "HX-Request"})


def _new_form(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    values: dict[str, Any],
    status: int = 200,
    **extra: Any,
) -> Template:
    return Template(
        "mediation/mediators/new.html",
        status_code=status,
        context={
            "values": values,
            "committees": committees_in(db, user, REGISTERS_MANAGE),
            "errors": {},
            **_labels(locale_of(request)),
            **extra,
        },
    )


@get(
    "/mediators/new",
    name="mediation_mediator_new",
    opt={"permission": REGISTERS_MANAGE},
    sync_to_thread=True,
)
def mediator_new(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    committee_id = request.query_params.get("committee_id", "")
    return _new_form(
        request,
        db,
        current_user,
        {"committee_id": committee_id, "employment": "part_time", "position": "member"},
    )


@post(
    "/mediators/new",
    name="mediation_mediator_create",
    opt={"permission": REGISTERS_MANAGE},
    sync_to_thread=True,
)
def mediator_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = {k: str(data.get(k, "")) for k in ("committee_id", *FIELDS)}
    committee_id = int_or_none(values["committee_id"])
    committee = db.get(MediationCommittee, committee_id) if committee_id else None
    if committee is None:
        status, extra = error_context(no_committee(), locale_of(request))
        return _new_form(request, db, current_user, values, status, **extra)
    if not may(db, current_user, REGISTERS_MANAGE, committee.org_id):
        raise NotFoundException()
    try:
        mediator = service.create_mediator(db, committee.id, data, today=today_of(request))  # type: ignore[arg-type]
    except MediationError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _new_form(request, db, current_user, values, status, **extra)
    return Redirect(
        f"/m/mediation/mediators/{mediator.id}?created=1", status_code=HTTP_303_SEE_OTHER
    )


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    mediator: MediationMediator,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> Template:
    committee = get_committee(db, mediator.committee_id)
    trainings = db.exec(
        select(MediationTraining)
        .where(MediationTraining.mediator_id == mediator.id)
        .order_by(MediationTraining.held_on.desc())  # type: ignore[attr-defined]
    ).all()
    year = today_of(request).year
    if values is None:
        values = {
            "name": mediator.name,
            "sex": mediator.sex or "",
            "phone": mediator.phone or "",
            "employment": mediator.employment,
            "position": mediator.position,
            "term_start": mediator.term_start.isoformat() if mediator.term_start else "",
            "term_end": mediator.term_end.isoformat() if mediator.term_end else "",
            "notes": mediator.notes or "",
            "active": mediator.active,
        }
    context = {
        "mediator": mediator,
        "committee": committee,
        "committee_org": db.get(OrgUnit, committee.org_id),
        "trainings": trainings,
        "trained_this_year": any(t.held_on.year == year for t in trainings),
        "year": year,
        "values": values,
        "version": mediator.version,
        "can_manage": may(db, user, REGISTERS_MANAGE, mediator.org_id),
        "is_me": mediator.account_id == user.id,
        "can_link": mediator.account_id is None,
        "notice": "调解员已登记。" if request.query_params.get("created") else "",
        "errors": {},
        "training_values": {},
        "training_errors": {},
        **_labels(locale_of(request)),
        **extra,
    }
    return Template("mediation/mediators/detail.html", context=context, status_code=status)


@get(
    "/mediators/{mediator_id:int}",
    name="mediation_mediator",
    opt={"permission": REGISTERS_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def mediator_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, mediator_id: int
) -> Template:
    return _detail(request, db, current_user, service.get_mediator(db, mediator_id))


@post(
    "/mediators/{mediator_id:int}",
    name="mediation_mediator_update",
    opt={"permission": REGISTERS_MANAGE, "records": RECORD},
    sync_to_thread=True,
)
def mediator_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    mediator_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values: dict[str, Any] = {k: str(data.get(k, "")) for k in FIELDS}
    values["active"] = data.get("active") in ("1", "on", "true")
    try:
        service.update_mediator(
            db,
            mediator_id,
            data,
            expected_version=int_or_none(data.get("version")) or 0,
            today=today_of(request),
        )
    except (MediationError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        mediator = service.get_mediator(db, mediator_id)
        return _detail(request, db, current_user, mediator, status=status, values=values, **extra)
    return Redirect(f"/m/mediation/mediators/{mediator_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/mediators/{mediator_id:int}/trainings",
    name="mediation_mediator_training",
    opt={"permission": REGISTERS_MANAGE, "records": RECORD},
    sync_to_thread=True,
)
def mediator_training(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    mediator_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    try:
        service.add_training(
            db, mediator_id, data, actor_id=current_user.id, today=today_of(request)
        )
    except MediationError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _detail(
            request,
            db,
            current_user,
            service.get_mediator(db, mediator_id),
            status=status,
            training_values={k: str(v) for k, v in data.items()},
            training_errors=extra.get("errors", {}),
            training_error=extra.get("error", ""),
        )
    return Redirect(
        f"/m/mediation/mediators/{mediator_id}#trainings", status_code=HTTP_303_SEE_OTHER
    )


@post(
    "/mediators/{mediator_id:int}/this-is-me",
    name="mediation_mediator_link",
    # the mediators themselves hold CASES_EDIT; a view permission must never write
    opt={"permission": CASES_EDIT, "records": RECORD},
    sync_to_thread=True,
)
def mediator_link(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    mediator_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """The signed-in user says this register entry is them (their cases become "mine")."""
    try:
        service.link_account(
            db, mediator_id, current_user.id, expected_version=int_or_none(data.get("version")) or 0
        )
    except (MediationError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _detail(
            request, db, current_user, service.get_mediator(db, mediator_id), status=status, **extra
        )
    return Redirect(f"/m/mediation/mediators/{mediator_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    mediator_list,
    mediator_new,
    mediator_create,
    mediator_detail,
    mediator_update,
    mediator_training,
    mediator_link,
]
