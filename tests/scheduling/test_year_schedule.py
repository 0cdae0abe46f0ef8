"""A year's official schedule as the holiday page lists it: package data, then entered days."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from core.scheduling.calendar_store import set_holiday_override, set_year_complete
from core.scheduling.year_schedule import DaySource, year_schedule


def test_a_package_year_lists_holidays_and_adjusted_working_days(platform) -> None:
    with Session(platform.engine) as session:
        schedule = year_schedule(session, 2026)
    assert schedule.known and schedule.in_package and not schedule.complete
    days = {d.day: d for d in schedule.days}
    assert days[date(2026, 2, 14)].is_workday  # a Saturday worked for the Spring Festival
    assert days[date(2026, 2, 14)].name_zh == "春节"
    assert not days[date(2026, 10, 1)].is_workday and days[date(2026, 10, 1)].name_zh == "国庆节"
    assert all(d.source is DaySource.PACKAGE for d in schedule.days)
    assert [d.day for d in schedule.days] == sorted(days)


def test_entered_days_win_and_a_new_year_is_known_once_complete(platform) -> None:
    with Session(platform.engine) as session:
        set_holiday_override(session, date(2026, 10, 7), True, "本地安排")
        set_holiday_override(session, date(2027, 1, 1), False, "元旦")
        session.commit()
        changed = {d.day: d for d in year_schedule(session, 2026).days}[date(2026, 10, 7)]
        assert changed.is_workday and changed.source is DaySource.OVERRIDE
        assert changed.name_zh == "国庆节" and changed.note == "本地安排"
        assert changed.override_id is not None

        before = year_schedule(session, 2027)
        assert not before.known and [d.day for d in before.overrides] == [date(2027, 1, 1)]
        set_year_complete(session, 2027, True, "国办发明电〔2026〕7号")
        session.commit()
        after = year_schedule(session, 2027)
    assert after.known and after.complete and after.notice == "国办发明电〔2026〕7号"
