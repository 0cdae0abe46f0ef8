"""What a plugin declares about its figures: indicators (考核指标) and reporting duties (报送要求).

Both are plain values returned by declaration hooks (``sifa_indicators``,
``sifa_reporting_duties``); the core does the arithmetic, the roll-up up the organisation
tree, the targets, the statuses and every page, export and report that shows them.

An indicator's ``query`` answers, for a set of organisations and a period, one row per
organisation with its numerator and denominator — an aggregate statement grouped by
``org_id``, so a bureau with 100,000 rows a year costs one indexed scan, never a Python loop
over records. The core sums numerators and denominators up the tree and divides last, so
a bureau's rate is the rate over all its rows (DHIS2's rule: rates are pooled, never
averaged). ``records`` lists the exact rows counted in the numerator, for the drill-down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.indicators.numbers import ROUNDING_RULE_EN, ROUNDING_RULE_ZH
from core.indicators.periods import Period, PeriodType

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

__all__ = [
    "Cadence",
    "Direction",
    "Indicator",
    "IndicatorQuery",
    "Placement",
    "ReceivedReports",
    "RecordColumn",
    "RecordsQuery",
    "ReportingDuty",
    "Unit",
]


class Unit(StrEnum):
    """What an indicator's value measures."""

    COUNT = "count"  # 件/次/人
    PERCENT = "percent"  # %
    YUAN = "yuan"  # 元
    DAYS = "days"  # 天

    @property
    def symbol_zh(self) -> str:
        return {"count": "", "percent": "%", "yuan": "元", "days": "天"}[self.value]

    @property
    def symbol_en(self) -> str:
        return {"count": "", "percent": "%", "yuan": " yuan", "days": " days"}[self.value]

    @property
    def label_zh(self) -> str:
        return {"count": "数量", "percent": "百分比", "yuan": "金额（元）", "days": "天数"}[
            self.value
        ]


class Direction(StrEnum):
    """Whether a higher or a lower value is better (for status, trend and ranking)."""

    HIGHER = "higher"
    LOWER = "lower"


class Cadence(StrEnum):
    """How often a reporting duty falls due."""

    MONTH = "month"  # one report a month (e.g. the month's cases, entered by the 7th)
    HALF_MONTH = "half_month"  # two a month (village screening rounds: 上半月/下半月)


#: ``(session, org_ids_select, period)`` → rows ``(org_id, numerator, denominator)``.
IndicatorQuery = Callable[[Any, Any, Period], Iterable[Any]]
#: ``(session, org_ids_select, period)`` → a SQLAlchemy ``Select`` of the counted rows.
RecordsQuery = Callable[[Any, Any, Period], Any]
#: ``(session, org_ids_select, period)`` → rows ``(org_id, day_in_slot, on_time)``.
ReceivedReports = Callable[[Any, Any, Period], Iterable[Any]]


@dataclass(frozen=True)
class RecordColumn:
    """One column of the drill-down list of records: the key in the records query's row."""

    key: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Placement:
    """Which periods and organisations a changed row of one table moves (optional).

    The maintained aggregates (:mod:`core.indicators.aggregates`) are recomputed after a
    change; by default the whole open window of the indicator's plugin. An indicator that
    lists its placements lets the catch-up recompute only the periods containing the
    changed rows' dates (their values before and after the change) and, when ``org`` is
    named, only those rows' organisations. ``entity`` is the table name (as the audit trail
    names it); ``dates`` its date columns the figure is placed by (``None``: any change
    moves every period). ``via`` names a column holding the id of a row of ``parent``
    whose ``dates`` and ``org`` place the figure instead (an agreement moves the figure of
    its case's closing month); ``parent_key`` is the parent's column ``via`` matches
    (default: its primary key). When an indicator lists placements, the list is complete:
    a change to a table not listed does not move it.
    """

    entity: str
    dates: tuple[str, ...] | None
    org: str | None = "org_id"
    via: str | None = None
    parent: str | None = None
    parent_key: str | None = None

    def __post_init__(self) -> None:
        if (self.via is None) != (self.parent is None):
            raise ValueError(f"placement of {self.entity!r}: via and parent go together")


