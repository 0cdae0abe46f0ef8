"""The arithmetic of indicators: ask the plugin, sum up the tree, divide last.

An indicator's query returns one ``(org_id, numerator, denominator)`` row per
organisation (an aggregate statement). The engine sums those rows for any node of the
tree — the node itself and everything under it — and only then divides, so a bureau's
rate is the rate over all its rows. Averaging the stations' rates would weigh a station
with 10 cases like one with 10,000; pooling does not (DHIS2's rule).

The sums are Python over per-organisation rows (a few hundred at most for a county), never
over records; they are exact fractions until the one final rounding, half up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from core.indicators.aggregates import remember, subtree_counts
from core.indicators.definitions import Indicator
from core.indicators.numbers import as_decimal, exact, format_amount, round_half_up
from core.indicators.periods import Period
from core.orgs.history import (
    assign_as_of,
    chains_as_of,
    counted_ids_select,
    merged_into,
    remap_today,
    units_as_of,
)
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids

__all__ = [
    "Breakdown",
    "Counts",
    "Figure",
    "breakdown",
    "collect",
    "figure_of",
    "rollup",
    "subtree_collect",
]


@dataclass(frozen=True)
class Counts:
    """A numerator and a denominator, exact; they add up (pooling)."""

    numerator: Fraction = Fraction(0)
    denominator: Fraction = Fraction(0)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.numerator + other.numerator, self.denominator + other.denominator)


ZERO = Counts()
#: ``session.info`` key of organisation paths already read (see :func:`_paths`).
PATHS = "sifa.org_paths"


@dataclass(frozen=True)
class Figure:
    """One indicator's value for one organisation and period, with what it was made of.

    ``value`` is rounded half up to the indicator's decimals; ``None`` means no data (a
    rate whose denominator is zero), which is not the same as zero.
    """

    indicator: Indicator
    period: Period
    counts: Counts
    value: Decimal | None

    @property
    def numerator(self) -> Decimal:
        return as_decimal(self.counts.numerator)

    @property
    def denominator(self) -> Decimal | None:
        return as_decimal(self.counts.denominator) if self.indicator.ratio else None

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def fraction_text(self) -> str:
        """``13,702/14,662`` for a rate; the amount itself for a count or sum."""
        if not self.indicator.ratio:
            return format_amount(self.counts.numerator)
        return f"{format_amount(self.counts.numerator)}/{format_amount(self.counts.denominator)}"

    def display(self, locale: str = "zh") -> str:
        """``93.5%``, ``12.3 天``, ``1,234`` — or ``—`` without data."""
        if self.value is None:
            return "—"
        text = f"{self.value:,}"
        unit = self.indicator.unit
        if unit.value == "percent":
            return f"{text}%"
        symbol = unit.symbol_en.strip() if locale == "en" else unit.symbol_zh
        return f"{text} {symbol}" if symbol else text


def figure_of(indicator: Indicator, period: Period, counts: Counts) -> Figure:
    """Turn pooled counts into the indicator's value (the one place that divides)."""
    if indicator.ratio:
        if counts.denominator == 0:
            return Figure(indicator, period, counts, None)
        value = counts.numerator * indicator.scale / counts.denominator
    else:
        value = counts.numerator
    return Figure(indicator, period, counts, round_half_up(value, indicator.decimals))


def _row_counts(row: Any) -> tuple[int, Counts]:
    values = tuple(row)
    org_id = int(values[0])
    numerator = exact(values[1]) if len(values) > 1 else Fraction(0)
    denominator = exact(values[2]) if len(values) > 2 else Fraction(0)
    return org_id, Counts(numerator, denominator)


