"""What every mediation page shares: the form body, today's date, locale, org pickers,
pagination, and the one way a user error becomes a 4xx answer that keeps the input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, select

from core.api import (
    CurrentUser,
    OrgScope,
    OrgType,
    OrgUnit,
    StaleRecord,
    count_rows,
    module_settings,
    total_label,
)
from mediation.errors import IllegalTransition, InvalidInput, MediationError
from mediation.settings import MediationSettings

__all__ = [
    "FORM",
    "PLUGIN",
    "Page",
    "due_day",
    "error_context",
    "int_or_none",
    "is_htmx",
    "locale_of",
    "may",
    "now_of",
    "org_choices",
    "page_of",
    "settings_at",
    "today_of",
]

PLUGIN = "mediation"
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
BEIJING = timezone(timedelta(hours=8))
#: ``app.state`` key of the app's clock (tests put a fake one there; see tests/support/auth.py).
CLOCK_STATE_KEY = "clock"
ORG_CHOICES = 200


def now_of(request: Request[Any, Any, Any]) -> datetime:
    """The time by the app's clock (aware)."""
    clock = request.app.state.get(CLOCK_STATE_KEY)
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request[Any, Any, Any]) -> date:
    """Today in China, by the app's clock: dates the user enters are checked against it."""
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


def settings_at(db: Session, platform: Any, org_id: int) -> MediationSettings:
    """The module's settings as they apply at *org_id* (its bureau's values)."""
    settings = module_settings(db, platform.host, org_id, PLUGIN)
    return settings if isinstance(settings, MediationSettings) else MediationSettings()


def org_choices(
    db: Session, scope: OrgScope, *, types: tuple[OrgType, ...] | None = None
) -> list[OrgUnit]:
    """Active organisations in *scope* for a select, tree order."""
    query = select(OrgUnit).where(
        OrgUnit.id.in_(scope.org_ids_select()),  # type: ignore[union-attr]
        OrgUnit.active.is_(True),  # type: ignore[attr-defined]
    )
    if types:
        query = query.where(OrgUnit.type.in_(types))  # type: ignore[attr-defined]
    return list(db.exec(query.order_by(OrgUnit.path).limit(ORG_CHOICES)).all())


@dataclass(frozen=True)
class Page:
    """One page of a list: the rows and what the pager needs."""

    rows: list[Any]
    page: int
    pages: int
    total: int
    #: More than ``total`` rows match (the count stops at core's cap: "10,000+").
    capped: bool = False

    @property
    def total_label(self) -> str:
        return total_label(self.total, self.capped)


def page_of(db: Session, query: Any, page: int, size: int) -> Page:
    total, capped = count_rows(db, query)
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    rows = list(db.exec(query.offset((page - 1) * size).limit(size)).all())
    return Page(rows=rows, page=page, pages=pages, total=total, capped=capped)


def no_committee() -> InvalidInput:
    """The answer to a form whose committee is missing or gone (it names no record)."""
    return InvalidInput({"committee_id": ("请选择调委会", "Choose a mediation committee")})


def error_context(exc: Exception, locale: str) -> tuple[int, dict[str, Any]]:
    """The status and template context for a user error: field errors (422), a move the
    case's state does not allow (400), or someone else's save in between (409)."""
    if isinstance(exc, InvalidInput):
        return HTTP_422_UNPROCESSABLE_ENTITY, {
            "errors": exc.field_errors(locale),
            "error": "请按提示修改后重新提交"
            if locale != "en"
            else "Please correct the marked fields",
        }
    if isinstance(exc, StaleRecord):
        return HTTP_409_CONFLICT, {
            "errors": {},
            "error": exc.message_en if locale == "en" else exc.message,
            "conflict": True,
        }
    if isinstance(exc, IllegalTransition):
        return 400, {
            "errors": {},
            "error": exc.localized(locale),
            "missing": [en if locale == "en" else zh for zh, en in exc.missing],
        }
    if isinstance(exc, MediationError):
        return 400, {"errors": {}, "error": exc.localized(locale)}
    raise exc


def may(db: Session, user: CurrentUser, permission: str, org_id: int) -> bool:
    """Does *permission* reach organisation *org_id* for this user?"""
    return user.can(permission) and user.scope(db, permission).allows(db, org_id)


def due_day(due_at: datetime) -> date:
    """The last day of a due time: the core stores "by the end of 2 Nov" as 3 Nov 00:00."""
    return (due_at.astimezone(BEIJING) - timedelta(microseconds=1)).date()
