"""The ledger pages (调解台账) for station and bureau staff, and its Excel export."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.exceptions import HTTPException
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_422_UNPROCESSABLE_ENTITY
from sqlalchemy import func
from sqlmodel import Session, select

from core.api import CurrentUser, OrgType, record_event
from mediation.codes import CaseStatus, MinistryCategory, WarningLevel, choices, label
from mediation.pages.common import BEIJING, int_or_none, is_htmx, locale_of, org_choices, page_of
from mediation.pages.mediators import committees_in
from mediation.permissions import CASES_EXPORT, CASES_VIEW
from mediation.services.ledger import EXPORT_LIMIT, LedgerFilter, export_workbook, ledger_query

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@get("/ledger", name="mediation_ledger", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def ledger(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Every case in the user's scope, filtered and paginated in place (htmx)."""
    scope = current_user.scope(db, CASES_VIEW)
    flt = LedgerFilter.from_params(request.query_params)
    page = int_or_none(request.query_params.get("page")) or 1
    result = page_of(db, ledger_query(db, scope, flt), page, PAGE_SIZE)
    locale = locale_of(request)
    context = {
        "result": result,
        "f": flt,
        "qs": flt.query_string(),
        "statuses": [
            ("open", "未结案件" if locale != "en" else "Open"),
            *choices(CaseStatus, locale),
        ],
        "categories": choices(MinistryCategory, locale),
        "warnings": [
            ("any", "有预警" if locale != "en" else "Any warning"),
            ("none", "无预警" if locale != "en" else "No warning"),
            *choices(WarningLevel, locale),
        ],
        "warning_label": lambda v: label(WarningLevel, v, locale),
        "committees": committees_in(db, current_user, CASES_VIEW),
        "orgs": org_choices(db, scope, types=(OrgType.BUREAU, OrgType.STATION, OrgType.COMMUNITY)),
        "can_export": current_user.can(CASES_EXPORT),
        "export_limit": EXPORT_LIMIT,
        "status_label": lambda v: label(CaseStatus, v, locale),
        "ministry_label": lambda v: label(MinistryCategory, v, locale),
    }
    template = "mediation/ledger/_table.html" if is_htmx(request) else "mediation/ledger/list.html"
    context["problems"] = [en if locale == "en" else zh for zh, en in flt.problems]
    return Template(
        template,
        context=context,
        headers={"Vary": "HX-Request"},
        status_code=HTTP_422_UNPROCESSABLE_ENTITY if flt.problems else HTTP_200_OK,
    )


@get(
    "/ledger.xlsx",
    name="mediation_ledger_export",
    opt={"permission": CASES_EXPORT},
    sync_to_thread=True,
)
def ledger_export(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Response[bytes]:
    """The filtered ledger as an Excel workbook; who exported what is an audit event."""
    scope = current_user.scope(db, CASES_EXPORT)
    flt = LedgerFilter.from_params(request.query_params)
    if flt.problems:  # never export more, or other, rows than the user asked for
        locale = locale_of(request)
        raise HTTPException(
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            detail="；".join(en if locale == "en" else zh for zh, en in flt.problems),
        )
    total = int(
        db.exec(select(func.count()).select_from(ledger_query(db, scope, flt).subquery())).one()
    )
    content = export_workbook(db, scope, flt)
    record_event(
        db,
        "export",
        actor_id=current_user.id,
        entity="mediation_case",
        details={
            "list": "mediation.ledger",
            "filters": flt.query_string(),
            "rows": min(total, EXPORT_LIMIT),
        },
    )
    stamp = datetime.now(BEIJING).strftime("%Y%m%d%H%M")
    filename = f"调解台账-{stamp}.xlsx"
    headers = {
        "Content-Disposition": f"attachment; filename=\"ledger-{stamp}.xlsx\"; filename*=UTF-8''{quote(filename)}",
    }
    if total > EXPORT_LIMIT:
        headers["X-Export-Truncated"] = str(EXPORT_LIMIT)
    return Response(content, media_type=XLSX, headers=headers)


ROUTES = [ledger, ledger_export]
