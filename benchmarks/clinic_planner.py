"""Benchmark: plan a month of 乐陵市 legal-service clinics (31 clinics, 12 providers).

Run: ``uv run python benchmarks/clinic_planner.py [YEAR MONTH]``. Prints the solve time,
whether the solution is proven optimal, and the spread of loads. Target: under 10 seconds.
"""

from __future__ import annotations

import random
import sys
import time

from clinic.planner import PlanProblem, solve
from clinic.sample import leling_clinics, leling_providers

from core.api import WorkingCalendar


def main() -> None:
    year, month = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (2026, 10)
    calendar = WorkingCalendar()
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        problem = PlanProblem(
            year=year,
            month=month,
            clinics=leling_clinics(rng),
            providers=leling_providers(rng, year, month),
            is_workday=calendar.is_workday,
        )
        started = time.perf_counter()
        plan = solve(problem)
        elapsed = time.perf_counter() - started
        loads = sorted(plan.loads.values())
        print(
            f"{year}-{month:02d} seed {seed}: {len(plan.assignments)} sessions, "
            f"loads {loads[0]}–{loads[-1]}, {'optimal' if plan.optimal else 'feasible'}, "
            f"{elapsed:.2f} s"
        )


if __name__ == "__main__":
    main()
