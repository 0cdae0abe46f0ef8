"""Escalation (上报/移交): a case the committee cannot resolve goes up to the station, the
bureau or a named department (an organisation node), which signs for it and reports back.

The receiver must sign (签收) within the bureau's time limit (deadline rule
``mediation.escalation_sign``, 24 hours by default) and, from signing, report back (回告)
with the result (``mediation.escalation_report``). Both are core due items of the
escalation: the signature is owed by the heads of the receiving organisation (the core
hands an item without a person to them), the report by the one who signed — the first
receiver answers for it (首接负责). Late items turn red and climb the tree like any other.

Scoping: an escalation row is scoped by the receiver's organisation (its model names
``receiver_org_id`` for the core's guard), so the receiver reaches it — and, while it is
open, the case's facts through it — even when the case lies outside its subtree. A third
organisation reaches neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session, col, select

from core.api import (
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgType,
    OrgUnit,
    due_date,
    lock_for_change,
    notify,
    role_holders,
    subtree_predicate,
    sync_due_items,
    touch,
    track_due,
)
from mediation.codes import CaseStatus, EscalationStatus
from mediation.deadlines import ESCALATION_REPORT, ESCALATION_SIGN
from mediation.errors import IllegalTransition, MediationError
from mediation.models import MediationCase, MediationEscalation
from mediation.services.cases import get_case, touch_case
from mediation.services.warnings import mediator_accounts
from mediation.validation import Form

__all__ = [
    "ESCALATION_KINDS",
    "EscalationNotFound",
    "case_escalations",
    "escalate_case",
    "escalation_targets",
    "open_escalation",
    "report_back",
    "sign_escalation",
]

SIGN_KIND = "mediation.escalation_sign"
REPORT_KIND = "mediation.escalation_report"
ESCALATION_KINDS = [
    DueItemKind(
        SIGN_KIND, "上报案件待签收", "Sign for an escalated case", lead_time=timedelta(hours=4)
    ),
    DueItemKind(REPORT_KIND, "上报案件待回告", "Report back on an escalated case"),
]
#: Organisation types that count as a department a case may be handed to (besides the
#: station and bureaus above the committee).
DEPARTMENT_TYPES = (
    OrgType.PUBLIC_LEGAL_SERVICE_CENTRE,
    OrgType.LEGAL_AID_CENTRE,
    OrgType.LEGAL_SERVICE_OFFICE,
)
SPINE_TYPES = (OrgType.STATION, OrgType.BUREAU, OrgType.CITY_BUREAU)
#: Who at the receiving organisation is told of a new escalation (they may sign for it).
RECEIVER_ROLES = ("station_head", "station_staff", "bureau_leader", "bureau_staff")
BEIJING = timezone(timedelta(hours=8))


class EscalationNotFound(MediationError, LookupError):
    def __init__(self, escalation_id: int) -> None:
        super().__init__(
            f"上报记录不存在（编号 {escalation_id}）", f"No such escalation ({escalation_id})"
        )


def _ancestor_ids(org: OrgUnit) -> list[int]:
    return [int(part) for part in org.path.strip("/").split("/") if part][:-1]


def escalation_targets(session: Session, case: MediationCase) -> list[OrgUnit]:
    """Where the case may go: the station and bureaus above its committee, and the named
    departments (public legal service centre, legal-aid centre …) of its bureau."""
    org = session.get(OrgUnit, case.org_id)
    if org is None:
        return []
    above = list(
        session.exec(
            select(OrgUnit).where(
                col(OrgUnit.id).in_(_ancestor_ids(org)),
                col(OrgUnit.type).in_(SPINE_TYPES),
                col(OrgUnit.active).is_(True),
            )
        ).all()
    )
    above.sort(key=lambda o: -len(o.path))  # nearest first
    bureau = next((o for o in above if o.type == OrgType.BUREAU), None)
    departments: list[OrgUnit] = []
    if bureau is not None:
        departments = list(
            session.exec(
                select(OrgUnit)
                .where(
                    subtree_predicate(bureau),
                    col(OrgUnit.type).in_(DEPARTMENT_TYPES),
                    col(OrgUnit.active).is_(True),
                )
                .order_by(col(OrgUnit.path))
            ).all()
        )
    return [*above, *departments]


def open_escalation(session: Session, case_id: int) -> MediationEscalation | None:
    return session.exec(
        select(MediationEscalation).where(
            MediationEscalation.case_id == case_id,
            MediationEscalation.status != EscalationStatus.REPORTED,
        )
    ).first()


def case_escalations(session: Session, case_id: int) -> list[MediationEscalation]:
    return list(
        session.exec(
            select(MediationEscalation)
            .where(MediationEscalation.case_id == case_id)
            .order_by(col(MediationEscalation.id).desc())
        ).all()
    )


def get_escalation(
    session: Session, escalation_id: int, *, for_update: bool = False
) -> MediationEscalation:
    statement = select(MediationEscalation).where(MediationEscalation.id == escalation_id)
    if for_update:
        statement = statement.with_for_update(key_share=True).execution_options(
            populate_existing=True
        )
    row = session.exec(statement).first()
    if row is None:
        raise EscalationNotFound(escalation_id)
    return row


def _due(session: Session, code: str, start: date | datetime, org_id: int) -> Any:
    """The due date or instant; provisional (暂定) dates are registered when the row's
    due items are synced (:func:`sync_escalation_due_items`)."""
    due = due_date(session, code, start, org_id)
    session.info.setdefault(ESCALATION_DUES, []).append(due)
    return due.due


ESCALATION_DUES = "mediation.escalation_dues"


def sync_escalation_due_items(
    session: Session, row: MediationEscalation, case: MediationCase
) -> None:
    """The escalation's open due item: the signature, then the report back; none after."""
    assert row.id is not None
    specs: list[DueItemSpec] = []
    url = f"/m/mediation/escalations/{row.id}"
    number = case.case_number or f"#{case.id}"
    if row.status == EscalationStatus.PENDING and row.sign_by is not None:
        specs.append(
            DueItemSpec(
                key="sign",
                title_zh=f"签收上报案件：{number} {case.title}",
                title_en=f"Sign for escalated case {number}",
                due_at=row.sign_by,
                org_id=row.receiver_org_id,
                kind=SIGN_KIND,
                url=url,
            )
        )
    if row.status == EscalationStatus.SIGNED and row.report_by is not None:
        specs.append(
            DueItemSpec(
                key="report",
                title_zh=f"回告上报案件办理结果：{number} {case.title}",
                title_en=f"Report back on escalated case {number}",
                due_at=row.report_by,
                org_id=row.receiver_org_id,
                account_id=row.signed_by,
                kind=REPORT_KIND,
                url=url,
            )
        )
    source = DueSource("mediation", "escalation", row.id)  # type: ignore[arg-type]
    for due in session.info.pop(ESCALATION_DUES, []):
        key = "sign_by" if due.rule_code == ESCALATION_SIGN else "report_by"
        if getattr(row, key) == due.due:
            track_due(
                session,
                source,
                key,
                due,
                label_zh=f"上报案件时限（{number}）",
                label_en=f"Escalated case deadline ({number})",
                url=url,
            )
    sync_due_items(session, source, specs)


