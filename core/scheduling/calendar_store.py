"""The admin-editable holiday table, fed into :class:`WorkingCalendar`.

The ``chinesecalendar`` package knows each year only after its yearly release; the State
Council publishes the next year's schedule around November. Until the package catches up,
an administrator enters the notice here (each holiday and each 调休 working day) and then
declares the year complete; from then on deadlines reaching into that year are computed.
:func:`next_year_missing` is the yearly reminder that the dashboard shows from November on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from core.scheduling.calendar import WorkingCalendar
from core.scheduling.models import HolidayOverride, HolidayYear

__all__ = [
    "HolidayNoticeIncomplete",
    "load_calendar",
    "missing_years",
    "next_year_missing",
    "remove_holiday_override",
    "set_holiday_override",
    "set_year_complete",
]

REMINDER_FROM_MONTH = 11  # the notice usually appears in November


class HolidayNoticeIncomplete(ValueError):
    """A year was declared complete although none of its days has been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年尚未录入任何节假日或调休日，不能标记为已完整录入 "
            f"(no day of {year} has been entered; it cannot be complete)"
        )


def load_calendar(session: Session) -> WorkingCalendar:
    """The working calendar with every override and every year declared complete."""
    overrides = {o.day: o.is_workday for o in session.exec(select(HolidayOverride))}
    complete = [y.year for y in session.exec(select(HolidayYear).where(HolidayYear.complete))]
    return WorkingCalendar(overrides, complete)


def missing_years(
    today: date, calendar: WorkingCalendar, *, from_month: int = REMINDER_FROM_MONTH
) -> list[int]:
    """Years someone must enter now: this year if unknown, next year from ``from_month``."""
    wanted = [today.year]
    if today.month >= from_month:
        wanted.append(today.year + 1)
    return [year for year in wanted if not calendar.is_known_year(year)]


def next_year_missing(
    today: date, calendar: WorkingCalendar, *, from_month: int = REMINDER_FROM_MONTH
) -> bool:
    """Whether to remind administrators that next year's holiday schedule is not entered.

    True from ``from_month`` (November) until the year is known, either from the package or
    declared complete here. Earlier in the year the notice does not exist yet, so a reminder
    would only be noise.
    """
    return today.month >= from_month and not calendar.is_known_year(today.year + 1)


def _now() -> datetime:
    return datetime.now(UTC)


def set_holiday_override(
    session: Session, day: date, is_workday: bool, note: str = ""
) -> HolidayOverride:
    """Enter or change one day of a notice (rest day: ``is_workday=False``)."""
    row = session.exec(select(HolidayOverride).where(HolidayOverride.day == day)).first()
    if row is None:
        row = HolidayOverride(day=day, is_workday=is_workday, note=note)
    else:
        row.is_workday, row.note = is_workday, note
        row.version += 1
        row.updated_at = _now()
    session.add(row)
    session.flush()
    return row


def remove_holiday_override(session: Session, day: date) -> bool:
    """Delete one entered day; False if there was none."""
    row = session.exec(select(HolidayOverride).where(HolidayOverride.day == day)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def set_year_complete(
    session: Session, year: int, complete: bool = True, source: str = ""
) -> HolidayYear:
    """Declare a year's notice fully entered (or withdraw that), naming the notice."""
    if complete:
        first, last = date(year, 1, 1), date(year, 12, 31)
        entered = session.exec(
            select(HolidayOverride.id).where(
                HolidayOverride.day >= first, HolidayOverride.day <= last
            )
        ).first()
        if entered is None:
            raise HolidayNoticeIncomplete(year)
    row = session.get(HolidayYear, year)
    if row is None:
        row = HolidayYear(year=year, complete=complete, source=source)
    else:
        row.complete, row.source = complete, source or row.source
        row.version += 1
        row.updated_at = _now()
    session.add(row)
    session.flush()
    return row
