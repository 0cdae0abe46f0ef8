"""Intake (交付与接收): documents received → report-in countdown → reported in or searched
for → intake announcement (入矫宣告); and the optional pre-sentence assessment (调查评估).

The countdown is the core deadline rule ``corrections.report_in`` (C2/C3, 10 days); until
the subject reports, a red-light item stands on the station's and the bureau's pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from core.api import N_, DueSource, due_date, track_due
from corrections import offence_types
from corrections.codes import IntakeMode, Level, Status, SubjectType
from corrections.deadlines import ASSESSMENT, ASSESSMENT_FAST, REPORT_IN
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import CorrectionsAssessment, CorrectionsSubject
from corrections.services.due_items import sync_assessment_items, sync_subject_items
from corrections.services.workflow import move
from corrections.settings import CorrectionsSettings

__all__ = [
    "announce",
    "clean_subject",
    "complete_assessment",
    "receive_documents",
    "record_assessment",
    "report_in",
    "start_search",
]

TEXT_FIELDS = {
    "offence": (N_("罪名"), 100, True),
    "sentence": (N_("原判刑罚"), 100, False),
    "deciding_body": (N_("决定机关"), 100, True),
    "judgment_number": (N_("判决（裁定、决定）书文号"), 60, False),
    "notice_number": (N_("执行通知书文号"), 60, False),
    "prohibitions": (N_("禁止令内容"), 500, False),
}


def _date(
    data: dict[str, Any], field: str, errors: dict[str, str], *, required: bool
) -> date | None:
    raw = str(data.get(field) or "").strip()
    if not raw:
        if required:
            errors[field] = N_("请填写日期")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[field] = N_("请填写有效的日期，例如 2026-11-23")
        return None


def clean_subject(data: dict[str, Any], today: date) -> dict[str, Any]:
    """The subject's fields from a form, or :class:`InvalidInput` with every problem at once."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    kind = str(data.get("subject_type") or "")
    if kind not in {t.value for t in SubjectType}:
        errors["subject_type"] = N_("请选择矫正类别")
    values["subject_type"] = kind
    for field, (name, limit, required) in TEXT_FIELDS.items():
        text = str(data.get(field) or "").strip()
        if required and not text:
            errors[field] = Message(N_("请填写{name}"), name=Message(name))
        elif len(text) > limit:
            errors[field] = Message(
                N_("{name}不能超过 {limit} 个字"), name=Message(name), limit=limit
            )
        values[field] = text
    received = _date(data, "documents_received_on", errors, required=True)
    if received and received > today:
        errors["documents_received_on"] = N_("收到法律文书的日期不能晚于今天")
    values["documents_received_on"] = received
    values["term_start"] = _date(data, "term_start", errors, required=False)
    values["term_end"] = _date(data, "term_end", errors, required=True)
    if values["term_start"] and values["term_end"] and values["term_end"] <= values["term_start"]:
        errors["term_end"] = N_("矫正期满日应晚于起始日")
    values["is_minor"] = str(data.get("is_minor") or "") in {"1", "on", "true", "yes"}
    if errors:
        raise InvalidInput(errors)
    return values


def receive_documents(
    session: Session,
    values: dict[str, Any],
    *,
    org_id: int,
    person_id: int,
    today: date,
) -> CorrectionsSubject:
    """Register a subject from the legal documents received; the 10-day countdown starts.

    New subjects start at 严管 (the first two months are strict by default rule).
    """
    # the type a form left empty (or a caller never set) comes from the offence's words
    kind = values.get("offence_type") or offence_types.guess(str(values.get("offence") or ""))
    subject = CorrectionsSubject(
        **{**values, "offence_type": kind},
        org_id=org_id,
        person_id=person_id,
        status=Status.AWAITING.value,
        level=Level.STRICT.value,
        level_reason="入矫初期",
        created_on=today,
    )
    # With next year's holiday schedule not entered yet the date is provisional (暂定):
    # the subject is registered all the same and the core recomputes it on entry.
    due = due_date(session, REPORT_IN, subject.documents_received_on, org_id)
    subject.report_due_on = due.due  # type: ignore[assignment]
    session.add(subject)
    session.flush()
    track_due(
        session,
        DueSource("corrections", "subject", subject.id),  # type: ignore[arg-type]
        "report_due_on",
        due,
        label_zh=f"矫正对象 #{subject.id} 报到期限",
        label_en=f"Report-in deadline of subject #{subject.id}",
        url=f"/m/corrections/subjects/{subject.id}",
    )
    sync_subject_items(session, subject, today)
    return subject


