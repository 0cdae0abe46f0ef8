"""Exact numbers for indicators: one rounding rule everywhere, never floats.

Rates are computed from the exact fraction numerator/denominator and rounded **half up**
(四舍五入, ties away from zero) to the indicator's number of decimals. 13,702 of 14,662 is
93.452…%, shown as 93.5%; a source that printed 93.4% truncated. Rounding happens once,
on the exact value — never on an already rounded or binary floating-point one.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "ROUNDING_RULE_EN",
    "ROUNDING_RULE_ZH",
    "exact",
    "format_amount",
    "format_decimal",
    "round_half_up",
]

ROUNDING_RULE_ZH = "按精确分数计算，四舍五入（逢五进一）保留 {places} 位小数，不使用浮点数"
ROUNDING_RULE_EN = (
    "computed on the exact fraction and rounded half up to {places} decimal place(s); "
    "never floating point"
)


def exact(value: Any) -> Fraction:
    """A number a query returned (int, Decimal, str, or float as printed) as an exact fraction."""
    if value is None:
        return Fraction(0)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, float):
        # A float from a database SUM: take the shortest text that reads back as it.
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def round_half_up(value: Fraction, places: int) -> Decimal:
    """*value* rounded half up (ties away from zero) to *places* decimals, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    sign = -1 if value < 0 else 1
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def as_decimal(value: Fraction) -> Decimal:
    """An exact fraction that is a whole or decimal amount, as a Decimal (sums, counts)."""
    if value.denominator == 1:
        return Decimal(value.numerator)
    return round_half_up(value, 4).normalize()


def format_decimal(value: Decimal | None, places: int | None = None) -> str:
    """``93.5``; with thousands separators for big values (``14,662``); ``—`` for None."""
    if value is None:
        return "—"
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return f"{value:,}" if abs(value) >= 1000 else f"{value}"


def format_amount(value: Fraction | Decimal | int | None) -> str:
    """A numerator or denominator as people read it: ``13,702``; ``1,234.5``."""
    if value is None:
        return "—"
    number = as_decimal(value) if isinstance(value, Fraction) else Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"
