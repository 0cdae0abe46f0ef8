"""Holiday administration (节假日安排): the working-day calendar deadlines are computed on.

The page (``/calendar``, ``core.calendar.manage``) lists a year's official schedule as
deadlines will use it — the ``chinesecalendar`` data plus days entered here — with forms to
enter or remove a day of a State Council notice and to declare a year complete. The
holiday table is national, so changing it needs the permission over the whole
installation (every top-level organisation); others see the page read-only. From November
a banner warns when next year is not known yet; the home page loads the same banner
(``/calendar/banner``) for these administrators. Form errors answer 422 with the input
kept and a Chinese message.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlmodel import Session, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.scoping import OrgScope
from core.orgs.models import OrgUnit
from core.platform import Platform
from core.scheduling.calendar_cli import parse_file
from core.scheduling.calendar_store import (
    HolidayNoticeIncomplete,
    load_calendar,
    next_year_missing,
    remove_holiday_override,
    set_holiday_override,
    set_year_complete,
)
from core.scheduling.jobs import enqueue_job
from core.scheduling.notice import ParsedSchedule, save_schedule
from core.scheduling.provisional import RECOMPUTE_JOB, provisional_count
from core.scheduling.year_schedule import year_schedule
from web.auth import now_for
from web.guards import PERMISSION
from web.pages_account import FORM

MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)

MANAGE = "core.calendar.manage"
WEEKDAYS = (N_("周一"), N_("周二"), N_("周三"), N_("周四"), N_("周五"), N_("周六"), N_("周日"))
NOTE_LENGTH = 200
YEARS = (2004, 2100)


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def parse_int(value: Any) -> int | None:
    """A form or query value as an integer; None when it is not one."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def checked(value: Any) -> bool:
    """Whether a checkbox was ticked."""
    return str(value) in ("1", "on", "true")


def covers_installation(db: Session, scope: OrgScope) -> bool:
    """Whether a scope reaches every organisation: needed to change national data."""
    if scope.is_global:
        return True
    if scope.is_empty:
        return False
    roots = db.exec(select(OrgUnit.path).where(OrgUnit.parent_id.is_(None))).all()  # type: ignore[union-attr]
    return bool(roots) and all(scope.covers_path(path) for path in roots)


# -- holidays -------------------------------------------------------------------------------


