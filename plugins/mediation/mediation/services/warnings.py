"""Early warning (矛盾纠纷预警): a case's warning level, raised or lowered at any moment.

The bureau's scheme (module settings, :func:`mediation.settings.warning_scheme`) says which
levels exist, how soon each must be answered and how far up the tree it is reported. A
change is a :class:`MediationWarning` row (who, when, why — audited like every ORM write)
and the case's ``warning_level``; the people the level reaches are told at once through the
core's notifications, and the answer (响应/处置) is a core due item of the case that turns
red and climbs the tree when the response time passes (:mod:`mediation.services.due_items`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session, col, select

from core.api import lock_for_change, notify, role_holders
from mediation.codes import CaseStatus, WarningLevel, label
from mediation.errors import IllegalTransition
from mediation.models import (
    MediationCase,
    MediationCaseMediator,
    MediationMediator,
    MediationWarning,
)
from mediation.services.cases import get_case, touch_case
from mediation.services.due_items import WARNING_KIND, current_warning
from mediation.settings import MediationSettings, WarningRule, warning_scheme
from mediation.validation import Form

__all__ = [
    "WARNING_KIND",
    "current_warning",
    "mediator_accounts",
    "recipients",
    "respond_to_warning",
    "set_warning_level",
    "warning_history",
]


def warning_history(session: Session, case_id: int) -> list[MediationWarning]:
    return list(
        session.exec(
            select(MediationWarning)
            .where(MediationWarning.case_id == case_id)
            .order_by(col(MediationWarning.id).desc())
        ).all()
    )


def mediator_accounts(session: Session, case_id: int) -> list[int]:
    rows = session.exec(
        select(MediationMediator.account_id)
        .join(MediationCaseMediator, MediationCaseMediator.mediator_id == MediationMediator.id)  # type: ignore[arg-type]
        .where(MediationCaseMediator.case_id == case_id)
    ).all()
    return sorted({r for r in rows if r is not None})


def recipients(session: Session, case: MediationCase, rule: WarningRule) -> list[int]:
    """Whom a warning of *rule*'s level tells: the case's mediators (their accounts) and
    the holders of the level's supervising roles along the case's organisation chain."""
    assert case.id is not None
    accounts = set(mediator_accounts(session, case.id))
    accounts.update(role_holders(session, case.org_id, rule.roles))
    if not accounts:  # nobody linked yet: the heads of the committee's organisation
        accounts.update(role_holders(session, case.org_id, ("station_head", "bureau_leader")))
    return sorted(accounts)


def _rule(scheme: list[WarningRule], level: WarningLevel | None) -> WarningRule | None:
    return next((r for r in scheme if r.level == level), None)


def set_warning_level(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
    settings: MediationSettings,
) -> MediationWarning:
    """Raise, lower or lift (``level`` empty) the case's warning, with the reason why."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    number = case.case_number or f"#{case.id}"
    if case.status == CaseStatus.ARCHIVED:
        raise IllegalTransition(
            f"案件{number}已结案归档，不能调整预警等级", f"Case {number} is archived"
        )
    scheme = warning_scheme(settings)
    form = Form(data)
    raw = str(data.get("level") or "").strip()
    level: WarningLevel | None = None
    if raw:
        try:
            level = WarningLevel(raw)
        except ValueError:
            level = None
        if level is None or _rule(scheme, level) is None:
            form.error("level", "本局未启用该预警等级", "This warning level is not in use")
    reason = form.text("reason", ("调整原因", "reason"), required=True, limit=500)
    previous = WarningLevel(case.warning_level) if case.warning_level else None
    if not form.errors and level == previous:
        form.error(
            "level",
            "预警等级未变化" if level else "该案件当前没有预警",
            "The warning level is unchanged" if level else "The case has no warning",
        )
    form.check()
    rule = _rule(scheme, level)
    warning = MediationWarning(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        level=level.value if level else None,
        previous_level=previous.value if previous else None,
        reason=reason,  # type: ignore[arg-type]
        changed_at=now,
        changed_by=actor_id,
        respond_by=now + timedelta(hours=rule.hours) if rule else None,
    )
    session.add(warning)
    case.warning_level = warning.level
    session.flush()
    touch_case(session, case)
    _tell(session, case, warning, rule or _rule(scheme, previous), now)
    return warning


def _tell(
    session: Session,
    case: MediationCase,
    warning: MediationWarning,
    rule: WarningRule | None,
    now: datetime,
) -> None:
    if rule is None:  # lifting a level the bureau no longer uses: the mediators only
        rule = WarningRule(WarningLevel.YELLOW, 1, "mediator")
    number = case.case_number or f"#{case.id}"
    if warning.level:
        name = label(WarningLevel, warning.level)
        title_zh = f"{name}：{number} {case.title}"
        title_en = f"{label(WarningLevel, warning.level, 'en')}: {number}"
        reason = (warning.reason or "").rstrip("。．.；;，, ")  # no "。。" when typed with one
        body_zh = f"原因：{reason}。请于 {_beijing(warning.respond_by)} 前响应处置。"
        body_en = f"Reason: {warning.reason}. Respond by {_beijing(warning.respond_by)}."
    else:
        title_zh = f"预警解除：{number} {case.title}"
        title_en = f"Warning lifted: {number}"
        body_zh, body_en = f"原因：{warning.reason}", f"Reason: {warning.reason}"
    for account_id in recipients(session, case, rule):
        notify(
            session,
            account_id,
            key=f"mediation.warning:{warning.id}",
            kind="message",
            title_zh=title_zh,
            title_en=title_en,
            body_zh=body_zh,
            body_en=body_en,
            url=f"/m/mediation/cases/{case.id}",
            now=now,
        )


def _beijing(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def respond_to_warning(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> MediationWarning:
    """响应处置: record what was done about the warning in force; closes its due item."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    warning = current_warning(session, case_id)
    number = case.case_number or f"#{case.id}"
    if warning is None or warning.level is None or warning.responded_at is not None:
        raise IllegalTransition(
            f"案件{number}没有待响应的预警", f"Case {number} has no warning awaiting a response"
        )
    form = Form(data)
    note = form.text("response_note", ("处置情况", "response"), required=True, limit=500)
    form.check()
    warning.responded_at = now
    warning.responded_by = actor_id
    warning.response_note = note
    warning.version += 1
    session.add(warning)
    session.flush()
    touch_case(session, case)
    return warning
