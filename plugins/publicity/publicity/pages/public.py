"""The public page (no login): approved yearly plans, as the 谁执法谁普法 system asks units to
publish their lists and plans. Only plans approved by a bureau where the module is on appear;
drafts, submitted and returned plans never do."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template
from sqlmodel import Session, col, select

from core.api import OrgUnit, active_plugins
from publicity.codes import PlanStatus, label
from publicity.models import PublicityPlan, PublicityUnit
from publicity.pages.common import int_or_none, platform_of, today_of
from publicity.services.units import law_list


@get("/public/plans", name="publicity_public_plans", opt={"public": True}, sync_to_thread=True)
def public_plans(request: Request[Any, Any, Any], db: Session) -> Template:
    """Approved plans of a year, by organisation; ``?year=`` and ``?org=`` narrow them."""
    year = int_or_none(request.query_params.get("year")) or today_of(request).year
    org_filter = int_or_none(request.query_params.get("org"))
    query = (
        select(PublicityPlan, PublicityUnit, OrgUnit)
        .join(PublicityUnit, PublicityUnit.id == PublicityPlan.unit_id)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == PublicityPlan.org_id)  # type: ignore[arg-type]
        .where(PublicityPlan.year == year, PublicityPlan.status == PlanStatus.APPROVED)
        .order_by(OrgUnit.path, PublicityUnit.name)
        .limit(500)
    )
    if org_filter:
        query = query.where(col(OrgUnit.path).contains(f"/{org_filter}/"))
    host = platform_of(request).host
    active: dict[int, bool] = {}
    rows = []
    for plan, unit, org in db.exec(query).all():
        if org.id not in active:
            active[org.id] = "publicity" in active_plugins(db, host, org.id)  # type: ignore[arg-type]
        if active[org.id]:
            rows.append((plan, unit, org, law_list(plan.laws)))
    return Template(
        "publicity/public/plans.html",
        context={"rows": rows, "year": year, "label": label},
    )


ROUTES = [public_plans]
