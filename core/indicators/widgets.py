"""Dashboard widgets plugins contribute (看板组件), and what a widget may show.

A widget is declared once (``sifa_dashboard_widgets``) and rendered on demand: the leaders'
dashboard loads each one lazily with htmx, calling ``render(session, org_ids_select,
period)``. The widget answers with *data* — key figures, a table, a bar or a line chart —
and the core draws it (server-rendered SVG for charts, autoescaped HTML), so every widget
looks like the rest of the dashboard, prints cleanly and needs no script. A widget whose
render raises is shown as "unavailable"; the rest of the dashboard is unaffected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.indicators.periods import Period

__all__ = [
    "BarChart",
    "DashboardWidget",
    "KeyFigure",
    "KeyFigures",
    "LineChart",
    "Series",
    "WidgetTable",
]

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class KeyFigure:
    """One big number with its label, optionally linking to where it comes from."""

    label_zh: str
    label_en: str
    value: str
    href: str = ""
    note: str = ""


@dataclass(frozen=True)
class KeyFigures:
    figures: Sequence[KeyFigure]


@dataclass(frozen=True)
class WidgetTable:
    """A small table: column headings and rows of text values."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


@dataclass(frozen=True)
class BarChart:
    """Bars, one per label (category breakdowns, station comparisons)."""

    labels: Sequence[str]
    values: Sequence[Decimal | int]
    unit: str = ""
    target: Decimal | int | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int | None]


@dataclass(frozen=True)
class LineChart:
    """Trend lines over the same labels (periods); ``None`` is a gap (no data)."""

    labels: Sequence[str]
    series: Sequence[Series]
    unit: str = ""
    target: Decimal | int | None = None


WidgetContent = KeyFigures | WidgetTable | BarChart | LineChart


@dataclass(frozen=True)
class DashboardWidget:
    """A panel of the leaders' dashboard, contributed by a plugin.

    ``code`` is ``"<plugin>.<widget>"``; ``render(session, org_ids_select, period)``
    returns one of :class:`KeyFigures`, :class:`WidgetTable`, :class:`BarChart` or
    :class:`LineChart` for the organisations selected (the viewed organisation's subtree)
    and the period. ``permission``, when given, hides the widget from users who lack it.
    Widgets are shown by ``order``, then title.
    """

    code: str
    title_zh: str
    title_en: str
    render: Callable[[Any, Any, Period], WidgetContent]
    order: int = 100
    permission: str | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"widget code {self.code!r} must be '<plugin>.<name>'")
        if not callable(self.render):
            raise ValueError(f"widget {self.code!r}: render must be callable")

    @property
    def plugin(self) -> str:
        return self.code.split(".", 1)[0]

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_zh
