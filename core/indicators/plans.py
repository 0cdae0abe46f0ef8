"""Multi-year creation plans (创建计划): which stations should reach a standard by when.

The 乐陵市 plan for Fengqiao-style stations (枫桥式司法所) is the model: 16 stations, 7 by
the end of 2021, 13 by 2022, all 16 by 2023. A plan holds the cumulative target per year
and, per station, the year it is meant to reach the standard and the year it did. A
station reaches the standard when a closed period of the plan's assessment scheme shows it
at or above the pass score (recorded automatically on closing), or when the bureau records
it by hand (a recognition decided outside the system).

Coverage is computed the one way the platform rounds: exactly, half up, one decimal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

from sqlmodel import Session, col, select

from core.indicators.errors import PlanError
from core.indicators.models import (
    AssessmentClosure,
    AssessmentScheme,
    CreationPlan,
    CreationPlanStation,
    CreationPlanYear,
)
from core.indicators.numbers import round_half_up
from core.indicators.periods import Period
from core.locking import check_version
from core.orgs.models import OrgType, OrgUnit
from core.orgs.tree import path_ids, subtree_predicate

__all__ = [
    "PlanProgress",
    "YearProgress",
    "apply_closure",
    "create_plan",
    "plan_progress",
    "set_reached",
    "stations_of",
]


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else round_half_up(Fraction(part * 100, whole), 1)


def create_plan(
    session: Session,
    org_id: int,
    name: str,
    targets: Mapping[int, int],
    *,
    scheme_id: int | None = None,
    station_years: Mapping[int, int | None] | None = None,
) -> CreationPlan:
    """A plan of the bureau *org_id*: cumulative *targets* per year, stations' target years."""
    bureau = session.get(OrgUnit, org_id)
    if bureau is None or bureau.type not in (OrgType.PROVINCE, OrgType.CITY_BUREAU, OrgType.BUREAU):
        raise PlanError("创建计划由司法局制定", "Creation plans belong to a bureau")
    clean = (name or "").strip()
    if not clean or len(clean) > 100:
        raise PlanError("请填写计划名称（100 字以内）", "Give the plan a name (≤ 100)")
    if not targets:
        raise PlanError("请至少填写一个年度目标", "Give at least one yearly target")
    stations = {s.id: s for s in stations_of(session, bureau)}
    previous = 0
    for year in sorted(targets):
        count = targets[year]
        if count < previous:
            raise PlanError(
                f"{year} 年的累计目标不能少于上一年", f"The {year} target is below the year before"
            )
        if count > len(stations):
            raise PlanError(
                f"{year} 年目标 {count} 个超过了司法所总数 {len(stations)} 个",
                f"The {year} target exceeds the {len(stations)} stations",
            )
        previous = count
    if scheme_id is not None:
        scheme = session.get(AssessmentScheme, scheme_id)
        if scheme is None or scheme.org_id != org_id:
            raise PlanError("考核方案不属于本局", "The scheme belongs to another bureau")
    plan = CreationPlan(org_id=org_id, name=clean, scheme_id=scheme_id)
    session.add(plan)
    session.flush()
    for year, count in sorted(targets.items()):
        session.add(CreationPlanYear(plan_id=plan.id, year=year, target_count=count))  # type: ignore[arg-type]
    for station_id, year in (station_years or {}).items():
        if station_id not in stations:
            raise PlanError(
                "只能把本局的司法所列入计划", "Only the bureau's stations can be planned"
            )
        session.add(CreationPlanStation(plan_id=plan.id, org_id=station_id, target_year=year))  # type: ignore[arg-type]
    session.flush()
    return plan


def stations_of(session: Session, bureau: OrgUnit) -> list[OrgUnit]:
    """The active stations under *bureau*, in creation order."""
    rows = session.exec(
        select(OrgUnit).where(
            subtree_predicate(bureau),
            OrgUnit.type == OrgType.STATION,
            col(OrgUnit.active).is_(True),
        )
    ).all()
    return sorted(rows, key=lambda o: path_ids(o.path))


def _entry(session: Session, plan: CreationPlan, org_id: int) -> CreationPlanStation:
    row = session.exec(
        select(CreationPlanStation).where(
            CreationPlanStation.plan_id == plan.id, CreationPlanStation.org_id == org_id
        )
    ).first()
    if row is None:
        row = CreationPlanStation(plan_id=plan.id, org_id=org_id)  # type: ignore[arg-type]
        session.add(row)
    return row


