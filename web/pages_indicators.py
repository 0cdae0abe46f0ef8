"""Indicator pages (考核指标): scorecard, drill-down, records, definitions, targets, export.

Every page is about one organisation and one period, both query parameters (``org``,
``period`` — ``2026-10``, ``2026Q4`` or ``2026``), so a page can be bookmarked and shared.
The organisation must lie in the user's ``core.indicators.view`` scope (404 otherwise,
never a hint that it exists); it defaults to the user's own. Each number links to its
drill-down and shows numerator/denominator on hover; each indicator's name links to its
definition page. Only indicators of plugins active at the organisation appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.scoping import OrgScope
from core.indicators.definitions import Indicator
from core.indicators.errors import IndicatorError, UnknownIndicator
from core.indicators.export import scorecard_csv, scorecard_xlsx
from core.indicators.models import IndicatorSetting
from core.indicators.periods import Period, last_closed_month
from core.indicators.records import lists_records, record_page
from core.indicators.registry import catalogue, indicators_at
from core.indicators.scorecard import drill_down, scorecard
from core.indicators.targets import effective_settings, save_setting
from core.locking import StaleRecord
from core.modules.service import active_plugins
from core.orgs.history import has_history
from core.orgs.models import OrgType, OrgUnit
from core.orgs.tree import ancestors
from core.platform import Platform
from web.auth import now_for
from web.guards import PERMISSION
from web.pages_account import FORM, locale_of
from web.pages_staff import org_choices

VIEW = "core.indicators.view"
MANAGE = "core.indicators.manage"
BEIJING = timezone(timedelta(hours=8))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUREAU_TYPES = (OrgType.PROVINCE, OrgType.CITY_BUREAU, OrgType.BUREAU)


# -- where a page is: organisation and period ---------------------------------------------


def today_of(request: Request[Any, Any, Any]) -> date:
    """Today in China, from the app's clock (tests inject a fake one)."""
    return now_for(request).astimezone(BEIJING).date()


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@dataclass
class Where:
    """The organisation and period a page shows, with what the pickers need."""

    org: OrgUnit
    period: Period
    scope: OrgScope
    orgs: list[OrgUnit]
    crumbs: list[OrgUnit]
    error: str = ""

    def query(self, **extra: Any) -> str:
        """``org=…&period=…`` (plus *extra*) for links that stay on this organisation."""
        params = {"org": self.org.id, "period": str(self.period), **extra}
        return urlencode({k: v for k, v in params.items() if v is not None})


def resolve(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    permission: str = VIEW,
    *,
    default_period: Period | None = None,
    bureau_only: bool = False,
) -> Where:
    """The ``org`` and ``period`` of the request, checked against the user's scope."""
    scope = user.scope(db, permission)
    if scope.is_empty:
        raise NotFoundException()
    org_id = _int(request.query_params.get("org"))
    if org_id is None:
        org_id = _default_org(db, scope, user, bureau_only)
    org = db.get(OrgUnit, org_id) if org_id is not None else None
    if org is None:
        raise NotFoundException()
    return where_for(
        request, db, scope, org, default_period=default_period, bureau_only=bureau_only
    )


def where_for(
    request: Request[Any, Any, Any],
    db: Session,
    scope: OrgScope,
    org: OrgUnit,
    *,
    default_period: Period | None = None,
    bureau_only: bool = False,
) -> Where:
    """A page about *org* (404 outside *scope*), for the request's ``period``."""
    if not scope.covers_path(org.path):
        raise NotFoundException()
    period = default_period or last_closed_month(today_of(request))
    error = ""
    text = request.query_params.get("period")
    if text:
        try:
            period = Period.parse(text)
        except IndicatorError as exc:
            error = exc.localized(locale_of(request))
    crumbs = [a for a in ancestors(db, org) if scope.covers_path(a.path)]
    orgs = org_choices(db, scope, include=org.id)
    if bureau_only:
        orgs = [o for o in orgs if o.type in BUREAU_TYPES]
    return Where(org, period, scope, orgs, crumbs, error)


def _default_org(db: Session, scope: OrgScope, user: CurrentUser, bureau_only: bool) -> int | None:
    if user.org_id is not None and scope.allows(db, user.org_id):
        home = db.get(OrgUnit, user.org_id)
        if home is not None:
            if not bureau_only or home.type in BUREAU_TYPES:
                return home.id
            for above in reversed(ancestors(db, home)):
                if above.type in BUREAU_TYPES and scope.covers_path(above.path):
                    return above.id
    choices = org_choices(db, scope)
    if bureau_only:
        choices = [o for o in choices if o.type in BUREAU_TYPES]
    return choices[0].id if choices else None


