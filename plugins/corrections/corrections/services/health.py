"""暂予监外执行 reports (C8, 实施办法 art. 24): the subject reports on their physical condition
monthly, and a medical-parole subject submits a designated hospital's check-up every three
months. Intervals are bureau settings; due reports are red items until submitted."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from core.api import N_
from corrections.codes import Status, SubjectType
from corrections.errors import CorrectionsError, InvalidInput
from corrections.models import CorrectionsHealthReport, CorrectionsSubject
from corrections.services.location import add_months
from corrections.settings import CorrectionsSettings

__all__ = ["KIND_LABELS", "schedule_health_reports", "submit_health_report"]

KIND_LABELS = {"condition": "身体状况报告", "checkup": "病情复查（指定医院）"}
HORIZON = timedelta(days=35)


def schedule_health_reports(
    session: Session, subject: CorrectionsSubject, *, settings: CorrectionsSettings, today: date
) -> int:
    """Generate the reports due up to the horizon (idempotent: one per kind and day)."""
    if subject.subject_type != SubjectType.MEDICAL_PAROLE or subject.status != Status.SUPERVISED:
        return 0
    start = subject.announced_on or today
    end = min(today + HORIZON, subject.term_end or today + HORIZON)
    have = {
        (r.kind, r.due_on)
        for r in session.exec(
            select(CorrectionsHealthReport).where(CorrectionsHealthReport.subject_id == subject.id)
        ).all()
    }
    added = 0
    for kind, months in (
        ("condition", settings.health_report_months),
        ("checkup", settings.checkup_months),
    ):
        n = 1
        while (day := add_months(start, months * n)) <= end:
            if (kind, day) not in have:
                session.add(
                    CorrectionsHealthReport(
                        org_id=subject.org_id, subject_id=subject.id, kind=kind, due_on=day
                    )  # type: ignore[arg-type]
                )
                added += 1
            n += 1
    session.flush()
    return added


def submit_health_report(
    session: Session, row: CorrectionsHealthReport, *, on: date, note: str, today: date
) -> None:
    if row.submitted_on is not None:
        raise CorrectionsError(N_("该报告已提交"))
    if on > today:
        raise InvalidInput({"submitted_on": N_("提交日期不能晚于今天")})
    row.submitted_on, row.note = on, note.strip()[:200]
    session.add(row)
    session.flush()
