"""Assessment pages (考核): schemes, station rankings, closing a period, creation plans.

A bureau's schemes and plans are listed at ``/assessments?org=``. A scheme's page ranks
its stations for a period — live while the period is open, frozen once it is closed, and
the page says which. Managing (creating the Fengqiao-style scheme, editing items, closing a
period, plans) needs ``core.indicators.manage`` over the bureau; URLs naming a scheme or
plan are checked by the core guard against the user's scope (404 outside it).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session, col, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.indicators.assessments import (
    ItemSpec,
    close_period,
    create_scheme,
    evaluate,
    scheme_items,
    update_scheme,
)
from core.indicators.errors import IndicatorError
from core.indicators.fengqiao import create_fengqiao_scheme
from core.indicators.models import AssessmentScheme, CreationPlan, ScoringRule
from core.indicators.periods import Period, PeriodType
from core.indicators.plans import create_plan, plan_progress, set_reached, stations_of
from core.indicators.registry import indicators_at
from core.locking import StaleRecord
from core.orgs.models import OrgUnit
from core.platform import Platform
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of
from web.pages_indicators import (
    BUREAU_TYPES,
    MANAGE,
    VIEW,
    base_context,
    parse_decimal,
    resolve,
    today_of,
    where_for,
)

SCHEME = {"scheme_id": AssessmentScheme}
PLAN = {"plan_id": CreationPlan}
RULE_LABELS = {
    ScoringRule.LINEAR.value: ("按完成比例计分", "Linear to target"),
    ScoringRule.PASS_FAIL.value: ("达标得满分", "Pass / fail"),
    ScoringRule.DEDUCTION.value: ("按件扣分", "Deduction per event"),
}
HTTP_422 = 422


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _manages(db: Session, user: CurrentUser, org_id: int) -> bool:
    return user.scope(db, MANAGE).allows(db, org_id)


def _bureau_where(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, permission: str = VIEW
) -> Any:
    where = resolve(request, db, user, permission, bureau_only=True)
    if where.org.type not in BUREAU_TYPES:
        raise NotFoundException()
    return where


# -- list -----------------------------------------------------------------------------------


def _list_page(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    where: Any,
    *,
    status: int = 200,
) -> Template:
    schemes = db.exec(
        select(AssessmentScheme)
        .where(AssessmentScheme.org_id == where.org.id)
        .order_by(col(AssessmentScheme.id))
    ).all()
    plans = db.exec(
        select(CreationPlan)
        .where(CreationPlan.org_id == where.org.id)
        .order_by(col(CreationPlan.id))
    ).all()
    return Template(
        "indicators/assessments/list.html",
        status_code=status,
        context=base_context(
            request,
            where,
            schemes=schemes,
            plans=plans,
            is_bureau=where.org.type in BUREAU_TYPES,
            can_manage=_manages(db, user, where.org.id),  # type: ignore[arg-type]
        ),
    )


@get("/assessments", name="assessments_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def assessments_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """A bureau's assessment schemes and creation plans."""
    where = resolve(request, db, current_user, VIEW, bureau_only=True)
    return _list_page(request, db, current_user, where)


