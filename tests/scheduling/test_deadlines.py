"""Deadline computation, as acceptance criteria on real 2024–2026 schedules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import holidays
import pytest

from core.scheduling import (
    DeadlineRule,
    DeadlineUnit,
    Due,
    WorkingCalendar,
    add_months,
    compute_due,
)

CHINA_TIME = timezone(timedelta(hours=8))


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def rule(amount: int, unit: DeadlineUnit, **kwargs: object) -> DeadlineRule:
    return DeadlineRule(code="test.rule", amount=amount, unit=unit, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 10, 3), False),  # National Day
        (date(2025, 10, 8), False),  # last day of the 2025 break
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),  # Saturday, adjusted working day
        (date(2026, 2, 14), True),  # Saturday before Spring Festival, adjusted
        (date(2026, 2, 15), False),  # Spring Festival break: 02-15..02-23
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 28), True),  # Saturday after Spring Festival, adjusted
        (date(2025, 2, 28), True),
        (date(2025, 5, 31), False),  # Dragon Boat Festival (Saturday)
        (date(2025, 6, 2), False),
        (date(2025, 11, 30), False),  # plain Sunday
    ],
)
def test_schedule_facts_used_below_agree_in_both_packages(
    day: date, working: bool, cal: WorkingCalendar
) -> None:
    assert cal.is_workday(day) is working
    assert holidays.China(years=day.year).is_working_day(day) is working


# --- natural days ----------------------------------------------------------------------


def test_seven_days_ending_on_national_day_roll_to_the_first_working_day(
    cal: WorkingCalendar,
) -> None:
    due = compute_due(date(2025, 9, 26), rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert due == Due(due=date(2025, 10, 9), rolled_from=date(2025, 10, 3))
    assert due.rolled


def test_natural_days_ending_on_a_working_day_do_not_roll(cal: WorkingCalendar) -> None:
    due = compute_due(date(2025, 9, 2), rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert due == Due(due=date(2025, 9, 9))
    assert not due.rolled


def test_rolling_can_be_switched_off(cal: WorkingCalendar) -> None:
    r = rule(7, DeadlineUnit.NATURAL_DAYS, roll_past_rest_days=False)
    assert compute_due(date(2025, 9, 26), r, cal) == Due(due=date(2025, 10, 3))


def test_a_datetime_start_counts_by_its_day(cal: WorkingCalendar) -> None:
    start = datetime(2025, 9, 26, 16, 45, tzinfo=CHINA_TIME)
    due = compute_due(start, rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert due == Due(due=date(2025, 10, 9), rolled_from=date(2025, 10, 3))
    assert type(due.due) is date


# --- working days ----------------------------------------------------------------------


def test_ten_working_days_across_spring_festival_2026(cal: WorkingCalendar) -> None:
    # From Thu 02-12: 02-13, Sat 02-14 (adjusted), [02-15..02-23 off], 02-24..02-27,
    # Sat 02-28 (adjusted), [Sun 03-01], 03-02, 03-03, 03-04 → the 10th working day.
    due = compute_due(date(2026, 2, 12), rule(10, DeadlineUnit.WORKING_DAYS), cal)
    assert due == Due(due=date(2026, 3, 4))


def test_working_days_starting_inside_a_holiday(cal: WorkingCalendar) -> None:
    due = compute_due(date(2025, 10, 3), rule(2, DeadlineUnit.WORKING_DAYS), cal)
    assert due == Due(due=date(2025, 10, 10))


# --- months ----------------------------------------------------------------------------


def test_one_month_from_31_january_ends_on_the_last_day_of_february(cal: WorkingCalendar) -> None:
    one_month = rule(1, DeadlineUnit.MONTHS)
    # Fri 2025-02-28 is a working day, so there is nothing to roll.
    assert compute_due(date(2025, 1, 31), one_month, cal) == Due(due=date(2025, 2, 28))
    assert compute_due(date(2024, 1, 31), one_month, cal) == Due(due=date(2024, 2, 29))


def test_a_clamped_month_end_on_a_rest_day_rolls(cal: WorkingCalendar) -> None:
    # 2025-10-31 + 1 month → 11-30 (no 31 November), a Sunday → Monday 12-01.
    due = compute_due(date(2025, 10, 31), rule(1, DeadlineUnit.MONTHS), cal)
    assert due == Due(due=date(2025, 12, 1), rolled_from=date(2025, 11, 30))


def test_a_month_end_on_an_adjusted_saturday_does_not_roll(cal: WorkingCalendar) -> None:
    # 2026-01-31 + 1 month → Sat 02-28, which is a working day in 2026.
    assert compute_due(date(2026, 1, 31), rule(1, DeadlineUnit.MONTHS), cal) == Due(
        due=date(2026, 2, 28)
    )


def test_months_ending_on_a_holiday_roll_past_it(cal: WorkingCalendar) -> None:
    # 2025-03-31 + 2 months → Sat 05-31, Dragon Boat break 05-31..06-02 → Tue 06-03.
    due = compute_due(date(2025, 3, 31), rule(2, DeadlineUnit.MONTHS), cal)
    assert due == Due(due=date(2025, 6, 3), rolled_from=date(2025, 5, 31))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- start day counts ------------------------------------------------------------------


def test_counting_the_start_day_ends_one_day_earlier(cal: WorkingCalendar) -> None:
    start = date(2025, 9, 2)  # Tuesday; neither result touches a rest day
    assert compute_due(start, rule(7, DeadlineUnit.NATURAL_DAYS), cal).due == date(2025, 9, 9)
    counted = rule(7, DeadlineUnit.NATURAL_DAYS, start_day_counts=True)
    assert compute_due(start, counted, cal).due == date(2025, 9, 8)


def test_counting_the_start_day_for_working_days(cal: WorkingCalendar) -> None:
    monday = date(2025, 9, 1)
    assert compute_due(monday, rule(5, DeadlineUnit.WORKING_DAYS), cal).due == date(2025, 9, 8)
    counted = rule(5, DeadlineUnit.WORKING_DAYS, start_day_counts=True)
    assert compute_due(monday, counted, cal).due == date(2025, 9, 5)
    # A start on a rest day cannot be a counted working day: same as not counting it.
    assert compute_due(date(2025, 10, 3), counted, cal) == compute_due(
        date(2025, 10, 3), rule(5, DeadlineUnit.WORKING_DAYS), cal
    )


def test_counting_the_start_day_for_months(cal: WorkingCalendar) -> None:
    counted = rule(1, DeadlineUnit.MONTHS, start_day_counts=True)
    assert compute_due(date(2025, 3, 1), rule(1, DeadlineUnit.MONTHS), cal).due == date(2025, 4, 1)
    assert compute_due(date(2025, 3, 1), counted, cal).due == date(2025, 3, 31)
    # No matching day in February: the month end is the last day either way.
    assert compute_due(date(2025, 1, 31), counted, cal).due == date(2025, 2, 28)


# --- hours -----------------------------------------------------------------------------


def test_hours_are_exact_and_do_not_roll(cal: WorkingCalendar) -> None:
    start = datetime(2025, 9, 30, 18, 0, tzinfo=CHINA_TIME)
    due = compute_due(start, rule(48, DeadlineUnit.HOURS), cal)
    assert due == Due(due=datetime(2025, 10, 2, 18, 0, tzinfo=CHINA_TIME))  # mid-holiday


def test_hours_need_no_calendar_data(cal: WorkingCalendar) -> None:
    start = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    assert compute_due(start, rule(24, DeadlineUnit.HOURS), cal).due == datetime(
        2030, 1, 2, 8, 0, tzinfo=UTC
    )


def test_hours_need_a_time(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        compute_due(date(2025, 9, 30), rule(48, DeadlineUnit.HOURS), cal)


# --- unknown years and overrides -------------------------------------------------------


def test_a_due_day_in_a_year_without_data_is_provisional_on_the_ordinary_week(
    cal: WorkingCalendar,
) -> None:
    # 2026-12-25 + 7 days = Friday 2027-01-01: on the ordinary week a working day.
    due = compute_due(date(2026, 12, 25), rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert due == Due(due=date(2027, 1, 1), provisional_years=(2027,))
    assert due.provisional and "2027年节假日安排尚未录入" in due.reason_zh
    assert "2027" in due.reason_en
    # 10 working days from Mon 2026-12-28: 12-29, 30, 31, then 2027-01-01 (Fri) … 01-11.
    worked = compute_due(date(2026, 12, 28), rule(10, DeadlineUnit.WORKING_DAYS), cal)
    assert worked.due == date(2027, 1, 11) and worked.provisional
    # 2026-12-01 + 1 month = 2027-01-01 (Friday): the roll needs 2027.
    month = compute_due(date(2026, 12, 1), rule(1, DeadlineUnit.MONTHS), cal)
    assert month.due == date(2027, 1, 1) and month.provisional_years == (2027,)
    # Saturday 2027-01-02 rolls to Monday 01-04 on the ordinary week.
    rolled = compute_due(date(2026, 12, 26), rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert rolled.due == date(2027, 1, 4) and rolled.rolled_from == date(2027, 1, 2)


def test_a_known_year_is_never_provisional(cal: WorkingCalendar) -> None:
    due = compute_due(date(2026, 9, 26), rule(7, DeadlineUnit.NATURAL_DAYS), cal)
    assert not due.provisional and due.reason_zh == ""


def test_without_rolling_a_natural_day_rule_needs_no_calendar(cal: WorkingCalendar) -> None:
    r = rule(7, DeadlineUnit.NATURAL_DAYS, roll_past_rest_days=False)
    assert compute_due(date(2026, 12, 25), r, cal) == Due(due=date(2027, 1, 1))


def test_a_complete_override_year_is_used_and_the_override_wins() -> None:
    r = rule(7, DeadlineUnit.NATURAL_DAYS)
    start = date(2026, 12, 25)  # + 7 days = Fri 2027-01-01
    plain_week = WorkingCalendar(complete_years={2027})
    assert compute_due(start, r, plain_week) == Due(due=date(2027, 1, 1))
    new_year_off = WorkingCalendar(overrides={date(2027, 1, 1): False}, complete_years={2027})
    # 01-01 off, Sat 01-02 and Sun 01-03 ordinary weekend → Mon 01-04.
    assert compute_due(start, r, new_year_off) == Due(
        due=date(2027, 1, 4), rolled_from=date(2027, 1, 1)
    )
    saturday_worked = WorkingCalendar(
        overrides={date(2027, 1, 1): False, date(2027, 1, 2): True}, complete_years={2027}
    )
    assert compute_due(start, r, saturday_worked) == Due(
        due=date(2027, 1, 2), rolled_from=date(2027, 1, 1)
    )


# --- rule validation -------------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, -3, True, 1.5, "7"])
def test_an_invalid_amount_is_refused(amount: object) -> None:
    with pytest.raises(ValueError, match="positive integer"):
        DeadlineRule(code="x", amount=amount, unit=DeadlineUnit.NATURAL_DAYS)  # type: ignore[arg-type]


def test_other_invalid_rules_are_refused() -> None:
    with pytest.raises(ValueError):
        DeadlineRule(code="", amount=1, unit=DeadlineUnit.NATURAL_DAYS)
    with pytest.raises(ValueError):
        DeadlineRule(code="x", amount=1, unit="fortnights")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        DeadlineRule(code="x", amount=24, unit=DeadlineUnit.HOURS, start_day_counts=True)


def test_a_rule_accepts_the_stored_unit_string_and_is_immutable() -> None:
    r = DeadlineRule(
        code="mediation.term",
        amount=30,
        unit="natural_days",  # type: ignore[arg-type]
        label_zh="调解期限",
        label_en="Mediation term",
    )
    assert r.unit is DeadlineUnit.NATURAL_DAYS
    assert r.start_day_counts is False
    assert r.roll_past_rest_days is True
    with pytest.raises(AttributeError):
        r.amount = 60  # type: ignore[misc]
