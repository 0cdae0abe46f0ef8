"""The Fengqiao-style station assessment (枫桥式司法所创建考核), built from what is registered.

No indicator is hard-coded: the scheme takes the indicators the active service lines tag
``"fengqiao"`` (or, when none do, every indicator with a weight), with the weights in
force at the bureau. Rates and averages score linearly to their target; lower-is-better
counts (late cases, incidents) lose points per event. A bureau then edits the scheme like
any other — adding, removing, re-weighting items — and ties it to its creation plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlmodel import Session

from core.indicators.assessments import ItemSpec, create_scheme
from core.indicators.definitions import Direction, Indicator
from core.indicators.errors import AssessmentError
from core.indicators.models import AssessmentScheme, ScoringRule
from core.indicators.periods import PeriodType
from core.indicators.registry import indicators_at
from core.indicators.targets import effective_settings
from core.orgs.models import OrgUnit
from core.plugins import PluginHost

__all__ = [
    "FENGQIAO_KIND",
    "FENGQIAO_NAME",
    "FENGQIAO_TAG",
    "create_fengqiao_scheme",
    "fengqiao_items",
]

FENGQIAO_KIND = "fengqiao"
FENGQIAO_TAG = "fengqiao"
FENGQIAO_NAME = "枫桥式司法所创建考核"
PASS_SCORE = Decimal(90)


def _rule(indicator: Indicator) -> ScoringRule:
    if indicator.direction is Direction.LOWER and not indicator.ratio:
        return ScoringRule.DEDUCTION
    return ScoringRule.LINEAR


def fengqiao_items(
    session: Session, host: PluginHost, bureau: OrgUnit, codes: Sequence[str] | None = None
) -> list[ItemSpec]:
    """The items of the default scheme at *bureau* (or of exactly *codes*, in that order)."""
    available = indicators_at(session, host, bureau.id)  # type: ignore[arg-type]
    if codes is not None:
        by_code = {i.code: i for i in available}
        chosen = [by_code[c] for c in codes if c in by_code]
    else:
        chosen = [i for i in available if FENGQIAO_TAG in i.tags] or [
            i for i in available if i.weight > 0
        ]
    weights = effective_settings(session, chosen, bureau)
    items = []
    for indicator in chosen:
        weight = weights[indicator.code].weight
        if weight <= 0:
            continue
        rule = _rule(indicator)
        items.append(
            ItemSpec(
                indicator=indicator.code,
                weight=weight,
                rule=rule,
                deduction=weight / 5 if rule is ScoringRule.DEDUCTION else None,
            )
        )
    return items


def create_fengqiao_scheme(
    session: Session, host: PluginHost, bureau_id: int, codes: Sequence[str] | None = None
) -> AssessmentScheme:
    """Create the bureau's Fengqiao-style station assessment from the registered indicators."""
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None:
        raise AssessmentError("机构不存在", "No such organisation")
    items = fengqiao_items(session, host, bureau, codes)
    if not items:
        raise AssessmentError(
            "本局启用的业务模块尚未提供可用于考核的指标",
            "The modules active at this bureau provide no indicators to assess",
        )
    return create_scheme(
        session,
        host,
        bureau_id,
        FENGQIAO_NAME,
        items,
        kind=FENGQIAO_KIND,
        period_type=PeriodType.YEAR,
        pass_score=PASS_SCORE,
    )
