"""Duty lawyer pages (值班律师): shifts at workstations and their logs."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import CurrentUser
from legal_aid.codes import Workstation, choices, label
from legal_aid.errors import LegalAidError
from legal_aid.models import LegalAidDutyLog, LegalAidDutyShift, LegalAidProvider
from legal_aid.pages.common import (
    FORM,
    centres_in,
    error_context,
    form_values,
    int_or_none,
    locale_of,
    page_of,
)
from legal_aid.permissions import CASES_VIEW, DUTY_MANAGE
from legal_aid.services import duty

RECORD = {"shift_id": LegalAidDutyShift}


def _context(db: Session, user: CurrentUser, request, **extra: Any) -> dict[str, Any]:
    scope = user.scope(db, CASES_VIEW)
    query = (
        select(LegalAidDutyShift, LegalAidProvider)
        .join(LegalAidProvider, LegalAidProvider.id == LegalAidDutyShift.provider_id)  # type: ignore[arg-type]
        .where(scope.where(LegalAidDutyShift.org_id))
        .order_by(col(LegalAidDutyShift.starts_at).desc())
    )
    page = page_of(db, query, int_or_none(request.query_params.get("page")) or 1, 50)
    manage = user.scope(db, DUTY_MANAGE)
    centres = centres_in(db, manage)
    lawyers = db.exec(
        select(LegalAidProvider).where(
            col(LegalAidProvider.org_id).in_([c.id for c in centres]),
            col(LegalAidProvider.active).is_(True),
        )
    ).all()
    return {
        "page": page,
        "label": label,
        "Workstation": Workstation,
        "centres": centres,
        "lawyers": lawyers,
        "stations": choices(Workstation, locale_of(request)),
        "can_manage": user.can(DUTY_MANAGE),
        "values": {},
        "errors": {},
        "error": "",
        **extra,
    }


@get("/duty", name="legal_aid_duty", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def shifts(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    return Template("legal_aid/duty/list.html", context=_context(db, current_user, request))


@post("/duty", name="legal_aid_duty_create", opt={"permission": DUTY_MANAGE}, sync_to_thread=True)
def create_shift(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    centre_id = int_or_none(values.get("centre_id"))
    try:
        if centre_id not in {c.id for c in centres_in(db, current_user.scope(db, DUTY_MANAGE))}:
            from legal_aid.errors import InvalidInput

            raise InvalidInput({"centre_id": ("请选择法律援助中心", "Choose a centre")})
        duty.add_shift(db, centre_id, values)  # type: ignore[arg-type]
    except LegalAidError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return Template(
            "legal_aid/duty/list.html",
            context=_context(db, current_user, request, values=values, **extra),
            status_code=status,
        )
    return Redirect("/m/legal_aid/duty", status_code=HTTP_303_SEE_OTHER)


@get(
    "/duty/{shift_id:int}",
    name="legal_aid_duty_shift",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def shift_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, shift_id: int
) -> Template:
    return _shift(request, db, current_user, shift_id)


def _shift(request, db, user, shift_id, status: int = 200, **extra: Any) -> Template:
    shift = db.get(LegalAidDutyShift, shift_id)
    assert shift is not None
    logs = db.exec(select(LegalAidDutyLog).where(LegalAidDutyLog.shift_id == shift_id)).all()
    return Template(
        "legal_aid/duty/shift.html",
        status_code=status,
        context={
            "shift": shift,
            "provider": db.get(LegalAidProvider, shift.provider_id),
            "logs": logs,
            "label": label,
            "Workstation": Workstation,
            "can_manage": user.can(DUTY_MANAGE),
            "values": {},
            "errors": {},
            "error": "",
            **extra,
        },
    )


@post(
    "/duty/{shift_id:int}/log",
    name="legal_aid_duty_log",
    opt={"permission": DUTY_MANAGE, "records": RECORD},
    sync_to_thread=True,
)
def add_log(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    shift_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    try:
        duty.add_log(db, shift_id, values)
    except LegalAidError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _shift(request, db, current_user, shift_id, status, values=values, **extra)
    return Redirect(f"/m/legal_aid/duty/{shift_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [shifts, create_shift, shift_detail, add_log]
