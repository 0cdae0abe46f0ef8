"""What the case page shows: the case, its people and records, its dates and its actions.

Built in one place so the full page, the htmx fragment after an action and the 4xx answer
of a failed action all show the same thing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from core.api import (
    CurrentUser,
    OrgUnit,
    ProvisionalMark,
    due_date,
    due_items_of,
    due_state,
    provisional_of,
)
from mediation import casefile, categories
from mediation.codes import (
    AGREEMENT_STATES,
    LOCAL_REFUSAL_REASONS,
    AgreementForm,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    ConfirmationStatus,
    Difficulty,
    EscalationStatus,
    EvidenceCategory,
    MinistryCategory,
    PartyRole,
    ReferralMode,
    RefusalReason,
    Remedy,
    Satisfaction,
    TerminationReason,
    WarningLevel,
    choices,
    label,
)
from mediation.deadlines import FOLLOW_UP
from mediation.files import ALLOWED
from mediation.models import MediationCase, MediationMediator
from mediation.pages.common import BEIJING, due_day, may, settings_at
from mediation.permissions import CASES_EDIT
from mediation.services.aftercare import confirmation_due
from mediation.services.archive import missing_items
from mediation.services.cases import (
    case_mediators,
    follow_ups,
    live_agreement,
    parties,
    sessions,
)
from mediation.services.due_items import case_source
from mediation.services.escalations import case_escalations, escalation_targets
from mediation.services.evidence import case_evidence
from mediation.services.handover import handovers, legal_aid_places
from mediation.services.warnings import warning_history
from mediation.services.workflow import ACTION_LABELS, Action, allowed_actions
from mediation.settings import warning_scheme

__all__ = ["EXTRA_LABELS", "case_context"]

#: Things done on a case outside the state machine, for the "done" message.
EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "warning": ("调整预警等级", "change the warning level"),
    "escalate": ("上报/移交", "escalate the case"),
    "evidence": ("上传证据材料", "upload a file"),
    "evidence_delete": ("删除证据材料", "delete a file"),
    "legal_aid": ("转法律援助", "hand over to legal aid"),
    "warning_response": ("记录预警响应处置", "record the response to the warning"),
}


def _mark(due: Any) -> ProvisionalMark | None:
    """The 暂定 mark of a date computed on the page, or None when it is final."""
    return ProvisionalMark(due.due, due.provisional_years) if due.provisional else None


#: The one obvious next step of each stage, in the order a case goes through them.
_NEXT_STEPS = ("accept", "session", "agree", "performed", "follow_up", "archive")


def next_step(actions: list[str], has_sessions: bool) -> str | None:
    """The action the page highlights: the first of the case's stages still open (after a
    session is recorded, the agreement rather than another session)."""
    order = [a for a in _NEXT_STEPS if not (a == "session" and has_sessions)]
    return next((a for a in order if a in actions), None)


def _labels(locale: str) -> dict[str, Any]:
    def of(kind: Any) -> Any:
        return lambda value: label(kind, value, locale)

    return {
        "status_label": of(CaseStatus),
        "source_label": of(CaseSource),
        "application_form_label": of(ApplicationForm),
        "referral_mode_label": of(ReferralMode),
        "role_label": of(PartyRole),
        "refusal_label": of(RefusalReason),
        "termination_label": of(TerminationReason),
        "remedy_label": of(Remedy),
        "agreement_form_label": of(AgreementForm),
        "confirmation_label": of(ConfirmationStatus),
        "difficulty_label": of(Difficulty),
        "satisfaction_label": of(Satisfaction),
        "ministry_label": of(MinistryCategory),
        "action_label": lambda action: (EXTRA_LABELS.get(action) or ACTION_LABELS[Action(action)])[
            1 if locale == "en" else 0
        ],
        "warning_label": of(WarningLevel),
        "beijing": lambda moment: (
            moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if moment else ""
        ),
    }


def _choices(locale: str, refusal_reasons: list[RefusalReason]) -> dict[str, Any]:
    return {
        "refusal_reasons": [(r.value, label(RefusalReason, r, locale)) for r in refusal_reasons],
        "termination_reasons": choices(TerminationReason, locale),
        "remedy_choices": choices(Remedy, locale),
        "agreement_forms": choices(AgreementForm, locale),
        "difficulties": choices(Difficulty, locale),
        "satisfactions": choices(Satisfaction, locale),
        "confirmation_results": [
            (
                ConfirmationStatus.VALID.value,
                label(ConfirmationStatus, ConfirmationStatus.VALID, locale),
            ),
            (
                ConfirmationStatus.INVALID.value,
                label(ConfirmationStatus, ConfirmationStatus.INVALID, locale),
            ),
        ],
    }


def case_context(
    db: Session,
    platform: Any,
    user: CurrentUser,
    case: MediationCase,
    *,
    locale: str,
    today: date,
    now: datetime | None = None,
    failed: str = "",
    action_values: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Everything the case templates need; *failed* names the action whose form the user
    just sent with problems (it is shown open, with *action_values* and the errors)."""
    assert case.id is not None
    # Each record list is read once and shared by the page and the case file's contents
    # (the case file used to read them all again: issue 19 counts the page's queries).
    agreement = live_agreement(db, case.id)
    settings = settings_at(db, platform, case.org_id)
    refusal_reasons = [
        r for r in RefusalReason if r not in LOCAL_REFUSAL_REASONS or settings.local_refusal_reasons
    ]
    can_edit = may(db, user, CASES_EDIT, case.org_id)
    actions = allowed_actions(case, agreement) if can_edit else []
    people = parties(db, case.id)
    by_party = {view.party.id: view for view in people}
    assigned = case_mediators(db, case.id)
    committee_mediators = list(
        db.exec(
            select(MediationMediator)
            .where(
                MediationMediator.committee_id == case.committee_id,
                MediationMediator.active.is_(True),  # type: ignore[attr-defined]
            )
            .order_by(MediationMediator.name)
        ).all()
    )
    committee_org = db.get(OrgUnit, case.org_id)
    follow_up_due = None
    confirmation_last_day = None
    follow_up_mark = confirmation_mark = None
    if agreement is not None:
        follow = due_date(db, FOLLOW_UP, agreement.performance_deadline, case.org_id)
        window = confirmation_due(db, agreement)
        follow_up_due, follow_up_mark = follow.due, _mark(follow)
        confirmation_last_day, confirmation_mark = window.due, _mark(window)
    visits = follow_ups(db, case.id)
    category = categories.category(case.category_code)
    assigned_ids = [m.id for _, m in assigned]
    me = [m.id for m in committee_mediators if m.account_id == user.id]
    defaults = {
        "today": today.isoformat(),
        "mediator_ids": assigned_ids or me,
        "lead_mediator_id": next((m.id for row, m in assigned if row.lead), None),
    }
    now = now or datetime.now(UTC)
    reminders = [
        (item, due_state(item, now), due_day(item.due_at))
        for item in due_items_of(db, case_source(case.id))
    ]
    history = warning_history(db, case.id)
    warning = history[0] if history else None  # the last level change is the one in force
    scheme = warning_scheme(settings)
    escalations = case_escalations(db, case.id)
    open_escalation = next((e for e in escalations if e.status != "reported"), None)
    can_escalate = (
        can_edit
        and open_escalation is None
        and case.status not in (CaseStatus.ARCHIVED, CaseStatus.REFUSED)
    )
    file_data = casefile.CaseFile(
        case=case,
        committee=committee_org.name if committee_org else "",
        parties=people,
        mediators=[m for _, m in assigned],
        sessions=sessions(db, case.id),
        agreement=agreement,
        follow_ups=visits,
        evidence=case_evidence(db, case.id),
    )
    may_hand_over = can_edit and case.status != CaseStatus.ARCHIVED
    return {
        "handovers": handovers(db, case.id),
        "can_hand_over": may_hand_over,
        "legal_aid_places": [(str(o.id), o.name) for o in legal_aid_places(db, platform.host, case)]
        if may_hand_over
        else [],
        "file_contents": casefile.contents(
            file_data, follow_up_required=settings.archive_requires_follow_up
        ),
        "documents": [
            (spec.code, spec.title)
            for spec in casefile.DOCUMENTS.values()
            if spec.available(file_data)
        ],
        "evidence": file_data.evidence,
        "evidence_categories": choices(EvidenceCategory, locale),
        "evidence_label": lambda v: label(EvidenceCategory, v, locale),
        "evidence_accept": ",".join(f".{e}" for k in ALLOWED.values() for e in k.extensions),
        "evidence_max_mb": settings.evidence_max_mb,
        "can_upload": can_edit and case.status != CaseStatus.ARCHIVED,
        "size_text": lambda n: (
            f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(n // 1024, 1)} KB"
        ),
        "escalations": escalations,
        "escalation_orgs": {
            o.id: o.name
            for o in db.exec(
                select(OrgUnit).where(
                    OrgUnit.id.in_({e.receiver_org_id for e in escalations})  # type: ignore[union-attr]
                )
            ).all()
        }
        if escalations
        else {},
        "escalation_targets": [(str(o.id), o.name) for o in escalation_targets(db, case)]
        if can_escalate
        else [],
        "can_escalate": can_escalate,
        "escalation_label": lambda v: label(EscalationStatus, v, locale),
        "case": case,
        "warning": warning if warning is not None and warning.level else None,
        "warning_history": history,
        "warning_levels": [
            (rule.level.value, label(WarningLevel, rule.level, locale), rule.hours)
            for rule in scheme
        ],
        "can_warn": can_edit and case.status != CaseStatus.ARCHIVED,
        "due_items": reminders,
        "committee_org": committee_org,
        "category": category,
        "parties": people,
        "party_of": by_party,
        "assigned": assigned,
        "committee_mediators": committee_mediators,
        "sessions": file_data.sessions,
        "agreement": agreement,
        "follow_ups": visits,
        "follow_up_due": follow_up_due,
        "follow_up_overdue": bool(
            follow_up_due
            and not visits
            and today > follow_up_due
            and CaseStatus(case.status) in AGREEMENT_STATES
        ),
        "confirmation_last_day": confirmation_last_day,
        "term_overdue": bool(
            case.due_on and case.status == CaseStatus.MEDIATING and today > case.due_on
        ),
        "term_mark": provisional_of(db, case_source(case.id)).get("due_on"),  # type: ignore[arg-type]
        "follow_up_mark": follow_up_mark,
        "confirmation_mark": confirmation_mark,
        "performance_overdue": bool(
            agreement
            and case.status == CaseStatus.AGREED
            and today > agreement.performance_deadline
        ),
        "missing": [
            zh if locale != "en" else en
            for zh, en in missing_items(
                db, case, follow_up_required=settings.archive_requires_follow_up
            )
        ]
        if Action.ARCHIVE in actions
        else [],
        "actions": [a.value for a in actions],
        "next_step": next_step([a.value for a in actions], bool(file_data.sessions)),
        "can_edit": can_edit,
        "failed": failed,
        "d": defaults,
        "v": {**defaults, **(action_values or {})},
        "errors": extra.pop("errors", {}),
        "today": today,
        **_labels(locale),
        **_choices(locale, refusal_reasons),
        **extra,
    }
