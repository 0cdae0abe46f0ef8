"""The rotation planner (排班): a month of clinic sessions, each with a provider (定时·定人).

Pure functions over plain values — no database — so the same code serves the page, the
benchmark and the tests. The model, solved with OR-Tools CP-SAT:

* **Days.** A clinic with *n* sessions a month gets one session in each of *n* equal parts of
  the month (twice a month = once in each half), so sessions are spread out. Only working
  days of the official calendar are candidates (statutory holidays never; weekend days swapped
  to working days (调休) count as working days). A clinic with a fixed weekday (定时) only
  sits on that weekday, unless none of that weekday in the part is a working day.
* **Hard rules.** Each provider is at one place a day at most (clinics are half-day sittings
  in different villages; travel between them is the reason), never on a day marked
  unavailable, never during a busy period another module reports (e.g. a duty-lawyer shift)
  that overlaps the sitting, never over their monthly maximum; sessions already held or kept
  are fixed and count. Loads differ by at most one session between providers (fairness).
* **Preferences** (the objective): keep each clinic's usual provider (定人, continuity) and
  prefer providers based at the clinic's own station (travel).

Infeasibility is explained, not just reported: before solving, each clinic part whose every
candidate day is blocked is named with each date and why; if the solver still finds no plan,
the coverage constraints are solver *assumptions* and the unsatisfiable core names the
clinics and the dates that cannot all be served together. Fairness is the only rule that is
relaxed (to "as even as possible") when it alone makes the month impossible, with a warning.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from clinic.errors import Joined, Message
from core.api import N_

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

__all__ = [
    "BusySpan",
    "ClinicSpec",
    "FixedSession",
    "Infeasible",
    "Plan",
    "PlanProblem",
    "ProviderSpec",
    "Unservable",
    "month_days",
    "month_parts",
    "solve",
]

BEIJING = timezone(timedelta(hours=8))
WEEKDAYS_ZH = "一二三四五六日"
TRAVEL_PENALTY = 3
CONTINUITY_BONUS = 5


@dataclass(frozen=True)
class ClinicSpec:
    """A clinic as the planner sees it: where, how often, when, and its usual provider."""

    id: int
    name: str
    station_id: int | None
    sessions: int = 2
    preferred_weekday: int | None = None
    usual_provider_id: int | None = None
    starts_at: time = time(9, 0)
    ends_at: time = time(11, 30)


@dataclass(frozen=True)
class BusySpan:
    """A period another module has the provider (times aware, any zone)."""

    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True)
class ProviderSpec:
    """A provider: home station (for travel sense), monthly maximum and blocked times."""

    id: int
    name: str
    station_id: int | None
    max_sessions: int = 8
    unavailable: frozenset[date] = frozenset()
    busy: tuple[BusySpan, ...] = ()


@dataclass(frozen=True)
class FixedSession:
    """A session the planner must keep as it is (already held, or kept by hand)."""

    clinic_id: int
    day: date
    provider_id: int


@dataclass(frozen=True)
class PlanProblem:
    """One month's question: the clinics, the providers, the working days."""

    year: int
    month: int
    clinics: Sequence[ClinicSpec]
    providers: Sequence[ProviderSpec]
    is_workday: Callable[[date], bool]
    fixed: Sequence[FixedSession] = ()
    time_limit: float = 6.0


@dataclass(frozen=True)
class Assignment:
    clinic_id: int
    day: date
    provider_id: int


@dataclass
class Plan:
    """A feasible month: the new sessions, every provider's load, and what was relaxed."""

    assignments: list[Assignment]
    loads: dict[int, int]
    seconds: float
    optimal: bool
    warnings: list[str] = field(default_factory=list)
    #: Years planned on the ordinary week because their holiday schedule is not entered:
    #: the plan is provisional (暂定) and re-checked when the schedule arrives.
    provisional_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Unservable:
    """A clinic that cannot get its session: on which dates, and why (in Chinese, a marked
    :class:`~clinic.errors.Message` the page shows in the reader's language)."""

    clinic_id: int
    clinic_name: str
    days: tuple[date, ...]
    reason: str

    @property
    def message(self) -> Message:
        dates = tuple(Message(N_("{month}月{day}日"), month=d.month, day=d.day) for d in self.days)
        return Message(
            N_("{clinic}：{dates}无法安排接诊——{reason}"),
            clinic=self.clinic_name,
            dates=dates,
            reason=self.reason,
        )


