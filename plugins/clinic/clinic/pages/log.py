"""The provider service log (服务台账): hours on site this month against the adviser norm,
lectures this quarter, and 助诊 counted from publicity events."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlmodel import Session, col, select

from clinic.models import ClinicAssist, ClinicProvider
from clinic.pages.common import month_of, settings_at, today_of
from clinic.permissions import VIEW
from clinic.planner import month_days
from clinic.services.service_log import provider_months
from core.api import CurrentUser


@get("/log", name="clinic_log", opt={"permission": VIEW}, sync_to_thread=True)
def service_log(
    request: Request[Any, Any, Any], db: Session, platform: Any, current_user: CurrentUser
) -> Template:
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
    return Template(
        "clinic/log.html",
        context={
            "rows": provider_months(db, providers, year, month),
            "norm": settings.monthly_hours_norm,
            "lectures_norm": settings.lectures_per_quarter,
            "month": f"{year}-{month:02d}",
            "assists": assists,
        },
    )


ROUTES = [service_log]
