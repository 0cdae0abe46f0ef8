"""Chart geometry for server-rendered SVG (no script, prints cleanly, works offline).

Pure functions: values in, coordinates out; the templates draw the ``<svg>``. Figures stay
exact elsewhere — coordinates are the only floats, and only for pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["BarLayout", "LineLayout", "bar_layout", "line_layout", "nice_max"]

Number = Decimal | int | float


def nice_max(value: float) -> float:
    """A round axis maximum at or above *value*: 1, 2, 2.5, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _text(value: Number | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,}"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


@dataclass
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    below: bool


@dataclass
class BarLayout:
    """Horizontal bars, one row per label (long Chinese names fit on the left)."""

    width: int
    height: int
    label_width: int
    row_height: int
    bar_height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    target_x: float | None
    plot_width: float
    unit: str = ""


def bar_layout(
    labels: Sequence[str],
    values: Sequence[Number | None],
    *,
    target: Number | None = None,
    higher_is_better: bool = True,
    unit: str = "",
    width: int = 560,
    label_width: int = 150,
    row_height: int = 24,
) -> BarLayout:
    """Bars scaled to a round maximum, with an optional target line."""
    numbers = [float(v) for v in values if v is not None]
    top = nice_max(max([*numbers, float(target) if target is not None else 0.0, 0.0]))
    plot = width - label_width - 70
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        v = float(value) if value is not None else 0.0
        below = (
            target is not None
            and value is not None
            and (v < float(target) if higher_is_better else v > float(target))
        )
        bars.append(
            Bar(
                label,
                _text(value) + (unit if value is not None else ""),
                20 + i * row_height,
                plot * v / top,
                bool(below),
            )
        )
    ticks = [(label_width + plot * k / 4, _text(top * k / 4)) for k in range(5)]
    target_x = label_width + plot * float(target) / top if target is not None else None
    return BarLayout(
        width=width,
        height=20 + row_height * max(len(labels), 1) + 24,
        label_width=label_width,
        row_height=row_height,
        bar_height=row_height - 8,
        bars=bars,
        ticks=ticks,
        target_x=target_x,
        plot_width=plot,
        unit=unit,
    )


@dataclass
class LineSeries:
    name: str
    segments: list[str]  # SVG polyline "x,y x,y" strings; a gap splits segments
    dots: list[tuple[float, float, str]]


@dataclass
class LineLayout:
    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    series: list[LineSeries]
    x_labels: list[tuple[float, str]]
    ticks: list[tuple[float, str]]
    target_y: float | None
    unit: str = ""
    legend: list[str] = field(default_factory=list)


def line_layout(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    target: Number | None = None,
    unit: str = "",
    width: int = 560,
    height: int = 240,
) -> LineLayout:
    """Lines over evenly spaced labels; ``None`` values leave a gap (no data ≠ zero)."""
    left, top, right, bottom = 48, 12, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [float(v) for _, values in series for v in values if v is not None]
    high = nice_max(max([*numbers, float(target) if target is not None else 0.0, 0.0]))
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / high)

    drawn = []
    for name, values in series:
        segments: list[str] = []
        current: list[str] = []
        dots = []
        for i, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            px, py = x(i), y(float(value))
            current.append(f"{px:.1f},{py:.1f}")
            dots.append((px, py, _text(value) + unit))
        if current:
            segments.append(" ".join(current))
        drawn.append(LineSeries(name, segments, dots))
    step = max(1, math.ceil(n / 8))
    shown = list(range(0, n, step))
    if shown and shown[-1] != n - 1:  # always label the latest period, never two side by side
        shown[-1 if n - 1 - shown[-1] < step else len(shown) :] = [n - 1]
    x_labels = [(x(i), labels[i]) for i in shown]
    ticks = [(y(high * k / 4), _text(high * k / 4)) for k in range(5)]
    return LineLayout(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        series=drawn,
        x_labels=x_labels,
        ticks=ticks,
        target_y=y(float(target)) if target is not None else None,
        unit=unit,
        legend=[name for name, _ in series],
    )