class Infeasible(Exception):
    """No rota satisfies the rules; ``problems`` say which clinic, which date and why."""

    def __init__(self, problems: list[Unservable]) -> None:
        self.problems = problems
        super().__init__("；".join(p.message for p in problems))


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def month_parts(year: int, month: int, parts: int) -> list[list[date]]:
    """The month cut into *parts* runs of consecutive days of (nearly) equal length."""
    days = month_days(year, month)
    bounds = [round(k * len(days) / parts) for k in range(parts + 1)]
    return [days[bounds[k] : bounds[k + 1]] for k in range(parts)]


def _span(day: date, clinic: ClinicSpec) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, clinic.starts_at, BEIJING),
        datetime.combine(day, clinic.ends_at, BEIJING),
    )


def blocked_reason(
    provider: ProviderSpec, clinic: ClinicSpec, day: date, taken: set[tuple[int, date]]
) -> str | None:
    """Why *provider* cannot sit at *clinic* on *day*, or None if they can."""
    if day in provider.unavailable:
        return Message(N_("{name}当天不可用"), name=provider.name)
    if (provider.id, day) in taken:
        return Message(N_("{name}当天已在其他诊室接诊"), name=provider.name)
    start, end = _span(day, clinic)
    for busy in provider.busy:
        if busy.start < end and start < busy.end:
            return Message(N_("{name}当天另有安排（{what}）"), name=provider.name, what=busy.label)
    return None


def _candidates(problem: PlanProblem, clinic: ClinicSpec, part: list[date]) -> list[date]:
    workdays = [d for d in part if problem.is_workday(d)]
    if clinic.preferred_weekday is None:
        return workdays
    fixed = [d for d in workdays if d.weekday() == clinic.preferred_weekday]
    return fixed or workdays


def _explain_day(
    problem: PlanProblem, clinic: ClinicSpec, day: date, taken: set[tuple[int, date]]
) -> str:
    if not problem.providers:
        return Message(N_("没有在册的律师或法律服务工作者"))
    reasons = [blocked_reason(p, clinic, day, taken) for p in problem.providers]
    return Joined(r for r in reasons if r)


def _prechecks(
    problem: PlanProblem, parts: dict[tuple[int, int], list[date]], taken: set[tuple[int, date]]
) -> list[Unservable]:
    """Clinic parts whose every candidate day is blocked for every provider."""
    clinics = {c.id: c for c in problem.clinics}
    problems: list[Unservable] = []
    for (clinic_id, index), days in parts.items():
        clinic = clinics[clinic_id]
        if not days:
            span = month_parts(problem.year, problem.month, clinic.sessions)[index]
            problems.append(
                Unservable(
                    clinic.id,
                    clinic.name,
                    (span[0], span[-1]),
                    Message(N_("这段时间没有工作日（法定节假日或休息日）")),
                )
            )
            continue
        open_days = [
            d
            for d in days
            if any(blocked_reason(p, clinic, d, taken) is None for p in problem.providers)
        ]
        if not open_days:
            reasons = {d: _explain_day(problem, clinic, d, taken) for d in days}
            first = days[0]
            problems.append(
                Unservable(
                    clinic.id,
                    clinic.name,
                    tuple(days),
                    Message(
                        N_("所有律师均不可用（例如{month}月{day}日：{reasons}）"),
                        month=first.month,
                        day=first.day,
                        reasons=reasons[first],
                    ),
                )
            )
    problems.extend(_crowded_days(problem, parts, taken))
    return problems


def _crowded_days(
    problem: PlanProblem, parts: dict[tuple[int, int], list[date]], taken: set[tuple[int, date]]
) -> list[Unservable]:
    """Days more clinics can only use than there are providers free that day (定时 clashes)."""
    clinics = {c.id: c for c in problem.clinics}
    only: dict[date, list[int]] = defaultdict(list)
    for (clinic_id, _index), days in parts.items():
        if len(days) == 1:
            only[days[0]].append(clinic_id)
    problems = []
    for day, clinic_ids in sorted(only.items()):
        free = {
            p.id
            for p in problem.providers
            for c in clinic_ids
            if blocked_reason(p, clinics[c], day, taken) is None
        }
        if len(clinic_ids) > len(free):
            for clinic_id in clinic_ids[len(free) :]:
                problems.append(
                    Unservable(
                        clinic_id,
                        clinics[clinic_id].name,
                        (day,),
                        Message(
                            N_("{clinics}个诊室只能在这一天接诊，当天只有{free}位律师可用"),
                            clinics=len(clinic_ids),
                            free=len(free),
                        ),
                    )
                )
    return problems


