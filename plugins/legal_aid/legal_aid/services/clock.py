"""Beijing time helpers: dates users enter and deadlines are China dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from core.api import now

__all__ = ["BEIJING", "aware", "beijing_day", "now_utc"]

BEIJING = timezone(timedelta(hours=8))


def now_utc() -> datetime:
    """The platform's time (a test's FakeClock too), in requests, jobs and referrals."""
    return now()


def beijing_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).date()


def aware(moment: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite hands back naive UTC values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
