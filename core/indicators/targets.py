"""Targets, weights and what a figure means against them: green, amber, red (红黄绿).

Plugins give defaults; a bureau may set its own target and weight for its subtree
(``indicator_setting``; the nearest ancestor's setting wins, like module activation).
The status compares the *rounded* value — the one people see — with the target, so a
figure shown as 90.0% never shows red against a 90% target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session, col, select

from core.indicators.definitions import Direction, Indicator
from core.indicators.engine import Figure
from core.indicators.errors import IndicatorError
from core.indicators.models import IndicatorSetting
from core.locking import check_version
from core.modules.service import ancestor_ids
from core.orgs.models import OrgUnit

__all__ = [
    "Status",
    "Trend",
    "effective_settings",
    "effective_settings_many",
    "save_setting",
    "status_of",
    "trend_of",
]


class Status(StrEnum):
    GREEN = "green"  # 达标
    AMBER = "amber"  # 接近目标
    RED = "red"  # 未达标
    NO_TARGET = "none"  # 无目标
    NO_DATA = "no_data"  # 无数据 (a rate with nothing to divide by)
    INCOMPLETE = "incomplete"  # 报送不完整: the figure may look better than the truth

    @property
    def label_zh(self) -> str:
        return {
            "green": "达标",
            "amber": "接近目标",
            "red": "未达标",
            "none": "无目标",
            "no_data": "无数据",
            "incomplete": "报送不完整",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "green": "On target",
            "amber": "Near target",
            "red": "Below target",
            "none": "No target",
            "no_data": "No data",
            "incomplete": "Reporting incomplete",
        }[self.value]


@dataclass(frozen=True)
class Applied:
    """The target and weight that apply at an organisation, and who set them."""

    target: Decimal | None
    weight: Decimal
    target_org_id: int | None = None
    weight_org_id: int | None = None


def effective_settings(
    session: Session, indicators: list[Indicator], org: OrgUnit
) -> dict[str, Applied]:
    """Per indicator code, the target and weight in force at *org* (nearest setting wins)."""
    return effective_settings_many(session, indicators, [org])[org.id]  # type: ignore[index]


def effective_settings_many(
    session: Session, indicators: list[Indicator], orgs: list[OrgUnit]
) -> dict[int, dict[str, Applied]]:
    """:func:`effective_settings` for several organisations, in one query."""
    chains = {org.id: ancestor_ids(org) for org in orgs}
    every = sorted({oid for chain in chains.values() for oid in chain})
    codes = [i.code for i in indicators]
    rows = (
        session.exec(
            select(IndicatorSetting).where(
                col(IndicatorSetting.org_id).in_(every), col(IndicatorSetting.indicator).in_(codes)
            )
        ).all()
        if every and codes
        else []
    )
    by_key = {(r.org_id, r.indicator): r for r in rows}
    result: dict[int, dict[str, Applied]] = {}
    for org_id, chain in chains.items():
        applied: dict[str, Applied] = {}
        for ind in indicators:
            mine = [by_key[(oid, ind.code)] for oid in chain if (oid, ind.code) in by_key]
            target_row = next((r for r in mine if r.target is not None), None)
            weight_row = next((r for r in mine if r.weight is not None), None)
            applied[ind.code] = Applied(
                target=target_row.target if target_row else ind.target,
                weight=weight_row.weight if weight_row else ind.weight,
                target_org_id=target_row.org_id if target_row else None,
                weight_org_id=weight_row.org_id if weight_row else None,
            )
        result[org_id] = applied  # type: ignore[index]
    return result


def save_setting(
    session: Session,
    org_id: int,
    indicator: Indicator,
    *,
    target: Decimal | None,
    weight: Decimal | None,
    expected_version: int | None = None,
) -> IndicatorSetting:
    """Set (or with both None, clear) a bureau's own target and weight for an indicator."""
    if weight is not None and weight < 0:
        raise IndicatorError("权重不能为负数", "The weight must not be negative")
    if target is not None and indicator.unit.value == "percent" and not 0 <= target <= 100:
        raise IndicatorError("百分比目标须在 0 到 100 之间", "A percentage target must be 0–100")
    row = session.exec(
        select(IndicatorSetting).where(
            IndicatorSetting.org_id == org_id, IndicatorSetting.indicator == indicator.code
        )
    ).first()
    if row is None:
        row = IndicatorSetting(org_id=org_id, indicator=indicator.code)
        session.add(row)
    else:
        check_version(row, expected_version)
        row.version += 1
        row.updated_at = datetime.now(UTC)
    row.target = target
    row.weight = weight
    session.flush()
    return row


def _band(indicator: Indicator, target: Decimal) -> Decimal:
    band = indicator.default_amber_band
    return band if band is not None else abs(target) / 10


def status_of(
    indicator: Indicator, figure: Figure, target: Decimal | None, *, complete: bool = True
) -> Status:
    """Green at or beyond the target, amber within the band, red beyond it.

    Incomplete reporting wins over every colour: a station that reported nothing has
    nothing to be green about.
    """
    if not complete:
        return Status.INCOMPLETE
    if figure.value is None:
        return Status.NO_DATA
    if target is None:
        return Status.NO_TARGET
    value = figure.value
    band = _band(indicator, target)
    if indicator.direction is Direction.HIGHER:
        if value >= target:
            return Status.GREEN
        return Status.AMBER if value >= target - band else Status.RED
    if value <= target:
        return Status.GREEN
    return Status.AMBER if value <= target + band else Status.RED


class TrendDirection(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    NONE = "none"


@dataclass(frozen=True)
class Trend:
    """The change against the previous period, and whether that is good news."""

    direction: TrendDirection
    delta: Decimal | None
    better: bool | None

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "flat": "→", "none": ""}[self.direction.value]

    @property
    def delta_text(self) -> str:
        if self.delta is None:
            return "—"
        return f"{self.delta:+,}"


def trend_of(indicator: Indicator, current: Figure, previous: Figure) -> Trend:
    if current.value is None or previous.value is None:
        return Trend(TrendDirection.NONE, None, None)
    delta = current.value - previous.value
    if delta == 0:
        return Trend(TrendDirection.FLAT, delta, None)
    up = delta > 0
    better = up if indicator.direction is Direction.HIGHER else not up
    return Trend(TrendDirection.UP if up else TrendDirection.DOWN, delta, better)