def collect(
    session: Session, indicator: Indicator, org_ids_select: Any, period: Period
) -> dict[int, Counts]:
    """Per organisation, the counts the plugin's query returns (rows for one org are added)."""
    found: dict[int, Counts] = {}
    for row in indicator.query(session, org_ids_select, period):
        org_id, counts = _row_counts(row)
        found[org_id] = found.get(org_id, ZERO) + counts
    return found


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum, whole numbers added as ints: a province's scorecard pools thousands
    of per-organisation counts per line, and ``Fraction`` addition normalises each time."""
    whole = 0
    parts = Fraction(0)
    for v in values:
        if v.denominator == 1:
            whole += v.numerator
        else:
            parts += v
    return parts + whole


def pooled(counts: Iterable[Counts]) -> Counts:
    """The counts added up (numerators and denominators apart: the pooled rule)."""
    counts = list(counts)
    return Counts(exact_sum(c.numerator for c in counts), exact_sum(c.denominator for c in counts))


def subtree_collect(
    session: Session, indicator: Indicator, org: OrgUnit, effective: Period
) -> dict[int, Counts]:
    """Per organisation in *org*'s subtree, the counts for *effective* (a period the
    indicator is evaluated over): from the maintained aggregates when materialised
    (:mod:`core.indicators.aggregates`), else from the plugin's query; either way kept for
    the rest of the session, so a page that shows a figure twice asks once."""
    found = subtree_counts(session, indicator, org, effective)
    if found is None:
        found = collect(session, indicator, counted_ids_select(session, org), effective)
        remember(session, indicator, org, effective, found)
    return found


def rollup(session: Session, indicator: Indicator, org: OrgUnit, period: Period) -> Figure:
    """The indicator for *org* and everything under it: one query, pooled."""
    effective = indicator.period_for(period)
    per_org = subtree_collect(session, indicator, org, effective)
    return figure_of(indicator, effective, pooled(per_org.values()))


@dataclass(frozen=True)
class Breakdown:
    """A node's figure and its parts: its own rows and each listed unit's subtree."""

    total: Figure
    own: Figure | None
    parts: list[tuple[OrgUnit, Figure]]


def _paths(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Paths of *ids*, kept for the session: a dashboard splits every indicator over the
    same organisations, so the tree is read once per page, not once per indicator."""
    known: dict[int, str] = session.info.setdefault(PATHS, {})
    missing = [i for i in ids if i not in known]
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        known.update(
            session.exec(select(OrgUnit.id, OrgUnit.path).where(col(OrgUnit.id).in_(chunk))).all()
        )
    return {i: known[i] for i in ids if i in known}


def assign(
    session: Session, per_org: dict[int, Counts], units: Sequence[OrgUnit]
) -> tuple[dict[int, Counts], dict[int, Counts]]:
    """Sum per-organisation counts into the listed *units* (each with its subtree).

    Returns ``(by unit id, left over by org id)``: rows of organisations under none of
    the units (the parent's own rows, for example) are left over.
    """
    unit_ids = {u.id for u in units}
    owned: dict[int, list[Counts]] = {uid: [] for uid in unit_ids if uid is not None}
    rest: dict[int, Counts] = {}
    paths = _paths(session, list(per_org))
    for org_id, counts in per_org.items():
        owner = next((i for i in path_ids(paths.get(org_id, "/")) if i in unit_ids), None)
        if owner is None:
            rest[org_id] = rest.get(org_id, ZERO) + counts
        else:
            owned[owner].append(counts)
    return {uid: pooled(found) for uid, found in owned.items()}, rest


def last_day(period: Period) -> date:
    """The period's last day, the day whose tree "as it was" shows."""
    return period.end - timedelta(days=1)


def history_units(session: Session, org: OrgUnit, period: Period) -> list[OrgUnit]:
    """*org*'s children as they were on the period's last day, and the units merged into
    its branch since (their rows count for *org* today, so "as they were" shows them)."""
    return units_as_of(session, org, last_day(period)) + merged_into(session, org)


def breakdown(
    session: Session,
    indicator: Indicator,
    org: OrgUnit,
    period: Period,
    units: Sequence[OrgUnit],
    *,
    as_was: bool = False,
) -> Breakdown:
    """*org*'s figure split over *units* (its children, or all its stations), one query.

    The parts and the org's own rows add up to the total exactly: numerators and
    denominators are summed, never the rates. By default a merged unit's rows count under
    its successor (today's tree); with *as_was* they are split by the tree as it stood on
    the period's last day (:mod:`core.orgs.history`), and *units* should be the units of
    that day (:func:`history_units`).
    """
    effective = indicator.period_for(period)
    per_org = subtree_collect(session, indicator, org, effective)
    if as_was:
        chains = chains_as_of(session, per_org, last_day(effective))
        by_unit, rest = assign_as_of(chains, per_org, units, ZERO)
    else:
        by_unit, rest = assign(session, remap_today(session, per_org), units)
    total = figure_of(indicator, effective, pooled(per_org.values()))
    own = figure_of(indicator, effective, pooled(rest.values())) if rest else None
    parts = [(u, figure_of(indicator, effective, by_unit[u.id])) for u in units]  # type: ignore[index]
    return Breakdown(total, own, parts)
