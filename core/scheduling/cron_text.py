"""Cron schedules in words (定时说明): ``"17 3 * * *"`` → ``每天 03:17``.

The jobs page and ``sifa jobs list`` show the cron expression *and* what it means, because
few bureau administrators read cron. The common shapes — every n minutes, every n hours,
hourly at a minute, daily, weekly on given weekdays, monthly on given days, yearly — get a
sentence; anything else falls back to a field-by-field reading, so the text is never
wrong, only sometimes plainer. Times are China time, as the schedules are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.scheduling.cron import CronSchedule

__all__ = ["describe_schedule"]

# Monday first, as a Chinese week is read; cron's 0 (Sunday) becomes 6 (see _week_order).
_WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MAX_TIMES = 6  # more fixed times of day than this are read field by field


@dataclass(frozen=True)
class _Words:
    zh: bool

    @property
    def sep(self) -> str:
        return "、" if self.zh else ", "

    @property
    def dash(self) -> str:
        return "至" if self.zh else "–"

    def values(self, values: Iterable[int], names: Sequence[str] | None = None) -> str:
        """``1,2,3,5`` → ``1至3、5`` (``1–3, 5``), with names for weekdays or months."""
        parts = []
        for first, last in _runs(values):
            a = names[first] if names else str(first)
            b = names[last] if names else str(last)
            parts.append(a if first == last else f"{a}{self.dash}{b}")
        return self.sep.join(parts)


def _runs(values: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive values as (first, last) ranges: 1,2,3,5 → (1,3),(5,5)."""
    out: list[tuple[int, int]] = []
    for v in sorted(values):
        if out and v == out[-1][1] + 1:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out


def _step(values: Sequence[int], low: int, high: int) -> int | None:
    """The n of ``*/n`` if ``values`` are exactly low, low+n, … up to high."""
    if len(values) < 2 or values[0] != low:
        return None
    n = values[1] - values[0]
    return n if list(values) == list(range(low, high + 1, n)) else None


def _week_order(weekdays: Iterable[int]) -> set[int]:
    """Cron weekdays (0 = Sunday) as Monday-first indexes (0 = Monday, 6 = Sunday)."""
    return {(d + 6) % 7 for d in weekdays}


def describe_schedule(expression: str, locale: str = "zh") -> str:
    """A short sentence for a cron expression, in Chinese (``zh``) or English (``en``).

    Raises :class:`~core.scheduling.cron.InvalidSchedule` for an invalid expression.
    """
    cron = CronSchedule(expression)
    w = _Words(zh=locale != "en")
    minutes = list(cron.minutes)
    hours = sorted(cron.hours)
    every_day = (
        cron.days == frozenset(range(1, 32))
        and cron.months == frozenset(range(1, 13))
        and cron.weekdays == frozenset(range(7))
    )
    if every_day:
        within_day = _within_day(hours, minutes, w)
        if within_day is not None:
            return within_day
    days = _days(cron, w)
    if days is not None and len(hours) * len(minutes) <= _MAX_TIMES:
        times = w.sep.join(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
        return f"{days} {times}" if w.zh else f"{days} at {times}"
    return _fields(cron, hours, minutes, w)


def _within_day(hours: list[int], minutes: list[int], w: _Words) -> str | None:
    """Schedules that repeat within every day: each minute, each n minutes, each n hours."""
    if hours == list(range(24)):
        if minutes == list(range(60)):
            return "每分钟" if w.zh else "every minute"
        step = _step(minutes, 0, 59)
        if step is not None:
            return f"每 {step} 分钟" if w.zh else f"every {step} minutes"
        if len(minutes) == 1:
            return f"每小时第 {minutes[0]} 分" if w.zh else f"hourly at :{minutes[0]:02d}"
    hour_step = _step(hours, 0, 23)
    if hour_step is not None and len(minutes) == 1:
        m = minutes[0]
        return (
            f"每 {hour_step} 小时（第 {m} 分）" if w.zh else f"every {hour_step} hours at :{m:02d}"
        )
    return None


def _days(cron: CronSchedule, w: _Words) -> str | None:
    """Which days: every day, given weekdays, days of the month, a yearly date; else None."""
    all_days = cron.days == frozenset(range(1, 32))
    all_months = cron.months == frozenset(range(1, 13))
    all_weekdays = cron.weekdays == frozenset(range(7))
    weekdays = w.values(_week_order(cron.weekdays), _WEEKDAYS["zh" if w.zh else "en"])
    month_days = w.values(cron.days)
    if all_months:
        if all_days and all_weekdays:
            return "每天" if w.zh else "daily"
        if all_days:
            return f"每{weekdays}" if w.zh else f"every {weekdays}"
        if all_weekdays:
            return f"每月 {month_days} 日" if w.zh else f"monthly on day {month_days}"
        return (  # cron: a day matches if either field matches
            f"每月 {month_days} 日及每{weekdays}"
            if w.zh
            else f"monthly on day {month_days} and every {weekdays}"
        )
    if all_weekdays and not all_days:
        months = w.values(cron.months, None if w.zh else _MONTHS_EN)
        return f"每年 {months} 月 {month_days} 日" if w.zh else f"yearly on {months} {month_days}"
    return None


def _fields(cron: CronSchedule, hours: list[int], minutes: list[int], w: _Words) -> str:
    """The plain reading: each restricted field in turn."""
    parts = []
    if cron.months != frozenset(range(1, 13)):
        months = w.values(cron.months)
        parts.append(f"{months} 月" if w.zh else f"months {months}")
    if cron.days != frozenset(range(1, 32)):
        days = w.values(cron.days)
        parts.append(f"{days} 日" if w.zh else f"days {days}")
    if cron.weekdays != frozenset(range(7)):
        weekdays = w.values(_week_order(cron.weekdays), _WEEKDAYS["zh" if w.zh else "en"])
        parts.append(f"每{weekdays}" if w.zh else f"every {weekdays}")
    if not parts:
        parts.append("每天" if w.zh else "daily")
    if hours != list(range(24)):
        parts.append(f"{w.values(hours)} 时" if w.zh else f"hours {w.values(hours)}")
    step = _step(minutes, 0, 59)
    if minutes == list(range(60)):
        parts.append("每分钟" if w.zh else "every minute")
    elif step is not None:
        parts.append(f"每 {step} 分钟" if w.zh else f"every {step} minutes")
    else:
        parts.append(f"第 {w.values(minutes)} 分" if w.zh else f"minutes {w.values(minutes)}")
    return "，".join(parts) if w.zh else "; ".join(parts)
