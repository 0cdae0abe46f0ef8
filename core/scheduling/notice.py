"""Reading a year's holiday schedule from the State Council notice, or from an iCalendar file.

The notice (国务院办公厅关于20XX年部分节假日安排的通知) has a regular form, one item per
holiday::

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

:func:`parse_notice` turns the pasted text into one :class:`ParsedDay` per rest day and per
adjusted working day, each with the sentence it came from, so an administrator can check
the result line by line before saving. It is strict on purpose: a sentence that mentions a
date but does not match the form exactly — a typo, a weekday that does not fit the date, a
day count that does not add up — is returned in ``unparsed`` with the reason, never dropped
and never half-read. Sentences with no date (the preamble, the closing paragraph) are kept in
``context``. Nothing here writes to the database; :func:`save_schedule` does, on confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from core.scheduling.calendar_store import set_holiday_override, set_year_complete
from core.scheduling.models import HolidayOverride

__all__ = [
    "ParsedDay",
    "ParsedSchedule",
    "Unparsed",
    "parse_ical",
    "parse_notice",
    "save_schedule",
]

_WEEKDAYS = "一二三四五六日"
_DATE = (
    r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日"
    r"(?:[（(](?P<{p}n>[^）)]*)[）)])?"
)
_REST = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．])?\s*(?:(?P<name>[^：:，,。\d]{1,20})[：:])?\s*"
    + _DATE.format(p="a")
    + r"(?:至"
    + _DATE.format(p="b")
    + r")?放假(?:调休)?(?P<n1>\d+)?(?:天)?(?:[，,]共(?P<n2>\d+)天)?"
    r"(?:[，,](?:不调休|与周末连休))?$"
)
_ONE_DATE = re.compile(_DATE.format(p="x"))
_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+[、.．])\s*(?P<name>[^：:，,。\d]{1,20})[：:]")
_HAS_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}|\d{1,2}\s*日")
_ISSUE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass(frozen=True)
class ParsedDay:
    """One day of the notice: a rest day (休) or an adjusted working day (班)."""

    day: date
    is_workday: bool
    sentence: str
    name: str = ""

    @property
    def mark(self) -> str:
        return "班" if self.is_workday else "休"

    def line(self) -> str:
        """``2027-01-04 班`` — the dry-run line."""
        return f"{self.day.isoformat()} {self.mark}"


@dataclass(frozen=True)
class Unparsed:
    """A sentence that looks like part of the schedule but could not be read, and why."""

    sentence: str
    reason_zh: str
    reason_en: str


@dataclass
class ParsedSchedule:
    """What was read: days in date order, sentences not understood, and the rest of the text."""

    year: int
    days: list[ParsedDay] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    context: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every schedule sentence was read and at least one day found: safe to save."""
        return bool(self.days) and not self.unparsed

    def by_sentence(self) -> list[tuple[str, list[ParsedDay]]]:
        """The parsed lines grouped under their source sentence, in the notice's order."""
        groups: dict[str, list[ParsedDay]] = {}
        for day in sorted(self.days, key=lambda d: d.day):
            groups.setdefault(day.sentence, []).append(day)
        order = {s: i for i, s in enumerate(self._sentences)}
        return sorted(groups.items(), key=lambda kv: order.get(kv[0], 0))

    _sentences: list[str] = field(default_factory=list, repr=False)

    def day_map(self) -> dict[date, ParsedDay]:
        return {d.day: d for d in self.days}