def solve(problem: PlanProblem) -> Plan:
    """Plan the month, or raise :class:`Infeasible` naming clinic, dates and reasons."""
    started = clock.perf_counter()
    taken = {(f.provider_id, f.day) for f in problem.fixed}
    fixed_parts = _fixed_parts(problem)
    parts: dict[tuple[int, int], list[date]] = {}
    for clinic in problem.clinics:
        if clinic.sessions <= 0:
            continue
        for index, part in enumerate(month_parts(problem.year, problem.month, clinic.sessions)):
            if (clinic.id, index) in fixed_parts:
                continue
            parts[(clinic.id, index)] = _candidates(problem, clinic, part)
    problems = _prechecks(problem, parts, taken)
    if problems:
        raise Infeasible(problems)
    try:
        plan = _solve(problem, parts, taken, fair=True)
    except Infeasible:
        plan = _solve(problem, parts, taken, fair=False)
        if max(plan.loads.values(), default=0) - min(plan.loads.values(), default=0) > 1:
            plan.warnings.append(
                Message(N_("无法使每位律师的接诊次数相差不超过1次（可用日期不足），已尽量均衡"))
            )
    plan.seconds = clock.perf_counter() - started
    return plan


def _fixed_parts(problem: PlanProblem) -> set[tuple[int, int]]:
    """The (clinic, part) pairs already served by a fixed session."""
    clinics = {c.id: c for c in problem.clinics}
    served: set[tuple[int, int]] = set()
    for fixed in problem.fixed:
        clinic = clinics.get(fixed.clinic_id)
        if clinic is None or clinic.sessions <= 0:
            continue
        for index, part in enumerate(month_parts(problem.year, problem.month, clinic.sessions)):
            if fixed.day in part:
                served.add((clinic.id, index))
    return served


def _greedy(
    problem: PlanProblem, parts: dict[tuple[int, int], list[date]], taken: set[tuple[int, date]]
) -> dict[tuple[int, int], tuple[date, int]]:
    """A quick first plan: the hardest clinic part first, then the least-loaded free
    provider (usual, then local, first). Used as the solver's hint, and as the plan when the
    solver runs out of time before finding its own. May leave parts unserved."""
    clinics = {c.id: c for c in problem.clinics}
    loads = {p.id: 0 for p in problem.providers}
    for fixed in problem.fixed:
        if fixed.provider_id in loads:
            loads[fixed.provider_id] += 1
    busy = set(taken)
    chosen: dict[tuple[int, int], tuple[date, int]] = {}
    for key in sorted(parts, key=lambda k: (len(parts[k]), k)):
        clinic = clinics[key[0]]
        best: tuple[tuple[int, int, int, int], date, int] | None = None
        for day in parts[key]:
            for provider in problem.providers:
                if loads[provider.id] >= provider.max_sessions or (provider.id, day) in busy:
                    continue
                if blocked_reason(provider, clinic, day, set()) is not None:
                    continue
                rank = (
                    loads[provider.id],
                    provider.id != clinic.usual_provider_id,
                    provider.station_id != clinic.station_id,
                    provider.id,
                )
                if best is None or rank < best[0]:
                    best = (rank, day, provider.id)
        if best is not None:
            _, day, provider_id = best
            chosen[key] = (day, provider_id)
            busy.add((provider_id, day))
            loads[provider_id] += 1
    return chosen


