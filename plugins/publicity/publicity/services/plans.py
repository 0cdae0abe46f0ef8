"""Yearly plans (年度普法计划): draft → submitted → approved (or returned), and progress.

A unit drafts and submits its plan; the bureau's publicity office approves it (permission
``publicity.plans.approve``) or returns it with a note. Only approved plans are published
on the public page. Progress counts the unit's events per quarter against the plan; a quarter
ending below plan turns amber in its last days and red once it is over — the same rule backs
the due items the periodic job keeps (:func:`sync_quarter_items`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from core.api import (
    N_,
    DueItemKind,
    DueItemSpec,
    DueSource,
    conflict_on_duplicate,
    lock_for_change,
    notify,
    sync_due_items,
    touch,
)
from publicity.codes import PlanStatus
from publicity.errors import Message, PublicityError
from publicity.forms import Form
from publicity.models import PublicityEvent, PublicityPlan, PublicityUnit
from publicity.services.units import law_list

__all__ = [
    "QUARTER_KIND",
    "QuarterProgress",
    "approve_plan",
    "events_by_quarter",
    "plan_for",
    "quarter_bounds",
    "quarter_progress",
    "return_plan",
    "save_plan",
    "submit_plan",
    "sync_quarter_items",
]

QUARTER_KIND = "publicity.quarter"
REVIEW_KIND = "publicity.plan_review"
REVIEW_DAYS = 10
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def save_plan(
    session: Session,
    data: Mapping[str, Any],
    *,
    unit: PublicityUnit,
    plan: PublicityPlan | None = None,
    expected_version: int | None = None,
    default_period: str = "",
) -> PublicityPlan:
    """Create or edit a draft (or returned) plan."""
    if plan is not None:
        lock_for_change(session, plan, expected_version)
        if plan.status not in EDITABLE:
            raise PublicityError(
                N_("计划已报送或已审核，不能再修改"), "The plan can no longer be edited"
            )
    form = Form(data)
    year = (
        plan.year
        if plan
        else form.integer("year", N_("年度"), minimum=2000, maximum=2100, required=True)
    )
    quarters = [
        form.integer(f"q{q}", Message(N_("第{q}季度场次"), q=q), maximum=500) or 0
        for q in range(1, 5)
    ]
    themes = form.text("themes", N_("宣传主题"), limit=2000, required=True)
    audiences = form.text("audiences", N_("宣传对象"), limit=500)
    laws = "\n".join(law_list(form.text("laws", N_("重点法律"), limit=4000))) or unit.laws
    period = form.text("plan_period", N_("普法规划期"), limit=40) or default_period
    if not any(quarters) and "q1" not in form.errors:
        form.error("q1", N_("请至少为一个季度安排活动场次"))
    if plan is None and year is not None:
        exists = session.exec(
            select(PublicityPlan.id).where(
                PublicityPlan.unit_id == unit.id, PublicityPlan.year == year
            )
        ).first()
        if exists is not None:
            form.error(
                "year",
                Message(
                    N_("{unit}{year}年度的计划已存在，请在原计划上修改"), unit=unit.name, year=year
                ),
            )
    form.check()
    if plan is None:
        plan = PublicityPlan(org_id=unit.org_id, unit_id=unit.id, year=int(year or 0))  # type: ignore[arg-type]
    else:
        touch(plan)
    plan.q1, plan.q2, plan.q3, plan.q4 = quarters
    plan.themes, plan.audiences, plan.laws, plan.plan_period = themes, audiences, laws, period
    plan.updated_at = datetime.now(UTC)
    with conflict_on_duplicate(session, "PublicityPlan"):  # one plan per unit and year
        session.add(plan)
    return plan


def submit_plan(
    session: Session,
    plan: PublicityPlan,
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
) -> PublicityPlan:
    """The unit hands its plan to the bureau for approval."""
    lock_for_change(session, plan, expected_version)
    if plan.status not in EDITABLE:
        raise PublicityError(
            N_("只有草稿或退回的计划可以报送"), "Only a draft or returned plan can be submitted"
        )
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_on, plan.submitted_by = today, actor_id
    touch(plan)
    session.add(plan)
    session.flush()
    _sync_review_item(session, plan)
    return plan


def _tell_submitter(session: Session, plan: PublicityPlan) -> None:
    """The clerk who submitted the plan hears the bureau's decision in the inbox."""
    if plan.submitted_by is None or plan.reviewed_on is None:
        return
    verdict = "已审核通过并公开" if plan.status == PlanStatus.APPROVED else "被退回修改"
    notify(
        session,
        plan.submitted_by,
        key=f"publicity.plan:{plan.id}:{plan.status}:{plan.version}",
        title_zh=f"{plan.year}年度普法计划{verdict}",
        title_en=f"Your {plan.year} publicity plan was {plan.status}",
        body_zh=plan.review_note,
        url=f"/m/publicity/plans/{plan.id}",
    )