def set_reached(
    session: Session,
    plan: CreationPlan,
    org_id: int,
    *,
    reached_year: int | None,
    target_year: int | None,
    expected_version: int | None = None,
) -> CreationPlanStation:
    """Record by hand a station's target year and the year it reached the standard."""
    bureau = session.get(OrgUnit, plan.org_id)
    if bureau is None or org_id not in {s.id for s in stations_of(session, bureau)}:
        raise PlanError("只能记录本局的司法所", "Only the bureau's stations can be recorded")
    for year in (reached_year, target_year):
        if year is not None and not 1990 <= year <= 2100:
            raise PlanError("年份无效", "Invalid year")
    row = _entry(session, plan, org_id)
    if row.id is not None:
        check_version(row, expected_version)
        row.version += 1
    row.reached_year = reached_year
    row.target_year = target_year
    row.closure_id = None
    row.updated_at = datetime.now(UTC)
    session.flush()
    return row


def apply_closure(session: Session, closure: AssessmentClosure, results: Sequence[object]) -> int:
    """Record stations that reached the standard in a closed period, in every plan using the
    scheme. An earlier year already recorded stays. Returns how many entries changed."""
    plans = session.exec(
        select(CreationPlan).where(CreationPlan.scheme_id == closure.scheme_id)
    ).all()
    year = Period.parse(closure.period).year
    changed = 0
    for plan in plans:
        for result in results:
            if not getattr(result, "reached", False):
                continue
            row = _entry(session, plan, result.org_id)  # type: ignore[attr-defined]
            if row.reached_year is not None and row.reached_year <= year:
                continue
            row.reached_year = year
            row.closure_id = closure.id
            row.version = (row.version or 0) + 1 if row.id is not None else 1
            row.updated_at = datetime.now(UTC)
            changed += 1
    session.flush()
    return changed


@dataclass
class StationProgress:
    org: OrgUnit
    target_year: int | None
    reached_year: int | None
    from_assessment: bool
    version: int


@dataclass
class YearProgress:
    """One plan year: the cumulative target and what was reached by the year's end."""

    year: int
    target: int
    planned_percent: Decimal | None
    reached: int
    coverage_percent: Decimal | None
    fulfilment_percent: Decimal | None
    behind: list[OrgUnit] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.reached >= self.target


@dataclass
class PlanProgress:
    plan: CreationPlan
    total_stations: int
    years: list[YearProgress]
    stations: list[StationProgress]


def plan_progress(session: Session, plan: CreationPlan) -> PlanProgress:
    """Per plan year: target, planned and reached coverage, stations behind schedule."""
    bureau = session.get(OrgUnit, plan.org_id)
    stations = stations_of(session, bureau) if bureau is not None else []
    entries = {
        e.org_id: e
        for e in session.exec(
            select(CreationPlanStation).where(CreationPlanStation.plan_id == plan.id)
        ).all()
    }
    targets = session.exec(
        select(CreationPlanYear)
        .where(CreationPlanYear.plan_id == plan.id)
        .order_by(col(CreationPlanYear.year))
    ).all()
    total = len(stations)
    years = []
    for t in targets:
        reached = [
            s
            for s in stations
            if (e := entries.get(s.id)) is not None
            and e.reached_year is not None
            and e.reached_year <= t.year  # type: ignore[arg-type]
        ]
        behind = [
            s
            for s in stations
            if (e := entries.get(s.id)) is not None  # type: ignore[arg-type]
            and e.target_year is not None
            and e.target_year <= t.year
            and (e.reached_year is None or e.reached_year > t.year)
        ]
        years.append(
            YearProgress(
                year=t.year,
                target=t.target_count,
                planned_percent=_percent(t.target_count, total),
                reached=len(reached),
                coverage_percent=_percent(len(reached), total),
                fulfilment_percent=_percent(len(reached), t.target_count),
                behind=behind,
            )
        )
    station_rows = [
        StationProgress(
            org=s,
            target_year=entries[s.id].target_year if s.id in entries else None,
            reached_year=entries[s.id].reached_year if s.id in entries else None,
            from_assessment=s.id in entries and entries[s.id].closure_id is not None,
            version=entries[s.id].version if s.id in entries else 0,
        )
        for s in stations
    ]
    return PlanProgress(plan, total, years, station_rows)
