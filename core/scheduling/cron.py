"""Five-field cron schedules (分 时 日 月 周), evaluated in China time.

Periodic jobs say when they run the way system administrators already write it:
``"*/15 * * * *"`` (every quarter hour), ``"30 2 * * *"`` (02:30 every night),
``"0 8 1 * *"`` (08:00 on the first of the month), ``"0 9 * * mon-fri"``. The fields and
their meaning follow Vixie cron, the dialect of Debian's ``cron``:

* minute 0–59, hour 0–23, day of month 1–31, month 1–12 or ``jan``–``dec``, day of week
  0–7 or ``sun``–``sat`` (0 and 7 are both Sunday);
* each field is ``*``, a number, a range ``a-b``, a step ``*/n``, ``a-b/n`` or ``a/n``
  (from ``a`` to the end of the field), or a comma-separated list of those;
* when both day of month and day of week are restricted (neither starts with ``*``), a day
  matches if *either* matches (``"0 0 1 * mon"`` is the 1st *and* every Monday);
* ``@yearly`` (``@annually``), ``@monthly``, ``@weekly``, ``@daily`` (``@midnight``) and
  ``@hourly`` are accepted as shorthands.

Times are wall-clock times in China Standard Time, UTC+8. China has observed no daylight
saving time since 1991, so a fixed offset is exact and needs no time-zone database; a
different ``tzinfo`` may be passed for tests or other deployments. A slot is an aware
``datetime`` at a whole minute.

Why our own parser: the only cron libraries installed here belong to schedulers we do not
use; the grammar is small and fully specified above, and the tests pin it down.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

__all__ = ["CHINA_TIME", "CronSchedule", "InvalidSchedule"]

CHINA_TIME = timezone(timedelta(hours=8), "CST")

_MINUTE = timedelta(minutes=1)
_SEARCH_YEARS = 8  # covers a 29 February schedule, even across 2100's missing leap day

_ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY_NAMES = {
    name: number for number, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))
}


class InvalidSchedule(ValueError):
    """A cron expression that cannot be read, or that never fires."""

    def __init__(self, expression: str, reason: str) -> None:
        self.expression = expression
        self.reason = reason
        super().__init__(f"无效的定时表达式 {expression!r}：{reason} (invalid cron schedule)")


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: dict[str, int]


_FIELDS = (
    _Field("minute", 0, 59, {}),
    _Field("hour", 0, 23, {}),
    _Field("day of month", 1, 31, {}),
    _Field("month", 1, 12, _MONTH_NAMES),
    _Field("day of week", 0, 7, _DAY_NAMES),
)


def _value(text: str, spec: _Field, expression: str) -> int:
    lowered = text.lower()
    if lowered in spec.names:
        return spec.names[lowered]
    if not text.isdigit():
        raise InvalidSchedule(expression, f"{spec.name} 字段中的 {text!r} 不是数字")
    number = int(text)
    if not spec.low <= number <= spec.high:
        raise InvalidSchedule(
            expression, f"{spec.name} 应在 {spec.low}–{spec.high} 之间，得到 {number}"
        )
    return number


def _parse_field(text: str, spec: _Field, expression: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        if not part:
            raise InvalidSchedule(expression, f"{spec.name} 字段有空项")
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise InvalidSchedule(expression, f"{spec.name} 字段的步长 {step_text!r} 无效")
            step = int(step_text)
        if base == "*":
            low, high = spec.low, spec.high
        elif "-" in base:
            first, _, last = base.partition("-")
            low, high = _value(first, spec, expression), _value(last, spec, expression)
            if low > high:
                raise InvalidSchedule(expression, f"{spec.name} 字段的范围 {base!r} 颠倒")
        else:
            low = _value(base, spec, expression)
            high = spec.high if slash else low  # "a/n": from a to the end of the field
        values.update(range(low, high + 1, step))
    return frozenset(values)


class CronSchedule:
    """When a periodic job runs: the whole minutes matching a cron expression.

    Raises :class:`InvalidSchedule` for a malformed expression or one that never fires
    (``"0 0 30 2 *"``).
    """

    def __init__(self, expression: str, tz: tzinfo = CHINA_TIME) -> None:
        self.expression = expression
        self.tz = tz
        text = _ALIASES.get(expression.strip().lower(), expression)
        parts = text.split()
        if len(parts) != 5:
            raise InvalidSchedule(
                expression, f"需要 5 个字段（分 时 日 月 周），得到 {len(parts)} 个"
            )
        fields = [_parse_field(p, spec, expression) for p, spec in zip(parts, _FIELDS, strict=True)]
        self.minutes: Sequence[int] = sorted(fields[0])
        self.hours: frozenset[int] = fields[1]
        self.days: frozenset[int] = fields[2]
        self.months: frozenset[int] = fields[3]
        self.weekdays: frozenset[int] = frozenset(d % 7 for d in fields[4])  # 7 is Sunday
        self._any_day = parts[2].startswith("*")
        self._any_weekday = parts[4].startswith("*")
        if self.next_after(datetime(2000, 1, 1, tzinfo=tz)) is None:
            raise InvalidSchedule(expression, "永远不会触发 (never fires)")

    def __repr__(self) -> str:
        return f"CronSchedule({self.expression!r})"

    def _day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        by_date = day.day in self.days
        by_weekday = (day.weekday() + 1) % 7 in self.weekdays  # cron: 0 is Sunday
        if self._any_day and self._any_weekday:
            return True
        if self._any_day:
            return by_weekday
        if self._any_weekday:
            return by_date
        return by_date or by_weekday

    def matches(self, moment: datetime) -> bool:
        """Whether the minute containing ``moment`` is a slot."""
        local = moment.astimezone(self.tz)
        return (
            self._day_matches(local.date())
            and local.hour in self.hours
            and local.minute in self.minutes
        )

    def _local(self, moment: datetime) -> datetime:
        if moment.utcoffset() is None:
            raise ValueError("cron evaluation needs an aware datetime")
        return moment.astimezone(self.tz).replace(second=0, microsecond=0, tzinfo=None)

    def next_after(self, moment: datetime) -> datetime | None:
        """The first slot strictly after ``moment``; None if there is none within 8 years."""
        t = self._local(moment) + _MINUTE
        limit = t.year + _SEARCH_YEARS
        while t.year <= limit:
            if not self._day_matches(t.date()):
                t = datetime.combine(t.date() + timedelta(days=1), datetime.min.time())
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
                continue
            i = bisect.bisect_left(self.minutes, t.minute)
            if i == len(self.minutes):
                t = t.replace(minute=0) + timedelta(hours=1)
                continue
            return t.replace(minute=self.minutes[i], tzinfo=self.tz)
        return None

    def latest_at_or_before(self, moment: datetime) -> datetime | None:
        """The most recent slot at or before ``moment``; None if none within 8 years."""
        t = self._local(moment)
        limit = t.year - _SEARCH_YEARS
        while t.year >= limit:
            if not self._day_matches(t.date()):
                t = datetime.combine(t.date(), datetime.min.time()) - _MINUTE
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0) - _MINUTE
                continue
            i = bisect.bisect_right(self.minutes, t.minute)
            if i == 0:
                t = t.replace(minute=0) - _MINUTE
                continue
            return t.replace(minute=self.minutes[i - 1], tzinfo=self.tz)
        return None
