"""Monthly report pages (月报): list per period, make on demand, download, print.

Reports are made by the ``core.monthly_reports`` periodic job after each month's entry
deadline, or here on demand (made in the request: a county's workbook takes well under a
second). Each stored report is the workbook as it was made and a printable HTML summary of
the same figures. A report URL is checked by the core guard against the user's scope.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.audit import record_event
from core.identity.current import CurrentUser
from core.indicators.errors import IndicatorError
from core.indicators.models import IndicatorReport
from core.indicators.periods import Period
from core.indicators.reports import MONTHLY, generate_monthly_report
from core.orgs.models import OrgUnit
from core.platform import Platform
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of
from web.pages_indicators import MANAGE, VIEW, XLSX, base_context, resolve, today_of

REPORT = {"report_id": IndicatorReport}


def _list(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    *,
    status: int = 200,
    error: str = "",
) -> Template:
    where = resolve(request, db, current_user, VIEW, bureau_only=True)
    reports = db.exec(
        select(
            IndicatorReport.id,
            IndicatorReport.period,
            IndicatorReport.filename,
            IndicatorReport.generated_at,
            IndicatorReport.revision,
            IndicatorReport.generated_by_id,
        )
        .where(IndicatorReport.org_id == where.org.id, IndicatorReport.kind == MONTHLY)
        .order_by(col(IndicatorReport.period).desc())
    ).all()
    if error:
        where.error = error
    return Template(
        "indicators/reports/list.html",
        status_code=status,
        context=base_context(
            request,
            where,
            reports=reports,
            can_manage=current_user.scope(db, MANAGE).allows(db, where.org.id),
        ),
    )


@get("/reports", name="reports_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def reports_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """A bureau's monthly reports, newest month first."""
    return _list(request, db, current_user)


@post("/reports", name="reports_generate", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def reports_generate(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Make (or remake) the report of one month now."""
    scope = current_user.scope(db, MANAGE)
    org = db.get(OrgUnit, _int(data.get("org")) or 0)
    if org is None or not scope.allows(db, org.id):
        raise NotFoundException()
    try:
        period = Period.parse(str(data.get("period", "")))
        report = generate_monthly_report(
            db,
            platform.host,
            org.id,
            period,
            today_of(request),
            actor_id=current_user.id,  # type: ignore[arg-type]
        )
    except IndicatorError as exc:
        db.rollback()
        return _list(request, db, current_user, status=422, error=exc.localized(locale_of(request)))
    record_event(
        db,
        "monthly_report",
        entity="indicator_report",
        entity_id=str(report.id),
        org_id=org.id,
        details={"period": str(period), "revision": report.revision},
    )
    return Redirect(f"/reports?org={org.id}", status_code=HTTP_303_SEE_OTHER)


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _report(db: Session, report_id: int) -> IndicatorReport:
    report = db.get(IndicatorReport, report_id)
    if report is None:
        raise NotFoundException()
    return report


@get(
    "/reports/{report_id:int}/download",
    name="reports_download",
    opt={PERMISSION: VIEW, RECORDS: REPORT},
    sync_to_thread=True,
)
def report_download(db: Session, report_id: int) -> Response[bytes]:
    """The workbook exactly as it was made."""
    report = _report(db, report_id)
    return Response(
        report.content,
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(report.filename)}"},
    )


@get(
    "/reports/{report_id:int}",
    name="reports_summary",
    opt={PERMISSION: VIEW, RECORDS: REPORT},
    sync_to_thread=True,
)
def report_summary(request: Request[Any, Any, Any], db: Session, report_id: int) -> Template:
    """The report's figures as a page that prints cleanly (打印版)."""
    report = _report(db, report_id)
    return Template(
        "indicators/reports/summary.html",
        context={
            "report": report,
            "summary": report.summary,
            "org": db.get(OrgUnit, report.org_id),
            "locale": locale_of(request),
        },
    )


ROUTES = [reports_list, reports_generate, report_download, report_summary]
