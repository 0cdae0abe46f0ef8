"""China's working-day calendar: which days offices are open, per the State Council.

Every year the State Council publishes a notice (国务院办公厅关于某年部分节假日安排的通知)
that fixes the statutory holidays and the weekend days swapped to working days (调休). The
schedule is not computable — it is decided each year — so this module never guesses:

* Years covered by the ``chinesecalendar`` package (2004 up to the year its release
  contains) are answered from it. The ``holidays`` package is deliberately *not* a source:
  it extrapolates future years from rules, which is exactly the guessing we must avoid.
* An administrator enters a newer notice as *overrides* (``date -> is working day``) and
  declares that year complete; from then on the year is known. Overrides also win over the
  package for years it does cover, so a late correction or a local arrangement can be
  entered without waiting for a package release.
* Any question about a day in a year that is neither covered nor declared complete raises
  :class:`UnknownCalendarYear`, so the caller knows the answer would be a guess. Overrides
  for an *incomplete* year are not used at all: half of a notice typed in could move a
  deadline without anyone noticing.
* Deadlines must not stop work while a notice is awaited, so :meth:`WorkingCalendar.provisional`
  gives a view that answers unknown years on the ordinary week (Mon–Fri working, no
  holidays). The deadline service uses it only after the strict calendar refused, and marks
  the result 暂定 (provisional) — never silently.

The class holds no database access; the override table's rows are passed to the
constructor by whoever owns the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType

import chinese_calendar

__all__ = ["UnknownCalendarYear", "WorkingCalendar"]

_ONE_DAY = timedelta(days=1)


def _package_years() -> frozenset[int]:
    """Years ``chinese_calendar`` has data for: the same range it validates against."""
    years = [d.year for d in chinese_calendar.holidays]
    return frozenset(range(min(years), max(years) + 1))


_PACKAGE_YEARS = _package_years()


class UnknownCalendarYear(Exception):
    """No official holiday schedule is known for ``year``; a person has to enter it.

    Raised instead of guessing, so callers can show which year needs the State Council
    notice entered before a deadline can be computed.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日安排尚未录入 (no official holiday schedule for {year})"
        )

    def __reduce__(self) -> tuple[type[UnknownCalendarYear], tuple[int]]:
        # Keep the exception picklable (task queues serialise errors): rebuild from the year.
        return (type(self), (self.year,))


def _as_date(day: date) -> date:
    """Drop the time part: the calendar is about days (a ``datetime`` is also a ``date``)."""
    return day.date() if isinstance(day, datetime) else day


class WorkingCalendar:
    """Answers whether a day is a working day in mainland China.

    ``overrides`` maps a day to ``True`` (working day) or ``False`` (rest day) and wins over
    the package. ``complete_years`` lists the years whose overrides hold the whole notice;
    in such a year every day without an override follows the normal week (Mon–Fri work).
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        complete_years: Iterable[int] = (),
        *,
        ordinary_week_for_unknown: bool = False,
    ) -> None:
        checked: dict[date, bool] = {}
        for day, working in (overrides or {}).items():
            if not isinstance(day, date):
                raise TypeError(f"override key must be a date, got {day!r}")
            if not isinstance(working, bool):
                raise TypeError(f"override for {day} must be True or False, got {working!r}")
            checked[_as_date(day)] = working
        self._overrides: Mapping[date, bool] = MappingProxyType(checked)
        self._complete_years = frozenset(int(y) for y in complete_years)
        self._ordinary_week_for_unknown = ordinary_week_for_unknown

    def provisional(self) -> WorkingCalendar:
        """This calendar, answering unknown years on the ordinary week instead of raising.

        For provisional (暂定) deadlines only: the caller must say the answer is provisional.
        """
        return WorkingCalendar(
            self._overrides, self._complete_years, ordinary_week_for_unknown=True
        )

    @property
    def overrides(self) -> Mapping[date, bool]:
        """The overrides in force (read-only)."""
        return self._overrides

    def known_years(self) -> frozenset[int]:
        """Years this calendar can answer for: the package's years plus complete ones."""
        return _PACKAGE_YEARS | self._complete_years

    def is_known_year(self, year: int) -> bool:
        """Whether days of ``year`` can be answered without guessing."""
        return year in _PACKAGE_YEARS or year in self._complete_years

    def _require_known(self, day: date) -> bool:
        """True if ``day``'s year is known; False if it is answered on the ordinary week."""
        if self.is_known_year(day.year):
            return True
        if self._ordinary_week_for_unknown:
            return False
        raise UnknownCalendarYear(day.year)

    def is_workday(self, day: date) -> bool:
        """Whether offices work on ``day`` (adjusted weekend workdays count as working)."""
        day = _as_date(day)
        if not self._require_known(day):
            return day.weekday() < 5
        if day in self._overrides:
            return self._overrides[day]
        if day.year not in _PACKAGE_YEARS:  # a complete override year: the normal week
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:  # defensive: the package refused the year
            raise UnknownCalendarYear(day.year) from exc

    def is_rest_day(self, day: date) -> bool:
        """Whether ``day`` is not a working day: an ordinary weekend or a holiday."""
        return not self.is_workday(day)

    def is_holiday(self, day: date) -> bool:
        """Alias of :meth:`is_rest_day`, named like ``chinese_calendar.is_holiday``.

        It is true for ordinary weekends too; use :meth:`is_statutory_holiday` to tell a
        法定节假日 from a weekend.
        """
        return self.is_rest_day(day)

    def is_statutory_holiday(self, day: date) -> bool:
        """Whether ``day`` is a rest day of a statutory holiday period (法定节假日).

        This includes the weekend days inside a holiday block (e.g. Sat 2025-10-04 in the
        National Day break) but not an ordinary weekend. A rest-day override counts as a
        statutory holiday, since overrides are how a notice's holidays are entered.
        """
        day = _as_date(day)
        if not self._require_known(day):
            return False
        if day in self._overrides:
            return not self._overrides[day]
        if day.year not in _PACKAGE_YEARS:
            return False
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError as exc:
            raise UnknownCalendarYear(day.year) from exc
        return bool(on_holiday) and name is not None

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def add_workdays(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it if ``n`` is negative).

        ``day`` itself is never counted; ``n == 0`` returns ``day`` unchanged. Raises
        :class:`UnknownCalendarYear` as soon as the walk reaches an unknown year.
        """
        current = _as_date(day)
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            current += step
            if self.is_workday(current):
                remaining -= 1
        return current
