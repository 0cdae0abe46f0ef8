"""The committee register pages (调委会名册): list, register, edit, file with the bureau."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import func
from sqlmodel import Session, select

from core.api import (
    COMMITTEE_KIND_LABELS,
    CommitteeKind,
    CurrentUser,
    OrgType,
    OrgUnit,
    StaleRecord,
    subtree_predicate,
)
from mediation.codes import FilingKind, choices
from mediation.errors import MediationError
from mediation.models import MediationCommittee, MediationFiling, MediationMediator
from mediation.pages.common import (
    FORM,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    may,
    org_choices,
    page_of,
    today_of,
)
from mediation.permissions import REGISTERS_MANAGE, REGISTERS_VIEW
from mediation.services import committees as service

PAGE_SIZE = 25
PARENT_TYPES = (OrgType.BUREAU, OrgType.STATION, OrgType.COMMUNITY)
EDITABLE = ("name", "short_name", "established_on", "address", "phone", "notes")


def kind_choices(locale: str) -> list[tuple[str, str]]:
    return [
        (kind.value, labels[1] if locale == "en" else labels[0])
        for kind, labels in COMMITTEE_KIND_LABELS.items()
    ]


def kind_label(kind: str | None, locale: str) -> str:
    if not kind:
        return "—"
    labels = COMMITTEE_KIND_LABELS.get(CommitteeKind(kind))
    return (labels[1] if locale == "en" else labels[0]) if labels else kind


@get(
    "/committees",
    name="mediation_committees",
    opt={"permission": REGISTERS_VIEW},
    sync_to_thread=True,
)
def committee_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Committees in the user's scope, by name and parent organisation, a page at a time."""
    scope = current_user.scope(db, REGISTERS_VIEW)
    text = request.query_params.get("q", "").strip()[:50]
    under = int_or_none(request.query_params.get("org_id"))
    page = int_or_none(request.query_params.get("page")) or 1
    mediators = (
        select(func.count())
        .where(
            MediationMediator.committee_id == MediationCommittee.id,
            MediationMediator.active.is_(True),
        )  # type: ignore[attr-defined]
        .scalar_subquery()
    )
    query = (
        select(MediationCommittee, OrgUnit, mediators)
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(scope.where(MediationCommittee.org_id))
    )
    if text:
        query = query.where(
            OrgUnit.name.contains(text, autoescape=True)  # type: ignore[attr-defined]
            | MediationCommittee.short_name.contains(text, autoescape=True)  # type: ignore[attr-defined]
        )
    root = db.get(OrgUnit, under) if under else None
    if root is not None:
        query = query.where(subtree_predicate(root))
    result = page_of(db, query.order_by(OrgUnit.path), page, PAGE_SIZE)
    locale = locale_of(request)
    context = {
        "result": result,
        "text": text,
        "org_id": under,
        "orgs": org_choices(db, scope, types=PARENT_TYPES),
        "kind_label": lambda kind: kind_label(kind, locale),
        "can_manage": current_user.can(REGISTERS_MANAGE),
    }
    template = (
        "mediation/committees/_table.html" if is_htmx(request) else "mediation/committees/list.html"
    )
    return Template(template, context=context, headers={"Vary": "HX-Request"})


def _new_form(
    db: Session,
    user: CurrentUser,
    locale: str,
    values: dict[str, Any],
    status: int = 200,
    **extra: Any,
) -> Template:
    scope = user.scope(db, REGISTERS_MANAGE)
    return Template(
        "mediation/committees/new.html",
        status_code=status,
        context={
            "values": values,
            "parents": org_choices(db, scope, types=PARENT_TYPES),
            "unregistered": service.unregistered_committee_nodes(db, scope.org_ids_select()),
            "kinds": kind_choices(locale),
            "errors": {},
            **extra,
        },
    )


