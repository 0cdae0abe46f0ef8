"""Pre-sentence assessments (调查评估): commissions received, their working-day deadline (red
when late, also as due items), and the opinion sent back."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, col, select

from core.api import (
    N_,
    CurrentUser,
    InvalidPerson,
    lock_for_change,
    provisional_marks,
    register_person,
    touch,
)
from corrections.errors import localized, localized_errors
from corrections.models import CorrectionsAssessment
from corrections.pages.common import (
    FORM,
    error_status,
    int_or_none,
    locale_of,
    org_names,
    page_of,
    stations,
    today_of,
)
from corrections.pages.subjects import parse_day, person_view
from corrections.permissions import EDIT, VIEW
from corrections.services.intake import complete_assessment, record_assessment

__all__ = ["ROUTES"]

RECORD = {"assessment_id": CorrectionsAssessment}
Req = Request[Any, Any, Any]


def _context(request: Req, db: Session, user: CurrentUser, **extra: Any) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    query = (
        select(CorrectionsAssessment)
        .where(scope.where(CorrectionsAssessment.org_id))
        .order_by(
            col(CorrectionsAssessment.completed_on).is_not(None), col(CorrectionsAssessment.due_on)
        )
    )
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1)
    return {
        "rows": [{"row": r, "person": person_view(db, r.person_id)} for r in result.rows],
        "marks": provisional_marks(
            db, "corrections", "assessment", [r.id for r in result.rows], "due_on"
        ),
        "result": result,
        "base": "/m/corrections/assessments?",
        "today": today_of(request),
        "orgs": stations(db, user.scope(db, EDIT)) if user.can(EDIT) else [],
        "org_names": org_names(db, {r.org_id for r in result.rows}),
        "can_edit": user.can(EDIT),
        "values": {"org_id": user.org_id, "received_on": today_of(request).isoformat()},
        "errors": {},
        "error": "",
        **extra,
    }


@get("/assessments", name="corrections_assessments", opt={"permission": VIEW}, sync_to_thread=True)
def assessment_list(request: Req, db: Session, current_user: CurrentUser) -> Template:
    return Template("corrections/assessments.html", context=_context(request, db, current_user))


@post("/assessments", opt={"permission": EDIT}, sync_to_thread=True)
def assessment_create(
    request: Req, db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    """A commission received: the person is registered and the deadline computed."""
    today = today_of(request)
    org_id = int_or_none(data.get("org_id"))
    errors: dict[str, str] = {}
    if org_id is None or not current_user.scope(db, EDIT).allows(db, org_id):
        errors["org_id"] = N_("请选择承办司法所")
    if not errors:
        try:
            pid = register_person(
                db,
                {
                    "name": str(data.get("name") or "").strip(),
                    "id_type": "none",
                    "no_id_reason": "委托函未载明",
                    "sex": str(data.get("sex") or ""),
                },
                org_id=org_id,  # type: ignore[arg-type]
                created_by=current_user.id,
            ).id
            record_assessment(db, data, org_id=org_id, person_id=pid, today=today)  # type: ignore[arg-type]
        except InvalidPerson as exc:
            errors.update(exc.errors_en if locale_of(request) == "en" else exc.errors)
        except Exception as exc:
            _, message, field_errors = error_status(exc, locale_of(request))
            errors.update(field_errors or {"received_on": message})
    if errors:
        db.rollback()
        return Template(
            "corrections/assessments.html",
            context=_context(
                request,
                db,
                current_user,
                values=data,
                errors=localized_errors(errors, locale_of(request)),
                error=localized(N_("请按提示修改后重新提交"), locale_of(request)),
            ),
            status_code=422,
        )
    return Redirect("/m/corrections/assessments", status_code=HTTP_303_SEE_OTHER)


@post(
    "/assessments/{assessment_id:int}/complete",
    opt={"permission": EDIT, "records": RECORD},
    sync_to_thread=True,
)
def assessment_complete(
    request: Req,
    db: Session,
    current_user: CurrentUser,
    assessment_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    row = db.get(CorrectionsAssessment, assessment_id)
    if row is None or not current_user.scope(db, EDIT).allows(db, row.org_id):
        raise NotFoundException()
    today = today_of(request)
    try:
        # At the version the list showed: a second click or a colleague's save is stale (409).
        lock_for_change(db, row, int_or_none(data.get("version")))
        complete_assessment(
            db,
            row,
            opinion=str(data.get("opinion") or ""),
            on=parse_day(data, "completed_on", today),
            today=today,
        )
        touch(row)
        db.add(row)
    except Exception as exc:
        status, message, errors = error_status(exc, locale_of(request))
        db.rollback()
        return Template(
            "corrections/assessments.html",
            context=_context(request, db, current_user, errors=errors, error=message),
            status_code=status,
        )
    return Redirect("/m/corrections/assessments", status_code=HTTP_303_SEE_OTHER)


ROUTES = [assessment_list, assessment_create, assessment_complete]
