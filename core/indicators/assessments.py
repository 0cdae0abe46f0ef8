"""Assessment schemes (考核方案): define, score and rank stations, close a period for good.

A bureau's scheme lists indicators with weights and scoring rules. While a period is open
its results are computed live from the records; closing the period (关账) stores every
station's score, rank and item details, and from then on the page shows the stored
results — a record edited later changes nothing in a closed period, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.audit import record_event
from core.indicators.completeness import completeness_by_unit
from core.indicators.definitions import Indicator
from core.indicators.engine import breakdown
from core.indicators.errors import AssessmentError, PeriodClosed
from core.indicators.models import (
    AssessmentClosure,
    AssessmentItem,
    AssessmentResult,
    AssessmentScheme,
    ScoringRule,
)
from core.indicators.periods import Period, PeriodType
from core.indicators.registry import catalogue, indicators_at
from core.indicators.scoring import ItemScore, rank, score_item, total_score
from core.indicators.targets import effective_settings
from core.locking import check_version, touch
from core.orgs.models import OrgType, OrgUnit
from core.orgs.tree import path_ids, subtree_predicate
from core.plugins import PluginHost

__all__ = [
    "Evaluation",
    "ItemSpec",
    "StationResult",
    "close_period",
    "create_scheme",
    "evaluate",
    "scheme_items",
    "subjects_of",
    "update_scheme",
]

BUREAU_TYPES = (OrgType.PROVINCE, OrgType.CITY_BUREAU, OrgType.BUREAU)


@dataclass(frozen=True)
class ItemSpec:
    """What a user sets for one item of a scheme."""

    indicator: str
    weight: Decimal
    rule: ScoringRule = ScoringRule.LINEAR
    target: Decimal | None = None
    zero_value: Decimal | None = None
    deduction: Decimal | None = None


def _check_items(host: PluginHost, items: Sequence[ItemSpec]) -> None:
    known = catalogue(host).indicators
    seen: set[str] = set()
    if not items:
        raise AssessmentError("考核方案至少要有一项指标", "A scheme needs at least one indicator")
    for spec in items:
        if spec.indicator not in known:
            raise AssessmentError(
                f"指标 {spec.indicator} 不存在或所属模块未加载",
                f"Indicator {spec.indicator} is unknown or its module is not loaded",
            )
        if spec.indicator in seen:
            raise AssessmentError(
                f"指标“{known[spec.indicator].label_zh}”重复", "An indicator is listed twice"
            )
        seen.add(spec.indicator)
        if spec.weight < 0 or (spec.deduction is not None and spec.deduction < 0):
            raise AssessmentError("分值和扣分不能为负数", "Points must not be negative")
    if sum(s.weight for s in items) <= 0:
        raise AssessmentError("各项分值之和须大于零", "The weights must add up to more than zero")


def _bureau(session: Session, org_id: int) -> OrgUnit:
    org = session.get(OrgUnit, org_id)
    if org is None or org.type not in BUREAU_TYPES:
        raise AssessmentError("考核方案由司法局制定", "Assessment schemes belong to a bureau")
    return org


def create_scheme(
    session: Session,
    host: PluginHost,
    org_id: int,
    name: str,
    items: Sequence[ItemSpec],
    *,
    kind: str = "custom",
    period_type: PeriodType = PeriodType.YEAR,
    pass_score: Decimal = Decimal(90),
) -> AssessmentScheme:
    """A new scheme of the bureau *org_id* with its items."""
    _bureau(session, org_id)
    clean = (name or "").strip()
    if not clean or len(clean) > 100:
        raise AssessmentError("请填写方案名称（100 字以内）", "Give the scheme a name (≤ 100)")
    if not Decimal(0) <= pass_score <= Decimal(100):
        raise AssessmentError("达标分数须在 0 到 100 之间", "The pass score must be 0–100")
    _check_items(host, items)
    scheme = AssessmentScheme(
        org_id=org_id,
        name=clean,
        kind=kind,
        period_type=PeriodType(period_type).value,
        pass_score=pass_score,
    )
    session.add(scheme)
    session.flush()
    _write_items(session, scheme, items)
    return scheme


def _write_items(session: Session, scheme: AssessmentScheme, items: Sequence[ItemSpec]) -> None:
    for old in scheme_items(session, scheme):
        session.delete(old)
    session.flush()
    for position, spec in enumerate(items):
        session.add(
            AssessmentItem(
                scheme_id=scheme.id,  # type: ignore[arg-type]
                indicator=spec.indicator,
                weight=spec.weight,
                rule=ScoringRule(spec.rule).value,
                target=spec.target,
                zero_value=spec.zero_value,
                deduction=spec.deduction,
                position=position,
            )
        )
    session.flush()


def update_scheme(
    session: Session,
    host: PluginHost,
    scheme: AssessmentScheme,
    *,
    name: str,
    pass_score: Decimal,
    items: Sequence[ItemSpec],
    expected_version: int | None,
) -> AssessmentScheme:
    """Change a scheme's name, pass score and items. Closed periods keep their results."""
    check_version(scheme, expected_version)
    clean = (name or "").strip()
    if not clean or len(clean) > 100:
        raise AssessmentError("请填写方案名称（100 字以内）", "Give the scheme a name (≤ 100)")
    if not Decimal(0) <= pass_score <= Decimal(100):
        raise AssessmentError("达标分数须在 0 到 100 之间", "The pass score must be 0–100")
    _check_items(host, items)
    scheme.name = clean
    scheme.pass_score = pass_score
    touch(scheme)
    _write_items(session, scheme, items)
    return scheme


