"""Scorecards (指标记分卡): every indicator of an organisation for a period, and its parts.

A scorecard line carries the value and what it was made of (numerator/denominator), the
target and weight in force, the status, the trend against the previous period and the
reporting completeness behind the figure. The drill-down splits one indicator over the
organisation's children (or all its stations) with the same arithmetic, so the parts and
the whole always agree.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from core.indicators.aggregates import prefetch_pairs
from core.indicators.completeness import Completeness, completeness, completeness_by_unit
from core.indicators.definitions import Indicator
from core.indicators.engine import Figure, breakdown, history_units, rollup
from core.indicators.periods import Period
from core.indicators.registry import catalogue, indicators_at
from core.indicators.targets import (
    Status,
    Trend,
    effective_settings,
    effective_settings_many,
    status_of,
    trend_of,
)
from core.orgs.models import OrgUnit
from core.orgs.tree import children
from core.plugins import PluginHost

__all__ = ["Line", "Part", "Scorecard", "drill_down", "drill_downs", "line_for", "scorecard"]

log = logging.getLogger(__name__)


@dataclass
class Line:
    """One indicator on a scorecard."""

    indicator: Indicator
    figure: Figure
    previous: Figure
    target: Decimal | None
    weight: Decimal
    status: Status
    trend: Trend
    completeness: list[Completeness] = field(default_factory=list)
    raw_status: Status = Status.NO_TARGET  # the colour by what was reported, incomplete or not

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.completeness)

    @property
    def period(self) -> Period:
        return self.figure.period


@dataclass
class Scorecard:
    org: OrgUnit
    period: Period
    lines: list[Line]
    plugin_labels: dict[str, tuple[str, str]]
    failed: list[Indicator] = field(default_factory=list)

    def groups(self, locale: str = "zh") -> list[tuple[str, list[Line]]]:
        """Lines grouped by service line (plugin), in catalogue order."""
        grouped: dict[str, list[Line]] = {}
        for line in self.lines:
            grouped.setdefault(line.indicator.plugin, []).append(line)
        out = []
        for plugin, lines in grouped.items():
            zh, en = self.plugin_labels.get(plugin, (plugin, plugin))
            out.append((en if locale == "en" else zh, lines))
        return out

    @property
    def red(self) -> list[Line]:
        return [line for line in self.lines if line.status is Status.RED]


class _CompletenessCache:
    """Completeness per (duty, period) for one organisation, computed once per page."""

    def __init__(self, session: Session, org: OrgUnit, today: date) -> None:
        self.session, self.org, self.today = session, org, today
        self._found: dict[tuple[str, str], Completeness] = {}

    def of(self, host: PluginHost, indicator: Indicator, period: Period) -> list[Completeness]:
        out = []
        for duty in catalogue(host).duties_of(indicator):
            key = (duty.code, str(period))
            if key not in self._found:
                self._found[key] = completeness(self.session, duty, self.org, period, self.today)
            if self._found[key].applies:
                out.append(self._found[key])
        return out


def line_for(
    session: Session,
    host: PluginHost,
    indicator: Indicator,
    org: OrgUnit,
    period: Period,
    today: date,
    *,
    target: Decimal | None,
    weight: Decimal,
    cache: _CompletenessCache | None = None,
) -> Line:
    figure = rollup(session, indicator, org, period)
    previous = rollup(session, indicator, org, figure.period.previous())
    effective_target = indicator.target_for(target, figure.period)
    cache = cache or _CompletenessCache(session, org, today)
    parts = cache.of(host, indicator, figure.period)
    complete = all(c.complete for c in parts)
    return Line(
        indicator=indicator,
        figure=figure,
        previous=previous,
        target=effective_target,
        weight=weight,
        status=status_of(indicator, figure, effective_target, complete=complete),
        trend=trend_of(indicator, figure, previous),
        completeness=parts,
        raw_status=status_of(indicator, figure, effective_target),
    )


def scorecard(
    session: Session,
    host: PluginHost,
    org: OrgUnit,
    period: Period,
    today: date,
    *,
    codes: Sequence[str] | None = None,
) -> Scorecard:
    """Every indicator active at *org* (or just *codes*) for *period*."""
    indicators = indicators_at(session, host, org.id)  # type: ignore[arg-type]
    if codes is not None:
        indicators = [i for i in indicators if i.code in codes]
    applied = effective_settings(session, indicators, org)
    cache = _CompletenessCache(session, org, today)
    # This period and the last of every line, read from the aggregates in one statement.
    prefetch_pairs(
        session,
        org,
        [
            (i, p)
            for i in indicators
            for p in (i.period_for(period), i.period_for(period).previous())
        ],
    )
    lines: list[Line] = []
    failed: list[Indicator] = []
    for ind in indicators:
        try:
            with session.begin_nested():  # a broken plugin query must not spoil the others
                lines.append(
                    line_for(
                        session,
                        host,
                        ind,
                        org,
                        period,
                        today,
                        target=applied[ind.code].target,
                        weight=applied[ind.code].weight,
                        cache=cache,
                    )
                )
        except Exception:
            log.exception("indicator %s failed for org %s, period %s", ind.code, org.id, period)
            failed.append(ind)
    return Scorecard(org, period, lines, catalogue(host).plugin_labels, failed)


@dataclass
class Part:
    """One unit's share of an indicator in a drill-down."""

    org: OrgUnit
    figure: Figure
    target: Decimal | None
    status: Status
    completeness: list[Completeness]
    has_children: bool
    raw_status: Status = Status.NO_TARGET  # the colour by what was reported


