"""The case's due items (待办事项) in the core's reminders: term, performance, follow-up.

Derived from the case every time it changes (:func:`sync_case_due_items`), so the core's
inbox, amber/red states and escalation up the tree always match the case: an item opens
when the obligation arises and is closed by the core when it no longer exists (a term ends
with the agreement, a performance deadline with the performance, a follow-up with the
visit). Keys carry the date or agreement they belong to, because the core never reopens a
closed item: a new term after re-mediation or a new agreement is a new obligation.

The responsible person is the lead mediator's staff account when it is linked; otherwise
the core gives the item to the heads of the committee's organisation. A due date reaching
a year whose holiday schedule is not entered is provisional (暂定): it is registered with
the core here (``track_due``), marked on its item and recomputed when the year is entered.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core.api import DueItemKind, DueItemSpec, DueSource, sync_due_items, track_due
from mediation.codes import AGREEMENT_STATES, CaseStatus, WarningLevel, label
from mediation.deadlines import FOLLOW_UP, TERM
from mediation.models import (
    MediationCase,
    MediationCaseMediator,
    MediationFollowUp,
    MediationMediator,
    MediationWarning,
)
from mediation.services.cases import DUES_KEY, live_agreement, safe_due

__all__ = [
    "DUE_ITEM_KINDS",
    "FOLLOW_UP_KIND",
    "PERFORMANCE_KIND",
    "TERM_KIND",
    "WARNING_KIND",
    "case_source",
    "sync_case_due_items",
]

TERM_KIND = "mediation.term"
PERFORMANCE_KIND = "mediation.performance"
FOLLOW_UP_KIND = "mediation.follow_up"
WARNING_KIND = "mediation.warning"

DUE_ITEM_KINDS = [
    DueItemKind(TERM_KIND, "调解期限届满", "Mediation term ends", lead_time=timedelta(days=5)),
    DueItemKind(PERFORMANCE_KIND, "调解协议履行期限", "Agreement performance deadline"),
    DueItemKind(FOLLOW_UP_KIND, "调解回访", "Follow-up visit"),
    DueItemKind(
        WARNING_KIND,
        "预警响应处置",
        "Respond to a warning",
        lead_time=timedelta(hours=1),
        escalation_delay=timedelta(hours=2),
    ),
]


def _track(session: Session, case: MediationCase) -> None:
    """Register the case's dates computed in this unit of work with the core."""
    url = f"/m/mediation/cases/{case.id}"
    for due in session.info.pop(DUES_KEY, []):
        if due.rule_code == TERM and case.due_on == due.due:
            key, zh, en = "due_on", "调解期限", "Mediation term"
        elif due.rule_code == FOLLOW_UP:
            key, zh, en = "follow_up", "回访期限", "Follow-up visit"
        else:
            continue
        track_due(
            session,
            case_source(case.id),  # type: ignore[arg-type]
            key,
            due,
            label_zh=f"{zh}（{case.case_number}）",
            label_en=f"{en} ({case.case_number})",
            url=url,
        )


def current_warning(session: Session, case_id: int) -> MediationWarning | None:
    """The warning in force (the case's last level change)."""
    return session.exec(
        select(MediationWarning)
        .where(MediationWarning.case_id == case_id)
        .order_by(MediationWarning.id.desc())  # type: ignore[union-attr]
    ).first()


def case_source(case_id: int) -> DueSource:
    return DueSource("mediation", "case", case_id)


def _lead_account(session: Session, case_id: int) -> int | None:
    return session.exec(
        select(MediationMediator.account_id)
        .join(MediationCaseMediator, MediationCaseMediator.mediator_id == MediationMediator.id)  # type: ignore[arg-type]
        .where(
            MediationCaseMediator.case_id == case_id,
            MediationCaseMediator.lead.is_(True),  # type: ignore[attr-defined]
        )
    ).first()


def sync_case_due_items(session: Session, case: MediationCase) -> None:
    """Make the case's open due items exactly those its state calls for."""
    assert case.id is not None
    status = CaseStatus(case.status)
    account = _lead_account(session, case.id)
    url = f"/m/mediation/cases/{case.id}"
    specs: list[DueItemSpec] = []

    def item(key: str, kind: str, title_zh: str, title_en: str, due: object) -> None:
        specs.append(
            DueItemSpec(
                key=key,
                title_zh=title_zh,
                title_en=title_en,
                due_at=due,  # type: ignore[arg-type]
                org_id=case.org_id,
                account_id=account,
                kind=kind,
                url=url,
            )
        )

    pending = status is CaseStatus.MEDIATING and case.due_on is None  # rows of old versions
    if status is CaseStatus.MEDIATING and case.due_on is not None:
        item(
            f"term:{case.due_on.isoformat()}",
            TERM_KIND,
            f"调解期限届满：{case.case_number} {case.title}",
            f"Mediation term ends: {case.case_number}",
            case.due_on,
        )
    agreement = live_agreement(session, case.id) if status in AGREEMENT_STATES else None
    if agreement is not None:
        if status in (CaseStatus.AGREED, CaseStatus.NOT_PERFORMED):
            item(
                f"performance:{agreement.id}",
                PERFORMANCE_KIND,
                f"督促履行调解协议：{case.case_number} {case.title}",
                f"Agreement due to be performed: {case.case_number}",
                agreement.performance_deadline,
            )
        visited = session.exec(
            select(MediationFollowUp.id).where(
                MediationFollowUp.case_id == case.id,
                MediationFollowUp.visited_on >= agreement.concluded_on,
            )
        ).first()
        due = safe_due(session, FOLLOW_UP, agreement.performance_deadline, case.org_id)
        pending = pending or (visited is None and due is None)
        if visited is None and due is not None:
            item(
                f"follow_up:{agreement.id}",
                FOLLOW_UP_KIND,
                f"回访当事人：{case.case_number} {case.title}",
                f"Follow-up visit: {case.case_number}",
                due,
            )
    warning = current_warning(session, case.id)
    if (
        warning is not None
        and warning.level
        and warning.respond_by is not None
        and warning.responded_at is None
        and status is not CaseStatus.ARCHIVED
    ):
        name = label(WarningLevel, warning.level)
        item(
            f"warning:{warning.id}",
            WARNING_KIND,
            f"{name}待响应处置：{case.case_number} {case.title}",
            f"Respond to the {label(WarningLevel, warning.level, 'en').lower()}: {case.case_number}",
            warning.respond_by,
        )
    _track(session, case)
    sync_due_items(session, case_source(case.id), specs)
    if case.deadlines_pending != pending:
        case.deadlines_pending = pending
        session.flush()
