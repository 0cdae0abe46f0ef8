"""Entering a year by pasting the State Council notice (acceptance 2 of issue 20).

The 2025 and 2026 fixtures are the notices as published (国办发明电〔2024〕12号 and
〔2025〕7号), in their official wording; the parser must read from them exactly the rest
days and working days ``chinesecalendar`` has, day by day over the whole year.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from sqlmodel import Session, select

from core.scheduling.calendar_store import load_calendar
from core.scheduling.models import HolidayOverride, HolidayYear
from core.scheduling.notice import parse_ical, parse_notice, save_schedule

NOTICES = Path(__file__).parent / "notices"


def notice(year: int) -> str:
    return (NOTICES / f"notice_{year}.txt").read_text(encoding="utf-8")


def every_day(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_notice_yields_exactly_chinesecalendars_rest_and_working_days(year) -> None:
    parsed = parse_notice(notice(year), year)
    assert parsed.unparsed == []
    entered = parsed.day_map()
    for day in every_day(year):
        ordinary = day.weekday() < 5
        working = entered[day].is_workday if day in entered else ordinary
        assert working == chinese_calendar.is_workday(day), day
    rest = {d.day for d in parsed.days if not d.is_workday}
    work = {d.day for d in parsed.days if d.is_workday}
    assert rest == {d for d in chinese_calendar.holidays if d.year == year}
    assert work == {d for d in chinese_calendar.workdays if d.year == year}


def test_each_day_keeps_its_source_sentence_and_holiday_name() -> None:
    parsed = parse_notice(notice(2026), 2026).day_map()
    assert parsed[date(2026, 2, 28)].is_workday
    assert parsed[date(2026, 2, 28)].sentence == "2月14日（周六）、2月28日（周六）上班"
    assert parsed[date(2026, 2, 28)].name == "春节"
    assert parsed[date(2026, 2, 15)].sentence.startswith("二、春节：2月15日")
    assert parsed[date(2026, 2, 15)].line() == "2026-02-15 休"


@pytest.mark.parametrize(
    ("typo", "reason"),
    [
        ("三、清明节：4月4日（周六）至6日（周一）放价，共3天。", "不符合通知格式"),
        ("三、清明节：4月4日（周日）至6日（周一）放假，共3天。", "周六"),
        ("三、清明节：4月4日（周六）至6日（周一）放假，共4天。", "共4天"),
        (
            "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9曰（周六）上班。",
            "无法识别",
        ),
    ],
)
def test_a_sentence_with_a_typo_is_shown_as_unparsed_and_blocks_saving(
    typo, reason, platform
) -> None:
    text = notice(2026)
    line = next(s for s in text.splitlines() if s.startswith(typo[:4]))
    parsed = parse_notice(text.replace(line, typo), 2026)
    assert len(parsed.unparsed) == 1
    bad = parsed.unparsed[0]
    assert bad.sentence in typo and reason in bad.reason_zh
    assert not parsed.ok
    with Session(platform.engine) as session:
        with pytest.raises(ValueError):
            save_schedule(session, parsed, "国办发明电〔2025〕7号")
        assert session.exec(select(HolidayOverride)).all() == []


def test_preamble_and_closing_are_kept_as_context_not_dropped() -> None:
    parsed = parse_notice(notice(2026), 2026)
    assert any("经国务院批准" in s for s in parsed.context)
    assert "2025年11月4日" in parsed.context


def test_saving_on_confirm_makes_an_unknown_year_known(platform) -> None:
    parsed = parse_notice(notice(2027), 2027)
    assert parsed.ok
    with Session(platform.engine) as session:
        assert not load_calendar(session).is_known_year(2027)
        saved = save_schedule(session, parsed, "测试通知")
        session.commit()
        calendar = load_calendar(session)
        assert saved == len(parsed.days)
        assert calendar.is_known_year(2027)
        assert not calendar.is_workday(date(2027, 2, 8))
        assert calendar.is_workday(date(2027, 2, 14))  # a Sunday worked
        assert session.get(HolidayYear, 2027).source == "测试通知"


ICS = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260101
DTEND;VALUE=DATE:20260104
SUMMARY:元旦 假期
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260104
DTEND;VALUE=DATE:20260105
SUMMARY:元旦 补班
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:2026XX01
SUMMARY:坏事件
END:VEVENT
END:VCALENDAR
"""


def test_an_icalendar_file_of_holidays_is_accepted() -> None:
    parsed = parse_ical(ICS, 2026)
    marks = {d.day: d.mark for d in parsed.days}
    assert marks == {
        date(2026, 1, 1): "休",
        date(2026, 1, 2): "休",
        date(2026, 1, 3): "休",
        date(2026, 1, 4): "班",
    }
    assert [u.sentence for u in parsed.unparsed] == ["坏事件 2026XX01"]
