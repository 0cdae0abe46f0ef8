"""The leaders' dashboard (领导看板): key figures, red items, rankings, charts, widgets.

Charts are SVG drawn on the server (no script library, nothing from the internet; they
print). Plugin widgets (``sifa_dashboard_widgets``) are loaded lazily: the page holds a
placeholder per widget that htmx fills from ``/dashboard/widget`` once the page is shown,
so a slow or broken widget never holds up or breaks the page.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlmodel import Session

from core.identity.current import CurrentUser
from core.indicators.charts import bar_layout, line_layout
from core.indicators.dashboard import dashboard, widgets_at
from core.indicators.widgets import BarChart, KeyFigures, LineChart, WidgetTable
from core.orgs.tree import subtree_ids_select
from core.platform import Platform
from web.guards import PERMISSION
from web.pages_indicators import VIEW, base_context, is_htmx, resolve, today_of

log = logging.getLogger(__name__)


def _unit(indicator: Any, locale: str) -> str:
    if indicator is None:
        return ""
    if indicator.unit.value == "percent":
        return "%"
    return indicator.unit.symbol_en if locale == "en" else indicator.unit.symbol_zh


@get("/dashboard", name="dashboard", opt={PERMISSION: VIEW}, sync_to_thread=True)
def dashboard_page(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """The dashboard of the user's organisation (or another one in scope) for a period."""
    where = resolve(request, db, current_user)
    locale = base_context(request, where)["locale"]
    board = dashboard(
        db,
        platform.host,
        where.org,
        where.period,
        today_of(request),
        request.query_params.get("indicator"),
    )
    focus = board.focus
    unit = _unit(focus, locale)
    comparison = trend = None
    if focus is not None and board.ranking:
        comparison = bar_layout(
            [p.org.name for p in board.ranking],
            [p.figure.value for p in board.ranking],
            target=board.focus_target,
            higher_is_better=focus.direction.value == "higher",
            unit=unit,
        )
    if focus is not None and board.trend:
        trend = line_layout(
            [str(f.period) for f in board.trend],
            [(focus.label(locale), [f.value for f in board.trend])],
            target=board.focus_target,
            unit=unit,
        )
    widgets = widgets_at(db, platform.host, where.org.id, current_user.permissions)  # type: ignore[arg-type]
    return Template(
        "dashboard/dashboard.html",
        context=base_context(
            request,
            where,
            board=board,
            comparison=comparison,
            trend=trend,
            widgets=widgets,
        ),
    )


@get("/dashboard/widget", name="dashboard_widget", opt={PERMISSION: VIEW}, sync_to_thread=True)
def dashboard_widget(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """One plugin widget, rendered for the organisation's subtree and the period."""
    where = resolve(request, db, current_user)
    code = request.query_params.get("code", "")
    widget = next(
        (
            w
            for w in widgets_at(db, platform.host, where.org.id, current_user.permissions)  # type: ignore[arg-type]
            if w.code == code
        ),
        None,
    )
    if widget is None:
        raise NotFoundException()
    context = base_context(request, where, widget=widget, kind="error")
    try:
        content = widget.render(db, subtree_ids_select(where.org), where.period)
    except Exception:  # a broken plugin widget must not break the dashboard
        log.exception("dashboard widget %s failed", widget.code)
        db.rollback()
        content = None
    if isinstance(content, KeyFigures):
        context.update(kind="figures", content=content)
    elif isinstance(content, WidgetTable):
        context.update(kind="table", content=content)
    elif isinstance(content, BarChart):
        context.update(
            kind="bar",
            chart=bar_layout(
                list(content.labels), list(content.values), target=content.target, unit=content.unit
            ),
        )
    elif isinstance(content, LineChart):
        context.update(
            kind="line",
            chart=line_layout(
                list(content.labels),
                [(s.name, list(s.values)) for s in content.series],
                target=content.target,
                unit=content.unit,
            ),
        )
    template = "dashboard/_widget.html" if is_htmx(request) else "dashboard/widget.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


ROUTES = [dashboard_page, dashboard_widget]
