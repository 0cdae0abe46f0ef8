"""Deadlines on China's official working-day calendar, as pure logic (no database, no web).

:mod:`core.scheduling.calendar` says which days are working days and refuses to guess for
years whose State Council holiday notice is not known; :mod:`core.scheduling.deadlines`
turns a start and a rule ("30 days", "10 working days", "1 month") into a due date under
the civil-law counting rules.
"""

from core.scheduling.calendar import UnknownCalendarYear, WorkingCalendar
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit, Due, add_months, compute_due

__all__ = [
    "DeadlineRule",
    "DeadlineUnit",
    "Due",
    "UnknownCalendarYear",
    "WorkingCalendar",
    "add_months",
    "compute_due",
]