def scheme_items(session: Session, scheme: AssessmentScheme) -> list[AssessmentItem]:
    return list(
        session.exec(
            select(AssessmentItem)
            .where(AssessmentItem.scheme_id == scheme.id)
            .order_by(col(AssessmentItem.position))
        ).all()
    )


def subjects_of(session: Session, scheme: AssessmentScheme) -> list[OrgUnit]:
    """The organisations a scheme ranks: active units of its subject type in the bureau."""
    bureau = session.get(OrgUnit, scheme.org_id)
    if bureau is None:
        return []
    rows = session.exec(
        select(OrgUnit).where(
            subtree_predicate(bureau),
            OrgUnit.type == scheme.subject_type,
            col(OrgUnit.active).is_(True),
        )
    ).all()
    return sorted(rows, key=lambda o: path_ids(o.path))


@dataclass
class StationResult:
    """One station's score, rank and whether it reached the standard, with its items."""

    org_id: int
    org_name: str
    score: Decimal | None
    rank: int | None
    reached: bool
    items: list[dict[str, Any]]


@dataclass
class Evaluation:
    """A scheme's results for a period: live, or frozen when the period is closed."""

    scheme: AssessmentScheme
    period: Period
    results: list[StationResult]
    closure: AssessmentClosure | None

    @property
    def frozen(self) -> bool:
        return self.closure is not None


def _period_of(scheme: AssessmentScheme, period: Period) -> Period:
    if period.kind.value != scheme.period_type:
        raise AssessmentError(
            f"该方案按{PeriodType(scheme.period_type).label_zh}考核，请选择相应的统计周期",
            f"This scheme assesses by {scheme.period_type}; choose such a period",
        )
    return period


def closure_of(
    session: Session, scheme: AssessmentScheme, period: Period
) -> AssessmentClosure | None:
    return session.exec(
        select(AssessmentClosure).where(
            AssessmentClosure.scheme_id == scheme.id, AssessmentClosure.period == str(period)
        )
    ).first()


