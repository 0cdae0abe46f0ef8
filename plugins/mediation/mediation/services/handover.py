"""Handing a case to legal aid (转法律援助) through the core's referrals, never by import.

Parties who could not settle often need a lawyer. The legal-aid module (another plugin)
receives ``legal_aid.application`` when it is installed and on; this module only asks the
core which organisations can receive it (:func:`legal_aid_places`) and hands the matter
over with :func:`core.api.refer`, in the same transaction as the record of the handover
kept here (:class:`MediationHandover`), so both are written or neither. When legal aid is
absent the page says so instead of offering a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from core.api import (
    HandoverDraft,
    OrgType,
    OrgUnit,
    Referral,
    ReferralReceipt,
    ReferralRefused,
    ReferralSource,
    lock_for_change,
    refer,
    referral_targets,
    subtree_predicate,
)
from mediation.codes import CaseStatus, MinistryCategory, PartyRole, label
from mediation.errors import IllegalTransition
from mediation.models import MediationCase, MediationHandover, MediationParty
from mediation.services.cases import get_case, touch_case
from mediation.validation import Form

__all__ = ["LEGAL_AID", "SOURCES", "hand_to_legal_aid", "handovers", "legal_aid_places"]

LEGAL_AID = "legal_aid.application"
_PLACE_TYPES = (OrgType.LEGAL_AID_CENTRE, OrgType.STATION, OrgType.BUREAU)


def legal_aid_places(session: Session, host: Any, case: MediationCase) -> list[OrgUnit]:
    """Organisations of the case's bureau that can receive a legal-aid application now: the
    legal-aid centres, the station and the bureau — where the target accepts them."""
    org = session.get(OrgUnit, case.org_id)
    if org is None:
        return []
    chain = [int(part) for part in org.path.strip("/").split("/") if part]
    bureau = session.exec(
        select(OrgUnit).where(col(OrgUnit.id).in_(chain), OrgUnit.type == OrgType.BUREAU)
    ).first()
    if bureau is None:
        return []
    candidates = session.exec(
        select(OrgUnit)
        .where(
            subtree_predicate(bureau),
            col(OrgUnit.type).in_(_PLACE_TYPES),
            col(OrgUnit.active).is_(True),
        )
        .order_by(col(OrgUnit.path))
    ).all()
    nearby = [o for o in candidates if o.type == OrgType.LEGAL_AID_CENTRE or o.id in chain]
    return [
        o
        for o in nearby
        if any(t.code == LEGAL_AID for t in referral_targets(session, host, o.id))  # type: ignore[arg-type]
    ]


def handovers(session: Session, case_id: int) -> list[MediationHandover]:
    return list(
        session.exec(
            select(MediationHandover)
            .where(MediationHandover.case_id == case_id)
            .order_by(col(MediationHandover.id))
        ).all()
    )


def hand_to_legal_aid(
    session: Session,
    host: Any,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> MediationHandover:
    """转法律援助: the parties (not their agents) and the dispute go to legal aid."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    number = case.case_number or f"#{case.id}"
    if case.status == CaseStatus.ARCHIVED:
        raise IllegalTransition(
            f"案件{number}已结案归档，不能转法律援助", f"Case {number} is archived"
        )
    places = {o.id: o for o in legal_aid_places(session, host, case)}
    if not places:
        raise IllegalTransition(
            "暂不能转法律援助：法律援助模块未安装，或本局尚未启用该模块",
            "Legal aid is not installed or not in use here",
        )
    form = Form(data)
    receiver = form.integer("receiver_org_id", ("法律援助机构", "legal-aid body"))
    if receiver is None and "receiver_org_id" not in form.errors:
        form.error("receiver_org_id", "请选择法律援助机构", "Choose the legal-aid body")
    elif receiver is not None and receiver not in places:
        form.error("receiver_org_id", "该单位不能接收法律援助申请", "That body cannot receive it")
    reason = form.text("reason", ("转办说明", "reason"), required=True, limit=2000)
    # The centre decides on hardship from the applicant's own statement and integrity pledge
    # (法律援助法 art. 41): without them it cannot register a civil application, so the
    # mediator records both with the party here rather than have the referral refused.
    economic = form.text(
        "economic_situation",
        ("当事人经济状况", "parties' economic situation"),
        required=True,
        limit=1000,
    )
    pledge = form.flag("integrity_pledge")
    if not pledge:
        form.error(
            "integrity_pledge",
            "请确认当事人已作出个人诚信承诺",
            "Confirm that the party has given the integrity pledge",
        )
    form.check()
    people = session.exec(
        select(MediationParty.person_id)
        .where(MediationParty.case_id == case.id, MediationParty.role != PartyRole.AGENT)
        .order_by(col(MediationParty.position), col(MediationParty.id))
    ).all()
    referral = Referral(
        source="mediation",
        source_ref=number,
        org_id=receiver,  # type: ignore[arg-type]
        title=case.title,
        description=f"{reason}\n\n纠纷情况：{case.description}",
        person_ids=tuple(people),
        details={
            "mediation_case_id": case.id,
            "case_number": number,
            "category": label(MinistryCategory, case.ministry_category),
            "amount": str(case.amount) if case.amount is not None else None,
            "reason": reason,
            "economic_situation": economic,
            "integrity_pledge": pledge,
        },
        actor_id=actor_id,
    )
    try:
        receipt = refer(session, host, LEGAL_AID, referral)
    except ReferralRefused as exc:  # also UnknownReferralTarget: the module is not installed
        raise IllegalTransition(exc.message, exc.message_en) from exc
    row = MediationHandover(
        case_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        target=LEGAL_AID,
        receiver_org_id=receiver,  # type: ignore[arg-type]
        record_id=receipt.record_id,
        url=receipt.url[:200],
        label=(receipt.label_zh or "")[:200],
        reason=reason,  # type: ignore[arg-type]
        sent_at=now,
        sent_by=actor_id,
    )
    session.add(row)
    session.flush()
    touch_case(session, case)
    return row


