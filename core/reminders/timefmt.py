"""Times as people in China read them, for message texts written by the core."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = ["BEIJING", "as_due_time", "beijing_text"]

BEIJING = timezone(timedelta(hours=8), "北京时间")  # one zone, no summer time since 1991


def beijing_text(value: datetime) -> str:
    """``2026-11-23 17:00`` in Beijing time."""
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def as_due_time(value: date | datetime) -> datetime:
    """A due time as an aware UTC datetime.

    A ``date`` means "by the end of that day" in Beijing time, which is how deadlines in
    days are read (``core.api.due_date`` returns dates): the item is overdue from midnight.
    A naive datetime is refused — nobody could say which zone it meant.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError("due time without a time zone")
        return value.astimezone(UTC)
    return datetime.combine(value + timedelta(days=1), time(0), BEIJING).astimezone(UTC)
