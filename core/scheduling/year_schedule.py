"""One year's official schedule as the platform knows it (全年节假日安排), for people to check.

The holiday administration page lists, for a year, every statutory rest day and every
adjusted working day (调休上班) with where the platform has it from: the ``chinesecalendar``
package, or a day an administrator entered (which wins). An administrator compares this
with the State Council notice before declaring a year complete, so the list shows exactly
what deadlines will use — and says so when a year is not in force yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import chinese_calendar
from chinese_calendar.constants import Holiday
from sqlmodel import Session, select

from core.scheduling.calendar import WorkingCalendar
from core.scheduling.models import HolidayOverride, HolidayYear

__all__ = ["DaySource", "ScheduleDay", "YearSchedule", "year_schedule"]


class DaySource(StrEnum):
    PACKAGE = "package"  # chinesecalendar's data (the published notices)
    OVERRIDE = "override"  # entered here by an administrator


@dataclass(frozen=True)
class ScheduleDay:
    """A day that differs from the ordinary week, or a day someone entered."""

    day: date
    is_workday: bool  # True: an adjusted working day; False: a rest day of a holiday
    name_zh: str
    name_en: str
    source: DaySource
    note: str = ""
    override_id: int | None = None


@dataclass(frozen=True)
class YearSchedule:
    """A year's special days and whether deadlines may be computed into the year."""

    year: int
    in_package: bool  # chinesecalendar knows the year
    complete: bool  # an administrator declared the entered notice complete
    notice: str  # the notice the administrator named, e.g. 国办发明电〔2026〕7号
    days: list[ScheduleDay]

    @property
    def known(self) -> bool:
        """Deadlines reaching into this year are computed (not flagged)."""
        return self.in_package or self.complete

    @property
    def overrides(self) -> list[ScheduleDay]:
        return [d for d in self.days if d.source is DaySource.OVERRIDE]


_NAMES_ZH = {h.value: h.chinese for h in Holiday}  # the package stores English names


def _package_days(year: int) -> dict[date, ScheduleDay]:
    found: dict[date, ScheduleDay] = {}
    for table, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if day.year == year:
                name_en = str(name)
                found[day] = ScheduleDay(
                    day, working, _NAMES_ZH.get(name_en, name_en), name_en, DaySource.PACKAGE
                )
    return found


def year_schedule(session: Session, year: int) -> YearSchedule:
    """The year's rest days and adjusted working days, entered days winning, in date order."""
    days = _package_days(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    for row in session.exec(
        select(HolidayOverride).where(HolidayOverride.day >= first, HolidayOverride.day <= last)
    ):
        known = days.get(row.day)
        days[row.day] = ScheduleDay(
            row.day,
            row.is_workday,
            known.name_zh if known else "",
            known.name_en if known else "",
            DaySource.OVERRIDE,
            row.note,
            row.id,
        )
    marker = session.get(HolidayYear, year)
    return YearSchedule(
        year=year,
        in_package=WorkingCalendar().is_known_year(year),
        complete=bool(marker and marker.complete),
        notice=marker.source if marker else "",
        days=[days[d] for d in sorted(days)],
    )
