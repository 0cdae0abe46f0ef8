"""Due dates through the core deadline service, with the review clock's pause.

A due date that reaches a year whose holiday schedule is unknown is provisional (暂定,
core API 1.3): :func:`safe_due` still answers the date, computed on the ordinary week, and
remembers the core's ``Due`` in the session so that :func:`track_case_dues` (called by
``sync_case_due_items`` once the case has its id) registers it with the core, which marks
it 暂定 everywhere and recomputes it when the year is entered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from core.api import (
    DeadlineRule,
    DeadlineUnit,
    Due,
    DueSource,
    compute_due,
    due_date,
    effective_rule,
    load_calendar,
    track_due,
)
from legal_aid.deadlines import (
    ASSIGN,
    MATERIALS,
    NOTICE_ASSIGN,
    OBJECTION,
    REPORT,
    REVIEW,
)

__all__ = [
    "FIELDS",
    "resumed_review_due",
    "safe_due",
    "track_case_dues",
    "used_review_days",
]

_PENDING = "legal_aid.dues"  # session.info key: the Dues computed in this unit of work
#: Which case field each rule fills, and how the due item names it.
FIELDS: dict[str, tuple[str, str, str]] = {
    REVIEW: ("review_due", "审查期限", "Review deadline"),
    MATERIALS: ("materials_due", "补充材料期限", "Materials deadline"),
    ASSIGN: ("assign_due", "指派期限", "Assignment deadline"),
    NOTICE_ASSIGN: ("assign_due", "指派期限", "Assignment deadline"),
    REPORT: ("report_due", "结案报告期限", "Closing report deadline"),
}


def _remember(session: Session, due: Due) -> None:
    session.info.setdefault(_PENDING, []).append(due)


def safe_due(session: Session, code: str, start: date | datetime, org_id: int) -> Any:
    """The due date (or instant, for hours) of rule *code*; provisional dates included."""
    due = due_date(session, code, start, org_id)
    _remember(session, due)
    return due.due


def track_case_dues(session: Session, case: Any, objections: list[Any]) -> None:
    """Register the dates computed for *case* in this unit of work with the core."""
    dues: list[Due] = session.info.pop(_PENDING, [])
    source = DueSource("legal_aid", "case", case.id)
    for due in dues:
        if due.rule_code == OBJECTION:
            for objection in objections:
                if objection.due == due.due and objection.decided_on is None:
                    track_due(
                        session,
                        source,
                        f"objection:{objection.id}",
                        due,
                        label_zh=f"法律援助异议审查期限（{case.number}）",
                        label_en=f"Objection review deadline ({case.number})",
                        url=f"/m/legal_aid/cases/{case.id}",
                    )
            continue
        known = FIELDS.get(due.rule_code)
        if known is None or getattr(case, known[0]) != due.due:
            continue
        field, zh, en = known
        track_due(
            session,
            source,
            field,
            due,
            label_zh=f"{zh}（{case.number}）",
            label_en=f"{en} ({case.number})",
            url=f"/m/legal_aid/cases/{case.id}",
            # Past this date the application is treated as withdrawn: held against the
            # applicant, so nothing is closed on a provisional date (it waits).
            against_citizen=field == "materials_due",
        )


def used_review_days(session: Session, org_id: int, received_on: date, paused_on: date) -> int:
    """How much of the review period ran before the clock paused, in the rule's unit."""
    rule = effective_rule(session, REVIEW, org_id)
    if rule.unit is DeadlineUnit.WORKING_DAYS:
        calendar = load_calendar(session)
        day, used = received_on, 0
        while day < paused_on:
            day += timedelta(days=1)
            used += 1 if calendar.is_workday(day) else 0
        return used
    return max((paused_on - received_on).days, 0)


def resumed_review_due(
    session: Session, org_id: int, received_on: date, paused_on: date, supplied_on: date
) -> date | None:
    """The review due date once the missing materials arrive: the time used before the
    pause is kept, the rest (at least one day) runs from the day they arrived."""
    rule = effective_rule(session, REVIEW, org_id)
    remaining = max(rule.amount - used_review_days(session, org_id, received_on, paused_on), 1)
    rest = DeadlineRule(
        REVIEW,
        remaining,
        rule.unit,
        start_day_counts=rule.start_day_counts,
        roll_past_rest_days=rule.roll_past_rest_days,
    )
    computed = compute_due(supplied_on, rest, load_calendar(session))
    # Registered under the review rule from the day the materials arrived; the recompute
    # hook computes it again with the pause kept (see legal_aid.services.recompute).
    _remember(session, replace(computed, org_id=org_id))
    due = computed.due
    return due if isinstance(due, date) and not isinstance(due, datetime) else None
