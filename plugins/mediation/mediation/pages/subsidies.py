"""The subsidy sheet pages (以案定补补贴表): a committee's month, approval, Excel."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgUnit, Spreadsheet
from mediation.codes import Difficulty, choices
from mediation.errors import MediationError
from mediation.models import MediationCase, MediationCommittee
from mediation.pages.common import FORM, int_or_none, locale_of, may, settings_at, today_of
from mediation.pages.mediators import committees_in
from mediation.permissions import SUBSIDIES_APPROVE, SUBSIDIES_VIEW
from mediation.services.subsidies import (
    SheetAlreadyApproved,
    SubsidySheet,
    UncheckedFindings,
    approve_sheet,
    parse_month,
    subsidy_sheet,
)
from mediation.services.subsidy_checks import Finding, clear_finding, findings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committee(
    db: Session, user: CurrentUser, committee_id: int | None, permission: str
) -> MediationCommittee:
    """A committee the user may act on with *permission*; 404 otherwise."""
    committee = db.get(MediationCommittee, committee_id) if committee_id else None
    if committee is None or not may(db, user, permission, committee.org_id):
        raise NotFoundException()
    return committee


def _page(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    user: CurrentUser,
    committee_id: int | None,
    month_text: str | None,
    *,
    status: int = 200,
    error: str = "",
    form: dict[str, Any] | None = None,
) -> Template:
    today = today_of(request)
    month = parse_month(month_text, today)
    committees = committees_in(db, user, SUBSIDIES_VIEW)
    if committee_id is None and committees:
        committee_id = committees[0][0].id
    sheet: SubsidySheet | None = None
    committee = None
    found: list[Finding] = []
    if committee_id is not None:
        committee = _committee(db, user, committee_id, SUBSIDIES_VIEW)
        settings = settings_at(db, platform, committee.org_id)
        sheet = subsidy_sheet(db, committee.id, month, settings)  # type: ignore[arg-type]
        if sheet.approved is None:
            found = findings(db, committee.id, month, settings)  # type: ignore[arg-type]
    return Template(
        "mediation/subsidies/sheet.html",
        status_code=status,
        context={
            "committees": committees,
            "committee": committee,
            "committee_org": db.get(OrgUnit, committee.org_id) if committee else None,
            "month": month,
            "sheet": sheet,
            "difficulties": choices(Difficulty, locale_of(request)),
            "can_approve": bool(committee and may(db, user, SUBSIDIES_APPROVE, committee.org_id)),
            "month_ended": today >= month.end,
            "query": urlencode({"committee_id": committee_id or "", "month": str(month)}),
            "error": error,
            "findings": found,
            "case_numbers": _case_numbers(db, found),
            "form": form or {},
        },
    )


def _case_numbers(db: Session, found: list[Finding]) -> dict[int, str]:
    """The case numbers of the cases behind the findings (for their links)."""
    ids = {i for f in found for i in f.case_ids}
    if not ids:
        return {}
    rows = db.exec(
        select(MediationCase.id, MediationCase.case_number).where(col(MediationCase.id).in_(ids))
    ).all()
    return {case_id: number or str(case_id) for case_id, number in rows}


@get(
    "/subsidies",
    name="mediation_subsidies",
    opt={"permission": SUBSIDIES_VIEW},
    sync_to_thread=True,
)
def subsidies(
    request: Request[Any, Any, Any], db: Session, platform: Any, current_user: CurrentUser
) -> Template:
    params = request.query_params
    return _page(
        request,
        db,
        platform,
        current_user,
        int_or_none(params.get("committee_id")),
        params.get("month"),
    )


@post(
    "/subsidies/approve",
    name="mediation_subsidies_approve",
    opt={"permission": SUBSIDIES_APPROVE},
    sync_to_thread=True,
)
def subsidies_approve(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Freeze a committee's month; refused before the month ends or with cases unassessed."""
    committee = _committee(
        db, current_user, int_or_none(data.get("committee_id")), SUBSIDIES_APPROVE
    )
    month = parse_month(str(data.get("month", "")), today_of(request))
    try:
        approve_sheet(
            db,
            committee.id,
            month,
            settings_at(db, platform, committee.org_id),  # type: ignore[arg-type]
            actor_id=current_user.id,
            today=today_of(request),
        )
    except MediationError as exc:
        db.rollback()
        return _page(
            request,
            db,
            platform,
            current_user,
            committee.id,
            str(month),
            status=409 if isinstance(exc, SheetAlreadyApproved | UncheckedFindings) else 400,
            error=exc.localized(locale_of(request)),
        )
    query = urlencode({"committee_id": committee.id, "month": str(month)})
    return Redirect(f"/m/mediation/subsidies?{query}", status_code=HTTP_303_SEE_OTHER)


