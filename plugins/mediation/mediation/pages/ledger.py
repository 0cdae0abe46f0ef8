"""The ledger pages (调解台账) for station and bureau staff, and its Excel export."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session

from core.api import (
    CurrentUser,
    ExportForbidden,
    ExportNotFound,
    OrgScope,
    OrgType,
    start_export,
)
from mediation.codes import CaseStatus, MinistryCategory, WarningLevel, choices, label
from mediation.pages.common import (
    FORM,
    int_or_none,
    is_htmx,
    locale_of,
    now_of,
    org_choices,
    page_of,
)
from mediation.pages.mediators import committees_in
from mediation.permissions import CASES_EXPORT, CASES_VIEW
from mediation.services.ledger import LEDGER_EXPORT, LedgerFilter, ledger_query

PAGE_SIZE = 25
#: The committee picker shows this many at first; the search box finds the others.
COMMITTEE_CHOICES = 30
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
        "qs_pairs": [(k, v) for k, v in parse_qsl(flt.query_string()) if v],
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
        "committees": committees_in(
            db, current_user, CASES_VIEW, include=flt.committee_id, limit=COMMITTEE_CHOICES
        ),
        "orgs": org_choices(db, scope, types=(OrgType.BUREAU, OrgType.STATION, OrgType.COMMUNITY)),
        "can_export": current_user.can(CASES_EXPORT),
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


@post(
    "/ledger/export",
    name="mediation_ledger_export",
    opt={"permission": CASES_EXPORT},
    sync_to_thread=True,
)
def ledger_export(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Redirect:
    """Start the filtered ledger's export in the background (every row, no cap) and go to
    its page, where a progress bar runs until the workbook can be downloaded. Who exported
    what is audited by the core's export service."""
    flt = LedgerFilter.from_params({k: str(v) for k, v in data.items()})
    locale = locale_of(request)
    if flt.problems:  # never export more, or other, rows than the user asked for
        raise HTTPException(
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            detail="；".join(en if locale == "en" else zh for zh, en in flt.problems),
        )
    scope = current_user.scope(db, CASES_EXPORT)
    org_id = _export_root(db, scope, flt)
    if org_id is False:
        raise HTTPException(
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            detail="请先选择“所属机构”再导出"
            if locale != "en"
            else "Choose an organisation before exporting",
        )
    try:
        export = start_export(
            platform,
            db,
            user_id=current_user.id,
            kind=LEDGER_EXPORT.code,
            org_id=org_id,
            now=now_of(request),
            options=dict(parse_qsl(flt.query_string())),
        )
    except (ExportNotFound, ExportForbidden):  # out of scope: as if it did not exist
        raise NotFoundException() from None
    return Redirect(f"/exports/{export.id}", status_code=HTTP_303_SEE_OTHER)


def _export_root(db: Session, scope: OrgScope, flt: LedgerFilter) -> int | bool | None:
    """The organisation whose subtree the export covers: the filter's, else the user's
    one subtree (None for a global scope); False when the user must choose."""
    if flt.org_id is not None:
        return flt.org_id
    if scope.is_global:
        return None
    if len(scope.paths) == 1:
        return int(scope.paths[0].strip("/").split("/")[-1])
    return False


@get(
    "/ledger/committee-options",
    name="mediation_ledger_committee_options",
    opt={"permission": CASES_VIEW},
    sync_to_thread=True,
)
def ledger_committee_options(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """``<option>`` elements of the committees in scope whose name matches the search."""
    text = str(request.query_params.get("committee_q", "")).strip()[:50]
    committees = committees_in(db, current_user, CASES_VIEW, text=text, limit=COMMITTEE_CHOICES)
    return Template(
        "mediation/ledger/_committee_options.html",
        context={"committees": committees, "selected": None},
    )


ROUTES = [ledger, ledger_export, ledger_committee_options]