def _solve(
    problem: PlanProblem,
    parts: dict[tuple[int, int], list[date]],
    taken: set[tuple[int, date]],
    *,
    fair: bool,
) -> Plan:
    # Imported here: OR-Tools brings pandas (about 1.5 s), and every `sifa` command and web
    # process imports this module through the plugin's pages without planning a month.
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    clinics = {c.id: c for c in problem.clinics}
    x: dict[tuple[int, int, date, int], cp_model.IntVar] = {}
    by_provider_day: dict[tuple[int, date], list[cp_model.IntVar]] = defaultdict(list)
    by_provider: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    objective: list[cp_model.LinearExprT] = []
    cover: dict[tuple[int, int], cp_model.IntVar] = {}
    for (clinic_id, index), days in parts.items():
        clinic = clinics[clinic_id]
        here: list[cp_model.IntVar] = []
        for day in days:
            for provider in problem.providers:
                if blocked_reason(provider, clinic, day, taken) is not None:
                    continue
                var = model.new_bool_var(f"x{clinic_id}_{index}_{day:%d}_{provider.id}")
                x[(clinic_id, index, day, provider.id)] = var
                here.append(var)
                by_provider_day[(provider.id, day)].append(var)
                by_provider[provider.id].append(var)
                weight = 0
                if provider.station_id != clinic.station_id:
                    weight += TRAVEL_PENALTY
                if provider.id == clinic.usual_provider_id:
                    weight -= CONTINUITY_BONUS
                if weight:
                    objective.append(weight * var)
        served = model.new_bool_var(f"served{clinic_id}_{index}")
        cover[(clinic_id, index)] = served
        model.add(sum(here) == 1).only_enforce_if(served)
        model.add(sum(here) <= 1)
    for vars_ in by_provider_day.values():
        model.add_at_most_one(vars_)
    fixed_load: dict[int, int] = defaultdict(int)
    for fixed in problem.fixed:
        fixed_load[fixed.provider_id] += 1
    loads: dict[int, cp_model.LinearExprT] = {}
    for provider in problem.providers:
        load = sum(by_provider[provider.id]) + fixed_load[provider.id]
        loads[provider.id] = load
        model.add(load <= provider.max_sessions)
    if problem.providers:
        top = model.new_int_var(0, 100, "top")
        bottom = model.new_int_var(0, 100, "bottom")
        for load in loads.values():
            model.add(load <= top)
            model.add(load >= bottom)
        if fair:
            model.add(top - bottom <= 1)
        else:
            objective.append(20 * (top - bottom))
    model.minimize(sum(objective))
    hint = _greedy(problem, parts, taken)
    for (clinic_id, index, day, provider_id), var in x.items():
        model.add_hint(var, hint.get((clinic_id, index)) == (day, provider_id))
    model.add_assumptions(list(cover.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = problem.time_limit
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 7
    # Travel costs tie a lot; a plan within a few penalty points of the best is good enough.
    solver.parameters.absolute_gap_limit = 3
    status = solver.solve(model)
    if status == cp_model.UNKNOWN and len(hint) == len(parts):
        plan = _plan_of(
            problem, hint, fixed_load, Message(N_("时限内未求得最优方案，采用逐一指派的方案"))
        )
        spread = max(plan.loads.values(), default=0) - min(plan.loads.values(), default=0)
        if not fair or spread <= 1:
            return plan
    if status == cp_model.UNKNOWN:
        raise Infeasible(
            [
                Unservable(
                    0,
                    Message(N_("排班")),
                    (date(problem.year, problem.month, 1),),
                    Message(N_("在时限内未找到方案")),
                )
            ]
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise Infeasible(_core(problem, parts, cover, model, fair=fair))
    assignments = [
        Assignment(clinic_id, day, provider_id)
        for (clinic_id, _index, day, provider_id), var in x.items()
        if solver.boolean_value(var)
    ]
    counts = {p.id: fixed_load[p.id] for p in problem.providers}
    for item in assignments:
        counts[item.provider_id] += 1
    return Plan(
        assignments=sorted(assignments, key=lambda a: (a.day, a.clinic_id)),
        loads=counts,
        seconds=0.0,
        optimal=status == cp_model.OPTIMAL,
    )


def _plan_of(
    problem: PlanProblem,
    chosen: dict[tuple[int, int], tuple[date, int]],
    fixed_load: dict[int, int],
    warning: str,
) -> Plan:
    counts = {p.id: fixed_load[p.id] for p in problem.providers}
    assignments = []
    for (clinic_id, _index), (day, provider_id) in chosen.items():
        assignments.append(Assignment(clinic_id, day, provider_id))
        counts[provider_id] += 1
    return Plan(
        assignments=sorted(assignments, key=lambda a: (a.day, a.clinic_id)),
        loads=counts,
        seconds=0.0,
        optimal=False,
        warnings=[warning],
    )


def _core(
    problem: PlanProblem,
    parts: dict[tuple[int, int], list[date]],
    cover: dict[tuple[int, int], cp_model.IntVar],
    model: cp_model.CpModel,
    *,
    fair: bool,
) -> list[Unservable]:
    """Name the clinics and dates the solver found cannot all be served together.

    Solved again without presolve, which may prove infeasibility before looking at the
    assumptions; the core then lists coverage constraints that clash.
    """
    from ortools.sat.python import cp_model

    clinics = {c.id: c for c in problem.clinics}
    solver = cp_model.CpSolver()
    solver.parameters.cp_model_presolve = False
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = problem.time_limit
    solver.solve(model)
    index_of = {var.index: key for key, var in cover.items()}
    core = [index_of[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index_of]
    reason = Message(
        N_("这些诊室在这些日期争用同样几位律师，律师人数、每月上限或可用日期不够")
        if fair
        else N_("律师人数或每月接诊上限不足")
    )
    keys = core or list(parts)
    return [
        Unservable(clinic_id, clinics[clinic_id].name, tuple(parts[(clinic_id, index)]), reason)
        for clinic_id, index in sorted(keys)
    ]


def describe_weekday(weekday: int | None) -> str:
    return "不固定" if weekday is None else f"每周{WEEKDAYS_ZH[weekday]}"
