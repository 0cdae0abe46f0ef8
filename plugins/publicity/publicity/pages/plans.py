"""Yearly plans: drafted and submitted by the unit, approved or returned by the bureau's
publicity office, with progress by quarter and the year-end evaluation and its sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from core.api import CurrentUser, current_locale
from publicity.codes import PlanStatus, audiences_in, label
from publicity.forms import options
from publicity.models import PublicityEvent, PublicityPlan, PublicityUnit
from publicity.pages.common import (
    FORM,
    USER_ERRORS,
    failed,
    int_or_none,
    org_names,
    page_of,
    settings_at,
    today_of,
    version_of,
)
from publicity.permissions import APPROVE, EDIT, EVALUATE, VIEW
from publicity.services.evaluation import evaluation_of, save_score, save_self_report
from publicity.services.plans import (
    approve_plan,
    quarter_progress,
    return_plan,
    save_plan,
    submit_plan,
)
from publicity.services.units import law_list, yearly_target

PLAN = {"plan_id": PublicityPlan}
UNIT = {"unit_id": PublicityUnit}


@get("/plans", name="publicity_plans", opt={"permission": VIEW}, sync_to_thread=True)
def plan_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Plans in the user's subtree; the bureau filters to "submitted" as its approval queue."""
    scope = current_user.scope(db, VIEW)
    status = request.query_params.get("status") or ""
    year = int_or_none(request.query_params.get("year"))
    query = (
        select(PublicityPlan, PublicityUnit)
        .join(PublicityUnit, PublicityUnit.id == PublicityPlan.unit_id)
        .where(scope.where(PublicityPlan.org_id))
    )  # type: ignore[arg-type]
    if status:
        query = query.where(PublicityPlan.status == status)
    if year:
        query = query.where(PublicityPlan.year == year)
    result = page_of(
        db, query.order_by(col(PublicityPlan.year).desc(), PublicityUnit.name), request
    )
    return Template(
        "publicity/plans/list.html",
        context={
            "result": result,
            "status": status,
            "year": year or "",
            "statuses": options(PlanStatus),
            "label": label,
            "can_approve": current_user.can(APPROVE),
        },
    )


def _new_context(
    db: Session, request: Request[Any, Any, Any], unit: PublicityUnit, values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "unit": unit,
        "values": values,
        "errors": {},
        "audiences": audiences_in(current_locale()),
    }


@get(
    "/units/{unit_id:int}/plans/new",
    name="publicity_plan_new",
    opt={"permission": EDIT, "records": UNIT},
    sync_to_thread=True,
)
def plan_new(request: Request[Any, Any, Any], db: Session, unit_id: int) -> Template:
    unit = db.get(PublicityUnit, unit_id)
    assert unit is not None
    settings = settings_at(db, request, unit.org_id)
    target = yearly_target(unit, settings.yearly_event_target)
    per = [target // 4 + (1 if q < target % 4 else 0) for q in range(4)]
    values = {
        "year": str(today_of(request).year + (1 if today_of(request).month >= 11 else 0)),
        "plan_period": settings.plan_period,
        "laws": unit.laws,
        **{f"q{q + 1}": str(n) for q, n in enumerate(per)},
    }
    return Template("publicity/plans/new.html", context=_new_context(db, request, unit, values))


@post(
    "/units/{unit_id:int}/plans/new", opt={"permission": EDIT, "records": UNIT}, sync_to_thread=True
)
def plan_create(
    request: Request[Any, Any, Any], db: Session, unit_id: int, data: dict[str, Any] = FORM
) -> Template | Redirect:
    unit = db.get(PublicityUnit, unit_id)
    assert unit is not None
    try:
        plan = save_plan(
            db, data, unit=unit, default_period=settings_at(db, request, unit.org_id).plan_period
        )
    except USER_ERRORS as exc:
        return failed("publicity/plans/new.html", _new_context(db, request, unit, dict(data)), exc)
    return Redirect(f"/m/publicity/plans/{plan.id}", status_code=303)


def _detail(
    db: Session,
    request: Request[Any, Any, Any],
    current_user: CurrentUser,
    plan: PublicityPlan,
    **extra: Any,
) -> dict[str, Any]:
    unit = db.get(PublicityUnit, plan.unit_id)
    assert unit is not None
    settings = settings_at(db, request, plan.org_id)
    today = today_of(request)
    quarters = quarter_progress(db, plan, today, settings.quarter_warning_days)
    events = db.exec(
        select(PublicityEvent)
        .where(
            PublicityEvent.unit_id == plan.unit_id,
            col(PublicityEvent.held_on) >= date(plan.year, 1, 1),
            col(PublicityEvent.held_on) <= date(plan.year, 12, 31),
        )
        .order_by(col(PublicityEvent.held_on).desc())
        .limit(100)
    ).all()
    evaluation = evaluation_of(db, plan)
    values = {
        "q1": str(plan.q1),
        "q2": str(plan.q2),
        "q3": str(plan.q3),
        "q4": str(plan.q4),
        "themes": plan.themes,
        "audiences": plan.audiences,
        "laws": plan.laws,
        "plan_period": plan.plan_period,
        "version": str(plan.version),
    }
    ev_values = {
        "self_report": evaluation.self_report if evaluation else "",
        "self_score": ""
        if not evaluation or evaluation.self_score is None
        else str(evaluation.self_score),
        "score": "" if not evaluation or evaluation.score is None else str(evaluation.score),
        "comment": evaluation.comment if evaluation else "",
        "third_party": evaluation.third_party if evaluation else "",
        "third_party_score": ""
        if not evaluation or evaluation.third_party_score is None
        else str(evaluation.third_party_score),
        "third_party_note": evaluation.third_party_note if evaluation else "",
        "ev_version": str(evaluation.version) if evaluation else "",
    }
    context = {
        "plan": plan,
        "unit": unit,
        "org": org_names(db, {plan.org_id}).get(plan.org_id, ""),
        "quarters": quarters,
        "done": sum(q.done for q in quarters),
        "yearly_minimum": yearly_target(unit, settings.yearly_event_target),
        "events": events,
        "laws": law_list(plan.laws),
        "evaluation": evaluation,
        "values": values,
        "ev_values": ev_values,
        "errors": {},
        "audiences": audiences_in(current_locale()),
        "label": label,
        "editable": plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
        and current_user.can(EDIT),
        "can_edit": current_user.can(EDIT),
        "can_approve": current_user.can(APPROVE) and plan.status == PlanStatus.SUBMITTED,
        "can_evaluate": current_user.can(EVALUATE) and plan.status == PlanStatus.APPROVED,
        "approved": plan.status == PlanStatus.APPROVED,
        "review_note": "",
        "failed_action": "",
    }
    context.update(extra)
    return context


@get(
    "/plans/{plan_id:int}",
    name="publicity_plan",
    opt={"permission": VIEW, "records": PLAN},
    sync_to_thread=True,
)
def plan_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, plan_id: int
) -> Template:
    plan = db.get(PublicityPlan, plan_id)
    assert plan is not None
    return Template("publicity/plans/detail.html", context=_detail(db, request, current_user, plan))


