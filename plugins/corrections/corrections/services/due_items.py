"""The subject's red-light items (待办与红灯预警) derived from its rows.

One function per record kind rebuilds the complete list of items and hands it to the core's
``sync_due_items``: idempotent, so pages, jobs and demo data call it after every change and a
lost run loses nothing. Items without a responsible account go to the station's heads at once
and escalate up the tree (core reminders).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, col, select

from core.api import (
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgUnit,
    PersonNotFound,
    get_person,
    sync_due_items,
)
from corrections.codes import LeaveStatus, SanctionKind, Status
from corrections.models import (
    CorrectionsAftercare,
    CorrectionsAssessment,
    CorrectionsCheckin,
    CorrectionsHealthReport,
    CorrectionsLeave,
    CorrectionsSanction,
    CorrectionsSubject,
)
from corrections.services.workflow import ENDED

__all__ = ["DUE_ITEM_KINDS", "sync_aftercare_items", "sync_assessment_items", "sync_subject_items"]

REPORT_IN = "corrections.report_in"
CHECKIN = "corrections.checkin"
LOST = "corrections.lost_contact"
LEAVE_RETURN = "corrections.leave_return"
COURT = "corrections.court_decision"
HANDOVER = "corrections.handover"
PLAN_REVIEW = "corrections.plan_review"
HEALTH = "corrections.health_report"
ASSESSMENT = "corrections.assessment"
MOVE_CHECK = "corrections.move_check"
MOVE_REPORT = "corrections.move_report"

DUE_ITEM_KINDS = [
    DueItemKind(REPORT_IN, "矫正对象报到", "Report-in", lead_time=timedelta(days=2)),
    DueItemKind(CHECKIN, "矫正对象定期报告", "Check-in", lead_time=timedelta(days=1)),
    # 失联: the body searches at once (CCL art. 30): red immediately, up the tree within minutes.
    DueItemKind(
        LOST,
        "矫正对象失联",
        "Lost contact",
        lead_time=timedelta(0),
        escalation_delay=timedelta(minutes=1),
    ),
    DueItemKind(LEAVE_RETURN, "外出到期销假", "Return from leave", lead_time=timedelta(days=1)),
    DueItemKind(COURT, "法院裁定（提请撤销/收监）", "Court decision", lead_time=timedelta(days=5)),
    DueItemKind(HEALTH, "暂予监外执行病情报告", "Health report", lead_time=timedelta(days=5)),
    DueItemKind(PLAN_REVIEW, "矫正方案评估调整", "Plan review", lead_time=timedelta(days=3)),
    DueItemKind(ASSESSMENT, "调查评估", "Pre-sentence assessment", lead_time=timedelta(days=3)),
    DueItemKind(
        HANDOVER, "刑释人员衔接", "Hand-over of a released person", lead_time=timedelta(days=7)
    ),
    DueItemKind(
        MOVE_CHECK,
        "变更执行地核实",
        "Check a change of execution place",
        lead_time=timedelta(days=2),
    ),
    DueItemKind(
        MOVE_REPORT, "变更执行地后报到", "Report after a move", lead_time=timedelta(days=2)
    ),
]
#: How far ahead check-ins appear in the inbox (the rest wait on the subject's page).
CHECKIN_HORIZON = timedelta(days=7)
PROPOSALS = {
    SanctionKind.PUBLIC_ORDER.value,
    SanctionKind.REVOKE_PROBATION.value,
    SanctionKind.REVOKE_PAROLE.value,
    SanctionKind.RETURN_TO_PRISON.value,
}


BEIJING = timezone(timedelta(hours=8))


def day_start(today: date) -> datetime:
    """The start of *today* in Beijing: the services' notion of "now" for the reminders
    (never later than the real time, and the same as a test's fake clock's day)."""
    return datetime.combine(today, time.min, BEIJING)


def _url(subject: CorrectionsSubject) -> str:
    return f"/m/corrections/subjects/{subject.id}"


def subject_name(session: Session, subject: CorrectionsSubject) -> str:
    """How inboxes and pages name a subject: the person's name, as the staff who work the
    file know them ("矫正对象 #21" made every item a lookup). A minor's file is confidential,
    so a minor stays "未成年矫正对象 #id"."""
    return subject_names(session, subject)[0]


def subject_names(session: Session, subject: CorrectionsSubject) -> tuple[str, str]:
    """The subject's name in Chinese and in English (for the due item's ``title_en``), from
    one look-up of the person; a minor stays anonymous in both."""
    if subject.is_minor:
        return f"未成年矫正对象 #{subject.id}", f"Minor subject #{subject.id}"
    try:
        person = get_person(session, subject.person_id, org_ids_select=select(OrgUnit.id))
    except PersonNotFound:
        return f"矫正对象 #{subject.id}", f"Subject #{subject.id}"
    return f"矫正对象 {person.name}", f"Subject {person.name}"


def sync_subject_items(session: Session, subject: CorrectionsSubject, today: date) -> None:
    """Rebuild every open item of one subject; an ended subject keeps none."""
    assert subject.id is not None
    specs: list[DueItemSpec] = []
    name, en = subject_names(session, subject)
    base = {"org_id": subject.org_id, "account_id": None, "url": _url(subject)}
    if Status(subject.status) not in ENDED:
        if subject.report_due_on is not None and subject.reported_on is None:
            specs.append(
                DueItemSpec(
                    key="report_in",
                    title_zh=f"{name} 应于 {subject.report_due_on} 前报到",
                    title_en=f"{en}: report in by {subject.report_due_on}",
                    due_at=subject.report_due_on,
                    kind=REPORT_IN,
                    **base,
                )
            )
        if subject.plan_review_on is not None:
            specs.append(
                DueItemSpec(
                    key=f"plan_review:{subject.plan_review_on.isoformat()}",
                    title_zh=f"{name} 矫正方案评估调整（{subject.plan_review_on}）",
                    title_en=f"{en}: review the correction plan ({subject.plan_review_on})",
                    due_at=subject.plan_review_on,
                    kind=PLAN_REVIEW,
                    **base,
                )
            )
        checkins = session.exec(
            select(CorrectionsCheckin).where(
                CorrectionsCheckin.subject_id == subject.id,
                col(CorrectionsCheckin.done_on).is_(None),
                CorrectionsCheckin.due_on <= today + CHECKIN_HORIZON,
            )
        ).all()
        specs += [
            DueItemSpec(
                key=f"checkin:{c.due_on.isoformat()}",
                title_zh=f"{name} 定期报告（{c.due_on}）",
                title_en=f"{en}: periodic report ({c.due_on})",
                due_at=c.due_on,
                kind=CHECKIN,
                **base,
            )
            for c in checkins
        ]
        reports = session.exec(
            select(CorrectionsHealthReport).where(
                CorrectionsHealthReport.subject_id == subject.id,
                col(CorrectionsHealthReport.submitted_on).is_(None),
                CorrectionsHealthReport.due_on <= today + CHECKIN_HORIZON,
            )
        ).all()
        specs += [
            DueItemSpec(
                key=f"health:{r.kind}:{r.due_on.isoformat()}",
                title_zh=f"{name} {'病情复查' if r.kind == 'checkup' else '身体状况报告'}（{r.due_on}）",
                title_en=(
                    f"{en}: {'medical re-check' if r.kind == 'checkup' else 'health report'}"
                    f" ({r.due_on})"
                ),
                due_at=r.due_on,
                kind=HEALTH,
                **base,
            )
            for r in reports
        ]
        if subject.status == Status.LOST and subject.lost_since is not None:
            specs.append(
                DueItemSpec(
                    key=f"lost:{subject.lost_since.isoformat()}",
                    title_zh=f"{name} 失联，立即查找",
                    title_en=f"{en}: out of contact, search now",
                    due_at=subject.lost_since - timedelta(days=1),  # red at once
                    kind=LOST,
                    **base,
                )
            )
        leaves = session.exec(
            select(CorrectionsLeave).where(
                CorrectionsLeave.subject_id == subject.id,
                CorrectionsLeave.status == LeaveStatus.APPROVED.value,
            )
        ).all()
        specs += [
            DueItemSpec(
                key=f"leave:{leave.id}",
                title_zh=f"{name} 外出应于 {leave.end_on} 返回销假",
                title_en=f"{en}: back from leave and sign off by {leave.end_on}",
                due_at=leave.end_on,
                kind=LEAVE_RETURN,
                **base,
            )
            for leave in leaves
        ]
        proposals = session.exec(
            select(CorrectionsSanction).where(
                CorrectionsSanction.subject_id == subject.id,
                col(CorrectionsSanction.kind).in_(PROPOSALS),
                col(CorrectionsSanction.court_due_on).is_not(None),
                col(CorrectionsSanction.court_decided_on).is_(None),
            )
        ).all()
        specs += [
            DueItemSpec(
                key=f"court:{p.id}",
                title_zh=f"{name} 提请事项待裁定（{p.court_due_on} 前）",
                title_en=f"{en}: proposal awaiting the court's ruling (by {p.court_due_on})",
                due_at=p.court_due_on,  # type: ignore[arg-type]
                kind=COURT,
                **base,
            )
            for p in proposals
        ]
    sync_due_items(
        session, DueSource("corrections", "subject", subject.id), specs, now=day_start(today)
    )


def sync_aftercare_items(
    session: Session, person: CorrectionsAftercare, today: date | None = None
) -> None:
    """The hand-over (衔接) item: due on the release day until the hand-over is recorded."""
    assert person.id is not None
    specs = []
    if person.handed_over_on is None and person.status in ("notified", "verified"):
        must = "（必接必送）" if person.must_escort else ""
        specs.append(
            DueItemSpec(
                key="handover",
                title_zh=f"刑释人员 #{person.id} 衔接{must}（{person.release_on}）",
                title_en=(
                    f"Released person #{person.id}: hand-over"
                    f"{' (escort required)' if person.must_escort else ''} ({person.release_on})"
                ),
                due_at=person.release_on,
                kind=HANDOVER,
                org_id=person.org_id,
                account_id=None,
                url=f"/m/corrections/aftercare/{person.id}",
            )
        )
    now = day_start(today) if today is not None else None
    sync_due_items(session, DueSource("corrections", "aftercare", person.id), specs, now=now)


def sync_assessment_items(session: Session, row: CorrectionsAssessment, today: date) -> None:
    """The assessment's deadline (10 working days, 5 for 速裁) until the opinion is sent."""
    assert row.id is not None
    specs = []
    if row.completed_on is None and row.due_on is not None:
        specs.append(
            DueItemSpec(
                key="opinion",
                title_zh=f"调查评估 #{row.id}（{row.commissioned_by}）应于 {row.due_on} 前完成",
                title_en=(
                    f"Pre-sentence assessment #{row.id} ({row.commissioned_by}) due by {row.due_on}"
                ),
                due_at=row.due_on,
                kind=ASSESSMENT,
                org_id=row.org_id,
                account_id=None,
                url="/m/corrections/assessments",
            )
        )
    sync_due_items(
        session, DueSource("corrections", "assessment", row.id), specs, now=day_start(today)
    )
