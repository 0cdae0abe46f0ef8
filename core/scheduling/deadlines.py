"""Deadline arithmetic: when a period that starts on a given day ends.

The default rule is the civil one, 民法典 arts. 201–203 (the procedure laws say the same):

* The start day is not counted; counting begins the next day (art. 201). A rule may say
  otherwise (``start_day_counts=True``, e.g. a contract's "自某日起"): natural days then end
  one day earlier; working days count the start day as the first one when it is itself a
  working day; a month ends the day before the matching day (1 Mar + 1 month = 31 Mar), or
  on the last day of the month when there is no matching day (31 Jan + 1 month = 28 Feb).
* A period in months ends on the matching day of the final month, or on its last day if
  there is no matching day (art. 202): 31 Jan + 1 month = 28 Feb (29 Feb in a leap year).
* If the last day is a 法定休假日, the period ends on the first day after it (art. 203).
* The last day ends at 24:00 (art. 203), so a day-based due value is a ``date`` meaning
  "until the end of that day"; only hour periods yield a ``datetime``.

What "rolling past rest days" means here, precisely: the law's 法定休假日 is read as it is in
Chinese practice, where the ordinary weekly rest days (公休日) count as 休假日 alongside
the statutory holidays, and the State Council's yearly swaps apply both ways. So while the
nominal last day is not a working day per :class:`WorkingCalendar` — a Sunday, a holiday,
a weekend inside a holiday block — the due day moves to the next working day; a Saturday
that is an adjusted working day (调休上班) is a working day and stops the roll. Rolling is
done only when the rule asks for it (``roll_past_rest_days``, on by default).

Units:

* ``WORKING_DAYS`` — the N-th working day after the start; it always ends on a working day,
  so rolling never changes it.
* ``NATURAL_DAYS`` — start + N days, then rolled.
* ``MONTHS`` — matching day with the end-of-month clamp, then rolled.
* ``HOURS`` — the exact instant start + N hours, never rolled (a 48-hour period does not
  stop for a holiday); the start must be a ``datetime``.

The calendar is consulted only for the days the result depends on. When one of them falls
in a year without a known schedule, the due date is computed on the ordinary week (Mon–Fri
working, no holidays) and returned **provisional** (暂定): ``Due.provisional_years`` names
the years assumed and ``Due.reason_zh`` says why. Work is never blocked waiting for a
State Council notice; the provisional date is shown as such, reminders run on it, and
:mod:`core.scheduling.provisional` recomputes it once the year is entered (core API 1.3;
before, an :class:`UnknownCalendarYear` was raised). A natural-day or month rule without
rolling needs no calendar and so is never provisional.

A ``datetime`` start for a day-based rule is reduced to its date; pass local (China) time.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from core.scheduling.calendar import UnknownCalendarYear, WorkingCalendar

__all__ = [
    "DeadlineRule",
    "DeadlineUnit",
    "Due",
    "UnknownCalendarYear",
    "add_months",
    "compute_due",
    "provisional_reason",
    "provisional_reason_of_note",
]


class DeadlineUnit(StrEnum):
    """How a rule's amount is counted; the values are stable (stored in the database)."""

    HOURS = "hours"
    NATURAL_DAYS = "natural_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class DeadlineRule:
    """A named period, e.g. "mediation must end within 30 days" (code ``mediation.term``).

    ``start_day_counts`` and ``roll_past_rest_days`` default to the civil rule; see the
    module docstring. ``roll_past_rest_days`` has no effect for hours and working days.
    """

    code: str
    amount: int
    unit: DeadlineUnit
    start_day_counts: bool = False
    roll_past_rest_days: bool = True
    label_zh: str | None = None
    label_en: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise ValueError("a deadline rule needs a non-empty code")
        # bool is an int subclass; "True days" is a configuration error, not 1 day.
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError(
                f"deadline rule {self.code!r}: amount must be a positive integer, "
                f"got {self.amount!r}"
            )
        # Accept the stored string form ("working_days") as well as the enum member.
        object.__setattr__(self, "unit", DeadlineUnit(self.unit))
        if self.unit is DeadlineUnit.HOURS and self.start_day_counts:
            raise ValueError(
                f"deadline rule {self.code!r}: start_day_counts has no meaning for hours"
            )


