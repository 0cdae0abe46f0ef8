"""Reporting periods as values (统计周期): ``2026-10``, ``2026Q4``, ``2026``.

A period is a value, not a pair of dates a caller may get subtly wrong (DHIS2's lesson):
it parses from and prints to one short text, knows its first day and the day after its
last, its predecessor, the months it covers and the longer period that contains it.
Dates are calendar dates in China time; an indicator query selects rows with
``period.start <= day < period.end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.indicators.errors import InvalidPeriod

__all__ = ["Period", "PeriodType", "current_month", "last_closed_month"]


class PeriodType(StrEnum):
    """How long one period of an indicator or report is."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.value]

    @property
    def label_zh(self) -> str:
        return {"month": "月", "quarter": "季度", "year": "年"}[self.value]

    @property
    def label_en(self) -> str:
        return self.value


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """One month, quarter or year: ``Period.parse("2026Q4")``.

    ``index`` counts from the start of ``year``: the month (1–12), the quarter (1–4) or 1.
    """

    year: int
    kind: PeriodType
    index: int = 1

    def __post_init__(self) -> None:
        limit = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4, PeriodType.YEAR: 1}[self.kind]
        if not (1900 <= self.year <= 9999 and 1 <= self.index <= limit):
            raise InvalidPeriod(f"{self.year}/{self.kind}/{self.index}")

    # -- text -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-10`` (month), ``2026Q4`` (quarter) or ``2026`` (year)."""
        value = (text or "").strip()
        try:
            if m := _MONTH.match(value):
                return cls(int(m[1]), PeriodType.MONTH, int(m[2]))
            if m := _QUARTER.match(value):
                return cls(int(m[1]), PeriodType.QUARTER, int(m[2]))
            if m := _YEAR.match(value):
                return cls(int(m[1]), PeriodType.YEAR)
        except InvalidPeriod:
            pass
        raise InvalidPeriod(value[:20])

    def __str__(self) -> str:
        if self.kind is PeriodType.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodType.QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}"

    @property
    def label_zh(self) -> str:
        if self.kind is PeriodType.MONTH:
            return f"{self.year}年{self.index}月"
        if self.kind is PeriodType.QUARTER:
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年"

    @property
    def label_en(self) -> str:
        if self.kind is PeriodType.MONTH:
            return f"{self.start:%b} {self.year}"
        if self.kind is PeriodType.QUARTER:
            return f"Q{self.index} {self.year}"
        return f"{self.year}"

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_zh

    # -- dates ------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.kind.months + 1

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The day after the last day (exclusive bound)."""
        month = self.first_month + self.kind.months
        return date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    # -- navigation -------------------------------------------------------------------

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods later (negative: earlier), of the same kind."""
        per_year = 12 // self.kind.months
        ordinal = self.year * per_year + (self.index - 1) + steps
        return Period(ordinal // per_year, self.kind, ordinal % per_year + 1)

    def previous(self) -> Period:
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)

    def months(self) -> list[Period]:
        """The months the period covers, in order."""
        return [
            Period(self.year, PeriodType.MONTH, self.first_month + i)
            for i in range(self.kind.months)
        ]

    def is_within(self, kind: PeriodType) -> bool:
        """Is this period no longer than one period of *kind*?"""
        return self.kind.months <= kind.months

    def enclosing(self, kind: PeriodType) -> Period:
        """The period of *kind* that contains this one (itself if already that long or longer)."""
        if self.kind.months >= kind.months:
            return self
        return Period.containing(self.start, kind)

    def count_of(self, kind: PeriodType) -> int:
        """How many periods of *kind* this period spans (at least 1)."""
        return max(self.kind.months // kind.months, 1)

    @classmethod
    def containing(cls, day: date, kind: PeriodType) -> Period:
        """The period of *kind* that contains *day*."""
        index = (day.month - 1) // kind.months + 1
        return cls(day.year, kind, index)


def current_month(today: date) -> Period:
    return Period.containing(today, PeriodType.MONTH)


def last_closed_month(today: date) -> Period:
    """The latest month that has ended by *today* (the previous month)."""
    return current_month(today).previous()
