"""What every legal-aid page shares: the clock, locale, settings, pagination, and the one
way a user error becomes a 4xx answer that keeps the input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, select

from core.api import CurrentUser, OrgScope, OrgType, OrgUnit, StaleRecord, count_rows, total_label
from legal_aid.errors import IllegalTransition, InvalidInput, LegalAidError, NotEligible
from legal_aid.services.clock import beijing_day
from legal_aid.settings import LegalAidSettings, settings_at

__all__ = [
    "FORM",
    "Page",
    "centres_in",
    "error_context",
    "form_values",
    "int_or_none",
    "is_htmx",
    "locale_of",
    "may",
    "now_of",
    "page_of",
    "settings_for",
    "today_of",
]

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)


def now_of(request: Request[Any, Any, Any]) -> datetime:
    clock = request.app.state.get("clock")
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request[Any, Any, Any]) -> date:
    return beijing_day(now_of(request))


def locale_of(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def int_or_none(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the user typed, for the form shown again (files are never echoed)."""
    return {k: v for k, v in data.items() if isinstance(v, str) and k != "_csrf_token"}


def settings_for(db: Session, platform: Any, org_id: int) -> LegalAidSettings:
    return settings_at(db, platform.host, org_id)


def may(db: Session, user: CurrentUser, permission: str, org_id: int) -> bool:
    return user.can(permission) and user.scope(db, permission).allows(db, org_id)


def centres_in(db: Session, scope: OrgScope | None) -> list[OrgUnit]:
    """Legal-aid centres (in the scope, when given), tree order."""
    query = select(OrgUnit).where(
        OrgUnit.type == OrgType.LEGAL_AID_CENTRE,
        OrgUnit.active.is_(True),  # type: ignore[attr-defined]
    )
    if scope is not None:
        query = query.where(OrgUnit.id.in_(scope.org_ids_select()))  # type: ignore[union-attr]
    return list(db.exec(query.order_by(OrgUnit.path).limit(200)).all())


@dataclass(frozen=True)
class Page:
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


def error_context(exc: Exception, locale: str) -> tuple[int, dict[str, Any]]:
    """Field errors → 422; someone saved in between → 409; a move not allowed → 400/409."""
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
        }
    if isinstance(exc, NotEligible):
        return HTTP_422_UNPROCESSABLE_ENTITY, {"errors": {}, "error": exc.localized(locale)}
    if isinstance(exc, IllegalTransition | LegalAidError):
        return 400, {"errors": {}, "error": exc.localized(locale)}
    raise exc
