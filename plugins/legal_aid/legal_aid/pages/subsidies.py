"""Subsidy pages (办案补贴): the ledger with approval, the Excel export, the bureau's table."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgType, OrgUnit, StaleRecord
from legal_aid.codes import Grade, MatterGroup, ServiceForm, choices, label
from legal_aid.errors import LegalAidError
from legal_aid.models import LegalAidCase, LegalAidProvider, LegalAidSubsidy, LegalAidSubsidyRate
from legal_aid.pages.common import (
    FORM,
    error_context,
    form_values,
    int_or_none,
    locale_of,
    page_of,
    today_of,
)
from legal_aid.permissions import SUBSIDIES_APPROVE, SUBSIDIES_VIEW
from legal_aid.services import subsidies

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(db: Session, user: CurrentUser, request, **extra: Any) -> dict[str, Any]:
    scope = user.scope(db, SUBSIDIES_VIEW)
    state = request.query_params.get("state", "")
    query = (
        select(LegalAidSubsidy, LegalAidCase, LegalAidProvider)
        .join(LegalAidCase, LegalAidCase.id == LegalAidSubsidy.case_id)  # type: ignore[arg-type]
        .join(LegalAidProvider, LegalAidProvider.id == LegalAidSubsidy.provider_id, isouter=True)  # type: ignore[arg-type]
        .where(scope.where(LegalAidSubsidy.org_id))
    )
    if state == "pending":
        query = query.where(col(LegalAidSubsidy.approved_on).is_(None))
    elif state == "approved":
        query = query.where(col(LegalAidSubsidy.approved_on).is_not(None))
    page = page_of(
        db,
        query.order_by(col(LegalAidSubsidy.computed_on).desc(), col(LegalAidSubsidy.id).desc()),
        int_or_none(request.query_params.get("page")) or 1,
        50,
    )
    bureaus = db.exec(
        select(OrgUnit).where(
            OrgUnit.type == OrgType.BUREAU,
            col(OrgUnit.id).in_(user.scope(db, SUBSIDIES_APPROVE).org_ids_select()),
        )
    ).all()
    rates = db.exec(
        select(LegalAidSubsidyRate)
        .where(scope.where(LegalAidSubsidyRate.org_id))
        .order_by(col(LegalAidSubsidyRate.service_form))
    ).all()
    locale = locale_of(request)
    return {
        "page": page,
        "state": state,
        "label": label,
        "Grade": Grade,
        "ServiceForm": ServiceForm,
        "MatterGroup": MatterGroup,
        "can_approve": user.can(SUBSIDIES_APPROVE),
        "bureaus": bureaus,
        "rates": rates,
        "service_forms": choices(ServiceForm, locale),
        "groups": choices(MatterGroup, locale),
        "values": {},
        "errors": {},
        "error": "",
        **extra,
    }


@get(
    "/subsidies",
    name="legal_aid_subsidies",
    opt={"permission": SUBSIDIES_VIEW},
    sync_to_thread=True,
)
def subsidy_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("legal_aid/subsidies/list.html", context=_context(db, current_user, request))


@post(
    "/subsidies/{subsidy_id:int}/approve",
    name="legal_aid_subsidy_approve",
    opt={"permission": SUBSIDIES_APPROVE, "records": {"subsidy_id": LegalAidSubsidy}},
    sync_to_thread=True,
)
def approve(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    subsidy_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    try:
        subsidies.approve(
            db,
            subsidy_id,
            int_or_none(values.get("version")) or -1,
            today_of(request),
            current_user.id,
        )
    except (LegalAidError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return Template(
            "legal_aid/subsidies/list.html",
            context=_context(db, current_user, request, **extra),
            status_code=status,
        )
    return Redirect("/m/legal_aid/subsidies", status_code=HTTP_303_SEE_OTHER)


@get(
    "/subsidies/export",
    name="legal_aid_subsidies_export",
    opt={"permission": SUBSIDIES_VIEW},
    sync_to_thread=True,
)
def export(db: Session, current_user: CurrentUser) -> Response[bytes]:
    content = subsidies.export_xlsx(db, current_user.scope(db, SUBSIDIES_VIEW).org_ids_select())
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename=legal_aid_subsidies.xlsx"},
    )


@post(
    "/subsidies/rates",
    name="legal_aid_subsidy_rate",
    opt={"permission": SUBSIDIES_APPROVE},
    sync_to_thread=True,
)
def set_rate(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    org_id = int_or_none(values.get("org_id"))
    scope = current_user.scope(db, SUBSIDIES_APPROVE)
    try:
        if org_id is None or not scope.allows(db, org_id):
            from legal_aid.errors import InvalidInput

            raise InvalidInput({"org_id": ("请选择司法局", "Choose the bureau")})
        subsidies.set_rate(db, org_id, values)
    except (LegalAidError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return Template(
            "legal_aid/subsidies/list.html",
            context=_context(db, current_user, request, values=values, **extra),
            status_code=status,
        )
    return Redirect("/m/legal_aid/subsidies", status_code=HTTP_303_SEE_OTHER)


ROUTES = [subsidy_list, approve, export, set_rate]
