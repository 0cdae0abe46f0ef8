"""The roster pages (名册): clinics (定点), providers (定人) with their days off and calendar
feed address, and the village legal advisers (一村一顾问)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import func
from sqlmodel import Session, col, select

from clinic.codes import ProviderKind, choices, label
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicAdviserAssignment, ClinicProvider, ClinicRoom, ClinicUnavailability
from clinic.pages.common import FORM, failed, int_or_none, locale_of, may, settings_at, today_of
from clinic.permissions import ATTEND, MANAGE, VIEW
from clinic.planner import describe_weekday
from clinic.services import roster as service
from core.api import N_, CurrentUser, OrgType, OrgUnit, StaleRecord, lock_for_change, touch

PAGE_SIZE = 50
PROVIDER = {"provider_id": ClinicProvider}


def _page(request: Request[Any, Any, Any], total: int) -> tuple[int, int]:
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(int_or_none(request.query_params.get("page")) or 1, 1), pages)
    return page, pages


def _orgs(db: Session, user: CurrentUser, types: tuple[OrgType, ...]) -> list[OrgUnit]:
    scope = user.scope(db, MANAGE)
    return list(
        db.exec(
            select(OrgUnit)
            .where(
                col(OrgUnit.id).in_(scope.org_ids_select()),
                col(OrgUnit.type).in_(types),
                col(OrgUnit.active).is_(True),
            )
            .order_by(OrgUnit.path)
            .limit(500)
        ).all()
    )


# -- clinics --------------------------------------------------------------------------------


def _clinic_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    text = request.query_params.get("q", "").strip()[:50]
    query = (
        select(ClinicRoom, OrgUnit)
        .join(OrgUnit, OrgUnit.id == ClinicRoom.org_id)
        .where(  # type: ignore[arg-type]
            scope.where(ClinicRoom.org_id)
        )
    )
    if text:
        query = query.where(col(ClinicRoom.name).contains(text) | col(OrgUnit.name).contains(text))
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    page, pages = _page(request, total)
    rows = db.exec(
        query.order_by(OrgUnit.path).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    usual_ids = {c.usual_provider_id for c, _ in rows if c.usual_provider_id}
    return {
        "rows": rows,
        "q": text,
        "page": page,
        "pages": pages,
        "total": total,
        "usual": dict(
            db.exec(
                select(ClinicProvider.id, ClinicProvider.name).where(
                    col(ClinicProvider.id).in_(usual_ids)
                )
            ).all()
        ),
        "weekday": describe_weekday,
        "can_manage": user.can(MANAGE),
        "communities": [(str(o.id), o.name) for o in _orgs(db, user, (OrgType.COMMUNITY,))]
        if user.can(MANAGE)
        else [],
        "values": {},
        "errors": {},
    }


@get("/clinics", name="clinic_clinics", opt={"permission": VIEW}, sync_to_thread=True)
def clinic_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("clinic/clinics.html", context=_clinic_context(request, db, current_user))


@post("/clinics", opt={"permission": MANAGE}, sync_to_thread=True)
def clinic_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    try:
        org_id = int_or_none(data.get("org_id"))
        if org_id is None or not may(db, current_user, MANAGE, org_id):
            raise InvalidInput({"org_id": N_("请选择您管辖的村（社区）")})
        weekday = int_or_none(data.get("preferred_weekday"))
        try:
            starts = time.fromisoformat(str(data.get("starts_at") or "09:00"))
            ends = time.fromisoformat(str(data.get("ends_at") or "11:30"))
        except ValueError:
            raise InvalidInput({"ends_at": N_("请填写有效的时间，如 09:00")}) from None
        settings = settings_at(db, request.app.state.platform, org_id)
        service.create_clinic(
            db,
            org_id,
            str(data.get("name") or ""),
            sessions_per_month=int_or_none(data.get("sessions_per_month"))
            or settings.sessions_per_month,
            preferred_weekday=weekday if weekday in range(7) else None,
            address=str(data.get("address") or "")[:200] or None,
            starts_at=starts,
            ends_at=ends,
        )
    except ClinicError as exc:
        context = {**_clinic_context(request, db, current_user), "values": data}
        return failed("clinic/clinics.html", context, exc, locale_of(request))
    return Redirect("/m/clinic/clinics", status_code=HTTP_303_SEE_OTHER)


CLINIC = {"clinic_id": ClinicRoom}


def _clinic_edit_context(db: Session, clinic: ClinicRoom, values: dict[str, Any]) -> dict[str, Any]:
    from clinic.services.rota import providers_for

    return {
        "clinic": clinic,
        "community": db.get(OrgUnit, clinic.org_id),
        "roster": [("", "—")] + [(str(p.id), p.name) for p in providers_for(db, clinic.org_id)],
        "weekdays": [(str(i), f"每周{'一二三四五'[i]}") for i in range(5)],
        "values": values,
        "errors": {},
    }


def _clinic_values(clinic: ClinicRoom) -> dict[str, Any]:
    return {
        "name": clinic.name,
        "address": clinic.address or "",
        "sessions_per_month": str(clinic.sessions_per_month),
        "preferred_weekday": ""
        if clinic.preferred_weekday is None
        else str(clinic.preferred_weekday),
        "starts_at": clinic.starts_at.strftime("%H:%M"),
        "ends_at": clinic.ends_at.strftime("%H:%M"),
        "usual_provider_id": str(clinic.usual_provider_id or ""),
        "active": "on" if clinic.active else "",
        "version": str(clinic.version),
    }


@get(
    "/clinics/{clinic_id:int}",
    name="clinic_clinic",
    opt={"permission": MANAGE, "records": CLINIC},
    sync_to_thread=True,
)
def clinic_edit(db: Session, clinic_id: int) -> Template:
    clinic = db.get(ClinicRoom, clinic_id)
    assert clinic is not None
    return Template(
        "clinic/clinic.html", context=_clinic_edit_context(db, clinic, _clinic_values(clinic))
    )


@post(
    "/clinics/{clinic_id:int}",
    opt={"permission": MANAGE, "records": CLINIC},
    sync_to_thread=True,
)
def clinic_update(
    request: Request[Any, Any, Any], db: Session, clinic_id: int, data: dict[str, Any] = FORM
) -> Template | Redirect:
    """Save a clinic; a stale save (409) or bad input (422) keeps what was typed."""
    clinic = db.get(ClinicRoom, clinic_id)
    assert clinic is not None
    try:
        lock_for_change(db, clinic, int_or_none(data.get("version")) or 0)
        service.update_clinic(db, clinic, data)
    except (ClinicError, StaleRecord) as exc:
        return failed(
            "clinic/clinic.html", _clinic_edit_context(db, clinic, data), exc, locale_of(request)
        )
    return Redirect("/m/clinic/clinics", status_code=HTTP_303_SEE_OTHER)


# -- providers ------------------------------------------------------------------------------


def _provider_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    text = request.query_params.get("q", "").strip()[:50]
    query = select(ClinicProvider).where(scope.where(ClinicProvider.org_id))
    if text:
        query = query.where(
            col(ClinicProvider.name).contains(text) | col(ClinicProvider.firm).contains(text)
        )
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    page, pages = _page(request, total)
    rows = db.exec(
        query.order_by(ClinicProvider.name).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    locale = locale_of(request)
    return {
        "rows": rows,
        "q": text,
        "page": page,
        "pages": pages,
        "total": total,
        "label": lambda code: label(code, locale),
        "kinds": choices(ProviderKind, locale),
        "stations": [
            (str(o.id), o.name) for o in _orgs(db, user, (OrgType.BUREAU, OrgType.STATION))
        ]
        if user.can(MANAGE)
        else [],
        "can_manage": user.can(MANAGE),
        "values": {},
        "errors": {},
    }


@get("/providers", name="clinic_providers", opt={"permission": VIEW}, sync_to_thread=True)
def provider_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("clinic/providers.html", context=_provider_context(request, db, current_user))


@post("/providers", opt={"permission": MANAGE}, sync_to_thread=True)
def provider_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    try:
        org_id = int_or_none(data.get("org_id"))
        if org_id is None or not may(db, current_user, MANAGE, org_id):
            raise InvalidInput({"org_id": N_("请选择您管辖的司法所")})
        provider = service.create_provider(db, org_id, data)
    except ClinicError as exc:
        context = {**_provider_context(request, db, current_user), "values": data}
        return failed("clinic/providers.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/providers/{provider.id}", status_code=HTTP_303_SEE_OTHER)


def _public_base(request: Request[Any, Any, Any]) -> str:
    """The address phones reach the platform at (the configured public URL behind a proxy)."""
    configured = getattr(request.app.state.platform.settings, "public_url", "") or ""
    return (configured or str(request.base_url)).rstrip("/")


def _detail_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, provider: ClinicProvider
) -> dict[str, Any]:
    locale = locale_of(request)
    today = today_of(request)
    return {
        "provider": provider,
        "org": db.get(OrgUnit, provider.org_id),
        "label": lambda code: label(code, locale),
        "kinds": choices(ProviderKind, locale),
        "away": db.exec(
            select(ClinicUnavailability)
            .where(
                ClinicUnavailability.provider_id == provider.id, ClinicUnavailability.day >= today
            )
            .order_by(ClinicUnavailability.day)
            .limit(100)
        ).all(),
        "villages": db.exec(
            select(OrgUnit)
            .join(ClinicAdviserAssignment, ClinicAdviserAssignment.org_id == OrgUnit.id)  # type: ignore[arg-type]
            .where(ClinicAdviserAssignment.provider_id == provider.id)
        ).all(),
        "feed_url": f"{_public_base(request)}/m/clinic/ical/{provider.ical_token}.ics",
        "can_manage": may(db, user, MANAGE, provider.org_id),
        "is_self": provider.account_id == user.id,
        "can_claim": provider.account_id is None and may(db, user, ATTEND, provider.org_id),
        "values": {},
        "errors": {},
    }


@get(
    "/providers/{provider_id:int}",
    name="clinic_provider",
    opt={"permission": VIEW, "records": PROVIDER},
    sync_to_thread=True,
)
def provider_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, provider_id: int
) -> Template:
    provider = db.get(ClinicProvider, provider_id)
    assert provider is not None
    return Template(
        "clinic/provider.html", context=_detail_context(request, db, current_user, provider)
    )


@post(
    "/providers/{provider_id:int}",
    opt={"permission": MANAGE, "records": PROVIDER},
    sync_to_thread=True,
)
def provider_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    provider_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    provider = db.get(ClinicProvider, provider_id)
    assert provider is not None
    try:
        lock_for_change(db, provider, int_or_none(data.get("version")) or 0)
        service.update_provider(db, provider, data)
    except (ClinicError, StaleRecord) as exc:
        context = {**_detail_context(request, db, current_user, provider), "values": data}
        return failed("clinic/provider.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/providers/{provider_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/providers/{provider_id:int}/unavailable",
    opt={"permission": ATTEND, "records": PROVIDER},  # providers hold ATTEND, managers too
    sync_to_thread=True,
)
def provider_unavailable(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    provider_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """A day off: entered by the station or by the provider themselves."""
    provider = db.get(ClinicProvider, provider_id)
    assert provider is not None
    if provider.account_id != current_user.id and not may(
        db, current_user, MANAGE, provider.org_id
    ):
        raise NotFoundException()
    try:
        try:
            day = date.fromisoformat(str(data.get("day") or ""))
        except ValueError:
            raise InvalidInput({"day": N_("请填写有效的日期")}) from None
        if day < today_of(request):
            raise InvalidInput({"day": N_("不可用日期不能早于今天")})
        if data.get("remove"):
            service.remove_unavailability(db, provider, day)
        else:
            service.add_unavailability(db, provider, day, str(data.get("reason") or ""))
    except ClinicError as exc:
        context = {**_detail_context(request, db, current_user, provider), "away_values": data}
        return failed("clinic/provider.html", context, exc, locale_of(request))
    return Redirect(f"/m/clinic/providers/{provider_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/providers/{provider_id:int}/token",
    opt={"permission": MANAGE, "records": PROVIDER},
    sync_to_thread=True,
)
def provider_token(db: Session, provider_id: int, data: dict[str, Any] = FORM) -> Redirect:
    """Renew the calendar feed address (a lost phone); the old address stops working.
    At the version the page showed: a second click is stale (409), not a second renewal."""
    provider = db.get(ClinicProvider, provider_id)
    assert provider is not None
    lock_for_change(db, provider, int_or_none(data.get("version")))
    service.renew_token(db, provider)
    return Redirect(f"/m/clinic/providers/{provider_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/providers/{provider_id:int}/me",
    opt={"permission": ATTEND, "records": PROVIDER},
    sync_to_thread=True,
)
def provider_is_me(
    db: Session, current_user: CurrentUser, provider_id: int, data: dict[str, Any] = FORM
) -> Redirect:
    """“这是我本人”: a provider links the roster entry to their own account, once, so the
    rota shows them their sessions and reminders reach them."""
    provider = db.get(ClinicProvider, provider_id)
    assert provider is not None
    lock_for_change(db, provider, int_or_none(data.get("version")))
    if provider.account_id is None:
        provider.account_id = current_user.id
        touch(provider)
        db.add(provider)
    return Redirect(f"/m/clinic/providers/{provider_id}", status_code=HTTP_303_SEE_OTHER)


# -- village advisers -----------------------------------------------------------------------


def _adviser_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    query = (
        select(OrgUnit, ClinicProvider, ClinicAdviserAssignment.version)
        .outerjoin(ClinicAdviserAssignment, ClinicAdviserAssignment.org_id == OrgUnit.id)  # type: ignore[arg-type]
        .outerjoin(ClinicProvider, ClinicProvider.id == ClinicAdviserAssignment.provider_id)  # type: ignore[arg-type]
        .where(
            col(OrgUnit.id).in_(scope.org_ids_select()),
            OrgUnit.type == OrgType.COMMUNITY,
            col(OrgUnit.active).is_(True),
        )
    )
    total = int(db.exec(select(func.count()).select_from(query.subquery())).one())
    page, pages = _page(request, total)
    rows = db.exec(
        query.order_by(OrgUnit.path).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    covered = int(
        db.exec(
            select(func.count())
            .select_from(ClinicAdviserAssignment)
            .where(col(ClinicAdviserAssignment.org_id).in_(scope.org_ids_select()))
        ).one()
    )
    providers = db.exec(
        select(ClinicProvider)
        .where(scope.where(ClinicProvider.org_id), col(ClinicProvider.active).is_(True))
        .order_by(ClinicProvider.name)
    ).all()
    return {
        "rows": rows,
        "page": page,
        "pages": pages,
        "total": total,
        "covered": covered,
        "providers": providers,
        "can_manage": user.can(MANAGE),
    }


@get("/advisers", name="clinic_advisers", opt={"permission": VIEW}, sync_to_thread=True)
def adviser_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("clinic/advisers.html", context=_adviser_context(request, db, current_user))


@post("/advisers", opt={"permission": MANAGE}, sync_to_thread=True)
def adviser_assign(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Any,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """一村一顾问: name the village's adviser, within the per-adviser limit of the bureau."""
    village_id = int_or_none(data.get("org_id"))
    provider = db.get(ClinicProvider, int_or_none(data.get("provider_id")) or 0)
    try:
        if village_id is None or not may(db, current_user, MANAGE, village_id):
            raise ClinicError(N_("请选择您管辖的村（社区）"))
        if provider is None or not current_user.scope(db, VIEW).allows(db, provider.org_id):
            raise ClinicError(N_("请选择名册中的律师"))
        settings = settings_at(db, platform, village_id)
        service.assign_adviser(
            db,
            village_id,
            provider,
            today_of(request),
            max_villages=settings.max_villages_per_adviser,
            version=int_or_none(data.get("version")),
        )
    except (ClinicError, StaleRecord) as exc:
        return failed(
            "clinic/advisers.html",
            _adviser_context(request, db, current_user),
            exc,
            locale_of(request),
        )
    return Redirect("/m/clinic/advisers", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    clinic_list,
    clinic_create,
    clinic_edit,
    clinic_update,
    provider_list,
    provider_create,
    provider_detail,
    provider_update,
    provider_unavailable,
    provider_token,
    provider_is_me,
    adviser_list,
    adviser_assign,
]