def report_in(
    session: Session, subject: CorrectionsSubject, *, mode: str, on: date, today: date
) -> None:
    """The subject reported in (or was transferred in) on *on* by *mode*."""
    if mode not in {m.value for m in IntakeMode}:
        raise InvalidInput({"intake_mode": N_("请选择接收方式")})
    if on > today or on < subject.documents_received_on:
        raise InvalidInput({"reported_on": N_("报到日期应在收到法律文书之后、今天之前")})
    move(subject, "report_in")
    subject.intake_mode = mode
    subject.reported_on = on
    if subject.term_start is None:
        subject.term_start = on
    session.add(subject)
    session.flush()
    sync_subject_items(session, subject, today)


def start_search(session: Session, subject: CorrectionsSubject, today: date) -> None:
    """The countdown ran out: the subject is searched for (查找) and the item stays red."""
    if subject.report_due_on is not None and today <= subject.report_due_on:
        raise CorrectionsError(Message(N_("报到期限 {due} 尚未届满"), due=subject.report_due_on))
    move(subject, "start_search")
    subject.search_started_on = today
    session.add(subject)


def announce(
    session: Session,
    subject: CorrectionsSubject,
    *,
    on: date,
    today: date,
    settings: CorrectionsSettings,
) -> None:
    """入矫宣告: supervision starts; the check-in schedule of the subject's level is generated."""
    from corrections.services.health import schedule_health_reports
    from corrections.services.supervision import schedule_checkins

    if on > today or (subject.reported_on and on < subject.reported_on):
        raise InvalidInput({"announced_on": N_("宣告日期应在报到之后、今天之前")})
    move(subject, "announce")
    subject.announced_on = on
    session.add(subject)
    session.flush()
    schedule_checkins(session, subject, settings=settings, start=on, today=today)
    schedule_health_reports(session, subject, settings=settings, today=today)
    sync_subject_items(session, subject, today)


def record_assessment(
    session: Session, data: dict[str, Any], *, org_id: int, person_id: int, today: date
) -> CorrectionsAssessment:
    """调查评估 commissioned: due in 10 working days (5 for 速裁)."""
    errors: dict[str, str] = {}
    body = str(data.get("commissioned_by") or "").strip()
    if not body:
        errors["commissioned_by"] = N_("请填写委托机关")
    received = _date(data, "received_on", errors, required=True)
    if received and received > today:
        errors["received_on"] = N_("收到委托的日期不能晚于今天")
    if errors:
        raise InvalidInput(errors)
    fast = str(data.get("fast_track") or "") in {"1", "on", "true"}
    rule = ASSESSMENT_FAST if fast else ASSESSMENT
    computed = due_date(session, rule, received, org_id)  # type: ignore[arg-type]
    due = computed.due
    row = CorrectionsAssessment(
        org_id=org_id,
        person_id=person_id,
        commissioned_by=body,
        received_on=received,  # type: ignore[arg-type]
        fast_track=fast,
        due_on=due,  # type: ignore[arg-type]
    )
    session.add(row)
    session.flush()
    track_due(
        session,
        DueSource("corrections", "assessment", row.id),  # type: ignore[arg-type]
        "due_on",
        computed,
        label_zh=f"调查评估 #{row.id} 期限",
        label_en=f"Deadline of assessment #{row.id}",
        url="/m/corrections/assessments",
    )
    sync_assessment_items(session, row, today)
    return row


def complete_assessment(
    session: Session, row: CorrectionsAssessment, *, opinion: str, on: date, today: date
) -> None:
    """The assessment opinion (评估意见) sent to the commissioning body."""
    if row.completed_on is not None:
        raise CorrectionsError(N_("该调查评估已完成"))
    if not opinion.strip():
        raise InvalidInput({"opinion": N_("请填写评估意见")})
    if on > today or on < row.received_on:
        raise InvalidInput({"completed_on": N_("完成日期应在收到委托之后、今天之前")})
    row.opinion, row.completed_on = opinion.strip()[:1000], on
    session.add(row)
    session.flush()
    sync_assessment_items(session, row, today)
