"""Due dates through the core deadline service, with the review clock's pause.

A due date that depends on a year whose holiday schedule is unknown is not guessed:
:func:`safe_due` answers ``None`` and the case is marked ``deadlines_pending`` for the
nightly job.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from core.api import (
    DeadlineRule,
    DeadlineUnit,
    UnknownCalendarYear,
    compute_due,
    due_date,
    effective_rule,
    load_calendar,
)
from legal_aid.deadlines import REVIEW

__all__ = ["resumed_review_due", "safe_due", "used_review_days"]


def safe_due(session: Session, code: str, start: date | datetime, org_id: int):
    """The due date (or instant, for hours) of rule *code*, or None if it cannot be known."""
    try:
        return due_date(session, code, start, org_id).due
    except UnknownCalendarYear:
        return None


def used_review_days(session: Session, org_id: int, received_on: date, paused_on: date) -> int:
    """How much of the review period ran before the clock paused, in the rule's unit."""
    rule = effective_rule(session, REVIEW, org_id)
    if rule.unit is DeadlineUnit.WORKING_DAYS:
        calendar = load_calendar(session)
        day, used = received_on, 0
        while day < paused_on:
            day += timedelta(days=1)
            used += 1 if calendar.is_workday(day) else 0
        return used
    return max((paused_on - received_on).days, 0)


def resumed_review_due(
    session: Session, org_id: int, received_on: date, paused_on: date, supplied_on: date
) -> date | None:
    """The review due date once the missing materials arrive: the time used before the
    pause is kept, the rest (at least one day) runs from the day they arrived."""
    rule = effective_rule(session, REVIEW, org_id)
    remaining = max(rule.amount - used_review_days(session, org_id, received_on, paused_on), 1)
    rest = DeadlineRule(
        REVIEW,
        remaining,
        rule.unit,
        start_day_counts=rule.start_day_counts,
        roll_past_rest_days=rule.roll_past_rest_days,
    )
    try:
        due = compute_due(supplied_on, rest, load_calendar(session)).due
    except UnknownCalendarYear:
        return None
    return due if isinstance(due, date) and not isinstance(due, datetime) else None
