"""Aftercare pages (安置帮教): prison release notices, verification, hand-over (衔接, with the
必接必送 flag), resettlement and exits. Hand-overs due and not done are red items."""

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
    DueSource,
    DuplicatePerson,
    InvalidPerson,
    OrgUnit,
    due_items_of,
    due_state,
    lock_for_change,
    register_person,
    touch,
)
from corrections.codes import (
    AftercareCategory,
    AftercareStatus,
    HandoverMode,
    Resettlement,
    choices,
    label,
)
from corrections.errors import localized, localized_errors
from corrections.models import CorrectionsAftercare
from corrections.pages.common import (
    FORM,
    error_status,
    int_or_none,
    locale_of,
    minors_guard,
    now_of,
    org_names,
    page_of,
    settings_for,
    stations,
    today_of,
)
from corrections.pages.subjects import parse_day, person_view
from corrections.permissions import EDIT, VIEW
from corrections.services import release

__all__ = ["ROUTES"]

RECORD = {"aftercare_id": CorrectionsAftercare}
STATUS_NAMES = {s.value: label(s) for s in AftercareStatus}
Req = Request[Any, Any, Any]


@get("/aftercare", name="corrections_aftercare", opt={"permission": VIEW}, sync_to_thread=True)
def aftercare_list(request: Req, db: Session, current_user: CurrentUser) -> Template:
    scope = current_user.scope(db, VIEW)
    status = request.query_params.get("status", "")
    query = select(CorrectionsAftercare).where(scope.where(CorrectionsAftercare.org_id))
    if status in {s.value for s in AftercareStatus}:
        query = query.where(CorrectionsAftercare.status == status)
    query = query.order_by(
        col(CorrectionsAftercare.release_on).desc(), col(CorrectionsAftercare.id).desc()
    )
    result = page_of(db, query, int_or_none(request.query_params.get("page")) or 1)
    today = today_of(request)
    rows = [{"row": r, "person": person_view(db, r.person_id)} for r in result.rows]
    return Template(
        "corrections/aftercare/list.html",
        context={
            "rows": rows,
            "result": result,
            "status": status,
            "statuses": choices(AftercareStatus, locale_of(request)),
            "label": label,
            "status_names": {s.value: label(s, locale_of(request)) for s in AftercareStatus},
            "today": today,
            "org_names": org_names(db, {e["row"].org_id for e in rows}),
            "can_edit": current_user.can(EDIT),
            "base": f"/m/corrections/aftercare?status={status}&",
        },
    )


def _new_context(request: Req, db: Session, user: CurrentUser, **extra: Any) -> dict[str, Any]:
    return {
        "orgs": stations(db, user.scope(db, EDIT)),
        "categories": choices(AftercareCategory, locale_of(request)),
        "values": {"org_id": user.org_id},
        "errors": {},
        "error": "",
        **extra,
    }


@get(
    "/aftercare/new",
    name="corrections_aftercare_new",
    opt={"permission": EDIT},
    sync_to_thread=True,
)
def aftercare_new(request: Req, db: Session, current_user: CurrentUser) -> Template:
    return Template(
        "corrections/aftercare/new.html", context=_new_context(request, db, current_user)
    )