def _year_context(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    year: int,
    *,
    error: str = "",
    values: dict[str, str] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    today = now_for(request).date()
    return {
        "schedule": year_schedule(db, year),
        "year": year,
        "weekdays": WEEKDAYS,
        "can_edit": covers_installation(db, user.scope(db, MANAGE)),
        "next_year_missing": next_year_missing(today, load_calendar(db)),
        "next_year": today.year + 1,
        "provisional": provisional_count(db),
        "error": error,
        "values": values or {},
        "notice": notice,
    }


def _year_response(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    year: int,
    *,
    status: int = 200,
    **extra: Any,
) -> Template:
    template = "calendar/_year.html" if _is_htmx(request) else "calendar/holidays.html"
    return Template(
        template,
        context=_year_context(request, db, user, year, **extra),
        status_code=status,
        headers={"Vary": "HX-Request"},
    )


def _year_of(value: Any, default: int) -> int:
    year = parse_int(value)
    return year if year is not None and YEARS[0] <= year <= YEARS[1] else default


@get("/calendar", name="calendar_holidays", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def calendar_holidays(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """A year's rest days and adjusted working days, and the forms to enter a notice."""
    year = _year_of(request.query_params.get("year"), now_for(request).year)
    return _year_response(request, db, current_user, year)


def _require_editor(db: Session, user: CurrentUser) -> None:
    if not covers_installation(db, user.scope(db, MANAGE)):
        raise PermissionDeniedException(detail=MANAGE)


def _after_change(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, year: int, notice: str
) -> Template | Redirect:
    if _is_htmx(request):
        return _year_response(request, db, user, year, notice=notice)
    return Redirect(f"/calendar?year={year}", status_code=HTTP_303_SEE_OTHER)


@post("/calendar/days", name="calendar_day_set", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def calendar_day_set(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Enter (or change) one day of a notice: a rest day or an adjusted working day."""
    _require_editor(db, current_user)
    values = {k: str(data.get(k, "")).strip() for k in ("day", "kind", "note", "year")}
    fallback = _year_of(values["year"], now_for(request).year)
    error = ""
    try:
        day = date.fromisoformat(values["day"])
    except ValueError:
        day, error = None, N_("请输入正确的日期（年-月-日）。")
    if not error and values["kind"] not in ("rest", "work"):
        error = N_("请选择放假或上班。")
    if not error and len(values["note"]) > NOTE_LENGTH:
        error = N_("备注不能超过 200 字。")
    if error or day is None:
        return _year_response(
            request,
            db,
            current_user,
            fallback,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            error=error,
            values=values,
        )
    set_holiday_override(db, day, values["kind"] == "work", values["note"])
    return _after_change(request, db, current_user, day.year, "已保存。")


@post(
    "/calendar/days/remove",
    name="calendar_day_remove",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def calendar_day_remove(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Remove an entered day; the package's data (if any) applies again."""
    _require_editor(db, current_user)
    try:
        day = date.fromisoformat(str(data.get("day", "")))
    except ValueError:
        raise NotFoundException() from None
    if not remove_holiday_override(db, day):
        raise NotFoundException()
    return _after_change(request, db, current_user, day.year, N_("已删除。"))


@post("/calendar/years", name="calendar_year_set", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def calendar_year_set(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Declare a year's notice completely entered (deadlines may then reach into it)."""
    _require_editor(db, current_user)
    year = parse_int(data.get("year"))
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise NotFoundException()
    complete = checked(data.get("complete"))
    source = str(data.get("source", "")).strip()
    if len(source) > NOTE_LENGTH:
        return _year_response(
            request,
            db,
            current_user,
            year,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            error=N_("通知名称不能超过 200 字。"),
            values={"source": source},
        )
    try:
        set_year_complete(db, year, complete, source)
    except HolidayNoticeIncomplete:
        db.rollback()
        return _year_response(
            request,
            db,
            current_user,
            year,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
            error=N_("该年尚未录入任何放假或调休日，不能确认为已完整录入。"),
            values={"source": source},
        )
    return _after_change(
        request, db, current_user, year, N_("已确认全年安排。") if complete else N_("已撤销确认。")
    )


@get("/calendar/banner", name="calendar_banner", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def calendar_banner(request: Request[Any, Any, Any], db: Session) -> Template:
    """The yearly reminder, as a fragment the home page loads for calendar administrators."""
    today = now_for(request).date()
    return Template(
        "calendar/_banner.html",
        context={
            "next_year_missing": next_year_missing(today, load_calendar(db)),
            "next_year": today.year + 1,
            "provisional": provisional_count(db),
        },
    )


# -- entering a year from the notice ----------------------------------------------------------

NOTICE_LENGTH = 50_000


def month_grid(parsed: ParsedSchedule) -> list[dict[str, Any]]:
    """The year as twelve month grids; a day the notice changes is marked and highlighted."""
    found = parsed.day_map()
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar().monthdatescalendar(parsed.year, month):
            cells: list[dict[str, Any] | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                entry = found.get(day)
                ordinary = day.weekday() < 5
                working = entry.is_workday if entry else ordinary
                cells.append(
                    {
                        "day": day,
                        "kind": "work" if working else "rest",
                        "changed": working != ordinary,
                        "entered": entry is not None,
                        "name": entry.name if entry else "",
                    }
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


def _notice_text(data: dict[str, Any]) -> str:
    text = str(data.get("text") or "")
    upload = data.get("file")
    if upload is not None and hasattr(upload, "file"):
        raw = upload.file.read(NOTICE_LENGTH + 1)
        if raw:
            text = raw.decode("utf-8")
    return text


@post(
    "/calendar/notice",
    name="calendar_notice_preview",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def calendar_notice_preview(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = MULTIPART,
) -> Template:
    """Read a pasted notice (or an iCalendar file) and show it for checking; nothing is saved.

    The month grid highlights every day the notice changes; each parsed line stands beside
    its source sentence; sentences that could not be read are listed and block saving.
    """
    _require_editor(db, current_user)
    year = parse_int(data.get("year"))
    source = str(data.get("source") or "").strip()
    errors: dict[str, str] = {}
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = N_("请填写年份（2004—2100）。")
    try:
        text = _notice_text(data)
    except UnicodeDecodeError:
        text, errors["file"] = "", N_("文件不是 UTF-8 文本。")
    if len(text) > NOTICE_LENGTH:
        errors["text"] = N_("通知文本过长（不超过 50000 字）。")
    elif not text.strip() and "file" not in errors:
        errors["text"] = N_("请粘贴通知全文，或选择一个 iCalendar 文件。")
    if len(source) > NOTE_LENGTH:
        errors["source"] = N_("通知名称不能超过 200 字。")
    parsed = parse_file(text, year) if not errors and year is not None else None
    return Template(
        "calendar/notice.html",
        context={
            "year": year,
            "text": text,
            "source": source,
            "errors": errors,
            "parsed": parsed,
            "months": month_grid(parsed) if parsed else [],
            "weekdays": WEEKDAYS,
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY if errors else 200,
    )


@post(
    "/calendar/notice/save",
    name="calendar_notice_save",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def calendar_notice_save(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save a checked notice (the administrator confirmed) and recompute provisional dates.

    The text is read again here — what the page showed, never day lists from the browser —
    and saved only when nothing was left unparsed. The recompute job then moves every
    provisional deadline that reaches into the year.
    """
    _require_editor(db, current_user)
    year = parse_int(data.get("year"))
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise NotFoundException()
    text = str(data.get("text") or "")[:NOTICE_LENGTH]
    source = str(data.get("source") or "").strip()[:NOTE_LENGTH]
    parsed = parse_file(text, year)
    if not checked(data.get("confirm")) or not parsed.ok:
        return Template(
            "calendar/notice.html",
            context={
                "year": year,
                "text": text,
                "source": source,
                "errors": {"confirm": N_("通知中有未能识别的句子，或尚未确认；未保存。")},
                "parsed": parsed,
                "months": month_grid(parsed),
                "weekdays": WEEKDAYS,
            },
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    save_schedule(db, parsed, source or f"{year}年节假日安排通知")
    enqueue_job(platform, RECOMPUTE_JOB.name, {"year": year}, session=db)
    return _after_change(
        request, db, current_user, year, N_("已保存并确认全年安排；暂定期限将自动重算。")
    )


ROUTES = [
    calendar_holidays,
    calendar_day_set,
    calendar_day_remove,
    calendar_year_set,
    calendar_banner,
    calendar_notice_preview,
    calendar_notice_save,
]