@dataclass(frozen=True)
class Due:
    """The outcome of :func:`compute_due`.

    ``due`` is the last day of the period (a ``date``; a ``datetime`` only for hours).
    ``rolled_from`` is the nominal last day when it was a rest day and the due day was moved
    past it, so the UI can explain "10-03 is a holiday, due 10-09"; otherwise ``None``.
    """

    due: date | datetime
    rolled_from: date | None = None
    provisional_years: tuple[int, ...] = ()
    # What it was computed from, so a provisional date can be registered and recomputed;
    # not part of the outcome (two equal dates are equal whatever rule gave them).
    rule_code: str = field(default="", compare=False)
    start: date | datetime | None = field(default=None, compare=False)
    org_id: int | None = field(default=None, compare=False)

    @property
    def rolled(self) -> bool:
        """Whether the nominal last day was a rest day and the due day moved."""
        return self.rolled_from is not None

    @property
    def provisional(self) -> bool:
        """Computed on the ordinary week because a year's holiday schedule is not entered."""
        return bool(self.provisional_years)

    @property
    def reason_zh(self) -> str:
        """Why the date is provisional (empty when it is not)."""
        return provisional_reason(self.provisional_years, "zh")

    @property
    def reason_en(self) -> str:
        return provisional_reason(self.provisional_years, "en")


def provisional_reason(years: tuple[int, ...] | list[int], locale: str = "zh") -> str:
    """The one sentence every page, reminder and document shows beside a 暂定 date."""
    if not years:
        return ""
    listed = "、".join(f"{y}年" for y in years)
    if locale.startswith("en"):
        names = ", ".join(str(y) for y in years)
        return (
            f"Provisional: the {names} holiday schedule has not been entered yet; "
            "counted on the ordinary week (Mon–Fri), recomputed once it is entered"
        )
    return f"暂定：{listed}节假日安排尚未录入，按正常工作周（周一至周五）计算，录入后自动重算"


def add_months(day: date, months: int) -> date:
    """The matching day ``months`` later, or the last day of that month if there is none."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _month_period_end(start: date, months: int, start_day_counts: bool) -> date:
    """Last day of a period of ``months`` months from ``start`` (art. 202).

    Shifting the start back a day does not work for months (28 Feb + 1 month is 28 Mar, but
    a month counted from 1 Mar ends on 31 Mar), hence this case is handled on its own.
    """
    matching = add_months(start, months)
    if not start_day_counts or matching.day != start.day:
        # Not counting the start, or no matching day (clamped to the month end).
        return matching
    return matching - timedelta(days=1)


def compute_due(start: date | datetime, rule: DeadlineRule, calendar: WorkingCalendar) -> Due:
    """When a period under ``rule`` starting at ``start`` ends.

    If a day the result depends on lies in a year without a known schedule, the result is
    computed on the ordinary week and marked provisional (see the module docstring).
    Raises ``TypeError`` for an hour rule given a bare date.
    """
    try:
        due = _compute(start, rule, calendar)
    except UnknownCalendarYear:
        due = _compute(start, rule, calendar.provisional())
        first = start.date() if isinstance(start, datetime) else start
        last = due.due.date() if isinstance(due.due, datetime) else due.due
        years = tuple(y for y in range(first.year, last.year + 1) if not calendar.is_known_year(y))
        due = replace(due, provisional_years=years or (last.year,))
    return replace(due, rule_code=rule.code, start=start)


def _compute(start: date | datetime, rule: DeadlineRule, calendar: WorkingCalendar) -> Due:
    if rule.unit is DeadlineUnit.HOURS:
        if not isinstance(start, datetime):
            raise TypeError(
                f"deadline rule {rule.code!r} counts hours: the start needs a time (datetime)"
            )
        return Due(due=start + timedelta(hours=rule.amount))

    day = start.date() if isinstance(start, datetime) else start
    # Counting the start day = counting from the day before, for day-based units.
    first_uncounted = day - timedelta(days=1) if rule.start_day_counts else day

    if rule.unit is DeadlineUnit.WORKING_DAYS:
        return Due(due=calendar.add_workdays(first_uncounted, rule.amount))

    if rule.unit is DeadlineUnit.NATURAL_DAYS:
        nominal = first_uncounted + timedelta(days=rule.amount)
    else:  # DeadlineUnit.MONTHS
        nominal = _month_period_end(day, rule.amount, rule.start_day_counts)

    if rule.roll_past_rest_days and not calendar.is_workday(nominal):
        return Due(due=calendar.next_workday(nominal), rolled_from=nominal)
    return Due(due=nominal)


def provisional_reason_of_note(note: str, locale: str = "zh") -> str:
    """The reason in ``locale`` for a stored Chinese 暂定 note (due items store the note)."""
    if not note or not locale.startswith("en"):
        return note
    import re

    years = tuple(int(y) for y in re.findall(r"(\d{4})年", note))
    return provisional_reason(years, "en") if years else note