class _Bad(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def _sentences(text: str) -> list[str]:
    """Split on 。, ；, and line ends, keeping each sentence's own words (no normalising)."""
    parts = re.split(r"[。；;\n\r]+", text)
    return [p.strip() for p in parts if p.strip()]


def _day(match: re.Match[str], p: str, year: int, month: int | None) -> tuple[date, int]:
    y = int(match.group(f"{p}y") or year)
    m_text = match.group(f"{p}m")
    if m_text is None and month is None:
        raise _Bad("日期缺少月份", "a date without its month")
    m = int(m_text) if m_text is not None else month
    try:
        day = date(y, m, int(match.group(f"{p}d")))  # type: ignore[arg-type]
    except ValueError as exc:
        raise _Bad("日期不存在", "no such date") from exc
    note = match.group(f"{p}n") or ""
    weekday = re.search(r"周([一二三四五六日天])", note)
    if weekday:
        wanted = _WEEKDAYS.index(weekday.group(1).replace("天", "日"))
        if wanted != day.weekday():
            raise _Bad(
                f"{day.month}月{day.day}日是周{_WEEKDAYS[day.weekday()]}，与括号中的“周"
                f"{weekday.group(1)}”不符",
                f"{day.isoformat()} is not the weekday given in brackets",
            )
    return day, day.month


def _rest(match: re.Match[str], year: int, sentence: str, name: str) -> list[ParsedDay]:
    first, month = _day(match, "a", year, None)
    last = first
    if match.group("bd") is not None:
        last, _ = _day(match, "b", first.year, month)
    if last < first:
        raise _Bad("放假结束日期早于开始日期", "the holiday ends before it starts")
    count = (last - first).days + 1
    said = match.group("n2") or match.group("n1")
    if said is not None and int(said) != count:
        raise _Bad(
            f"“共{said}天”与日期范围（{count}天）不符",
            f"the notice says {said} days but the range has {count}",
        )
    return [ParsedDay(first + timedelta(days=i), False, sentence, name) for i in range(count)]


def _work(sentence: str, year: int, name: str) -> list[ParsedDay]:
    body = sentence[: -len("上班")]
    days: list[ParsedDay] = []
    for piece in body.split("、"):
        match = _ONE_DATE.fullmatch(piece.strip())
        if match is None:
            raise _Bad(f"无法识别的日期“{piece}”", f"cannot read the date {piece!r}")
        day, _ = _day(match, "x", year, None)
        days.append(ParsedDay(day, True, sentence, name))
    return days


def parse_notice(text: str, year: int) -> ParsedSchedule:
    """Read a pasted notice for ``year``; see the module docstring for what is strict."""
    result = ParsedSchedule(year)
    name = ""
    seen: dict[date, ParsedDay] = {}
    for sentence in _sentences(text):
        result._sentences.append(sentence)
        head = _HEAD.match(sentence)
        if head:
            name = head.group("name").strip()
        if (not _HAS_DATE.search(sentence) and not head) or _ISSUE_DATE.match(sentence):
            result.context.append(sentence)
            continue
        try:
            if sentence.endswith("上班"):
                found = _work(sentence, year, name)
            else:
                match = _REST.match(sentence)
                if match is None:
                    raise _Bad(
                        "不符合通知格式（应为“某月某日至某日放假……”或“某月某日上班”）",
                        "not in the notice's form (a holiday range or working days)",
                    )
                found = _rest(match, year, sentence, name)
            for day in found:
                earlier = seen.get(day.day)
                if earlier is not None and earlier.is_workday != day.is_workday:
                    raise _Bad(
                        f"{day.day.isoformat()} 既放假又上班",
                        f"{day.day.isoformat()} is both a rest day and a working day",
                    )
        except _Bad as bad:
            result.unparsed.append(Unparsed(sentence, bad.zh, bad.en))
            continue
        for day in found:
            seen[day.day] = day
    result.days = [seen[d] for d in sorted(seen)]
    return result


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw.rstrip("\r"))
    return lines


def _ical_date(value: str) -> date:
    digits = value.split("T")[0].strip()
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def parse_ical(text: str, year: int) -> ParsedSchedule:
    """Read holidays from an iCalendar file (VEVENT all-day events) for ``year``.

    An event whose summary says 班 (补班, 上班, 调休上班) is an adjusted working day; any
    other event is a run of rest days from DTSTART up to, not including, DTEND. Events of
    other years are left out; an event that cannot be read is listed in ``unparsed``.
    """
    result = ParsedSchedule(year)
    seen: dict[date, ParsedDay] = {}
    event: dict[str, str] | None = None
    for line in _unfold(text):
        if line.upper() == "BEGIN:VEVENT":
            event = {}
            continue
        if line.upper() == "END:VEVENT" and event is not None:
            summary = event.get("SUMMARY", "")
            sentence = f"{summary} {event.get('DTSTART', '')}".strip()
            result._sentences.append(sentence)
            try:
                first = _ical_date(event["DTSTART"])
                end = _ical_date(event["DTEND"]) if "DTEND" in event else first + timedelta(1)
            except (KeyError, ValueError, IndexError):
                result.unparsed.append(Unparsed(sentence, "事件缺少有效日期", "no valid date"))
                event = None
                continue
            working = "班" in summary
            day = first
            while day < end:
                if day.year == year:
                    seen[day] = ParsedDay(day, working, sentence, summary)
                day += timedelta(days=1)
            event = None
            continue
        if event is not None and ":" in line:
            head, value = line.split(":", 1)
            event[head.split(";")[0].upper()] = value.strip()
    result.days = [seen[d] for d in sorted(seen)]
    return result


def save_schedule(session: Session, parsed: ParsedSchedule, source: str = "") -> int:
    """Replace the year's entered days with ``parsed`` and declare the year complete.

    Called only after the administrator confirmed what :func:`parse_notice` showed, and only
    for a parse without unparsed sentences. Returns the number of days saved.
    """
    if not parsed.ok:
        raise ValueError("the parsed schedule has unparsed sentences or no day")
    first, last = date(parsed.year, 1, 1), date(parsed.year, 12, 31)
    wanted = {d.day for d in parsed.days}
    for row in session.exec(
        select(HolidayOverride).where(
            col(HolidayOverride.day) >= first, col(HolidayOverride.day) <= last
        )
    ).all():
        if row.day not in wanted:
            session.delete(row)  # row by row, so the audit trail records each removal
    for day in parsed.days:
        set_holiday_override(session, day.day, day.is_workday, day.name[:200])
    set_year_complete(session, parsed.year, True, source[:200])
    return len(parsed.days)
