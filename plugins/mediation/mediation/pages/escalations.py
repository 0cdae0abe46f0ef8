"""The receiver's pages of escalated cases (上报案件): the inbox, one escalation, 签收, 回告.

Every route names the escalation as its record; the model is scoped by its receiver, so the
core's guard lets the receiving organisation in (and nobody outside its subtree). While the
escalation is open the page shows the case's facts — parties masked as everywhere — so a
department outside the committee's branch can work on it; once it has reported back it
sees its own report only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import CurrentUser, DueSource, OrgUnit, StaleRecord, provisional_of
from mediation import categories
from mediation.codes import EscalationStatus, MinistryCategory, PartyRole, WarningLevel, label
from mediation.errors import MediationError
from mediation.models import MediationCase, MediationEscalation
from mediation.pages.common import (
    BEIJING,
    FORM,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    now_of,
    page_of,
)
from mediation.permissions import ESCALATIONS_HANDLE
from mediation.services.cases import live_agreement, parties, sessions
from mediation.services.escalations import report_back, sign_escalation

PAGE_SIZE = 25
RECORD = {"escalation_id": MediationEscalation}
FILTERS = {
    "open": ("待办（待签收和办理中）", "Open"),
    "pending": ("待签收", "Awaiting signature"),
    "signed": ("办理中", "In hand"),
    "reported": ("已回告", "Reported back"),
}


def _late(row: MediationEscalation, now: datetime) -> bool:
    if row.status == EscalationStatus.PENDING:
        return row.sign_by is not None and now > row.sign_by
    if row.status == EscalationStatus.SIGNED:
        return row.report_by is not None and now.astimezone(BEIJING).date() > row.report_by
    return False


def _labels(locale: str) -> dict[str, Any]:
    return {
        "escalation_label": lambda v: label(EscalationStatus, v, locale),
        "role_label": lambda v: label(PartyRole, v, locale),
        "ministry_label": lambda v: label(MinistryCategory, v, locale),
        "warning_label": lambda v: label(WarningLevel, v, locale),
        "beijing": lambda moment: (
            moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if moment else ""
        ),
    }


@get(
    "/escalations",
    name="mediation_escalations",
    opt={"permission": ESCALATIONS_HANDLE},
    sync_to_thread=True,
)
def escalation_inbox(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Cases escalated to the user's organisations, open ones first; late ones are red."""
    scope = current_user.scope(db, ESCALATIONS_HANDLE)
    state = request.query_params.get("state", "open")
    state = state if state in FILTERS or state == "all" else "open"
    query = (
        select(MediationEscalation, MediationCase, OrgUnit)
        .join(MediationCase, col(MediationCase.id) == MediationEscalation.case_id)
        .join(OrgUnit, col(OrgUnit.id) == MediationEscalation.receiver_org_id)
        .where(scope.where(MediationEscalation.receiver_org_id))
    )
    if state == "open":
        query = query.where(MediationEscalation.status != EscalationStatus.REPORTED)
    elif state != "all":
        query = query.where(MediationEscalation.status == state)
    query = query.order_by(col(MediationEscalation.escalated_at).desc())
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1, PAGE_SIZE)
    locale = locale_of(request)
    now = now_of(request)
    context = {
        "result": result,
        "state": state,
        "states": [(k, en if locale == "en" else zh) for k, (zh, en) in FILTERS.items()],
        "late": lambda row: _late(row, now),
        **_labels(locale),
    }
    template = (
        "mediation/escalations/_table.html"
        if is_htmx(request)
        else "mediation/escalations/list.html"
    )
    return Template(template, context=context, headers={"Vary": "HX-Request"})


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    escalation_id: int,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> Template:
    row = db.get(MediationEscalation, escalation_id)
    assert row is not None
    case = db.get(MediationCase, row.case_id)
    assert case is not None
    is_open = row.status != EscalationStatus.REPORTED
    agreement = live_agreement(db, case.id) if is_open else None  # type: ignore[arg-type]
    context = {
        "row": row,
        "case": case,
        "open": is_open,
        "sender": db.get(OrgUnit, row.org_id),
        "receiver": db.get(OrgUnit, row.receiver_org_id),
        "category": categories.category(case.category_code) if is_open else None,
        "parties": parties(db, case.id) if is_open else [],  # type: ignore[arg-type]
        "sessions": sessions(db, case.id) if is_open else [],  # type: ignore[arg-type]
        "agreement": agreement,
        "late": _late(row, now_of(request)),
        "marks": provisional_of(db, DueSource("mediation", "escalation", row.id)),  # type: ignore[arg-type]
        "values": values or {},
        "errors": {},
        **_labels(locale_of(request)),
        **extra,
    }
    return Template("mediation/escalations/detail.html", context=context, status_code=status)


@get(
    "/escalations/{escalation_id:int}",
    name="mediation_escalation",
    opt={"permission": ESCALATIONS_HANDLE, "records": RECORD},
    sync_to_thread=True,
)
def escalation_detail(request: Request[Any, Any, Any], db: Session, escalation_id: int) -> Template:
    return _detail(request, db, escalation_id)


def _act(
    request: Request[Any, Any, Any],
    db: Session,
    escalation_id: int,
    data: dict[str, Any],
    run: Any,
) -> Template | Redirect:
    values = {k: v for k, v in data.items() if k != "_csrf_token"}
    try:
        run(int_or_none(values.get("version")))
    except (MediationError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _detail(request, db, escalation_id, status=status, values=values, **extra)
    return Redirect(f"/m/mediation/escalations/{escalation_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/escalations/{escalation_id:int}/sign",
    name="mediation_escalation_sign",
    opt={"permission": ESCALATIONS_HANDLE, "records": RECORD},
    sync_to_thread=True,
)
def escalation_sign(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    escalation_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """签收: the first receiver to sign answers for the report back."""
    return _act(
        request,
        db,
        escalation_id,
        data,
        lambda version: sign_escalation(
            db,
            escalation_id,
            expected_version=version,
            actor_id=current_user.id,
            now=now_of(request),
        ),
    )


@post(
    "/escalations/{escalation_id:int}/report",
    name="mediation_escalation_report",
    opt={"permission": ESCALATIONS_HANDLE, "records": RECORD},
    sync_to_thread=True,
)
def escalation_report(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    escalation_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """回告: what the receiver did, sent back to the committee."""
    return _act(
        request,
        db,
        escalation_id,
        data,
        lambda version: report_back(
            db,
            escalation_id,
            data,
            expected_version=version,
            actor_id=current_user.id,
            now=now_of(request),
        ),
    )


ROUTES = [escalation_inbox, escalation_detail, escalation_sign, escalation_report]