def indicator_at(db: Session, platform: Platform, code: str | None, org: OrgUnit) -> Indicator:
    """The indicator if its plugin is active at *org*; 404 otherwise."""
    try:
        indicator = catalogue(platform.host).indicator(code or "")
    except UnknownIndicator:
        raise NotFoundException() from None
    if indicator.plugin not in active_plugins(db, platform.host, org.id):
        raise NotFoundException()
    return indicator


def base_context(request: Request[Any, Any, Any], where: Where, **more: Any) -> dict[str, Any]:
    return {
        "where": where,
        "org": where.org,
        "period": where.period,
        "locale": locale_of(request),
        "error": where.error,
        **more,
    }


# -- scorecard ----------------------------------------------------------------------------


@get("/indicators", name="indicators_scorecard", opt={PERMISSION: VIEW}, sync_to_thread=True)
def scorecard_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """Every indicator of the organisation for the period, with status, trend and reporting."""
    where = resolve(request, db, current_user)
    card = scorecard(db, platform.host, where.org, where.period, today_of(request))
    context = base_context(
        request,
        where,
        card=card,
        can_manage=current_user.scope(db, MANAGE).allows(db, where.org.id),
    )
    template = "indicators/_scorecard.html" if is_htmx(request) else "indicators/scorecard.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@get("/indicators/export", name="indicators_export", opt={PERMISSION: VIEW}, sync_to_thread=True)
def scorecard_export(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Response[bytes]:
    """The scorecard as CSV or Excel, numerators and denominators included."""
    where = resolve(request, db, current_user)
    locale = locale_of(request)
    card = scorecard(db, platform.host, where.org, where.period, today_of(request))
    fmt = request.query_params.get("format", "xlsx")
    if fmt == "csv":
        content, media, suffix = scorecard_csv(card, locale), "text/csv; charset=utf-8", "csv"
    else:
        content, media, suffix = scorecard_xlsx(card, locale), XLSX, "xlsx"
    name = f"{where.org.name}-{where.period}-指标.{suffix}"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


# -- drill-down, records, definition -------------------------------------------------------


@get(
    "/indicators/breakdown",
    name="indicators_breakdown",
    opt={PERMISSION: VIEW},
    sync_to_thread=True,
)
def breakdown_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """One indicator at the organisation, split over its children (then down again)."""
    where = resolve(request, db, current_user)
    indicator = indicator_at(db, platform, request.query_params.get("indicator"), where.org)
    # After a merge (撤乡并镇) a past period reads two ways: re-mapped onto today's tree
    # (default) or split over the units of that time ("as they were").
    history = has_history(db, where.org)
    as_was = history and request.query_params.get("history") == "as_was"
    result = drill_down(
        db, platform.host, indicator, where.org, where.period, today_of(request), as_was=as_was
    )
    return Template(
        "indicators/breakdown.html",
        context=base_context(
            request, where, indicator=indicator, dd=result, history=history, as_was=as_was
        ),
    )


@get("/indicators/records", name="indicators_records", opt={PERMISSION: VIEW}, sync_to_thread=True)
def records_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """The exact records counted in the indicator's numerator (``part=denominator``: in its
    denominator), a page at a time."""
    where = resolve(request, db, current_user)
    indicator = indicator_at(db, platform, request.query_params.get("indicator"), where.org)
    page = max(_int(request.query_params.get("page")) or 1, 1)
    part = "denominator" if request.query_params.get("part") == "denominator" else "numerator"
    try:
        records = record_page(db, indicator, where.org, where.period, page, part)
    except IndicatorError as exc:
        where.error = exc.localized(locale_of(request))
        records = None
    context = base_context(request, where, indicator=indicator, records=records, part=part)
    template = "indicators/_records.html" if is_htmx(request) else "indicators/records.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@get(
    "/indicators/definition",
    name="indicators_definition",
    opt={PERMISSION: VIEW},
    sync_to_thread=True,
)
def definition_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """What the indicator counts, in plain Chinese, and how it is rounded."""
    where = resolve(request, db, current_user)
    indicator = indicator_at(db, platform, request.query_params.get("indicator"), where.org)
    cat = catalogue(platform.host)
    applied = effective_settings(db, [indicator], where.org)[indicator.code]
    others = [cat.indicators[c] for c in indicator.see_also if c in cat.indicators]
    return Template(
        "indicators/definition.html",
        context=base_context(
            request,
            where,
            indicator=indicator,
            duties=cat.duties_of(indicator),
            plugin_label=cat.plugin_label(indicator.plugin, locale_of(request)),
            applied=applied,
            lists_numerator=lists_records(indicator, "numerator"),
            lists_denominator=lists_records(indicator, "denominator"),
            see_also=[
                (other, effective_settings(db, [other], where.org)[other.code]) for other in others
            ],
        ),
    )