def _sync_review_item(session: Session, plan: PublicityPlan) -> None:
    """While a plan waits for approval, the bureau's publicity office has a due item."""
    from publicity.services.keydates import bureau_of

    specs = []
    bureau = bureau_of(session, plan.org_id) or plan.org_id
    if plan.status == PlanStatus.SUBMITTED and plan.submitted_on is not None:
        unit = session.get(PublicityUnit, plan.unit_id)
        specs.append(
            DueItemSpec(
                key=f"review:{plan.submitted_on.isoformat()}",
                title_zh=f"审核年度普法计划：{unit.name if unit else ''} {plan.year}年",
                title_en=f"Approve the {plan.year} publicity plan",
                due_at=plan.submitted_on + timedelta(days=REVIEW_DAYS),
                org_id=bureau,
                kind=REVIEW_KIND,
                url=f"/m/publicity/plans/{plan.id}",
            )
        )
    sync_due_items(session, DueSource("publicity", "plan_review", plan.id), specs)  # type: ignore[arg-type]


def _review(session: Session, plan: PublicityPlan, expected_version: int | None) -> None:
    lock_for_change(session, plan, expected_version)
    if plan.status != PlanStatus.SUBMITTED:
        raise PublicityError(
            N_("只有已报送的计划可以审核"), "Only a submitted plan can be reviewed"
        )


def approve_plan(
    session: Session,
    plan: PublicityPlan,
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
    note: str = "",
    minimum: int | None = None,
) -> PublicityPlan:
    """The bureau's publicity office approves: the plan is published and progress counts.

    *minimum* is the bureau's yearly minimum of events in force (a setting, default 20),
    kept with the plan so the year's indicator measures against what applied then."""
    _review(session, plan, expected_version)
    plan.status = PlanStatus.APPROVED
    plan.minimum = minimum
    plan.reviewed_on, plan.reviewed_by, plan.review_note = today, actor_id, note[:500]
    touch(plan)
    session.add(plan)
    session.flush()
    _sync_review_item(session, plan)
    _tell_submitter(session, plan)
    sync_quarter_items(session, plan, today)
    return plan


def return_plan(
    session: Session,
    plan: PublicityPlan,
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
    note: str,
) -> PublicityPlan:
    """Send the plan back to the unit with what to change."""
    _review(session, plan, expected_version)
    if not note.strip():
        from publicity.errors import InvalidInput

        raise InvalidInput({"note": N_("退回时请写明修改意见")})
    plan.status = PlanStatus.RETURNED
    plan.reviewed_on, plan.reviewed_by, plan.review_note = today, actor_id, note.strip()[:500]
    touch(plan)
    session.add(plan)
    session.flush()
    _sync_review_item(session, plan)
    _tell_submitter(session, plan)
    return plan


def plan_for(session: Session, unit_id: int, year: int) -> PublicityPlan | None:
    return session.exec(
        select(PublicityPlan).where(PublicityPlan.unit_id == unit_id, PublicityPlan.year == year)
    ).first()