@get(
    "/committees/new",
    name="mediation_committee_new",
    opt={"permission": REGISTERS_MANAGE},
    sync_to_thread=True,
)
def committee_new(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return _new_form(db, current_user, locale_of(request), {"parent_id": current_user.org_id})


@post(
    "/committees/new",
    name="mediation_committee_create",
    opt={"permission": REGISTERS_MANAGE},
    sync_to_thread=True,
)
def committee_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Register a committee under an organisation the user manages (or an existing node)."""
    locale = locale_of(request)
    scope = current_user.scope(db, REGISTERS_MANAGE)
    values = {k: str(data.get(k, "")) for k in ("org_id", "parent_id", "name", "kind", *EDITABLE)}
    target = int_or_none(values["org_id"]) or int_or_none(values["parent_id"])
    if target is not None and not scope.allows(db, target):
        raise NotFoundException()
    try:
        committee = service.create_committee(db, data, today=today_of(request))
    except MediationError as exc:
        db.rollback()
        status, extra = error_context(exc, locale)
        return _new_form(db, current_user, locale, values, status, **extra)
    return Redirect(
        f"/m/mediation/committees/{committee.id}?created=1", status_code=HTTP_303_SEE_OTHER
    )


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    committee: MediationCommittee,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> Template:
    locale = locale_of(request)
    org = service.committee_org(db, committee)
    filings = db.exec(
        select(MediationFiling)
        .where(MediationFiling.committee_id == committee.id)
        .order_by(MediationFiling.filed_on.desc(), MediationFiling.id.desc())  # type: ignore[attr-defined,union-attr]
    ).all()
    mediators = db.exec(
        select(MediationMediator)
        .where(MediationMediator.committee_id == committee.id)
        .order_by(MediationMediator.active.desc(), MediationMediator.name)  # type: ignore[attr-defined]
    ).all()
    if values is None:
        values = {
            "name": org.name,
            "short_name": committee.short_name,
            "established_on": committee.established_on.isoformat()
            if committee.established_on
            else "",
            "address": committee.address or "",
            "phone": committee.phone or "",
            "notes": committee.notes or "",
        }
    context = {
        "committee": committee,
        "org": org,
        "kind": kind_label(org.committee_kind, locale),
        "filings": filings,
        "mediators": mediators,
        "values": values,
        "version": committee.version,
        "filing_kinds": choices(FilingKind, locale),
        "can_manage": may(db, user, REGISTERS_MANAGE, committee.org_id),
        "notice": "调委会已登记。" if request.query_params.get("created") else "",
        "errors": {},
        "filing_values": {},
        "filing_errors": {},
        **extra,
    }
    return Template("mediation/committees/detail.html", context=context, status_code=status)


RECORD = {"committee_id": MediationCommittee}


@get(
    "/committees/{committee_id:int}",
    name="mediation_committee",
    opt={"permission": REGISTERS_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def committee_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, committee_id: int
) -> Template:
    return _detail(request, db, current_user, service.get_committee(db, committee_id))


@post(
    "/committees/{committee_id:int}",
    name="mediation_committee_update",
    opt={"permission": REGISTERS_MANAGE, "records": RECORD},
    sync_to_thread=True,
)
def committee_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    committee_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save the register entry; a save based on an old version answers 409 keeping input."""
    values = {k: str(data.get(k, "")) for k in EDITABLE}
    try:
        service.update_committee(
            db,
            committee_id,
            data,
            expected_version=int_or_none(data.get("version")) or 0,
            today=today_of(request),
        )
    except (MediationError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        committee = service.get_committee(db, committee_id)
        return _detail(request, db, current_user, committee, status=status, values=values, **extra)
    return Redirect(f"/m/mediation/committees/{committee_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/committees/{committee_id:int}/filings",
    name="mediation_committee_filing",
    opt={"permission": REGISTERS_MANAGE, "records": RECORD},
    sync_to_thread=True,
)
def committee_filing(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    committee_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Record a filing (备案) of this committee."""
    try:
        service.add_filing(
            db, committee_id, data, actor_id=current_user.id, today=today_of(request)
        )
    except MediationError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        committee = service.get_committee(db, committee_id)
        return _detail(
            request,
            db,
            current_user,
            committee,
            status=status,
            filing_values={k: str(v) for k, v in data.items()},
            filing_errors=extra.get("errors", {}),
            filing_error=extra.get("error", ""),
        )
    return Redirect(
        f"/m/mediation/committees/{committee_id}#filings", status_code=HTTP_303_SEE_OTHER
    )


ROUTES = [
    committee_list,
    committee_new,
    committee_create,
    committee_detail,
    committee_update,
    committee_filing,
]
