"""Supervision (监督管理): the correction team, the classification level and its triggers,
the check-in schedule and records, lost contact, hours of education and public-benefit
activity, and the monthly assessment.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from core.api import N_
from corrections.codes import CheckinMode, Level, MemberType, SanctionKind, Status
from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections.models import (
    CorrectionsActivity,
    CorrectionsCheckin,
    CorrectionsEvaluation,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTeamMember,
)
from corrections.services.due_items import sync_subject_items
from corrections.services.workflow import move
from corrections.settings import CorrectionsSettings

__all__ = [
    "SCHEDULE_HORIZON",
    "checkin_interval",
    "evaluate_month",
    "hours_in_month",
    "log_activity",
    "lose_contact",
    "record_checkin",
    "regain_contact",
    "required_hours",
    "save_team",
    "schedule_checkins",
    "set_level",
    "strict_triggers",
]

#: How far ahead check-ins are generated (the daily job extends the schedule).
SCHEDULE_HORIZON = timedelta(days=35)
MODE_BY_LEVEL = {
    Level.STRICT: CheckinMode.IN_PERSON,
    Level.NORMAL: CheckinMode.PHONE,
    Level.LENIENT: CheckinMode.VIDEO,
}


def save_team(
    session: Session,
    subject: CorrectionsSubject,
    members: list[dict[str, str]],
    subject_sex: str | None,
) -> list[CorrectionsTeamMember]:
    """Replace the subject's 矫正小组 with *members* (name, member_type, sex).

    A female subject's team must include a woman (CCL art. 25); such a team is refused whole.
    """
    errors: dict[str, str] = {}
    clean = []
    for i, m in enumerate(members):
        name = str(m.get("name") or "").strip()
        if not name:
            continue
        kind = str(m.get("member_type") or "")
        sex = str(m.get("sex") or "")
        if kind not in {t.value for t in MemberType}:
            errors[f"member_{i}_type"] = N_("请选择成员类型")
        if sex not in {"male", "female"}:
            errors[f"member_{i}_sex"] = N_("请选择性别")
        if len(name) > 50:
            errors[f"member_{i}_name"] = N_("姓名不能超过 50 个字")
        clean.append((name, kind, sex))
    if not clean:
        errors["team"] = N_("矫正小组至少要有一名成员")
    if errors:
        raise InvalidInput(errors)
    if subject_sex == "female" and not any(sex == "female" for _, _, sex in clean):
        raise InvalidInput(
            {"team": N_("矫正对象为女性的，矫正小组中应有女性成员（社区矫正法第二十五条）")}
        )
    for old in session.exec(
        select(CorrectionsTeamMember).where(CorrectionsTeamMember.subject_id == subject.id)
    ).all():
        session.delete(old)
    rows = [
        CorrectionsTeamMember(
            org_id=subject.org_id,
            subject_id=subject.id,
            name=n,
            member_type=k,
            sex=s,  # type: ignore[arg-type]
        )
        for n, k, s in clean
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def strict_triggers(
    session: Session, subject: CorrectionsSubject, settings: CorrectionsSettings, today: date
) -> list[str]:
    """Why the subject must be at 严管 today (empty: no trigger holds)."""
    reasons: list[str] = []
    start = subject.reported_on or subject.announced_on
    if start and today < _add_months(start, settings.strict_initial_months):
        reasons.append(Message(N_("入矫不满{months}个月"), months=settings.strict_initial_months))
    kinds = list(
        session.exec(
            select(CorrectionsSanction.kind).where(CorrectionsSanction.subject_id == subject.id)
        ).all()
    )
    if kinds.count(SanctionKind.ADMONITION.value) >= settings.strict_after_admonitions:
        reasons.append(
            Message(N_("受到{count}次以上训诫"), count=settings.strict_after_admonitions)
        )
    if SanctionKind.WARNING.value in kinds or SanctionKind.PUBLIC_ORDER.value in kinds:
        reasons.append(Message(N_("受到警告或治安管理处罚")))
    last = session.exec(
        select(CorrectionsEvaluation)
        .where(CorrectionsEvaluation.subject_id == subject.id)
        .order_by(col(CorrectionsEvaluation.month).desc())
        .limit(1)
    ).first()
    if last is not None and not last.passed:
        reasons.append(Message(N_("月度考核不合格")))
    return reasons


def checkin_interval(settings: CorrectionsSettings, level: str) -> int:
    return {
        Level.STRICT: settings.checkin_days_strict,
        Level.NORMAL: settings.checkin_days_normal,
        Level.LENIENT: settings.checkin_days_lenient,
    }[Level(level)]


def schedule_checkins(
    session: Session,
    subject: CorrectionsSubject,
    *,
    settings: CorrectionsSettings,
    start: date,
    today: date,
) -> int:
    """Generate the check-ins of the subject's level from *start* up to the horizon.

    Idempotent (one row per subject and day). Future open check-ins of another rhythm (the
    level changed) are dropped first; check-ins already due stay as they are.
    """
    if Status(subject.status) != Status.SUPERVISED:
        return 0
    interval = timedelta(days=checkin_interval(settings, subject.level))
    rows = session.exec(
        select(CorrectionsCheckin).where(CorrectionsCheckin.subject_id == subject.id)
    ).all()
    future = sorted(
        (r for r in rows if r.due_on > today and r.done_on is None), key=lambda r: r.due_on
    )
    past = [r.due_on for r in rows if r not in future]
    anchor = max([start, *past])
    expected = []
    day = anchor + interval
    end = min(today + SCHEDULE_HORIZON, subject.term_end or today + SCHEDULE_HORIZON)
    while day <= end:
        expected.append(day)
        day += interval
    for row in future:
        if row.due_on not in expected:
            session.delete(row)
    have = {r.due_on for r in future}
    mode = MODE_BY_LEVEL[Level(subject.level)].value
    added = 0
    for day in expected:
        if day not in have:
            session.add(
                CorrectionsCheckin(
                    org_id=subject.org_id, subject_id=subject.id, due_on=day, mode=mode
                )  # type: ignore[arg-type]
            )
            added += 1
    session.flush()
    return added


def set_level(
    session: Session,
    subject: CorrectionsSubject,
    level: str,
    *,
    settings: CorrectionsSettings,
    today: date,
    reason: str = "",
) -> None:
    """Change the level; loosening is refused while a strict trigger holds."""
    if level not in {lv.value for lv in Level}:
        raise InvalidInput({"level": N_("请选择管理等级")})
    triggers = strict_triggers(session, subject, settings, today)
    if level != Level.STRICT and triggers:
        raise CorrectionsError(
            Message(
                N_("存在应当严管的情形（{triggers}），不能调整为{level}"),
                triggers=tuple(triggers),
                level=Level(level),
            )
        )
    subject.level = level
    subject.level_reason = reason or ("、".join(triggers) if level == Level.STRICT else "")
    session.add(subject)
    session.flush()
    schedule_checkins(session, subject, settings=settings, start=today, today=today)
    sync_subject_items(session, subject, today)


def apply_triggers(
    session: Session, subject: CorrectionsSubject, settings: CorrectionsSettings, today: date
) -> bool:
    """Move the subject to 严管 when a trigger holds (sanction, failed assessment)."""
    triggers = strict_triggers(session, subject, settings, today)
    if triggers and subject.level != Level.STRICT:
        set_level(
            session,
            subject,
            Level.STRICT.value,
            settings=settings,
            today=today,
            reason="、".join(triggers),
        )
        return True
    return False


def record_checkin(
    session: Session,
    subject: CorrectionsSubject,
    checkin: CorrectionsCheckin,
    *,
    on: date,
    mode: str,
    note: str,
    today: date,
) -> None:
    """The subject reported (possibly late): the red item closes."""
    if mode not in {m.value for m in CheckinMode}:
        raise InvalidInput({"done_mode": N_("请选择报告方式")})
    if on > today:
        raise InvalidInput({"done_on": N_("报告日期不能晚于今天")})
    if checkin.done_on is not None:
        raise CorrectionsError(N_("该次报告已登记"))
    checkin.done_on, checkin.done_mode, checkin.note = on, mode, note.strip()[:200]
    session.add(checkin)
    session.flush()
    sync_subject_items(session, subject, today)


def lose_contact(session: Session, subject: CorrectionsSubject, today: date) -> None:
    """失联: a red item now, handed to the station's heads and up to the bureau within minutes."""
    move(subject, "lose_contact")
    subject.lost_since = today
    session.add(subject)
    session.flush()
    sync_subject_items(session, subject, today)