# -- a bureau's own targets and weights ----------------------------------------------------


def parse_decimal(value: Any, label: str = "") -> Decimal | None:
    """A number typed into a form (empty: None); anything else is the user's error."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise IndicatorError(f"{label}“{text}”不是数字", f"{label}{text!r} is not a number")
    return number


def _own_settings(db: Session, org: OrgUnit) -> dict[str, IndicatorSetting]:
    rows = db.exec(select(IndicatorSetting).where(IndicatorSetting.org_id == org.id)).all()
    return {r.indicator: r for r in rows}


def _settings_page(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    where: Where,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
    notice: str = "",
) -> Template:
    indicators = indicators_at(db, platform.host, where.org.id)  # type: ignore[arg-type]
    applied = effective_settings(db, indicators, where.org)
    own = _own_settings(db, where.org)
    return Template(
        "indicators/settings.html",
        status_code=status,
        context=base_context(
            request,
            where,
            indicators=indicators,
            applied=applied,
            own=own,
            errors=errors or {},
            values=values or {},
            notice=notice,
        ),
    )


@get(
    "/indicators/settings",
    name="indicators_settings",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def settings_form(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """A bureau's own targets and weights (empty: the value from above applies)."""
    where = resolve(request, db, current_user, MANAGE, bureau_only=True)
    notice = N_("目标和权重已保存。") if request.query_params.get("saved") else ""
    return _settings_page(request, db, platform, where, notice=notice)


@post(
    "/indicators/settings",
    name="indicators_settings_save",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def settings_save(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    platform: Platform,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    where = resolve(request, db, current_user, MANAGE, bureau_only=True)
    if where.org.type not in BUREAU_TYPES:
        raise NotFoundException()
    locale = locale_of(request)
    errors: dict[str, str] = {}
    values = {k: str(v) for k, v in data.items()}
    indicators = indicators_at(db, platform.host, where.org.id)  # type: ignore[arg-type]
    own = _own_settings(db, where.org)
    for ind in indicators:
        try:
            target = parse_decimal(data.get(f"target:{ind.code}"))
            weight = parse_decimal(data.get(f"weight:{ind.code}"))
            row = own.get(ind.code)
            if (target, weight) == ((row.target, row.weight) if row else (None, None)):
                continue
            save_setting(
                db,
                where.org.id,  # type: ignore[arg-type]
                ind,
                target=target,
                weight=weight,
                expected_version=_int(data.get(f"version:{ind.code}")),
            )
        except IndicatorError as exc:
            errors[ind.code] = exc.localized(locale)
        except StaleRecord as exc:
            db.rollback()
            return _settings_page(
                request,
                db,
                platform,
                where,
                errors={ind.code: exc.message_en if locale == "en" else exc.message},
                values=values,
                status=HTTP_409_CONFLICT,
            )
    if errors:
        db.rollback()
        return _settings_page(
            request, db, platform, where, errors=errors, values=values, status=422
        )
    return Redirect(f"/indicators/settings?{where.query(saved=1)}", status_code=HTTP_303_SEE_OTHER)


@get("/api/v1/indicators", name="api_indicators", opt={PERMISSION: VIEW}, sync_to_thread=True)
def api_scorecard(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> dict[str, Any]:
    """The scorecard as JSON (``org``, ``period``): exact numerators and denominators as text."""
    where = resolve(request, db, current_user)
    card = scorecard(db, platform.host, where.org, where.period, today_of(request))
    return {
        "org_id": where.org.id,
        "org": where.org.name,
        "period": str(where.period),
        "indicators": [
            {
                "code": line.indicator.code,
                "label_zh": line.indicator.label_zh,
                "label_en": line.indicator.label_en,
                "unit": line.indicator.unit.value,
                "period": str(line.period),
                "value": None if line.figure.value is None else str(line.figure.value),
                "numerator": str(line.figure.numerator),
                "denominator": None
                if line.figure.denominator is None
                else str(line.figure.denominator),
                "target": None if line.target is None else str(line.target),
                "status": line.status.value,
                "previous": None if line.previous.value is None else str(line.previous.value),
                "reporting_complete": line.complete,
            }
            for line in card.lines
        ],
        "failed": [i.code for i in card.failed],
    }


ROUTES = [
    api_scorecard,
    scorecard_page,
    scorecard_export,
    breakdown_page,
    records_page,
    definition_page,
    settings_form,
    settings_save,
]
