"""Statistics per unit and per station for a month, quarter or year, on screen and as Excel."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Response, Template
from sqlmodel import Session

from core.api import N_, CurrentUser, OrgUnit, current_locale, translate
from publicity.pages.common import int_or_none, today_of
from publicity.permissions import VIEW
from publicity.services.reports import COLUMNS, by_station, by_unit, period_bounds, workbook


def _title(kind: str, year: int, index: int, chinese_period: str) -> str:
    """The report's heading in the request's language (the workbook keeps the Chinese)."""
    locale = current_locale()
    heading = translate(N_("普法工作统计"), locale, "publicity")
    if locale == "zh":
        return f"{heading} {chinese_period}"
    period = {"month": f"{year}-{index:02d}", "quarter": f"{year} Q{index}"}.get(kind, str(year))
    return f"{heading} {period}"


def _report(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> dict[str, Any]:
    today = today_of(request)
    params = request.query_params
    kind = params.get("kind") if params.get("kind") in ("month", "quarter", "year") else "quarter"
    year = int_or_none(params.get("year")) or today.year
    default = today.month if kind == "month" else (today.month - 1) // 3 + 1
    index = int_or_none(params.get("index")) or (1 if kind == "year" else default)
    limit = {"month": 12, "quarter": 4, "year": 1}[kind]
    index = min(max(index, 1), limit)
    if not 2000 <= year <= 2100:
        year = today.year
    start, end, title = period_bounds(kind, year, index)
    scope = current_user.scope(db, VIEW)
    root = db.get(OrgUnit, current_user.org_id) if current_user.org_id else None
    return {
        "kind": kind,
        "year": year,
        "index": index,
        "title": _title(kind, year, index, title),
        "units": by_unit(db, scope.org_ids_select(), start, end),
        "stations": by_station(db, root, start, end) if root else [],
        "columns": COLUMNS,
    }


@get("/reports", name="publicity_reports", opt={"permission": VIEW}, sync_to_thread=True)
def report_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("publicity/reports.html", context=_report(request, db, current_user))


@get("/reports.xlsx", name="publicity_reports_xlsx", opt={"permission": VIEW}, sync_to_thread=True)
def report_excel(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Response[bytes]:
    report = _report(request, db, current_user)
    content = workbook(
        report["title"], [("按责任单位", report["units"]), ("按司法所", report["stations"])]
    )
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename*=UTF-8''publicity-report.xlsx"},
    )


ROUTES = [report_page, report_excel]
