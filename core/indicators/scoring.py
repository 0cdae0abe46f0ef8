"""Turning indicator figures into assessment points and ranks (评分与排名). Pure functions.

Rules (per item of a 考核方案):

* **linear to target** (按完成比例): full points at or beyond the target, none at the
  ``zero_value`` (default 0 for higher-is-better; twice the target for lower-is-better),
  proportional in between;
* **pass/fail** (达标得分): full points when the target is met, none otherwise;
* **deduction per event** (扣分制): full points less ``deduction`` per counted event
  (the numerator: each late case, each incident), never below zero.

An item without data (a rate with nothing to divide by) is *not applicable* and leaves the
total; the score is 100 × points ÷ applicable weight, so a station is not punished for a
dispute-free year. An item whose reporting is incomplete scores **zero**: a station that
entered nothing must not come out on top. Scores are exact until rounded half up to one
decimal; ranks are competition ranks (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from core.indicators.definitions import Direction, Indicator
from core.indicators.engine import Figure
from core.indicators.models import ScoringRule
from core.indicators.numbers import round_half_up

__all__ = ["ItemScore", "rank", "score_item", "total_score"]

DEFAULT_DEDUCTION_SHARE = Fraction(1, 5)  # five events use up an item's points


@dataclass(frozen=True)
class ItemScore:
    """One item's outcome for one station; ``points`` None means not applicable."""

    code: str
    rule: ScoringRule
    weight: Decimal
    figure: Figure
    target: Decimal | None
    points: Fraction | None
    note_zh: str = ""
    note_en: str = ""

    @property
    def points_text(self) -> str:
        return "—" if self.points is None else str(round_half_up(self.points, 1))

    def as_json(self) -> dict[str, Any]:
        """What a frozen result keeps of the item (text, so it reads back exactly)."""
        return {
            "code": self.code,
            "label_zh": self.figure.indicator.label_zh,
            "label_en": self.figure.indicator.label_en,
            "rule": self.rule.value,
            "weight": str(self.weight),
            "value": self.figure.display("zh"),
            "fraction": self.figure.fraction_text,
            "numerator": str(self.figure.numerator),
            "denominator": None
            if self.figure.denominator is None
            else str(self.figure.denominator),
            "target": None if self.target is None else str(self.target),
            "points": None if self.points is None else self.points_text,
            "note_zh": self.note_zh,
            "note_en": self.note_en,
        }


def _meets(indicator: Indicator, value: Decimal, target: Decimal) -> bool:
    return value >= target if indicator.direction is Direction.HIGHER else value <= target


def score_item(
    indicator: Indicator,
    rule: ScoringRule,
    weight: Decimal,
    figure: Figure,
    target: Decimal | None,
    *,
    zero_value: Decimal | None = None,
    deduction: Decimal | None = None,
    complete: bool = True,
) -> ItemScore:
    """Points for one item; see the module docstring for the rules."""
    full = Fraction(weight)

    def result(points: Fraction | None, zh: str = "", en: str = "") -> ItemScore:
        return ItemScore(indicator.code, rule, weight, figure, target, points, zh, en)

    if not complete:
        return result(Fraction(0), "报送不完整，本项不得分", "Reporting incomplete: no points")
    if rule is ScoringRule.DEDUCTION:
        events = figure.counts.numerator
        each = Fraction(deduction) if deduction is not None else full * DEFAULT_DEDUCTION_SHARE
        return result(max(full - each * events, Fraction(0)))
    if figure.value is None:
        return result(None, "无数据，不计入", "No data: not counted")
    if target is None:
        return result(None, "未设目标，不计入", "No target: not counted")
    value = Fraction(figure.value)
    if rule is ScoringRule.PASS_FAIL:
        return result(full if _meets(indicator, figure.value, target) else Fraction(0))
    if zero_value is None:
        zero = Fraction(0) if indicator.direction is Direction.HIGHER else Fraction(target) * 2
    else:
        zero = Fraction(zero_value)
    if zero == Fraction(target):
        return result(full if _meets(indicator, figure.value, target) else Fraction(0))
    share = (value - zero) / (Fraction(target) - zero)
    return result(full * min(max(share, Fraction(0)), Fraction(1)))


def total_score(items: Sequence[ItemScore]) -> Decimal | None:
    """100 × points ÷ applicable weight, rounded half up to one decimal (None: nothing applies)."""
    applicable = [i for i in items if i.points is not None]
    weight = sum((Fraction(i.weight) for i in applicable), Fraction(0))
    if not applicable or weight == 0:
        return None
    points = sum((i.points for i in applicable if i.points is not None), Fraction(0))
    return round_half_up(points * 100 / weight, 1)


def rank(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Competition ranks, best first: ``[90, 95, 90, None]`` → ``[2, 1, 2, None]``."""
    ordered = sorted((s for s in scores if s is not None), reverse=True)
    first_place = {}
    for position, score in enumerate(ordered, start=1):
        first_place.setdefault(score, position)
    return [None if s is None else first_place[s] for s in scores]
