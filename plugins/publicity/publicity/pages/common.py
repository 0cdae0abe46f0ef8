"""What every 普法 page shares: the form body, the clock, scopes, org pickers, pagination,
and the one way a user error becomes a 4xx answer that keeps what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, select

from core.api import (
    N_,
    CurrentUser,
    OrgScope,
    OrgType,
    OrgUnit,
    StaleRecord,
    count_rows,
    current_locale,
    module_settings,
    total_label,
)
from publicity.errors import InvalidInput, PublicityError, localized
from publicity.models import PublicityUnit
from publicity.settings import PublicitySettings

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)
BEIJING = timezone(timedelta(hours=8))
PAGE_SIZE = 25


def now_of(request: Request[Any, Any, Any]) -> datetime:
    clock = request.app.state.get("clock")
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request[Any, Any, Any]) -> date:
    return now_of(request).astimezone(BEIJING).date()


def platform_of(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.platform


def settings_at(
    db: Session, request: Request[Any, Any, Any], org_id: int | None
) -> PublicitySettings:
    """The module's settings as they apply at *org_id* (its bureau's values)."""
    if org_id is None:
        return PublicitySettings()
    value = module_settings(db, platform_of(request).host, org_id, "publicity")
    return value if isinstance(value, PublicitySettings) else PublicitySettings()


def int_or_none(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def org_choices(
    db: Session, scope: OrgScope, types: tuple[str, ...] | None = None
) -> list[tuple[str, str]]:
    """(id, name) of the active organisations in scope, in tree order, for a select."""
    query = select(OrgUnit).where(
        col(OrgUnit.id).in_(scope.org_ids_select()), col(OrgUnit.active).is_(True)
    )
    if types:
        query = query.where(col(OrgUnit.type).in_(types))
    rows = db.exec(query.order_by(OrgUnit.path).limit(300)).all()
    return [(str(o.id), ("　" * max(o.depth - 1, 0)) + o.name) for o in rows]


def unit_choices(db: Session, scope: OrgScope) -> list[tuple[str, str]]:
    rows = db.exec(
        select(PublicityUnit)
        .where(scope.where(PublicityUnit.org_id), col(PublicityUnit.active).is_(True))
        .order_by(PublicityUnit.name)
        .limit(500)
    ).all()
    return [(str(u.id), u.name) for u in rows]


def org_names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.exec(select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(ids))).all())  # type: ignore[arg-type]


def allows(db: Session, scope: OrgScope) -> Any:
    return lambda org_id: scope.allows(db, org_id)


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


def page_of(db: Session, query: Any, request: Request[Any, Any, Any]) -> Page:
    total, capped = count_rows(db, query)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(int_or_none(request.query_params.get("page")) or 1, 1), pages)
    rows = list(db.exec(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all())
    return Page(rows, page, pages, total, capped)


def failed(template: str, context: dict[str, Any], exc: Exception) -> Template:
    """The page again with what went wrong: 422 for field errors, 409 for a stale or refused
    action — the user's input (``context["values"]``) is always shown back."""
    locale = current_locale()
    if isinstance(exc, InvalidInput):
        return Template(
            template,
            context={**context, "errors": exc.field_errors(locale)},
            status_code=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, PublicityError):
        message = exc.localized(locale)
    elif isinstance(exc, StaleRecord):
        message = exc.message_en if locale == "en" else exc.message
    else:
        message = localized(N_("页面已过期，请刷新后重试"), locale)
    errors = {**context.get("errors", {}), "_form": message}
    return Template(template, context={**context, "errors": errors}, status_code=HTTP_409_CONFLICT)


USER_ERRORS = (InvalidInput, PublicityError, StaleRecord)

STATION_TYPES = (OrgType.STATION,)
VILLAGE_TYPES = (OrgType.COMMUNITY,)


def form_values(data: Any) -> dict[str, Any]:
    """The text fields of a (multipart) form, for showing them back; files are dropped."""
    values: dict[str, Any] = {}
    for key, value in dict(data or {}).items():
        if isinstance(value, str):
            values[key] = value
    return values


def can(current_user: CurrentUser, permission: str) -> bool:
    return current_user.can(permission)


def version_of(data: Any) -> int:
    """The version the form was loaded with; a form without one is treated as stale."""
    value = int_or_none(dict(data or {}).get("version"))
    if value is None:
        raise PublicityError(N_("页面已过期，请刷新后重试"), "The page is out of date; reload it")
    return value