def escalate_case(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> MediationEscalation:
    """上报/移交: hand the case to a receiver, who must sign for it in time."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    number = case.case_number or f"#{case.id}"
    if case.status in (CaseStatus.ARCHIVED, CaseStatus.REFUSED):
        raise IllegalTransition(
            f"案件{number}已{'结案归档' if case.status == CaseStatus.ARCHIVED else '不予受理'}，不能上报",
            f"Case {number} is closed; it cannot be escalated",
        )
    if open_escalation(session, case_id) is not None:
        raise IllegalTransition(
            f"案件{number}已上报，尚未回告，不能重复上报",
            f"Case {number} is already escalated and awaiting a report",
        )
    form = Form(data)
    targets = {o.id: o for o in escalation_targets(session, case)}
    receiver_id = form.integer("receiver_org_id", ("接收单位", "receiver"))
    if receiver_id is None and "receiver_org_id" not in form.errors:
        form.error("receiver_org_id", "请选择接收单位", "Choose the receiver")
    elif receiver_id is not None and receiver_id not in targets:
        form.error("receiver_org_id", "请选择可接收上报的单位", "Choose a receiver from the list")
    reason = form.text("reason", ("上报原因", "reason"), required=True, limit=2000)
    form.check()
    row = MediationEscalation(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        receiver_org_id=receiver_id,  # type: ignore[arg-type]
        reason=reason,  # type: ignore[arg-type]
        escalated_at=now,
        escalated_by=actor_id,
        sign_by=_due(session, ESCALATION_SIGN, now, receiver_id),  # type: ignore[arg-type]
    )
    session.add(row)
    session.flush()
    touch_case(session, case)
    sync_escalation_due_items(session, row, case)
    receiver = targets[receiver_id]  # type: ignore[index]
    for account_id in role_holders(session, receiver.id, RECEIVER_ROLES, up_tree=False):  # type: ignore[arg-type]
        notify(
            session,
            account_id,
            key=f"mediation.escalation:{row.id}",
            title_zh=f"收到上报案件：{number} {case.title}",
            title_en=f"Case escalated to you: {number}",
            body_zh=f"上报原因：{reason}。请及时签收。",
            body_en=f"Reason: {reason}. Please sign for it.",
            url=f"/m/mediation/escalations/{row.id}",
            now=now,
        )
    return row


def _ready(row: MediationEscalation, status: EscalationStatus, zh: str, en: str) -> None:
    if row.status != status:
        raise IllegalTransition(zh, en)


def sign_escalation(
    session: Session,
    escalation_id: int,
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> MediationEscalation:
    """签收: the receiver takes the case on; whoever signs first answers for the report."""
    row = get_escalation(session, escalation_id, for_update=True)
    lock_for_change(session, row, expected_version)
    _ready(
        row, EscalationStatus.PENDING, "该上报案件已签收", "This escalation is already signed for"
    )
    row.status = EscalationStatus.SIGNED
    row.signed_at = now
    row.signed_by = actor_id
    row.report_by = _due(
        session, ESCALATION_REPORT, now.astimezone(BEIJING).date(), row.receiver_org_id
    )
    touch(row, now)
    session.add(row)
    session.flush()
    sync_escalation_due_items(session, row, get_case(session, row.case_id))
    return row


def report_back(
    session: Session,
    escalation_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> MediationEscalation:
    """回告: the receiver reports what it did; the sender's people are told."""
    row = get_escalation(session, escalation_id, for_update=True)
    lock_for_change(session, row, expected_version)
    _ready(
        row,
        EscalationStatus.SIGNED,
        "请先签收，再回告办理结果"
        if row.status == EscalationStatus.PENDING
        else "该上报案件已回告",
        "Sign for it first" if row.status == EscalationStatus.PENDING else "Already reported back",
    )
    form = Form(data)
    result = form.text("result", ("办理结果", "result"), required=True, limit=4000)
    form.check()
    row.status = EscalationStatus.REPORTED
    row.reported_at = now
    row.reported_by = actor_id
    row.result = result
    touch(row, now)
    session.add(row)
    session.flush()
    case = get_case(session, row.case_id)
    sync_escalation_due_items(session, row, case)
    number = case.case_number or f"#{case.id}"
    told = set(mediator_accounts(session, case.id))  # type: ignore[arg-type]
    if row.escalated_by is not None:
        told.add(row.escalated_by)
    for account_id in sorted(told):
        notify(
            session,
            account_id,
            key=f"mediation.escalation:{row.id}:report",
            title_zh=f"上报案件已回告：{number} {case.title}",
            title_en=f"Escalated case reported back: {number}",
            body_zh=f"办理结果：{result}",
            body_en=f"Result: {result}",
            url=f"/m/mediation/cases/{case.id}",
            now=now,
        )
    return row
