"""What every corrections page shares: the form body, the clock, locale, settings, paging,
the minors' rule, and the one way a user error becomes a 4xx answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import Body
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
    total_label,
)
from corrections.errors import CorrectionsError, InvalidInput, localized
from corrections.models import CorrectionsSubject
from corrections.permissions import VIEW_MINORS
from corrections.settings import CorrectionsSettings, settings_at

__all__ = [
    "FORM",
    "Page",
    "error_status",
    "host_of",
    "int_or_none",
    "locale_of",
    "may",
    "may_open_subject",
    "minors_guard",
    "now_of",
    "org_names",
    "page_of",
    "settings_for",
    "stations",
    "today_of",
]

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
BEIJING = timezone(timedelta(hours=8))
PAGE_SIZE = 25


def now_of(request: Request[Any, Any, Any]) -> datetime:
    """The time by the app's clock (tests put a fake one in ``app.state.clock``)."""
    clock = request.app.state.get("clock")
    return clock() if clock is not None else datetime.now(UTC)


def today_of(request: Request[Any, Any, Any]) -> date:
    return now_of(request).astimezone(BEIJING).date()


def locale_of(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def host_of(request: Request[Any, Any, Any]) -> Any:
    platform = request.app.state.get("platform")
    return platform.host if platform is not None else None


def settings_for(request: Request[Any, Any, Any], db: Session, org_id: int) -> CorrectionsSettings:
    return settings_at(db, host_of(request), org_id)


def int_or_none(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def may(db: Session, user: CurrentUser, permission: str, org_id: int) -> bool:
    """Does *permission* reach organisation *org_id* for this user?"""
    return user.can(permission) and user.scope(db, permission).allows(db, org_id)


def may_open_subject(db: Session, user: CurrentUser, subject: CorrectionsSubject) -> bool:
    """A minor's file (CCL art. 58, confidentiality) opens only with ``corrections.view_minors``
    at the subject's station; any other file opens for whoever the scope lets in."""
    return not subject.is_minor or may(db, user, VIEW_MINORS, subject.org_id)


def _subject_of(session: Session, row: Any) -> CorrectionsSubject | None:
    if isinstance(row, CorrectionsSubject):
        return row
    subject_id = getattr(row, "subject_id", None)
    return session.get(CorrectionsSubject, subject_id) if subject_id is not None else None


def minors_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Route guard on every page that names a record: 404 for a minor's record (or a record
    hanging off a minor's file) unless the user may open minors' files there.

    Runs after the core guard (which already answered 404 outside the scope)."""
    records = handler.opt.get("records") or {}
    user = connection.scope.get("user")
    if not records or not isinstance(user, CurrentUser):
        return
    engine = connection.app.state.platform.engine
    with Session(engine) as session:
        for param, model in records.items():
            row = session.get(model, connection.path_params.get(param))
            subject = _subject_of(session, row) if row is not None else None
            if subject is not None and not may_open_subject(session, user, subject):
                raise NotFoundException()


def org_names(db: Session, org_ids: set[int]) -> dict[int, str]:
    """Names of just the organisations a page shows (never the whole tree)."""
    if not org_ids:
        return {}
    return dict(db.exec(select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(org_ids))).all())


def stations(db: Session, scope: OrgScope) -> list[OrgUnit]:
    """Stations (and bureaus) in *scope* a subject can be supervised at, tree order."""
    query = select(OrgUnit).where(
        OrgUnit.id.in_(scope.org_ids_select()),  # type: ignore[union-attr]
        OrgUnit.active.is_(True),  # type: ignore[attr-defined]
        OrgUnit.type.in_([OrgType.STATION, OrgType.BUREAU]),  # type: ignore[attr-defined]
    )
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


def page_of(db: Session, query: Any, page: int, size: int = PAGE_SIZE) -> Page:
    total, capped = count_rows(db, query)
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    rows = list(db.exec(query.offset((page - 1) * size).limit(size)).all())
    return Page(rows=rows, page=page, pages=pages, total=total, capped=capped)


def error_status(exc: Exception, locale: str) -> tuple[int, str, dict[str, str]]:
    """Status, message and field errors for a user error; anything else is re-raised."""
    if isinstance(exc, InvalidInput):
        prefix = localized(N_("请按提示修改后重新提交："), locale)
        return (
            HTTP_422_UNPROCESSABLE_ENTITY,
            prefix + exc.localized(locale),
            exc.field_errors(locale),
        )
    if isinstance(exc, StaleRecord):
        return HTTP_409_CONFLICT, exc.message_en if locale == "en" else exc.message, {}
    if isinstance(exc, CorrectionsError):
        return 400, exc.localized(locale), {}
    raise exc
