"""What every clinic page shares: the form body, the app clock, locale, settings, and the
one way a user error becomes a 4xx answer that keeps what was typed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session

from clinic.errors import ClinicError, Conflict, InvalidInput
from clinic.planner import BEIJING
from clinic.settings import ClinicSettings
from core.api import CurrentUser, StaleRecord, module_settings

__all__ = [
    "FORM",
    "error_context",
    "failed",
    "int_or_none",
    "is_htmx",
    "locale_of",
    "may",
    "month_of",
    "now_of",
    "settings_at",
    "today_of",
]

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


def now_of(request: Request[Any, Any, Any]) -> datetime:
    clock = request.app.state.get("clock")
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request[Any, Any, Any]) -> date:
    return now_of(request).astimezone(BEIJING).date()


def locale_of(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def int_or_none(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def month_of(text: str | None, today: date) -> tuple[int, int]:
    """``YYYY-MM`` from the query, else the current month."""
    try:
        year, month = (int(part) for part in str(text).split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def settings_at(db: Session, platform: Any, org_id: int) -> ClinicSettings:
    found = module_settings(db, platform.host, org_id, "clinic")
    return found if isinstance(found, ClinicSettings) else ClinicSettings()


def may(db: Session, user: CurrentUser, permission: str, org_id: int) -> bool:
    return user.can(permission) and user.scope(db, permission).allows(db, org_id)


def error_context(exc: Exception, locale: str) -> tuple[int, dict[str, Any]]:
    """Status and context of a user error: fields (422), a clash (422 with the reasons),
    a rule (400), someone else's save in between (409)."""
    if isinstance(exc, InvalidInput):
        return HTTP_422_UNPROCESSABLE_ENTITY, {
            "errors": exc.field_errors(locale),
            "error": exc.localized(locale),
        }
    if isinstance(exc, Conflict):
        return HTTP_422_UNPROCESSABLE_ENTITY, {
            "errors": {},
            "error": exc.localized(locale),
            "reasons": exc.localized_reasons(locale),
        }
    if isinstance(exc, StaleRecord):
        return HTTP_409_CONFLICT, {
            "errors": {},
            "error": exc.message_en if locale == "en" else exc.message,
            "conflict": True,
        }
    if isinstance(exc, ClinicError):
        return 400, {"errors": {}, "error": exc.localized(locale)}
    raise exc


def failed(template: str, context: dict[str, Any], exc: Exception, locale: str) -> Template:
    status, extra = error_context(exc, locale)
    return Template(template, context={**context, **extra}, status_code=status)