# -- the core's 转办 dialog (any declared target) ------------------------------------------


def _parties(session: Session, case_id: int) -> tuple[int, ...]:
    return tuple(
        session.exec(
            select(MediationParty.person_id)
            .where(MediationParty.case_id == case_id, MediationParty.role != PartyRole.AGENT)
            .order_by(col(MediationParty.position), col(MediationParty.id))
        ).all()
    )


def case_draft(session: Session, case_id: int) -> HandoverDraft | None:
    """A case as the core's 转办 dialog hands it over: the parties (not their agents), the
    dispute, and ``details`` keys ``mediation_case_id``, ``case_number``, ``category``
    and ``amount``. An archived case is not handed over."""
    case = session.get(MediationCase, case_id)
    if case is None:
        return None
    number = case.case_number or f"#{case.id}"
    if case.status == CaseStatus.ARCHIVED:
        raise ReferralRefused(
            f"案件{number}已结案归档，不能转办",
            f"Case {number} is archived; it cannot be handed over",
        )
    return HandoverDraft(
        record=case,
        org_id=case.org_id,
        source_ref=number,
        title=case.title,
        description=f"纠纷情况：{case.description}",
        url=f"/m/mediation/cases/{case.id}",
        person_ids=_parties(session, case.id),  # type: ignore[arg-type]
        details={
            "mediation_case_id": case.id,
            "case_number": number,
            "category": label(MinistryCategory, case.ministry_category),
            "amount": str(case.amount) if case.amount is not None else None,
        },
    )


def case_handed_over(
    session: Session,
    case_id: int,
    receipt: ReferralReceipt,
    referral: Referral,
    reason: str,
    now: datetime,
) -> None:
    """Keep the hand-over on the case (linking to the receiver's record) and bump it."""
    case = get_case(session, case_id)
    session.add(
        MediationHandover(
            case_id=case.id,  # type: ignore[arg-type]
            org_id=case.org_id,
            target=receipt.target[:60],
            receiver_org_id=referral.org_id,
            record_id=receipt.record_id,
            url=receipt.url[:200],
            label=(receipt.label_zh or "")[:200],
            reason=reason,
            sent_at=now,
            sent_by=referral.actor_id,
        )
    )
    session.flush()
    touch_case(session, case)


SOURCES = (
    ReferralSource(
        "mediation.case",
        "调解案件",
        "Mediation case",
        permission="mediation.cases.edit",
        prepare=case_draft,
        sent=case_handed_over,
    ),
)
