"""The case pages: one case with its actions (htmx), and "my cases" for a mediator's phone.

Every action is its own route, ``POST /cases/{id}/<action>``, declaring the case as its
record, so the core's guard answers 404 for a case outside the user's scope before the
handler runs. A successful action answers the refreshed case body to htmx (or a redirect to
the case page); a refused one answers 422 (fields), 400 (a move the state does not allow)
or 409 (someone saved in between), with the form open and the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import or_
from sqlmodel import Session, select

from core.api import CurrentUser, OrgUnit, StaleRecord, due_items_for, due_state
from mediation.codes import CaseStatus, label
from mediation.errors import MediationError
from mediation.models import MediationCase, MediationCaseMediator, MediationMediator
from mediation.pages.case_view import case_context
from mediation.pages.common import (
    FORM,
    PLUGIN,
    due_day,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    now_of,
    page_of,
    settings_at,
    today_of,
)
from mediation.permissions import CASES_EDIT, CASES_VIEW
from mediation.services import (
    aftercare,
    archive,
    escalations,
    handover,
    intake,
    proceedings,
    warnings,
)
from mediation.services.cases import get_case
from mediation.services.workflow import Action

RECORD = {"case_id": MediationCase}
PAGE_SIZE = 25
NOTICES = {"registered": "纠纷已登记。请告知当事人权利义务后办理受理。"}


def _detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    user: CurrentUser,
    case_id: int,
    *,
    fragment: bool = False,
    status: int = 200,
    **extra: Any,
) -> Template:
    case = get_case(db, case_id)
    context = case_context(
        db,
        platform,
        user,
        case,
        locale=locale_of(request),
        today=today_of(request),
        now=now_of(request),
        **extra,
    )
    template = "mediation/cases/_body.html" if fragment else "mediation/cases/detail.html"
    return Template(template, context=context, status_code=status, headers={"Vary": "HX-Request"})


@get(
    "/cases/{case_id:int}",
    name="mediation_case",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def case_detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    case_id: int,
) -> Template:
    notice = next((text for key, text in NOTICES.items() if request.query_params.get(key)), "")
    return _detail(request, db, platform, current_user, case_id, notice=notice)


# -- actions ------------------------------------------------------------------------------

Runner = Callable[[Session, int, dict[str, Any], int | None, CurrentUser, date, Any, datetime], Any]


def _form_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the user sent, kept for the form shown again (lists stay lists)."""
    return {k: v if isinstance(v, list) else str(v) for k, v in data.items() if k != "_csrf_token"}