def live_results(
    session: Session, host: PluginHost, scheme: AssessmentScheme, period: Period, today: date
) -> list[StationResult]:
    """Score and rank every subject now, from the records (one query per indicator)."""
    bureau = session.get(OrgUnit, scheme.org_id)
    subjects = subjects_of(session, scheme)
    if bureau is None or not subjects:
        return []
    cat = catalogue(host)
    active = {i.code for i in indicators_at(session, host, bureau.id)}  # type: ignore[arg-type]
    items = [i for i in scheme_items(session, scheme) if i.indicator in active]
    indicators: list[Indicator] = [cat.indicators[i.indicator] for i in items]
    targets = effective_settings(session, indicators, bureau)
    scores: dict[int, list[ItemScore]] = {s.id: [] for s in subjects}  # type: ignore[misc]
    for item, indicator in zip(items, indicators, strict=True):
        split = breakdown(session, indicator, bureau, period, subjects)
        complete: dict[int, bool] = {s.id: True for s in subjects}  # type: ignore[misc]
        for duty in cat.duties_of(indicator):
            _, by_unit = completeness_by_unit(
                session, duty, bureau, split.total.period, today, subjects
            )
            for uid, c in by_unit.items():
                complete[uid] = complete[uid] and c.complete
        target = item.target if item.target is not None else targets[indicator.code].target
        target = indicator.target_for(target, split.total.period)
        for unit, figure in split.parts:
            scores[unit.id].append(  # type: ignore[index]
                score_item(
                    indicator,
                    ScoringRule(item.rule),
                    item.weight,
                    figure,
                    target,
                    zero_value=item.zero_value,
                    deduction=item.deduction,
                    complete=complete[unit.id],  # type: ignore[index]
                )
            )
    totals = [total_score(scores[s.id]) for s in subjects]  # type: ignore[index]
    ranks = rank(totals)
    results = [
        StationResult(
            org_id=s.id,  # type: ignore[arg-type]
            org_name=s.name,
            score=total,
            rank=place,
            reached=total is not None and total >= scheme.pass_score,
            items=[i.as_json() for i in scores[s.id]],  # type: ignore[index]
        )
        for s, total, place in zip(subjects, totals, ranks, strict=True)
    ]
    order = {s.id: i for i, s in enumerate(subjects)}
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, order[r.org_id]))


def frozen_results(session: Session, closure: AssessmentClosure) -> list[StationResult]:
    rows = session.exec(
        select(AssessmentResult, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == AssessmentResult.org_id)  # type: ignore[arg-type]
        .where(AssessmentResult.closure_id == closure.id)
        .order_by(col(AssessmentResult.rank) == 0, col(AssessmentResult.rank), col(OrgUnit.id))
    ).all()
    return [
        StationResult(
            org_id=r.org_id,
            org_name=name,
            score=None if r.rank == 0 else r.score,
            rank=None if r.rank == 0 else r.rank,
            reached=r.reached,
            items=r.items,
        )
        for r, name in rows
    ]


def evaluate(
    session: Session, host: PluginHost, scheme: AssessmentScheme, period: Period, today: date
) -> Evaluation:
    """The scheme's results for *period*: the frozen ones if it is closed, else live."""
    period = _period_of(scheme, period)
    closure = closure_of(session, scheme, period)
    if closure is not None:
        return Evaluation(scheme, period, frozen_results(session, closure), closure)
    return Evaluation(scheme, period, live_results(session, host, scheme, period, today), None)


def close_period(
    session: Session,
    host: PluginHost,
    scheme: AssessmentScheme,
    period: Period,
    today: date,
    *,
    actor_id: int | None = None,
) -> AssessmentClosure:
    """Freeze the scheme's results for an ended period (关账); refuses twice and too early."""
    period = _period_of(scheme, period)
    if closure_of(session, scheme, period) is not None:
        raise PeriodClosed(period.label_zh)
    if today < period.end:
        raise AssessmentError(
            f"{period.label_zh}尚未结束，不能关账", f"{period.label_en} has not ended yet"
        )
    results = live_results(session, host, scheme, period, today)
    closure = AssessmentClosure(
        scheme_id=scheme.id,  # type: ignore[arg-type]
        org_id=scheme.org_id,
        period=str(period),
        closed_at=datetime.now(UTC),
        closed_by_id=actor_id,
        scheme_snapshot={
            "name": scheme.name,
            "pass_score": str(scheme.pass_score),
            "items": [
                {"indicator": i.indicator, "weight": str(i.weight), "rule": i.rule}
                for i in scheme_items(session, scheme)
            ],
        },
    )
    session.add(closure)
    session.flush()
    for r in results:
        session.add(
            AssessmentResult(
                closure_id=closure.id,  # type: ignore[arg-type]
                org_id=r.org_id,
                score=r.score if r.score is not None else Decimal(0),
                rank=r.rank or 0,
                reached=r.reached,
                items=r.items,
            )
        )
    session.flush()
    record_event(
        session,
        "assessment_close",
        entity="assessment_scheme",
        entity_id=str(scheme.id),
        org_id=scheme.org_id,
        details={"period": str(period), "stations": len(results)},
    )
    from core.indicators.plans import apply_closure

    apply_closure(session, closure, results)
    return closure
