"""What a user can get wrong with indicators, assessments, plans and reports.

Each error carries a Simplified Chinese ``message`` and ``message_en`` for the English
catalogue; ``str(error)`` is the Chinese message. The web layer shows them as a 400 page or
an inline form error.
"""

from __future__ import annotations

__all__ = [
    "AssessmentError",
    "IndicatorError",
    "InvalidPeriod",
    "PeriodClosed",
    "PlanError",
    "UnknownIndicator",
]


class IndicatorError(Exception):
    """Base of every indicator error a user can cause."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidPeriod(IndicatorError, ValueError):
    """A period text that is not ``2026-10``, ``2026Q4`` or ``2026``."""

    def __init__(self, text: str) -> None:
        super().__init__(
            f"统计周期“{text}”无效，请写成 2026-10（月）、2026Q4（季度）或 2026（年）",
            f"Invalid period {text!r}; write 2026-10 (month), 2026Q4 (quarter) or 2026 (year)",
        )


class UnknownIndicator(IndicatorError, LookupError):
    """No active plugin declares an indicator with this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"没有代码为 {code} 的指标", f"No indicator with code {code}")


class AssessmentError(IndicatorError):
    """A refused change to an assessment scheme (考核方案) or its results."""


class PeriodClosed(AssessmentError):
    """The period of an assessment has been closed; its results are frozen."""

    def __init__(self, period: str) -> None:
        super().__init__(
            f"{period} 已关账，考核结果已冻结，不能再次关账",
            f"{period} is closed; its results are frozen and cannot be closed again",
        )


class PlanError(IndicatorError):
    """A refused change to a creation plan (创建计划)."""
