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
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from core.indicators.definitions import Indicator
from core.indicators.numbers import as_decimal, exact, format_amount, round_half_up
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids, subtree_ids_select

__all__ = [
    "Breakdown",
    "Counts",
    "Figure",
    "breakdown",
    "collect",
    "figure_of",
    "rollup",
]


@dataclass(frozen=True)
class Counts:
    """A numerator and a denominator, exact; they add up (pooling)."""

    numerator: Fraction = Fraction(0)
    denominator: Fraction = Fraction(0)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.numerator + other.numerator, self.denominator + other.denominator)


ZERO = Counts()


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


def pooled(counts: Iterable[Counts]) -> Counts:
    total = ZERO
    for c in counts:
        total = total + c
    return total


def rollup(session: Session, indicator: Indicator, org: OrgUnit, period: Period) -> Figure:
    """The indicator for *org* and everything under it: one query, pooled."""
    effective = indicator.period_for(period)
    per_org = collect(session, indicator, subtree_ids_select(org), effective)
    return figure_of(indicator, effective, pooled(per_org.values()))


@dataclass(frozen=True)
class Breakdown:
    """A node's figure and its parts: its own rows and each listed unit's subtree."""

    total: Figure
    own: Figure | None
    parts: list[tuple[OrgUnit, Figure]]


def _paths(session: Session, ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found.update(
            session.exec(select(OrgUnit.id, OrgUnit.path).where(col(OrgUnit.id).in_(chunk))).all()
        )
    return found


def assign(
    session: Session, per_org: dict[int, Counts], units: Sequence[OrgUnit]
) -> tuple[dict[int, Counts], dict[int, Counts]]:
    """Sum per-organisation counts into the listed *units* (each with its subtree).

    Returns ``(by unit id, left over by org id)``: rows of organisations under none of
    the units (the parent's own rows, for example) are left over.
    """
    unit_ids = {u.id for u in units}
    by_unit: dict[int, Counts] = {uid: ZERO for uid in unit_ids if uid is not None}
    rest: dict[int, Counts] = {}
    paths = _paths(session, list(per_org))
    for org_id, counts in per_org.items():
        owner = next((i for i in path_ids(paths.get(org_id, "/")) if i in unit_ids), None)
        if owner is None:
            rest[org_id] = rest.get(org_id, ZERO) + counts
        else:
            by_unit[owner] = by_unit[owner] + counts
    return by_unit, rest


def breakdown(
    session: Session,
    indicator: Indicator,
    org: OrgUnit,
    period: Period,
    units: Sequence[OrgUnit],
) -> Breakdown:
    """*org*'s figure split over *units* (its children, or all its stations), one query.

    The parts and the org's own rows add up to the total exactly: numerators and
    denominators are summed, never the rates.
    """
    effective = indicator.period_for(period)
    per_org = collect(session, indicator, subtree_ids_select(org), effective)
    by_unit, rest = assign(session, per_org, units)
    total = figure_of(indicator, effective, pooled(per_org.values()))
    own = figure_of(indicator, effective, pooled(rest.values())) if rest else None
    parts = [(u, figure_of(indicator, effective, by_unit[u.id])) for u in units]  # type: ignore[index]
    return Breakdown(total, own, parts)