def _action_route(action: Action | str, path: str, run: Runner) -> Any:
    key = action.value if isinstance(action, Action) else action

    @post(
        f"/cases/{{case_id:int}}/{path}",
        name=f"mediation_case_{key}",
        opt={"permission": CASES_EDIT, "records": RECORD},
        sync_to_thread=True,
    )
    def handler(
        request: Request[Any, Any, Any],
        db: Session,
        platform: Any,
        current_user: CurrentUser,
        case_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        version = int_or_none(data.get("version"))
        try:
            run(
                db,
                case_id,
                data,
                version if version is not None else -1,
                current_user,
                today_of(request),
                platform,
                now_of(request),
            )
        except (MediationError, StaleRecord) as exc:
            db.rollback()
            status, extra = error_context(exc, locale_of(request))
            return _detail(
                request,
                db,
                platform,
                current_user,
                case_id,
                fragment=is_htmx(request),
                status=status,
                failed=key,
                action_values=_form_values(data),
                **extra,
            )
        if is_htmx(request):
            return _detail(request, db, platform, current_user, case_id, fragment=True, done=key)
        return Redirect(f"/m/mediation/cases/{case_id}", status_code=HTTP_303_SEE_OTHER)

    return handler


def _settings(db: Session, platform: Any, case_id: int) -> Any:
    return settings_at(db, platform, get_case(db, case_id).org_id)


ACTION_ROUTES = [
    _action_route(
        Action.ACCEPT,
        "accept",
        lambda db, cid, d, v, u, t, p, n: intake.accept_case(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.REFUSE,
        "refuse",
        lambda db, cid, d, v, u, t, p, n: intake.refuse_case(
            db, cid, d, expected_version=v, today=t, settings=_settings(db, p, cid)
        ),
    ),
    _action_route(
        Action.ASSIGN,
        "mediators",
        lambda db, cid, d, v, u, t, p, n: intake.assign_mediators(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.SESSION,
        "sessions",
        lambda db, cid, d, v, u, t, p, n: proceedings.record_session(
            db, cid, d, expected_version=v, actor_id=u.id, today=t
        ),
    ),
    _action_route(
        Action.AGREE,
        "agreement",
        lambda db, cid, d, v, u, t, p, n: proceedings.record_agreement(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.TERMINATE,
        "terminate",
        lambda db, cid, d, v, u, t, p, n: proceedings.terminate_case(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.DIFFICULTY,
        "difficulty",
        lambda db, cid, d, v, u, t, p, n: proceedings.set_difficulty(
            db, cid, d, expected_version=v
        ),
    ),
    _action_route(
        Action.PERFORMED,
        "performed",
        lambda db, cid, d, v, u, t, p, n: aftercare.record_performance(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.NOT_PERFORMED,
        "not-performed",
        lambda db, cid, d, v, u, t, p, n: aftercare.record_non_performance(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.FOLLOW_UP,
        "follow-ups",
        lambda db, cid, d, v, u, t, p, n: aftercare.record_follow_up(
            db, cid, d, expected_version=v, actor_id=u.id, today=t
        ),
    ),
    _action_route(
        Action.APPLY_CONFIRMATION,
        "confirmation",
        lambda db, cid, d, v, u, t, p, n: aftercare.apply_confirmation(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.CONFIRMATION_RESULT,
        "confirmation-result",
        lambda db, cid, d, v, u, t, p, n: aftercare.record_confirmation(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.REMEDIATE,
        "remediate",
        lambda db, cid, d, v, u, t, p, n: aftercare.remediate(
            db, cid, d, expected_version=v, today=t
        ),
    ),
    _action_route(
        Action.PREVENTION,
        "prevention",
        lambda db, cid, d, v, u, t, p, n: proceedings.set_prevention(
            db, cid, d, expected_version=v
        ),
    ),
    _action_route(
        "legal_aid",
        "legal-aid",
        lambda db, cid, d, v, u, t, p, n: handover.hand_to_legal_aid(
            db, p.host, cid, d, expected_version=v, actor_id=u.id, now=n
        ),
    ),
    _action_route(
        "warning",
        "warning",
        lambda db, cid, d, v, u, t, p, n: warnings.set_warning_level(
            db, cid, d, expected_version=v, actor_id=u.id, now=n, settings=_settings(db, p, cid)
        ),
    ),
    _action_route(
        "warning_response",
        "warning-response",
        lambda db, cid, d, v, u, t, p, n: warnings.respond_to_warning(
            db, cid, d, expected_version=v, actor_id=u.id, now=n
        ),
    ),
    _action_route(
        "escalate",
        "escalate",
        lambda db, cid, d, v, u, t, p, n: escalations.escalate_case(
            db, cid, d, expected_version=v, actor_id=u.id, now=n
        ),
    ),
    _action_route(
        Action.ARCHIVE,
        "archive",
        lambda db, cid, d, v, u, t, p, n: archive.archive_case(
            db,
            cid,
            d,
            expected_version=v,
            actor_id=u.id,
            today=t,
            follow_up_required=_settings(db, p, cid).archive_requires_follow_up,
        ),
    ),
]


# -- my cases -----------------------------------------------------------------------------


def _my_mediator_ids(user: CurrentUser) -> Any:
    return select(MediationMediator.id).where(MediationMediator.account_id == user.id)


def _mine_query(db: Session, user: CurrentUser) -> Any:
    mine = select(MediationCaseMediator.case_id).where(
        MediationCaseMediator.mediator_id.in_(_my_mediator_ids(user))  # type: ignore[attr-defined]
    )
    scope = user.scope(db, CASES_VIEW)
    return select(MediationCase).where(
        scope.where(MediationCase.org_id),
        or_(MediationCase.id.in_(mine), MediationCase.registered_by == user.id),  # type: ignore[union-attr]
    )


def _due_items(db: Session, user: CurrentUser, now: datetime) -> list[dict[str, Any]]:
    """My open mediation due items from the core's reminders (mine, or escalated to me),
    soonest first, with their amber/red state."""
    items = [i for i in due_items_for(db, user.id, now=now) if i.plugin == PLUGIN]
    return [{"item": i, "state": due_state(i, now), "day": due_day(i.due_at)} for i in items]


@get("/cases/mine", name="mediation_my_cases", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def my_cases(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """My cases (assigned to me or registered by me), open ones first, and what is due."""
    today = today_of(request)
    show_all = request.query_params.get("all") == "1"
    page = int_or_none(request.query_params.get("page")) or 1
    query = _mine_query(db, current_user)
    if not show_all:
        query = query.where(MediationCase.status.not_in([CaseStatus.ARCHIVED, CaseStatus.REFUSED]))  # type: ignore[attr-defined]
    result = page_of(
        db,
        query.order_by(MediationCase.registered_on.desc(), MediationCase.id.desc()),
        page,
        PAGE_SIZE,
    )  # type: ignore[attr-defined]
    locale = locale_of(request)
    orgs = (
        {
            o.id: o.name
            for o in db.exec(
                select(OrgUnit).where(OrgUnit.id.in_({c.org_id for c in result.rows}))
            ).all()  # type: ignore[union-attr]
        }
        if result.rows
        else {}
    )
    linked = db.exec(_my_mediator_ids(current_user)).first() is not None
    context = {
        "result": result,
        "due_items": _due_items(db, current_user, now_of(request)) if page == 1 else [],
        "show_all": show_all,
        "orgs": orgs,
        "linked": linked,
        "today": today,
        "can_edit": current_user.can(CASES_EDIT),
        "status_label": lambda v: label(CaseStatus, v, locale),
    }
    template = (
        "mediation/cases/_mine_table.html" if is_htmx(request) else "mediation/cases/mine.html"
    )
    return Template(template, context=context, headers={"Vary": "HX-Request"})


ROUTES = [case_detail, *ACTION_ROUTES, my_cases]
