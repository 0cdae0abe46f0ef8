"""The key-dates calendar (普法重要节点): the national dates and the bureau's own, with a
link that pre-fills a campaign event; a bureau adds its own dates here."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from core.api import N_, CurrentUser
from publicity.forms import Form
from publicity.models import PublicityKeyDate
from publicity.pages.common import FORM, USER_ERRORS, failed, settings_at, today_of
from publicity.permissions import APPROVE, VIEW
from publicity.services.keydates import bureau_of, occurrences


def _context(
    db: Session, request: Request[Any, Any, Any], current_user: CurrentUser, values: dict[str, Any]
) -> dict[str, Any]:
    today = today_of(request)
    bureau = bureau_of(db, current_user.org_id) if current_user.org_id else None
    lead = settings_at(db, request, current_user.org_id).key_date_lead_days
    dates = [
        o
        for o in occurrences(db, bureau, today.year) + occurrences(db, bureau, today.year + 1)
        if o.end >= today
    ][:12]
    return {
        "dates": dates,
        "today": today,
        "lead": lead,
        "bureau": bureau,
        "values": values,
        "errors": {},
        "can_add": bureau is not None and current_user.can(APPROVE),
    }


@get("/calendar", name="publicity_calendar", opt={"permission": VIEW}, sync_to_thread=True)
def calendar_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template(
        "publicity/calendar.html", context=_context(db, request, current_user, {"days": "1"})
    )


@post("/calendar", opt={"permission": APPROVE}, sync_to_thread=True)
def calendar_add(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """A bureau's own date (e.g. a local regulation's anniversary), reminded like the national ones."""
    context = _context(db, request, current_user, dict(data))
    form = Form(data)
    name = form.text("name", N_("节点名称"), required=True, limit=60)
    month = form.integer("month", N_("月"), minimum=1, maximum=12, required=True)
    day = form.integer("day", N_("日"), minimum=1, maximum=31, required=True)
    days = form.integer("days", N_("持续天数"), minimum=1, maximum=62) or 1
    theme = form.text("theme", N_("宣传主题"), limit=120)
    laws = form.text("laws", N_("相关法律"), limit=500)
    if context["bureau"] is None:
        form.error("name", N_("只有县级司法局可以添加本地节点"))
    try:
        form.check()
    except USER_ERRORS as exc:
        return failed("publicity/calendar.html", context, exc)
    db.add(
        PublicityKeyDate(
            org_id=context["bureau"],
            name=name,
            month=month,
            day=day,
            days=days,
            theme=theme,
            laws=laws,
        )
    )  # type: ignore[arg-type]
    db.flush()
    return Redirect("/m/publicity/calendar?added=1", status_code=303)


ROUTES = [calendar_page, calendar_add]