@post("/aftercare/new", opt={"permission": EDIT}, sync_to_thread=True)
def aftercare_create(
    request: Req, db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    """刑满释放人员通知书 received: register the person and the hand-over due on release."""
    today = today_of(request)
    org_id = int_or_none(data.get("org_id"))
    errors: dict[str, str] = {}
    if org_id is None or not current_user.scope(db, EDIT).allows(db, org_id):
        errors["org_id"] = N_("请选择接收司法所")
    person_id = None
    if not errors:
        number = str(data.get("id_number") or "").strip()
        try:
            person = register_person(
                db,
                {
                    "name": str(data.get("name") or "").strip(),
                    "id_type": "resident_id" if number else "none",
                    "id_number": number,
                    "no_id_reason": "" if number else "通知书未载明身份证号",
                    "sex": str(data.get("sex") or ""),
                },
                org_id=org_id,  # type: ignore[arg-type]
                created_by=current_user.id,
            )
        except InvalidPerson as exc:
            errors.update(exc.errors_en if locale_of(request) == "en" else exc.errors)
        except DuplicatePerson as exc:  # already registered: link when visible to the user
            if current_user.scope(db, EDIT).allows(db, exc.org_id):
                person_id = exc.person_id
            else:
                errors["id_number"] = N_("该身份证号已由其他单位登记，请联系该单位")
        else:
            person_id = person.id
    row = None
    if not errors:
        try:
            row = release.receive_release_notice(
                db, data, org_id=org_id, person_id=person_id, today=today
            )  # type: ignore[arg-type]
        except Exception as exc:
            _, message, field_errors = error_status(exc, locale_of(request))
            errors.update(field_errors or {"release_on": message})
    if errors:
        db.rollback()
        return Template(
            "corrections/aftercare/new.html",
            context=_new_context(
                request,
                db,
                current_user,
                values=data,
                errors=localized_errors(errors, locale_of(request)),
                error=localized(N_("请按提示修改后重新提交"), locale_of(request)),
            ),
            status_code=422,
        )
    return Redirect(f"/m/corrections/aftercare/{row.id}", status_code=HTTP_303_SEE_OTHER)  # type: ignore[union-attr]


def _load(db: Session, user: CurrentUser, aftercare_id: int) -> CorrectionsAftercare:
    row = db.get(CorrectionsAftercare, aftercare_id)
    if row is None or not user.scope(db, VIEW).allows(db, row.org_id):
        raise NotFoundException()
    return row


def _render(
    request: Req,
    db: Session,
    user: CurrentUser,
    row: CorrectionsAftercare,
    *,
    status_code: int = 200,
    error: str = "",
    errors: dict[str, str] | None = None,
) -> Template:
    locale = locale_of(request)
    now = now_of(request)
    items = [
        (i, due_state(i, now))
        for i in due_items_of(db, DueSource("corrections", "aftercare", row.id))
    ]  # type: ignore[arg-type]
    return Template(
        "corrections/aftercare/detail.html",
        context={
            "row": row,
            "person": person_view(db, row.person_id),
            "org": db.get(OrgUnit, row.org_id),
            "items": items,
            "label": label,
            "status_names": STATUS_NAMES,
            "status_name": label(AftercareStatus(row.status), locale),
            "modes": choices(HandoverMode, locale),
            "resettlements": choices(Resettlement, locale),
            "can_edit": user.can(EDIT) and user.scope(db, EDIT).allows(db, row.org_id),
            "today": today_of(request),
            "error": error,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get(
    "/aftercare/{aftercare_id:int}",
    name="corrections_aftercare_person",
    opt={"permission": VIEW, "records": RECORD},
    guards=[minors_guard],
    sync_to_thread=True,
)
def aftercare_detail(
    request: Req, db: Session, current_user: CurrentUser, aftercare_id: int
) -> Template:
    return _render(request, db, current_user, _load(db, current_user, aftercare_id))


def _step(
    request: Req, db: Session, user: CurrentUser, aftercare_id: int, step: str, data: dict[str, Any]
) -> Template | Redirect:
    """核查 (verify), 衔接 (handover), 安置 (resettle), 退出 (exit)."""
    row = _load(db, user, aftercare_id)
    today = today_of(request)
    try:
        # The version the page showed: a second click or a colleague's step is stale (409).
        lock_for_change(db, row, int_or_none(data.get("version")))
        if step == "verify":
            release.verify(db, row, today)
        elif step == "handover":
            release.hand_over(
                db,
                row,
                mode=str(data.get("handover_mode") or ""),
                on=parse_day(data, "handed_over_on", today),
                settings=settings_for(request, db, row.org_id),
                today=today,
            )
        elif step == "resettle":
            release.resettle(db, row, str(data.get("resettlement") or ""))
        else:
            release.exit_aftercare(
                db,
                row,
                reason=str(data.get("exit_reason") or ""),
                on=parse_day(data, "exited_on", today),
            )
        touch(row)
        db.add(row)
    except Exception as exc:
        status, message, errors = error_status(exc, locale_of(request))
        db.rollback()
        return _render(
            request,
            db,
            user,
            _load(db, user, aftercare_id),
            status_code=status,
            error=message,
            errors=errors,
        )
    return Redirect(f"/m/corrections/aftercare/{aftercare_id}", status_code=HTTP_303_SEE_OTHER)


def _step_route(step: str) -> Any:
    @post(
        f"/aftercare/{{aftercare_id:int}}/{step}",
        name=f"corrections_aftercare_{step}",
        opt={"permission": EDIT, "records": RECORD},
        guards=[minors_guard],
        sync_to_thread=True,
    )
    def handler(
        request: Req,
        db: Session,
        current_user: CurrentUser,
        aftercare_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        return _step(request, db, current_user, aftercare_id, step, data)

    return handler


STEPS = [_step_route(step) for step in ("verify", "handover", "resettle", "exit")]


ROUTES = [aftercare_list, aftercare_new, aftercare_create, aftercare_detail, *STEPS]