@dataclass(frozen=True)
class Indicator:
    """One assessment indicator (考核指标) a plugin declares.

    ``code`` is ``"<plugin>.<name>"``. ``query`` returns per-organisation numerator and
    denominator rows (see the module docstring); for a plain count or amount the
    denominator is ignored (return ``None`` or leave it out). ``ratio`` says whether the
    value is numerator/denominator (default: yes for percent and days, no for count and
    yuan). ``target`` and ``weight`` are defaults a bureau may override. ``decimals`` is the
    rounding rule (half up, exact; default 1, 0 for counts, 2 for yuan). ``numerator_zh``, ``denominator_zh`` and ``source_zh``
    are the plain-Chinese definition shown on the indicator's page; ``denominator_records``
    lists the rows counted in the denominator (as ``records`` does for the numerator), so the
    page can show the records behind both. ``see_also`` names indicators that measure the
    same thing by another definition where practice differs (满意率 per visit or per resolved
    case): the definition page links them, and a bureau chooses which one it assesses by
    their weights. ``duties`` names the
    reporting duties (``ReportingDuty.code``) the figure relies on: where they are
    incomplete, the figure is shown as incomplete rather than as good news. ``tags`` group
    indicators (``"fengqiao"``: part of the Fengqiao-style station assessment by default).
    ``amber_band`` is how far from the target still counts as amber (default: 5 points for
    percentages, 10% of the target otherwise).
    """

    code: str
    label_zh: str
    label_en: str
    unit: Unit
    direction: Direction
    query: IndicatorQuery
    numerator_zh: str
    source_zh: str
    denominator_zh: str = ""
    records: RecordsQuery | None = None
    denominator_records: RecordsQuery | None = None
    record_columns: tuple[RecordColumn, ...] = ()
    record_link: str = ""
    target: Decimal | None = None
    weight: Decimal = Decimal(1)
    period_type: PeriodType = PeriodType.MONTH
    decimals: int | None = None
    ratio: bool | None = None
    amber_band: Decimal | None = None
    duties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    description_en: str = ""
    order: int = 100
    placements: tuple[Placement, ...] | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"indicator code {self.code!r} must be '<plugin>.<name>'")
        for name in ("target", "weight", "amber_band"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                object.__setattr__(self, name, Decimal(str(value)))
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "direction", Direction(self.direction))
        object.__setattr__(self, "period_type", PeriodType(self.period_type))
        if self.ratio is None:
            object.__setattr__(self, "ratio", self.unit in (Unit.PERCENT, Unit.DAYS))
        if self.decimals is None:
            places = {Unit.COUNT: 0, Unit.YUAN: 2}.get(self.unit, 1)
            object.__setattr__(self, "decimals", places)
        if not callable(self.query):
            raise ValueError(f"indicator {self.code!r}: query must be callable")
        for name in ("records", "denominator_records"):
            value = getattr(self, name)
            if value is not None and not callable(value):
                raise ValueError(f"indicator {self.code!r}: {name} must be callable")
        if not 0 <= self.decimals <= 4:
            raise ValueError(f"indicator {self.code!r}: decimals must be 0–4")
        if self.ratio and not self.denominator_zh:
            raise ValueError(f"indicator {self.code!r}: a ratio needs denominator_zh")
        if self.weight < 0:
            raise ValueError(f"indicator {self.code!r}: weight must not be negative")

    @property
    def plugin(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def scale(self) -> int:
        """What the fraction is multiplied by: 100 for a percentage."""
        return 100 if self.unit is Unit.PERCENT else 1

    @property
    def default_amber_band(self) -> Decimal | None:
        if self.amber_band is not None:
            return self.amber_band
        if self.unit is Unit.PERCENT:
            return Decimal(5)
        return None  # 10% of the target, computed with the effective target

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_zh

    def rounding_zh(self) -> str:
        return ROUNDING_RULE_ZH.format(places=self.decimals)

    def rounding_en(self) -> str:
        return ROUNDING_RULE_EN.format(places=self.decimals)

    def period_for(self, period: Period) -> Period:
        """The period this indicator is evaluated over when *period* is asked for.

        A monthly indicator asked for a quarter is summed over the quarter; an annual one
        asked for a month is shown for the whole year containing it (its target is annual).
        """
        return period.enclosing(self.period_type)

    def target_for(self, target: Decimal | None, period: Period) -> Decimal | None:
        """A count or amount target is per period of the indicator's type, so it scales
        with the number of such periods asked for (a rate's target does not)."""
        if target is None or self.ratio:
            return target
        return target * period.count_of(self.period_type)


@dataclass(frozen=True)
class ReportingDuty:
    """A reporting duty (报送要求): which organisations must report, how often, what came in.

    ``reporters`` are the organisation types expected to report (``"station"``,
    ``"community"`` …): every active organisation of those types in the subtree is
    expected to file one report per slot (a month, or half a month). ``received`` returns
    one row per report that came in: ``(org_id, a day inside its slot, on_time)`` — a zero
    report (零报告, "nothing to report") counts as a report; a row of a unit below a
    reporter counts for that reporter. An organisation that sent nothing is therefore
    listed as missing, not shown as a perfect zero.
    """

    code: str
    label_zh: str
    label_en: str
    reporters: tuple[str, ...]
    received: ReceivedReports
    cadence: Cadence = Cadence.MONTH
    description_zh: str = ""
    reporter_types: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"reporting duty code {self.code!r} must be '<plugin>.<name>'")
        object.__setattr__(self, "cadence", Cadence(self.cadence))
        object.__setattr__(self, "reporter_types", frozenset(str(t) for t in self.reporters))
        if not self.reporters:
            raise ValueError(f"reporting duty {self.code!r}: name the reporting org types")
        if not callable(self.received):
            raise ValueError(f"reporting duty {self.code!r}: received must be callable")

    @property
    def plugin(self) -> str:
        return self.code.split(".", 1)[0]

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_zh