@post(
    "/assessments/fengqiao",
    name="assessments_fengqiao",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def create_fengqiao(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template | Redirect:
    """Create the bureau's Fengqiao-style station scheme from the registered indicators."""
    where = _bureau_where(request, db, current_user, MANAGE)
    try:
        scheme = create_fengqiao_scheme(db, platform.host, where.org.id)  # type: ignore[arg-type]
    except IndicatorError as exc:
        db.rollback()
        where.error = exc.localized(locale_of(request))
        return _list_page(request, db, current_user, where, status=HTTP_422)
    return Redirect(f"/assessments/{scheme.id}/edit?created=1", status_code=HTTP_303_SEE_OTHER)


# -- scheme definition ----------------------------------------------------------------------


def _form_items(
    db: Session, platform: Platform, bureau: OrgUnit, data: dict[str, Any]
) -> list[ItemSpec]:
    items = []
    for ind in indicators_at(db, platform.host, bureau.id):  # type: ignore[arg-type]
        if not data.get(f"use:{ind.code}"):
            continue
        name = ind.label_zh
        weight = parse_decimal(data.get(f"weight:{ind.code}"), f"{name}的分值")
        rule = str(data.get(f"rule:{ind.code}", ScoringRule.LINEAR.value))
        if rule not in RULE_LABELS:
            raise IndicatorError(f"{name}的评分规则无效", f"{name}: invalid scoring rule")
        items.append(
            ItemSpec(
                indicator=ind.code,
                weight=weight if weight is not None else ind.weight,
                rule=ScoringRule(rule),
                target=parse_decimal(data.get(f"target:{ind.code}"), f"{name}的目标"),
                zero_value=parse_decimal(data.get(f"zero:{ind.code}"), f"{name}的零分值"),
                deduction=parse_decimal(data.get(f"deduction:{ind.code}"), f"{name}的每件扣分"),
            )
        )
    return items


def _values_of(scheme: AssessmentScheme | None, items: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if scheme is not None:
        values.update({"name": scheme.name, "pass_score": str(scheme.pass_score)})
    for item in items:
        code = item.indicator
        values[f"use:{code}"] = "1"
        values[f"weight:{code}"] = str(item.weight)
        values[f"rule:{code}"] = str(getattr(item.rule, "value", item.rule))
        for key, attr in (("target", "target"), ("zero", "zero_value"), ("deduction", "deduction")):
            value = getattr(item, attr)
            values[f"{key}:{code}"] = "" if value is None else str(value)
    return values


def _scheme_form(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    where: Any,
    *,
    scheme: AssessmentScheme | None,
    values: dict[str, Any],
    status: int = 200,
    notice: str = "",
) -> Template:
    return Template(
        "indicators/assessments/scheme_form.html",
        status_code=status,
        context=base_context(
            request,
            where,
            scheme=scheme,
            values=values,
            indicators=indicators_at(db, platform.host, where.org.id),
            rules=RULE_LABELS,
            notice=notice,
        ),
    )


@get("/assessments/new", name="assessments_new", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def scheme_new(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    where = _bureau_where(request, db, current_user, MANAGE)
    return _scheme_form(
        request, db, platform, where, scheme=None, values={"name": "", "pass_score": "90"}
    )


@post("/assessments/new", name="assessments_create", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def scheme_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    where = _bureau_where(request, db, current_user, MANAGE)
    values = {k: str(v) for k, v in data.items()}
    try:
        items = _form_items(db, platform, where.org, data)
        period_text = str(data.get("period_type", "year"))
        if period_text not in {t.value for t in PeriodType}:
            raise IndicatorError("考核周期无效", "Invalid assessment period type")
        period_type = PeriodType(period_text)
        scheme = create_scheme(
            db,
            platform.host,
            where.org.id,  # type: ignore[arg-type]
            str(data.get("name", "")),
            items,
            period_type=period_type,
            pass_score=parse_decimal(data.get("pass_score"), "达标分数") or Decimal(90),
        )
    except IndicatorError as exc:
        db.rollback()
        where.error = exc.localized(locale_of(request))
        return _scheme_form(
            request, db, platform, where, scheme=None, values=values, status=HTTP_422
        )
    return Redirect(f"/assessments/{scheme.id}", status_code=HTTP_303_SEE_OTHER)


def _scheme_where(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    scheme: AssessmentScheme,
    permission: str,
) -> Any:
    """The page's organisation is the scheme's bureau (the guard checked the scope)."""
    bureau = db.get(OrgUnit, scheme.org_id)
    if bureau is None:
        raise NotFoundException()
    return where_for(request, db, user.scope(db, permission), bureau, bureau_only=True)


def _scheme(db: Session, scheme_id: int) -> AssessmentScheme:
    scheme = db.get(AssessmentScheme, scheme_id)
    if scheme is None:
        raise NotFoundException()
    return scheme


@get(
    "/assessments/{scheme_id:int}/edit",
    name="assessments_edit",
    opt={PERMISSION: MANAGE, RECORDS: SCHEME},
    sync_to_thread=True,
)
def scheme_edit(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    scheme_id: int,
) -> Template:
    scheme = _scheme(db, scheme_id)
    notice = (
        N_("已按各业务模块登记的指标生成方案，可增减指标、调整分值后保存。")
        if request.query_params.get("created")
        else ""
    )
    where = _scheme_where(request, db, current_user, scheme, MANAGE)
    values = _values_of(scheme, scheme_items(db, scheme))
    return _scheme_form(request, db, platform, where, scheme=scheme, values=values, notice=notice)


@post(
    "/assessments/{scheme_id:int}/edit",
    name="assessments_update",
    opt={PERMISSION: MANAGE, RECORDS: SCHEME},
    sync_to_thread=True,
)
def scheme_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    scheme_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    scheme = _scheme(db, scheme_id)
    where = _scheme_where(request, db, current_user, scheme, MANAGE)
    values = {k: str(v) for k, v in data.items()}
    locale = locale_of(request)
    try:
        update_scheme(
            db,
            platform.host,
            scheme,
            name=str(data.get("name", "")),
            pass_score=parse_decimal(data.get("pass_score"), "达标分数") or Decimal(90),
            items=_form_items(db, platform, where.org, data),
            expected_version=_int(data.get("version")),
        )
    except StaleRecord as exc:
        db.rollback()
        where.error = exc.message_en if locale == "en" else exc.message
        scheme = _scheme(db, scheme_id)
        return _scheme_form(
            request, db, platform, where, scheme=scheme, values=values, status=HTTP_409_CONFLICT
        )
    except IndicatorError as exc:
        db.rollback()
        where.error = exc.localized(locale)
        scheme = _scheme(db, scheme_id)
        return _scheme_form(
            request, db, platform, where, scheme=scheme, values=values, status=HTTP_422
        )
    return Redirect(f"/assessments/{scheme_id}", status_code=HTTP_303_SEE_OTHER)


# -- results: ranking, frozen periods --------------------------------------------------------


def _default_period(scheme: AssessmentScheme, request: Request[Any, Any, Any]) -> Period:
    return Period.containing(today_of(request), PeriodType(scheme.period_type)).previous()


def _results(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    scheme: AssessmentScheme,
    *,
    error: str = "",
    status: int = 200,
) -> Template:
    period = _default_period(scheme, request)
    text = request.query_params.get("period")
    locale = locale_of(request)
    if text:
        try:
            period = Period.parse(text)
        except IndicatorError as exc:
            error = error or exc.localized(locale)
    bureau = db.get(OrgUnit, scheme.org_id)
    today = today_of(request)
    try:
        evaluation = evaluate(db, platform.host, scheme, period, today)
    except IndicatorError as exc:
        error = error or exc.localized(locale)
        period = _default_period(scheme, request)
        evaluation = evaluate(db, platform.host, scheme, period, today)
    items = scheme_items(db, scheme)
    return Template(
        "indicators/assessments/results.html",
        status_code=status,
        context={
            "scheme": scheme,
            "bureau": bureau,
            "period": period,
            "evaluation": evaluation,
            "items": items,
            "rules": RULE_LABELS,
            "locale": locale,
            "error": error,
            "can_manage": _manages(db, current_user, scheme.org_id),
            "can_close": not evaluation.frozen and today >= period.end,
        },
    )


@get(
    "/assessments/{scheme_id:int}",
    name="assessments_results",
    opt={PERMISSION: VIEW, RECORDS: SCHEME},
    sync_to_thread=True,
)
def scheme_results(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    scheme_id: int,
) -> Template:
    """Stations scored and ranked for a period; frozen results once the period is closed."""
    return _results(request, db, current_user, platform, _scheme(db, scheme_id))


@post(
    "/assessments/{scheme_id:int}/close",
    name="assessments_close",
    opt={PERMISSION: MANAGE, RECORDS: SCHEME},
    sync_to_thread=True,
)
def scheme_close(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    scheme_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Close a period (关账): store every station's result; later edits change nothing."""
    scheme = _scheme(db, scheme_id)
    try:
        period = Period.parse(str(data.get("period", "")))
        close_period(db, platform.host, scheme, period, today_of(request), actor_id=current_user.id)
    except IndicatorError as exc:
        db.rollback()
        return _results(
            request,
            db,
            current_user,
            platform,
            _scheme(db, scheme_id),
            error=exc.localized(locale_of(request)),
            status=HTTP_422,
        )
    return Redirect(f"/assessments/{scheme_id}?period={period}", status_code=HTTP_303_SEE_OTHER)


# -- creation plans ---------------------------------------------------------------------------


def _plan_form(
    request: Request[Any, Any, Any],
    db: Session,
    where: Any,
    values: dict[str, Any],
    status: int = 200,
) -> Template:
    schemes = db.exec(select(AssessmentScheme).where(AssessmentScheme.org_id == where.org.id)).all()
    return Template(
        "indicators/assessments/plan_form.html",
        status_code=status,
        context=base_context(
            request, where, values=values, schemes=schemes, stations=stations_of(db, where.org)
        ),
    )


@get(
    "/assessments/plans/new",
    name="assessments_plan_new",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def plan_new(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    where = _bureau_where(request, db, current_user, MANAGE)
    year = today_of(request).year
    values = {"name": "枫桥式司法所创建计划", **{f"year{i}": str(year + i) for i in range(3)}}
    return _plan_form(request, db, where, values)


@post(
    "/assessments/plans/new",
    name="assessments_plan_create",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def plan_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    where = _bureau_where(request, db, current_user, MANAGE)
    values = {k: str(v) for k, v in data.items()}
    try:
        targets: dict[int, int] = {}
        for i in range(6):
            year, count = _int(data.get(f"year{i}")), _int(data.get(f"target{i}"))
            if year is not None and count is not None:
                targets[year] = count
            elif str(data.get(f"target{i}", "")).strip():
                raise IndicatorError(
                    "年度目标须为整数，且要填写年份", "Give each target a year and a whole number"
                )
        station_years = {
            int(key.split(":", 1)[1]): _int(value)
            for key, value in data.items()
            if key.startswith("station:")
            and _int(key.split(":", 1)[1]) is not None
            and str(value).strip()
        }
        plan = create_plan(
            db,
            where.org.id,  # type: ignore[arg-type]
            str(data.get("name", "")),
            targets,
            scheme_id=_int(data.get("scheme_id")),
            station_years=station_years,
        )
    except IndicatorError as exc:
        db.rollback()
        where.error = exc.localized(locale_of(request))
        return _plan_form(request, db, where, values, HTTP_422)
    return Redirect(f"/assessments/plans/{plan.id}", status_code=HTTP_303_SEE_OTHER)


def _plan_page(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    plan: CreationPlan,
    *,
    error: str = "",
    status: int = 200,
) -> Template:
    return Template(
        "indicators/assessments/plan.html",
        status_code=status,
        context={
            "plan": plan,
            "progress": plan_progress(db, plan),
            "bureau": db.get(OrgUnit, plan.org_id),
            "scheme": db.get(AssessmentScheme, plan.scheme_id) if plan.scheme_id else None,
            "can_manage": _manages(db, user, plan.org_id),
            "locale": locale_of(request),
            "error": error,
        },
    )


@get(
    "/assessments/plans/{plan_id:int}",
    name="assessments_plan",
    opt={PERMISSION: VIEW, RECORDS: PLAN},
    sync_to_thread=True,
)
def plan_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, plan_id: int
) -> Template:
    """Targets per year, stations that reached the standard, coverage against the plan."""
    plan = db.get(CreationPlan, plan_id)
    if plan is None:
        raise NotFoundException()
    return _plan_page(request, db, current_user, plan)


@post(
    "/assessments/plans/{plan_id:int}/stations",
    name="assessments_plan_station",
    opt={PERMISSION: MANAGE, RECORDS: PLAN},
    sync_to_thread=True,
)
def plan_station(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    plan_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Record by hand a station's target year and the year it reached the standard."""
    plan = db.get(CreationPlan, plan_id)
    if plan is None:
        raise NotFoundException()
    locale = locale_of(request)
    try:
        org_id = _int(data.get("org_id"))
        if org_id is None:
            raise IndicatorError("请选择司法所", "Choose a station")
        set_reached(
            db,
            plan,
            org_id,
            reached_year=_int(data.get("reached_year")),
            target_year=_int(data.get("target_year")),
            expected_version=_int(data.get("version")) or None,
        )
    except StaleRecord as exc:
        db.rollback()
        return _plan_page(
            request,
            db,
            current_user,
            plan,
            error=exc.message_en if locale == "en" else exc.message,
            status=HTTP_409_CONFLICT,
        )
    except IndicatorError as exc:
        db.rollback()
        return _plan_page(
            request, db, current_user, plan, error=exc.localized(locale), status=HTTP_422
        )
    return Redirect(f"/assessments/plans/{plan_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    assessments_list,
    create_fengqiao,
    scheme_new,
    scheme_create,
    scheme_edit,
    scheme_update,
    scheme_results,
    scheme_close,
    plan_new,
    plan_create,
    plan_page,
    plan_station,
]
