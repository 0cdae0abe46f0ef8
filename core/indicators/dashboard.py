"""The leaders' dashboard (领导看板): key figures, red items, rankings and trends.

Everything comes from the same engine as the scorecard, so the dashboard and every other
page agree to the last digit. Red items (below target by what was reported) are looked for
at the organisation and at each of its children (one drill-down per indicator); missing
reports are listed once per reporting duty; the ranking orders the children by one
indicator, best first as the indicator's direction says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from core.indicators.aggregates import prefetch_pairs
from core.indicators.completeness import Completeness
from core.indicators.definitions import Direction, Indicator
from core.indicators.engine import Figure, rollup
from core.indicators.periods import Period
from core.indicators.registry import catalogue
from core.indicators.scorecard import Part, Scorecard, drill_downs, scorecard
from core.indicators.targets import Status, effective_settings
from core.indicators.widgets import DashboardWidget
from core.modules.service import active_plugins
from core.orgs.models import OrgUnit
from core.orgs.tree import children
from core.plugins import PluginHost

__all__ = ["Dashboard", "RedItem", "dashboard", "ranking", "trend_series", "widgets_at"]

TREND_LENGTH = {"month": 12, "quarter": 8, "year": 5}


@dataclass
class RedItem:
    """An indicator below target at the organisation or one child (by the data reported)."""

    org: OrgUnit
    indicator: Indicator
    figure: Figure
    target: Decimal | None
    status: Status


@dataclass
class Dashboard:
    card: Scorecard
    red: list[RedItem]
    incomplete: list[Completeness]
    focus: Indicator | None
    ranking: list[Part]
    trend: list[Figure]
    focus_target: Decimal | None


def ranking(parts: list[Part], indicator: Indicator) -> list[Part]:
    """Children best first; those without data last."""
    with_data = [p for p in parts if p.figure.value is not None]
    without = [p for p in parts if p.figure.value is None]
    with_data.sort(
        key=lambda p: p.figure.value,  # type: ignore[arg-type, return-value]
        reverse=indicator.direction is Direction.HIGHER,
    )
    return with_data + without


def trend_series(
    session: Session, indicator: Indicator, org: OrgUnit, period: Period
) -> list[Figure]:
    """The indicator over the last periods of its own type up to *period*, oldest first."""
    last = indicator.period_for(period)
    count = TREND_LENGTH[last.kind.value]
    periods = [last.shifted(-k) for k in range(count - 1, -1, -1)]
    prefetch_pairs(session, org, [(indicator, p) for p in periods])  # one statement
    return [rollup(session, indicator, org, p) for p in periods]


def dashboard(
    session: Session,
    host: PluginHost,
    org: OrgUnit,
    period: Period,
    today: date,
    focus_code: str | None = None,
) -> Dashboard:
    card = scorecard(session, host, org, period, today)
    red = [
        RedItem(org, line.indicator, line.figure, line.target, line.status)
        for line in card.lines
        if line.raw_status is Status.RED
    ]
    incomplete: dict[str, Completeness] = {}
    for line in card.lines:
        for c in line.completeness:
            if not c.complete:
                incomplete.setdefault(c.duty.code, c)
    focus = next((ln.indicator for ln in card.lines if ln.indicator.code == focus_code), None)
    if focus is None:
        focus = next(
            (ln.indicator for ln in card.lines if ln.indicator.ratio and ln.target is not None),
            card.lines[0].indicator if card.lines else None,
        )
    parts: list[Part] = []
    units = children(session, org.id)  # type: ignore[arg-type]  # once, not once per line
    # Every line split over the same children in one pass (shared targets, completeness).
    splits = drill_downs(
        session, host, [ln.indicator for ln in card.lines], org, period, today, units
    )
    for line in card.lines:
        dd = splits[line.indicator.code]
        red.extend(
            RedItem(p.org, line.indicator, p.figure, p.target, p.raw_status)
            for p in dd.parts
            if p.raw_status is Status.RED
        )
        if focus is not None and line.indicator.code == focus.code:
            parts = dd.parts
    red.sort(key=lambda r: r.org.id != org.id)
    trend = trend_series(session, focus, org, period) if focus is not None else []
    target = None
    if focus is not None:
        applied = effective_settings(session, [focus], org)[focus.code].target
        target = applied if focus.ratio else None
    return Dashboard(
        card=card,
        red=red,
        incomplete=list(incomplete.values()),
        focus=focus,
        ranking=ranking(parts, focus) if focus is not None else [],
        trend=trend,
        focus_target=target,
    )


def widgets_at(
    session: Session, host: PluginHost, org_id: int, permissions: frozenset[str]
) -> list[DashboardWidget]:
    """The widgets of plugins active at *org_id* that the user may see, in order."""
    active = active_plugins(session, host, org_id)
    found = [
        w
        for w in catalogue(host).widgets.values()
        if w.plugin in active and (w.permission is None or w.permission in permissions)
    ]
    return sorted(found, key=lambda w: (w.order, w.title_zh))
