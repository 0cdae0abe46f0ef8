"""The screening pages (矛盾纠纷排查): the rounds in the user's scope and the report form."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgUnit, StaleRecord
from mediation.errors import MediationError
from mediation.models import MediationScreeningRound as Round
from mediation.pages.common import (
    FORM,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    may,
    now_of,
    page_of,
    today_of,
)
from mediation.permissions import CASES_EDIT, CASES_VIEW
from mediation.services.screening import report_round

PAGE_SIZE = 25
RECORD = {"round_id": Round}
STATES = {
    "open": ("待报送", "To report"),
    "overdue": ("逾期未报", "Overdue"),
    "reported": ("已报送", "Reported"),
}


def _state_filter(state: str, today: Any) -> Any:
    reported = col(Round.reported_on).is_not(None)
    if state == "reported":
        return reported
    if state == "overdue":
        return and_(~reported, col(Round.period_end) < today)
    if state == "open":
        return ~reported
    return or_(reported, ~reported)


def state_of(row: Round, today: Any) -> str:
    if row.reported_on is not None:
        return "reported"
    return "overdue" if row.period_end < today else "open"


@get("/screening", name="mediation_screening", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def screening_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Rounds of the user's subtree, newest period first; overdue ones are red."""
    scope = current_user.scope(db, CASES_VIEW)
    today = today_of(request)
    state = request.query_params.get("state", "")
    state = state if state in STATES else ""
    query = (
        select(Round, OrgUnit)
        .join(OrgUnit, col(OrgUnit.id) == col(Round.org_id))
        .where(scope.where(Round.org_id), _state_filter(state, today))
        .order_by(col(Round.period_start).desc(), col(OrgUnit.path))
    )
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1, PAGE_SIZE)
    locale = locale_of(request)
    context = {
        "result": result,
        "state": state,
        "states": [(key, en if locale == "en" else zh) for key, (zh, en) in STATES.items()],
        "state_of": lambda row: state_of(row, today),
        "state_label": lambda key: STATES[key][1 if locale == "en" else 0],
    }
    template = (
        "mediation/screening/_table.html" if is_htmx(request) else "mediation/screening/list.html"
    )
    return Template(template, context=context, headers={"Vary": "HX-Request"})


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    row: Round,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> Template:
    today = today_of(request)
    state = state_of(row, today)
    locale = locale_of(request)
    context = {
        "round": row,
        "org": db.get(OrgUnit, row.org_id),
        "state": state,
        "state_label": STATES[state][1 if locale == "en" else 0],
        "can_report": state != "reported" and may(db, user, CASES_EDIT, row.org_id),
        "values": values or {},
        "errors": {},
        **extra,
    }
    return Template("mediation/screening/detail.html", context=context, status_code=status)


@get(
    "/screening/{round_id:int}",
    name="mediation_screening_round",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def screening_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, round_id: int
) -> Template:
    return _detail(request, db, current_user, db.get(Round, round_id))  # type: ignore[arg-type]


@post(
    "/screening/{round_id:int}",
    opt={"permission": CASES_EDIT, "records": RECORD},
    sync_to_thread=True,
)
def screening_report(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    round_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """File the report (or the zero report); bad input comes back with the user's input."""
    values = dict(data)
    try:
        report_round(
            db,
            round_id,
            values,
            expected_version=int_or_none(values.get("version")),
            actor_id=current_user.id,
            today=today_of(request),
            now=now_of(request),
        )
    except (MediationError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        row = db.get(Round, round_id)
        return _detail(request, db, current_user, row, status=status, values=values, **extra)  # type: ignore[arg-type]
    return Redirect(f"/m/mediation/screening/{round_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [screening_list, screening_detail, screening_report]