@dataclass
class DrillDown:
    indicator: Indicator
    org: OrgUnit
    total: Part
    own: Figure | None
    parts: list[Part]


def drill_down(
    session: Session,
    host: PluginHost,
    indicator: Indicator,
    org: OrgUnit,
    period: Period,
    today: date,
    units: Sequence[OrgUnit] | None = None,
    *,
    as_was: bool = False,
) -> DrillDown:
    """*indicator* at *org* split over its children (or the given *units*); with *as_was*,
    over the children it had on the period's last day (merged units as they were)."""
    if units is None:
        units = (
            history_units(session, org, indicator.period_for(period))
            if as_was
            else children(session, org.id)  # type: ignore[arg-type]
        )
    return drill_downs(session, host, [indicator], org, period, today, units, as_was=as_was)[
        indicator.code
    ]


def drill_downs(
    session: Session,
    host: PluginHost,
    indicators: Sequence[Indicator],
    org: OrgUnit,
    period: Period,
    today: date,
    units: Sequence[OrgUnit],
    *,
    as_was: bool = False,
) -> dict[str, DrillDown]:
    """Several indicators split over the same *units* in one pass, by indicator code.

    What every indicator shares is read once: which units have children, the targets of
    every indicator at the organisation and each unit (one statement each), and each
    reporting duty's completeness per unit for a period (one split of the duty's reports,
    however many indicators it backs). A dashboard drilled down indicator by indicator
    read all of it again for each line.
    """
    with_children = _with_children(session, units)
    settings = effective_settings_many(session, list(indicators), [org, *units])
    split: dict[tuple[str, str], tuple[Completeness, dict[int, Completeness]]] = {}
    found: dict[str, DrillDown] = {}
    for indicator in indicators:
        result = breakdown(session, indicator, org, period, units, as_was=as_was)
        effective = result.total.period
        totals: list[Completeness] = []
        per_unit: dict[int, list[Completeness]] = {u.id: [] for u in units}  # type: ignore[misc]
        for duty in catalogue(host).duties_of(indicator):
            key = (duty.code, str(effective))
            if key not in split:
                split[key] = completeness_by_unit(session, duty, org, effective, today, units)
            total, by_unit = split[key]
            if total.applies:
                totals.append(total)
            for uid, c in by_unit.items():
                if c.applies:
                    per_unit[uid].append(c)

        def part(
            unit: OrgUnit,
            figure: Figure,
            parts: list[Completeness],
            indicator: Indicator = indicator,
            effective: Period = effective,
        ) -> Part:
            target = settings[unit.id][indicator.code].target  # type: ignore[index]
            target = indicator.target_for(target, effective)
            complete = all(c.complete for c in parts)
            return Part(
                unit,
                figure,
                target,
                status_of(indicator, figure, target, complete=complete),
                parts,
                unit.id in with_children,
                status_of(indicator, figure, target),
            )

        shown = [
            part(unit, figure, per_unit[unit.id])  # type: ignore[index]
            for unit, figure in result.parts
            if unit.active or figure.counts.numerator or figure.counts.denominator
        ]
        found[indicator.code] = DrillDown(
            indicator, org, part(org, result.total, totals), result.own, shown
        )
    return found


def _with_children(session: Session, units: Sequence[OrgUnit]) -> set[int]:
    ids = [u.id for u in units]
    if not ids:
        return set()
    rows = session.exec(
        select(OrgUnit.parent_id).where(col(OrgUnit.parent_id).in_(ids)).distinct()
    ).all()
    return {r for r in rows if r is not None}