def events_by_quarter(session: Session, unit_id: int, year: int) -> dict[int, int]:
    """How many events the unit held in each quarter of *year*."""
    counts = {q: 0 for q in range(1, 5)}
    rows = session.exec(
        select(PublicityEvent.held_on).where(
            PublicityEvent.unit_id == unit_id,
            col(PublicityEvent.held_on) >= date(year, 1, 1),
            col(PublicityEvent.held_on) <= date(year, 12, 31),
        )
    ).all()
    for held_on in rows:
        counts[quarter_of(held_on)] += 1
    return counts


@dataclass(frozen=True)
class QuarterProgress:
    quarter: int
    target: int
    done: int
    start: date
    end: date
    colour: str  # green, amber, red, grey (not started)

    @property
    def label_zh(self) -> str:
        return {
            "green": N_("正常"),
            "amber": N_("临近季末未完成"),
            "red": N_("季度未完成"),
            "grey": N_("未开始"),
        }[self.colour]


def quarter_colour(
    target: int, done: int, start: date, end: date, today: date, warn_days: int
) -> str:
    """Green when on plan; amber in the quarter's last *warn_days* below plan; red after it."""
    if today < start:
        return "grey"
    if done >= target:
        return "green"
    if today > end:
        return "red"
    if today > end - timedelta(days=warn_days):
        return "amber"
    return "green"


def quarter_progress(
    session: Session, plan: PublicityPlan, today: date, warn_days: int = 15
) -> list[QuarterProgress]:
    counts = events_by_quarter(session, plan.unit_id, plan.year)
    result = []
    for q in range(1, 5):
        start, end = quarter_bounds(plan.year, q)
        target = plan.quarter_target(q)
        colour = quarter_colour(target, counts[q], start, end, today, warn_days)
        result.append(QuarterProgress(q, target, counts[q], start, end, colour))
    return result


def sync_quarter_items(
    session: Session, plan: PublicityPlan, today: date, now: datetime | None = None
) -> None:
    """The plan's quarterly due items: one per quarter with a target, closed once met.

    The core colours them (amber within the kind's lead time before quarter end, red after)
    and escalates an overdue one up the tree. Idempotent; called on approval, on every event
    saved and by the daily job.
    """
    unit = session.get(PublicityUnit, plan.unit_id)
    counts = events_by_quarter(session, plan.unit_id, plan.year)
    specs = []
    if plan.status == PlanStatus.APPROVED:
        for q in range(1, 5):
            target = plan.quarter_target(q)
            _start, end = quarter_bounds(plan.year, q)
            if target == 0 or (end < today and counts[q] >= target):
                continue
            specs.append(
                DueItemSpec(
                    key=f"quarter:{plan.year}Q{q}",
                    title_zh=f"普法计划：{unit.name if unit else ''} {plan.year}年第{q}季度 {counts[q]}/{target} 场",
                    title_en=f"Publicity plan {plan.year} Q{q}: {counts[q]}/{target} events",
                    due_at=end,
                    org_id=plan.org_id,
                    kind=QUARTER_KIND,
                    url=f"/m/publicity/plans/{plan.id}",
                    done=counts[q] >= target,
                )
            )
    sync_due_items(session, DueSource("publicity", "plan", plan.id), specs, now=now)  # type: ignore[arg-type]


def count_events(session: Session, unit_id: int, start: date, end: date) -> int:
    return int(
        session.exec(
            select(func.count()).where(
                PublicityEvent.unit_id == unit_id,
                col(PublicityEvent.held_on) >= start,
                col(PublicityEvent.held_on) <= end,
            )
        ).one()
    )


DUE_KINDS = [
    DueItemKind(
        REVIEW_KIND,
        "审核年度普法计划",
        "Approve a yearly publicity plan",
        lead_time=timedelta(days=3),
    ),
    DueItemKind(
        QUARTER_KIND,
        "季度普法计划完成情况",
        "Quarterly publicity plan",
        lead_time=timedelta(days=15),
        escalation_delay=timedelta(days=3),
    ),
]
