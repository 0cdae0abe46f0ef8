"""Acceptance 1: the planner gives 乐陵市 a feasible month — no provider in two places at once,
no session on a holiday, loads within ±1 — and names the clinic and date it cannot serve."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time

import pytest
from clinic.planner import (
    BusySpan,
    ClinicSpec,
    FixedSession,
    Infeasible,
    PlanProblem,
    ProviderSpec,
    solve,
)
from clinic.sample import LELING_STATIONS, leling_clinics, leling_providers

from core.api import WorkingCalendar

CALENDAR = WorkingCalendar()


def leling_october(seed: int = 2) -> PlanProblem:
    rng = random.Random(seed)
    return PlanProblem(
        year=2026,
        month=10,
        clinics=leling_clinics(rng),
        providers=leling_providers(rng, 2026, 10),
        is_workday=CALENDAR.is_workday,
    )


@pytest.fixture(scope="module")
def october():
    problem = leling_october()
    return problem, solve(problem)


def test_leling_month_is_feasible_for_16_stations_31_clinics_12_providers(october) -> None:
    problem, plan = october
    assert len(LELING_STATIONS) == 16
    assert len({c.station_id for c in problem.clinics}) == 16
    assert len(problem.clinics) == 31 and len(problem.providers) == 12
    served = Counter(a.clinic_id for a in plan.assignments)
    assert all(served[c.id] == 2 for c in problem.clinics)


def test_no_provider_is_in_two_places_on_one_day(october) -> None:
    _, plan = october
    per_day = Counter((a.provider_id, a.day) for a in plan.assignments)
    assert max(per_day.values()) == 1


def test_no_session_on_a_holiday_or_an_unavailable_day(october) -> None:
    problem, plan = october
    away = {p.id: p.unavailable for p in problem.providers}
    for item in plan.assignments:
        assert CALENDAR.is_workday(item.day), item
        assert item.day not in away[item.provider_id]
    assert not any(date(2026, 10, d) in {a.day for a in plan.assignments} for d in range(1, 8))


def test_loads_are_within_one_session(october) -> None:
    _, plan = october
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
    assert sum(plan.loads.values()) == 62


def test_sessions_of_a_clinic_fall_in_each_half_of_the_month(october) -> None:
    _, plan = october
    for clinic_id in {a.clinic_id for a in plan.assignments}:
        days = sorted(a.day.day for a in plan.assignments if a.clinic_id == clinic_id)
        assert days[0] <= 16 <= days[1]


def station_clinic(**kwargs) -> ClinicSpec:
    return ClinicSpec(**{"id": 1, "name": "前进社区法律服务诊室", "station_id": 1, **kwargs})


def test_an_adjusted_saturday_workday_can_hold_a_session_but_a_holiday_cannot() -> None:
    saturday = station_clinic(preferred_weekday=5)  # 10 Oct 2026 is a swapped working Saturday
    problem = PlanProblem(2026, 10, [saturday], [ProviderSpec(1, "王律师", 1)], CALENDAR.is_workday)
    days = sorted(a.day for a in solve(problem).assignments)
    assert days[0] == date(2026, 10, 10)


def test_continuity_and_travel_prefer_the_usual_and_the_local_provider() -> None:
    clinics = [
        station_clinic(usual_provider_id=2),
        station_clinic(id=2, name="后刘村诊室", station_id=3),
    ]
    providers = [
        ProviderSpec(1, "王律师", 1),
        ProviderSpec(2, "李律师", 2),
        ProviderSpec(3, "赵律师", 3),
    ]
    plan = solve(PlanProblem(2026, 11, clinics, providers, CALENDAR.is_workday))
    by_clinic = {(a.clinic_id, a.provider_id) for a in plan.assignments}
    assert (1, 2) in by_clinic and (2, 3) in by_clinic


def test_busy_periods_from_other_modules_are_respected() -> None:
    start = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    busy = tuple(
        BusySpan(start.replace(day=d), start.replace(day=d, hour=10), "值班律师")
        for d in range(2, 14)
    )  # 08:00–18:00 Beijing every day of the first half
    providers = [ProviderSpec(1, "王律师", 1, busy=busy), ProviderSpec(2, "李律师", 1)]
    plan = solve(PlanProblem(2026, 11, [station_clinic()], providers, CALENDAR.is_workday))
    first = min(plan.assignments, key=lambda a: a.day)
    assert first.day.day >= 14 or first.provider_id == 2


def test_an_infeasible_month_names_the_clinic_the_date_and_why() -> None:
    november = [date(2026, 11, d) for d in range(1, 16)]
    providers = [ProviderSpec(1, "王律师", 1, unavailable=frozenset(november))]
    problem = PlanProblem(2026, 11, [station_clinic()], providers, CALENDAR.is_workday)
    with pytest.raises(Infeasible) as refused:
        solve(problem)
    message = str(refused.value)
    assert "前进社区法律服务诊室" in message and "11月2日" in message
    assert "王律师当天不可用" in message
    assert refused.value.problems[0].clinic_id == 1


def test_a_day_wanted_by_more_fixed_clinics_than_providers_is_named() -> None:
    tuesday = [station_clinic(id=i, name=f"诊室{i}", preferred_weekday=1) for i in (1, 2)]
    problem = PlanProblem(
        2026, 10, tuesday, [ProviderSpec(1, "王律师", 1)], CALENDAR.is_workday
    )  # the first half of October has one working Tuesday: the 13th
    with pytest.raises(Infeasible) as refused:
        solve(problem)
    assert "10月13日" in str(refused.value) and "只有1位律师可用" in str(refused.value)


def test_kept_sessions_count_and_block_their_day() -> None:
    kept = FixedSession(clinic_id=1, day=date(2026, 11, 3), provider_id=1)
    clinics = [station_clinic(), station_clinic(id=2, name="二号诊室", preferred_weekday=1)]
    providers = [ProviderSpec(1, "王律师", 1), ProviderSpec(2, "李律师", 1)]
    plan = solve(PlanProblem(2026, 11, clinics, providers, CALENDAR.is_workday, fixed=[kept]))
    assert not any(a.clinic_id == 1 and a.day.day <= 15 for a in plan.assignments)
    assert all(not (a.provider_id == 1 and a.day == kept.day) for a in plan.assignments)
    assert sum(plan.loads.values()) == 4
    assert time(9) == clinics[0].starts_at