def regain_contact(session: Session, subject: CorrectionsSubject, today: date) -> None:
    move(subject, "regain_contact")
    subject.lost_since = None
    session.add(subject)
    session.flush()
    sync_subject_items(session, subject, today)


def log_activity(
    session: Session, subject: CorrectionsSubject, data: dict[str, Any], today: date
) -> CorrectionsActivity:
    """Hours of education (study) or public-benefit activity (service) on one day."""
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    if kind not in {"study", "service"}:
        errors["kind"] = N_("请选择活动类型")
    try:
        on = date.fromisoformat(str(data.get("on") or ""))
        if on > today:
            errors["on"] = N_("日期不能晚于今天")
    except ValueError:
        errors["on"] = N_("请填写有效的日期")
        on = today
    try:
        hours = float(str(data.get("hours") or ""))
        if not 0 < hours <= 24:
            errors["hours"] = N_("时长应在 0 到 24 小时之间")
    except ValueError:
        errors["hours"] = N_("请填写时长（小时）")
        hours = 0
    if errors:
        raise InvalidInput(errors)
    row = CorrectionsActivity(
        org_id=subject.org_id, subject_id=subject.id, kind=kind, on=on, hours=hours
    )  # type: ignore[arg-type]
    session.add(row)
    session.flush()
    return row


