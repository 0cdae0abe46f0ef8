"""The working-day calendar: official schedule, overrides, and refusing to guess."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta

import holidays
import pytest

from core.scheduling import UnknownCalendarYear, WorkingCalendar

# The locked chinesecalendar release covers 2004–2026. When a release with 2027 ships,
# the tests that rely on 2027 being unknown must move to a later year.
UNKNOWN_YEAR = 2027


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_premise_2027_is_not_in_the_package(cal: WorkingCalendar) -> None:
    assert UNKNOWN_YEAR not in cal.known_years(), (
        "chinesecalendar now ships 2027: move the unknown-year tests to a later year"
    )
    assert {2004, 2025, 2026} <= cal.known_years()


# --- the official schedule -------------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026])
def test_agrees_with_the_holidays_package_on_every_day(year: int, cal: WorkingCalendar) -> None:
    """Two independently maintained sources give the same working days for 2025 and 2026."""
    china = holidays.China(years=year)
    disagreements = [
        day
        for day in _days(date(year, 1, 1), date(year, 12, 31))
        if cal.is_workday(day) != china.is_working_day(day)
    ]
    assert disagreements == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_holiday_of_the_holidays_package_is_a_statutory_holiday(
    year: int, cal: WorkingCalendar
) -> None:
    china = holidays.China(years=year)
    assert [day for day in china if not cal.is_statutory_holiday(day)] == []


def test_national_day_2025(cal: WorkingCalendar) -> None:
    # 10-01..10-08 off (National Day + Mid-Autumn); Sun 09-28 and Sat 10-11 worked.
    assert all(cal.is_rest_day(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8)))
    assert all(cal.is_statutory_holiday(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8)))
    assert cal.is_workday(date(2025, 9, 28))  # Sunday, adjusted working day
    assert cal.is_workday(date(2025, 10, 11))  # Saturday, adjusted working day
    assert not cal.is_statutory_holiday(date(2025, 10, 11))


def test_ordinary_weekend_is_a_rest_day_but_not_a_statutory_holiday(cal: WorkingCalendar) -> None:
    sunday = date(2025, 10, 12)
    assert cal.is_rest_day(sunday)
    assert cal.is_holiday(sunday)  # same meaning as chinese_calendar.is_holiday
    assert not cal.is_statutory_holiday(sunday)
    assert cal.is_workday(date(2025, 10, 13))  # plain Monday


def test_datetime_is_answered_for_its_day(cal: WorkingCalendar) -> None:
    assert cal.is_rest_day(datetime(2025, 10, 3, 9, 30))
    assert cal.next_workday(datetime(2025, 10, 3, 23, 59)) == date(2025, 10, 9)


# --- walking working days --------------------------------------------------------------


def test_next_workday_is_strictly_after(cal: WorkingCalendar) -> None:
    assert cal.next_workday(date(2025, 9, 30)) == date(2025, 10, 9)  # over the whole break
    assert cal.next_workday(date(2025, 10, 10)) == date(2025, 10, 11)  # adjusted Saturday
    assert cal.next_workday(date(2025, 10, 13)) == date(2025, 10, 14)  # workday → next one


def test_add_workdays(cal: WorkingCalendar) -> None:
    assert cal.add_workdays(date(2025, 9, 30), 0) == date(2025, 9, 30)
    assert cal.add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)  # 10-09, 10-10, 10-11
    assert cal.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)  # backwards


# --- unknown years ---------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(UNKNOWN_YEAR, 3, 1), date(2003, 6, 2), date(2100, 1, 4)])
def test_a_year_without_data_raises(day: date, cal: WorkingCalendar) -> None:
    with pytest.raises(UnknownCalendarYear) as excinfo:
        cal.is_workday(day)
    assert excinfo.value.year == day.year
    with pytest.raises(UnknownCalendarYear):
        cal.is_statutory_holiday(day)


def test_unknown_year_message_is_bilingual_and_the_error_pickles() -> None:
    error = UnknownCalendarYear(2027)
    assert str(error) == "2027年的法定节假日安排尚未录入 (no official holiday schedule for 2027)"
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, UnknownCalendarYear)
    assert copy.year == 2027
    assert str(copy) == str(error)


def test_walking_into_an_unknown_year_raises(cal: WorkingCalendar) -> None:
    assert cal.add_workdays(date(2026, 12, 28), 3) == date(2026, 12, 31)
    with pytest.raises(UnknownCalendarYear) as excinfo:
        cal.add_workdays(date(2026, 12, 28), 4)
    assert excinfo.value.year == UNKNOWN_YEAR


# --- overrides -------------------------------------------------------------------------


def test_overrides_of_an_incomplete_year_are_not_used() -> None:
    """Half a notice typed in must not produce deadlines: the year stays unknown."""
    cal = WorkingCalendar(overrides={date(UNKNOWN_YEAR, 1, 1): False})
    with pytest.raises(UnknownCalendarYear):
        cal.is_workday(date(UNKNOWN_YEAR, 1, 1))


def test_a_complete_override_year_is_known() -> None:
    new_year = date(UNKNOWN_YEAR, 1, 1)  # a Friday
    worked_saturday = date(UNKNOWN_YEAR, 2, 20)
    cal = WorkingCalendar(
        overrides={new_year: False, worked_saturday: True}, complete_years={UNKNOWN_YEAR}
    )
    assert UNKNOWN_YEAR in cal.known_years()
    assert cal.is_rest_day(new_year)
    assert cal.is_statutory_holiday(new_year)
    assert cal.is_workday(worked_saturday)
    assert not cal.is_statutory_holiday(worked_saturday)
    # Days the notice does not mention follow the normal week.
    assert cal.is_workday(date(UNKNOWN_YEAR, 1, 4))  # Monday
    assert cal.is_rest_day(date(UNKNOWN_YEAR, 1, 3))  # Sunday
    assert not cal.is_statutory_holiday(date(UNKNOWN_YEAR, 1, 3))
    assert cal.next_workday(date(2026, 12, 31)) == date(UNKNOWN_YEAR, 1, 4)


def test_an_override_wins_over_the_package() -> None:
    cal = WorkingCalendar(overrides={date(2025, 10, 8): True, date(2025, 10, 9): False})
    assert cal.is_workday(date(2025, 10, 8))
    assert not cal.is_statutory_holiday(date(2025, 10, 8))
    assert cal.is_rest_day(date(2025, 10, 9))
    assert cal.next_workday(date(2025, 10, 7)) == date(2025, 10, 8)


def test_overrides_are_read_only_and_validated() -> None:
    source = {date(2025, 10, 9): False}
    cal = WorkingCalendar(overrides=source)
    source[date(2025, 10, 9)] = True  # the caller's dict changing later changes nothing
    assert cal.is_rest_day(date(2025, 10, 9))
    with pytest.raises(TypeError):
        cal.overrides[date(2025, 10, 10)] = False  # type: ignore[index]
    with pytest.raises(TypeError):
        WorkingCalendar(overrides={date(2025, 10, 9): "rest"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        WorkingCalendar(overrides={"2025-10-09": False})  # type: ignore[dict-item]