@get(
    "/subsidies.xlsx",
    name="mediation_subsidies_export",
    opt={"permission": SUBSIDIES_VIEW},
    sync_to_thread=True,
)
def subsidies_export(
    request: Request[Any, Any, Any], db: Session, platform: Any, current_user: CurrentUser
) -> Response[bytes]:
    committee = _committee(
        db, current_user, int_or_none(request.query_params.get("committee_id")), SUBSIDIES_VIEW
    )
    month = parse_month(request.query_params.get("month"), today_of(request))
    sheet = subsidy_sheet(db, committee.id, month, settings_at(db, platform, committee.org_id))  # type: ignore[arg-type]
    org = db.get(OrgUnit, committee.org_id)
    book = Spreadsheet()
    ws = book.sheet("以案定补")
    status = f"已审批（{sheet.approved.approved_on}）" if sheet.approved else "未审批（实时计算）"
    ws.row([f"{org.name if org else ''} {month} 以案定补补贴表", status], bold=True)
    ws.row(
        ["调解员", "简易（件）", "一般（件）", "复杂疑难（件）", "合计（件）", "补贴金额（元）"],
        bold=True,
    )
    for line in sheet.lines:
        ws.row(
            [
                line.name,
                line.counts[Difficulty.SIMPLE],
                line.counts[Difficulty.GENERAL],
                line.counts[Difficulty.COMPLEX],
                line.cases,
                line.amount,
            ]
        )
    ws.row(
        [
            "合计",
            sheet.count(Difficulty.SIMPLE),
            sheet.count(Difficulty.GENERAL),
            sheet.count(Difficulty.COMPLEX),
            sheet.cases,
            sheet.total,
        ]
    )
    ws.row(
        [
            f"补贴标准（元/件）：简易 {sheet.amounts[Difficulty.SIMPLE]}，一般 {sheet.amounts[Difficulty.GENERAL]}，复杂疑难 {sheet.amounts[Difficulty.COMPLEX]}"
        ]
    )
    filename = f"以案定补-{month}.xlsx"
    return Response(
        book.to_bytes(),
        media_type=XLSX,
        headers={
            "Content-Disposition": f"attachment; filename=\"subsidies-{month}.xlsx\"; filename*=UTF-8''{quote(filename)}"
        },
    )


@post(
    "/subsidies/clear",
    name="mediation_subsidies_clear",
    opt={"permission": SUBSIDIES_APPROVE},
    sync_to_thread=True,
)
def subsidies_clear(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """核查通过: a reviewer clears one finding of the sheet with the reason."""
    committee = _committee(
        db, current_user, int_or_none(data.get("committee_id")), SUBSIDIES_APPROVE
    )
    month = parse_month(str(data.get("month", "")), today_of(request))
    try:
        clear_finding(
            db,
            committee.id,  # type: ignore[arg-type]
            month,
            settings_at(db, platform, committee.org_id),  # type: ignore[arg-type]
            data,
            actor_id=current_user.id,
            today=today_of(request),
        )
    except MediationError as exc:
        db.rollback()
        return _page(
            request,
            db,
            platform,
            current_user,
            committee.id,
            str(month),
            status=422,
            error=exc.localized(locale_of(request)),
            form=dict(data),
        )
    query = urlencode({"committee_id": committee.id, "month": str(month)})
    return Redirect(f"/m/mediation/subsidies?{query}#checks", status_code=HTTP_303_SEE_OTHER)


ROUTES = [subsidies, subsidies_approve, subsidies_clear, subsidies_export]
