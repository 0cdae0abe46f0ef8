"""The provider service log (服务台账): hours on site this month against the adviser norm,
lectures this quarter, and 助诊 counted from publicity events."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from clinic.codes import ServiceKind, choices
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicAssist, ClinicProvider
from clinic.pages.common import (
    FORM,
    failed,
    int_or_none,
    locale_of,
    may,
    month_of,
    settings_at,
    today_of,
)
from clinic.permissions import ATTEND, MANAGE, VIEW
from clinic.planner import month_days
from clinic.services.service_log import add_entry, provider_months
from core.api import N_, CurrentUser, OrgType, OrgUnit


@get("/log", name="clinic_log", opt={"permission": VIEW}, sync_to_thread=True)
def service_log(
    request: Request[Any, Any, Any], db: Session, platform: Any, current_user: CurrentUser
) -> Template:
    return Template("clinic/log.html", context=_log_context(request, db, platform, current_user))


def _log_context(
    request: Request[Any, Any, Any], db: Session, platform: Any, current_user: CurrentUser
) -> dict[str, Any]:
    scope = current_user.scope(db, VIEW)
    year, month = month_of(request.query_params.get("month"), today_of(request))
    providers = db.exec(
        select(ClinicProvider)
        .where(scope.where(ClinicProvider.org_id), col(ClinicProvider.active).is_(True))
        .order_by(ClinicProvider.name)
        .limit(500)
    ).all()
    settings = settings_at(
        db, platform, current_user.org_id or (providers[0].org_id if providers else 0)
    )
    days = month_days(year, month)
    assists = db.exec(
        select(ClinicAssist, ClinicProvider.name)
        .join(ClinicProvider, ClinicProvider.id == ClinicAssist.provider_id)  # type: ignore[arg-type]
        .where(
            scope.where(ClinicAssist.org_id) | scope.where(ClinicProvider.org_id),
            ClinicAssist.day >= days[0],
            ClinicAssist.day <= days[-1],
        )
        .order_by(ClinicAssist.day)
    ).all()
    attend = current_user.scope(db, ATTEND)
    villages = db.exec(
        select(OrgUnit)
        .where(
            col(OrgUnit.id).in_(attend.org_ids_select()),
            OrgUnit.type == OrgType.COMMUNITY,
            col(OrgUnit.active).is_(True),
        )
        .order_by(OrgUnit.path)
        .limit(500)
    ).all()
    own = [p for p in providers if p.account_id == current_user.id]
    can_log = current_user.can(ATTEND)
    return {
        "rows": provider_months(db, providers, year, month),
        "norm": settings.monthly_hours_norm,
        "lectures_norm": settings.lectures_per_quarter,
        "month": f"{year}-{month:02d}",
        "assists": assists,
        "can_log": can_log,
        "log_providers": [
            (str(p.id), p.name) for p in (providers if current_user.can(MANAGE) else own)
        ],
        "villages": [(str(v.id), v.name) for v in villages],
        "kinds": choices(ServiceKind, locale_of(request)),
        "today": today_of(request),
        "values": {},
        "errors": {},
    }


@post("/log", opt={"permission": ATTEND}, sync_to_thread=True)
def log_entry(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """工作日志: an adviser's hours at a village (on site, a lecture, remote)."""
    provider = db.get(ClinicProvider, int_or_none(data.get("provider_id")) or 0)
    village_id = int_or_none(data.get("org_id"))
    try:
        if provider is None or not (
            provider.account_id == current_user.id or may(db, current_user, MANAGE, provider.org_id)
        ):
            raise InvalidInput({"provider_id": N_("只能为本人或本所名册中的律师登记")})
        if village_id is None or not may(db, current_user, ATTEND, village_id):
            raise InvalidInput({"org_id": N_("请选择您管辖的村（社区）")})
        add_entry(db, provider, village_id, data, today_of(request))
    except ClinicError as exc:
        context = {**_log_context(request, db, platform, current_user), "values": data}
        return failed("clinic/log.html", context, exc, locale_of(request))
    return Redirect("/m/clinic/log", status_code=HTTP_303_SEE_OTHER)


ROUTES = [service_log, log_entry]