def required_hours(settings: CorrectionsSettings, level: str) -> dict[str, int]:
    lv = Level(level)
    return {
        "study": {
            Level.STRICT: settings.study_hours_strict,
            Level.NORMAL: settings.study_hours_normal,
            Level.LENIENT: settings.study_hours_lenient,
        }[lv],
        "service": {
            Level.STRICT: settings.service_hours_strict,
            Level.NORMAL: settings.service_hours_normal,
            Level.LENIENT: settings.service_hours_lenient,
        }[lv],
    }


def hours_in_month(session: Session, subject_id: int, month: date) -> dict[str, float]:
    """Hours logged per kind in the calendar month of *month*."""
    start = month.replace(day=1)
    end = _add_months(start, 1)
    rows = session.exec(
        select(CorrectionsActivity.kind, func.sum(CorrectionsActivity.hours))
        .where(
            CorrectionsActivity.subject_id == subject_id,
            CorrectionsActivity.on >= start,
            CorrectionsActivity.on < end,
        )
        .group_by(CorrectionsActivity.kind)
    ).all()
    found = {kind: float(total or 0) for kind, total in rows}
    return {"study": found.get("study", 0.0), "service": found.get("service", 0.0)}


def evaluate_month(
    session: Session,
    subject: CorrectionsSubject,
    *,
    month: date,
    passed: bool,
    note: str,
    settings: CorrectionsSettings,
    today: date,
) -> CorrectionsEvaluation:
    """月度考核; a failed month moves the subject to 严管."""
    start = month.replace(day=1)
    if start > today:
        raise InvalidInput({"month": N_("不能考核未来的月份")})
    existing = session.exec(
        select(CorrectionsEvaluation).where(
            CorrectionsEvaluation.subject_id == subject.id, CorrectionsEvaluation.month == start
        )
    ).first()
    if existing is not None:
        raise CorrectionsError(Message(N_("{month:%Y年%m月} 已考核"), month=start))
    row = CorrectionsEvaluation(
        org_id=subject.org_id,
        subject_id=subject.id,
        month=start,
        passed=passed,
        note=note.strip()[:500],  # type: ignore[arg-type]
    )
    session.add(row)
    session.flush()
    apply_triggers(session, subject, settings, today)
    return row