def _act(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any],
    action: Any,
    anchor: str,
) -> Template | Redirect:
    """Run one action on the plan; a refusal shows the plan page again with the input kept."""
    plan = db.get(PublicityPlan, plan_id)
    assert plan is not None
    typed = dict(data)
    try:
        action(plan, typed)
    except (*USER_ERRORS, ValueError) as exc:
        context = _detail(db, request, current_user, plan)
        if anchor == "evaluation":
            context["ev_values"] = {**context["ev_values"], **typed}
        elif anchor == "edit":
            context["values"] = {**context["values"], **typed}
        else:
            context["review_note"] = typed.get("note", "")
        context["failed_action"] = anchor
        return failed("publicity/plans/detail.html", context, exc)
    return Redirect(f"/m/publicity/plans/{plan.id}#{anchor}", status_code=303)


@post("/plans/{plan_id:int}", opt={"permission": EDIT, "records": PLAN}, sync_to_thread=True)
def plan_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        unit = db.get(PublicityUnit, plan.unit_id)
        save_plan(db, typed, unit=unit, plan=plan, expected_version=version_of(typed))  # type: ignore[arg-type]

    return _act(request, db, current_user, plan_id, data, action, "edit")


@post("/plans/{plan_id:int}/submit", opt={"permission": EDIT, "records": PLAN}, sync_to_thread=True)
def plan_submit(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        submit_plan(
            db,
            plan,
            expected_version=version_of(typed),
            actor_id=current_user.id,
            today=today_of(request),
        )

    return _act(request, db, current_user, plan_id, data, action, "review")


@post(
    "/plans/{plan_id:int}/approve",
    opt={"permission": APPROVE, "records": PLAN},
    sync_to_thread=True,
)
def plan_approve(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        approve_plan(
            db,
            plan,
            expected_version=version_of(typed),
            actor_id=current_user.id,
            today=today_of(request),
            note=str(typed.get("note", "")),
            minimum=settings_at(db, request, plan.org_id).yearly_event_target,
        )

    return _act(request, db, current_user, plan_id, data, action, "review")


@post(
    "/plans/{plan_id:int}/return", opt={"permission": APPROVE, "records": PLAN}, sync_to_thread=True
)
def plan_return(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        return_plan(
            db,
            plan,
            expected_version=version_of(typed),
            actor_id=current_user.id,
            today=today_of(request),
            note=str(typed.get("note", "")),
        )

    return _act(request, db, current_user, plan_id, data, action, "review")


def _ev_version(typed: dict[str, Any]) -> int | None:
    return int_or_none(typed.get("ev_version"))


@post(
    "/plans/{plan_id:int}/self-report",
    opt={"permission": EDIT, "records": PLAN},
    sync_to_thread=True,
)
def plan_self_report(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        save_self_report(db, plan, typed, expected_version=_ev_version(typed))

    return _act(request, db, current_user, plan_id, data, action, "evaluation")


@post(
    "/plans/{plan_id:int}/score", opt={"permission": EVALUATE, "records": PLAN}, sync_to_thread=True
)
def plan_score(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    def action(plan: PublicityPlan, typed: dict[str, Any]) -> None:
        save_score(
            db,
            plan,
            typed,
            expected_version=_ev_version(typed),
            actor_id=current_user.id,
            today=today_of(request),
        )

    return _act(request, db, current_user, plan_id, data, action, "evaluation")


@get(
    "/plans/{plan_id:int}/sheet",
    name="publicity_plan_sheet",
    opt={"permission": VIEW, "records": PLAN},
    sync_to_thread=True,
)
def plan_sheet(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, plan_id: int
) -> Template:
    """The printable year-end evaluation sheet (年度普法责任制考核表)."""
    plan = db.get(PublicityPlan, plan_id)
    assert plan is not None
    return Template("publicity/plans/sheet.html", context=_detail(db, request, current_user, plan))


ROUTES = [
    plan_list,
    plan_new,
    plan_create,
    plan_detail,
    plan_update,
    plan_submit,
    plan_approve,
    plan_return,
    plan_self_report,
    plan_score,
    plan_sheet,
]
