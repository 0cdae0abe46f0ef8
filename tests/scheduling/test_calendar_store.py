"""The holiday override table: entering next year's State Council notice makes it usable."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from core.scheduling.calendar import UnknownCalendarYear, WorkingCalendar
from core.scheduling.calendar_store import (
    HolidayNoticeIncomplete,
    load_calendar,
    missing_years,
    next_year_missing,
    remove_holiday_override,
    set_holiday_override,
    set_year_complete,
)
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit, compute_due

# A made-up 2027 notice in the usual shape (2027 is unknown to every package here): New
# Year on Friday 1 January; Spring Festival 2027-02-05 … 02-13 with the Sundays 01-31 and
# 02-20 worked in exchange.
NOTICE_2027 = {
    date(2027, 1, 1): False,
    **{date(2027, 2, d): False for d in range(5, 14)},
    date(2027, 1, 31): True,
    date(2027, 2, 20): True,
}


@pytest.fixture
def session(platform):
    with Session(platform.engine) as s:
        yield s


def enter_notice(session: Session) -> None:
    for day, working in NOTICE_2027.items():
        set_holiday_override(session, day, working, "国办发明电〔2026〕X号（测试）")
    session.commit()


def test_an_empty_table_is_the_package_calendar(session) -> None:
    calendar = load_calendar(session)
    assert calendar.overrides == {}
    assert calendar.is_workday(date(2026, 2, 28))  # adjusted Saturday, from the package
    with pytest.raises(UnknownCalendarYear):
        calendar.is_workday(date(2027, 3, 1))


def test_entered_days_are_ignored_until_the_year_is_declared_complete(session) -> None:
    enter_notice(session)
    with pytest.raises(UnknownCalendarYear) as caught:
        load_calendar(session).is_workday(date(2027, 2, 8))
    assert caught.value.year == 2027


def test_holiday_overrides_make_2027_usable_for_deadlines(session) -> None:
    enter_notice(session)
    set_year_complete(session, 2027, source="国办发明电〔2026〕X号")
    session.commit()
    calendar = load_calendar(session)
    assert calendar.is_known_year(2027)
    assert not calendar.is_workday(date(2027, 2, 8))  # Monday in the Spring Festival break
    assert calendar.is_workday(date(2027, 2, 20))  # Saturday worked in exchange
    assert calendar.is_workday(date(2027, 3, 1))  # an ordinary Monday
    assert not calendar.is_workday(date(2027, 3, 6))  # an ordinary Saturday

    # 10 working days from Monday 2027-02-01: 02-02, 03, 04, (break 05–13), 14 is a Sunday,
    # 15, 16, 17, 18, 19, 20 (worked Saturday), 22 → the 10th is 2027-02-22.
    ten = DeadlineRule("t.ten", 10, DeadlineUnit.WORKING_DAYS)
    assert compute_due(date(2027, 2, 1), ten, calendar).due == date(2027, 2, 22)
    # 7 natural days from 2027-01-29 end on Friday 02-05, a holiday: rolled to 02-15.
    seven = DeadlineRule("t.seven", 7, DeadlineUnit.NATURAL_DAYS)
    due = compute_due(date(2027, 1, 29), seven, calendar)
    assert (due.due, due.rolled_from) == (date(2027, 2, 15), date(2027, 2, 5))


def test_an_override_wins_over_the_package_for_a_known_year(session) -> None:
    set_holiday_override(session, date(2026, 6, 1), False, "本地安排")
    session.commit()
    assert not load_calendar(session).is_workday(date(2026, 6, 1))
    assert remove_holiday_override(session, date(2026, 6, 1))
    assert not remove_holiday_override(session, date(2026, 6, 1))
    session.commit()
    assert load_calendar(session).is_workday(date(2026, 6, 1))


def test_changing_a_day_keeps_one_row_and_counts_the_version(session) -> None:
    first = set_holiday_override(session, date(2027, 1, 1), True)
    second = set_holiday_override(session, date(2027, 1, 1), False, "更正")
    session.commit()
    assert first.id == second.id
    assert (second.is_workday, second.note, second.version) == (False, "更正", 2)


def test_a_year_without_any_entered_day_cannot_be_complete(session) -> None:
    with pytest.raises(HolidayNoticeIncomplete, match="2028"):
        set_year_complete(session, 2028)


def test_a_completed_year_can_be_withdrawn(session) -> None:
    enter_notice(session)
    set_year_complete(session, 2027)
    session.commit()
    set_year_complete(session, 2027, complete=False)
    session.commit()
    assert not load_calendar(session).is_known_year(2027)


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (date(2026, 10, 31), False),  # before November the notice does not exist yet
        (date(2026, 11, 1), True),
        (date(2026, 12, 31), True),
        (date(2025, 11, 20), False),  # 2026 is in the package
    ],
)
def test_next_year_missing_reminds_from_november(today: date, missing: bool) -> None:
    assert next_year_missing(today, WorkingCalendar()) is missing


def test_the_reminder_stops_once_next_year_is_entered() -> None:
    entered = WorkingCalendar({date(2027, 1, 1): False}, complete_years=[2027])
    assert not next_year_missing(date(2026, 11, 23), entered)
    assert missing_years(date(2026, 11, 23), WorkingCalendar()) == [2027]
    assert missing_years(date(2027, 3, 1), WorkingCalendar()) == [2027]  # even more urgent
    assert missing_years(date(2027, 3, 1), entered) == []
