"""Cron schedules: the Vixie-cron grammar, evaluated in China time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.scheduling.cron import CHINA_TIME, CronSchedule, InvalidSchedule


def cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA_TIME)  # type: ignore[misc]


def test_every_minute_is_due_at_the_current_minute_and_next_at_the_following() -> None:
    every = CronSchedule("* * * * *")
    assert every.latest_at_or_before(cst(2026, 3, 2, 9, 15, 42)) == cst(2026, 3, 2, 9, 15)
    assert every.next_after(cst(2026, 3, 2, 9, 15, 42)) == cst(2026, 3, 2, 9, 16)
    assert every.next_after(cst(2026, 3, 2, 9, 15)) == cst(2026, 3, 2, 9, 16)


def test_nightly_job_runs_at_china_time_whatever_the_input_zone() -> None:
    nightly = CronSchedule("30 2 * * *")
    # 2026-03-01 20:00 UTC is 2026-03-02 04:00 in Beijing: tonight's 02:30 has passed.
    now = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    assert nightly.latest_at_or_before(now) == cst(2026, 3, 2, 2, 30)
    assert nightly.next_after(now) == cst(2026, 3, 3, 2, 30)
    assert nightly.latest_at_or_before(now).astimezone(UTC) == datetime(
        2026, 3, 1, 18, 30, tzinfo=UTC
    )


def test_steps_ranges_and_lists() -> None:
    s = CronSchedule("*/15 8-10,14 * * *")
    assert list(s.minutes) == [0, 15, 30, 45]
    assert s.hours == {8, 9, 10, 14}
    assert s.next_after(cst(2026, 5, 6, 10, 50)) == cst(2026, 5, 6, 14, 0)
    assert s.next_after(cst(2026, 5, 6, 14, 45)) == cst(2026, 5, 7, 8, 0)
    assert CronSchedule("5/20 * * * *").minutes == [5, 25, 45]
    assert CronSchedule("10-40/10 * * * *").minutes == [10, 20, 30, 40]


def test_names_for_months_and_weekdays_and_sunday_as_0_or_7() -> None:
    weekdays = CronSchedule("0 9 * * mon-fri")
    assert weekdays.weekdays == {1, 2, 3, 4, 5}
    # 2026-11-21 is a Saturday: the next 09:00 on a weekday is Monday the 23rd.
    assert weekdays.next_after(cst(2026, 11, 20, 9, 0)) == cst(2026, 11, 23, 9, 0)
    assert CronSchedule("0 0 * * 7").weekdays == CronSchedule("0 0 * * SUN").weekdays == {0}
    assert CronSchedule("0 0 1 JAN,jul *").months == {1, 7}


def test_day_of_month_and_weekday_both_restricted_means_either() -> None:
    s = CronSchedule("0 0 1 * mon")  # the 1st, and every Monday
    after = cst(2026, 6, 2, 12, 0)  # Tuesday 2 June 2026
    assert s.next_after(after) == cst(2026, 6, 8, 0, 0)  # Monday 8 June
    assert s.next_after(cst(2026, 6, 29, 12, 0)) == cst(2026, 7, 1, 0, 0)  # Wed 1 July
    # With a star in one of the two fields only the other one counts.
    assert CronSchedule("0 0 */2 * mon").next_after(after) == cst(2026, 6, 8, 0, 0)
    assert CronSchedule("0 0 1 * *").next_after(after) == cst(2026, 7, 1, 0, 0)


def test_month_ends_and_leap_days() -> None:
    monthly_31 = CronSchedule("0 8 31 * *")
    assert monthly_31.next_after(cst(2026, 1, 31, 9, 0)) == cst(2026, 3, 31, 8, 0)
    leap = CronSchedule("0 0 29 2 *")
    assert leap.next_after(cst(2026, 1, 1, 0, 0)) == cst(2028, 2, 29, 0, 0)
    assert leap.latest_at_or_before(cst(2027, 12, 31, 0, 0)) == cst(2024, 2, 29, 0, 0)


def test_latest_slot_searches_back_across_days_months_and_years() -> None:
    s = CronSchedule("45 23 31 12 *")
    assert s.latest_at_or_before(cst(2026, 12, 31, 23, 44)) == cst(2025, 12, 31, 23, 45)
    assert s.latest_at_or_before(cst(2026, 12, 31, 23, 45)) == cst(2026, 12, 31, 23, 45)
    hourly = CronSchedule("@hourly")
    assert hourly.latest_at_or_before(cst(2026, 1, 1, 0, 0, 30)) == cst(2026, 1, 1, 0, 0)
    assert hourly.latest_at_or_before(cst(2026, 1, 1, 0, 59)) == cst(2026, 1, 1, 0, 0)


@pytest.mark.parametrize(
    ("alias", "fields"),
    [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ],
)
def test_aliases_mean_their_five_fields(alias: str, fields: str) -> None:
    at = cst(2026, 7, 15, 13, 7)
    assert CronSchedule(alias).next_after(at) == CronSchedule(fields).next_after(at)
    assert CronSchedule(alias).latest_at_or_before(at) == CronSchedule(fields).latest_at_or_before(
        at
    )


def test_matches_is_consistent_with_the_search() -> None:
    s = CronSchedule("*/10 9-17 * * 1-5")
    moment = cst(2026, 4, 3, 16, 55)
    slot = s.next_after(moment)
    assert s.matches(slot)
    assert not s.matches(slot - timedelta(minutes=1))
    assert s.matches(slot + timedelta(seconds=59))


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("* * * *", "5 个字段"),
        ("60 * * * *", "0–59"),
        ("* 24 * * *", "0–23"),
        ("* * 0 * *", "1–31"),
        ("* * * 13 *", "1–12"),
        ("* * * * 8", "0–7"),
        ("*/0 * * * *", "步长"),
        ("5-1 * * * *", "颠倒"),
        ("1,,2 * * * *", "空项"),
        ("x * * * *", "不是数字"),
        ("0 0 30 2 *", "永远不会触发"),
        ("0 0 31 4,6,9,11 *", "永远不会触发"),
    ],
)
def test_invalid_schedules_are_refused_with_a_reason(expression: str, reason: str) -> None:
    with pytest.raises(InvalidSchedule) as caught:
        CronSchedule(expression)
    assert reason in str(caught.value)
    assert expression in str(caught.value)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CronSchedule("* * * * *").next_after(datetime(2026, 1, 1))


def test_another_zone_can_be_used() -> None:
    utc_nightly = CronSchedule("0 1 * * *", tz=timezone.utc)  # noqa: UP017
    assert utc_nightly.next_after(datetime(2026, 1, 1, 0, 30, tzinfo=UTC)) == datetime(
        2026, 1, 1, 1, 0, tzinfo=UTC
    )
