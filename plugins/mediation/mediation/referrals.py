"""Disputes handed over by other modules (接收转办): a petitions desk, a clinic, a court link.

The sender calls ``core.api.refer(session, host, "mediation.dispute", referral)`` with the
organisation id of a mediation committee. The dispute is registered through the intake
service, so numbering, validation and the audit trail apply exactly as for a dispute typed in
at the committee. ``referral.details`` keys read here:

* ``category_code`` (required): a code of the two-level dispute list (``0102`` …);
* ``source``: ``government_assignment`` (default), ``police_transfer``, ``court_referral``
  or ``service_referral`` (a public legal service: a clinic, the 12348 hotline);
* ``referring_body`` (required): who hands it over, e.g. ``乐陵市信访局``;
* ``referral_mode``: ``entrusted``/``delegated`` for a court referral;
* ``place`` and ``amount``;
* ``parties``: ``[{"person_id": 12, "role": "applicant"}, …]``; without it the first of
  ``referral.person_ids`` is the applicant and the others are respondents.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from sqlmodel import Session, col, select

from core.api import (
    OrgUnit,
    Referral,
    ReferralField,
    ReferralReceipt,
    ReferralRefused,
    ReferralTarget,
    notify,
    now,
    role_holders,
)

from .errors import MediationError
from .models import MediationCommittee, MediationMediator
from .services.intake import register_case

CODE = "mediation.dispute"
BEIJING = timezone(timedelta(hours=8))


def _committee_at(session: Session, org_id: int) -> MediationCommittee | None:
    return session.exec(
        select(MediationCommittee).where(MediationCommittee.org_id == org_id)
    ).first()


def accepts(session: Session, org_id: int) -> bool:
    """Only a registered mediation committee receives disputes."""
    org = session.get(OrgUnit, org_id)
    return bool(org and org.active and _committee_at(session, org_id))


def _parties(referral: Referral) -> list[dict[str, Any]]:
    given = referral.details.get("parties")
    if given:
        return [dict(party) for party in given]
    return [
        {"role": "applicant" if index == 0 else "respondent", "person_id": str(person_id)}
        for index, person_id in enumerate(referral.person_ids)
    ]


def receive(session: Session, referral: Referral) -> ReferralReceipt:
    """Register the handed-over dispute with the committee at ``referral.org_id``."""
    committee = _committee_at(session, referral.org_id)
    if committee is None:
        raise ReferralRefused("该单位不是已登记的人民调解委员会", "Not a registered committee")
    details = referral.details
    data = {
        "source": details.get("source", "government_assignment"),
        "referring_body": details.get("referring_body", ""),
        "referral_number": referral.source_ref,
        "referral_mode": details.get("referral_mode", ""),
        "category_code": details.get("category_code", ""),
        "description": referral.description,
        "place": details.get("place", ""),
        "amount": details.get("amount", ""),
        # A dispute has two sides even when only the visitor came: never fewer than two.
        "people_involved": str(max(len(_parties(referral)), 2)),
    }
    try:
        case = register_case(
            session,
            committee.id,  # type: ignore[arg-type]
            data,
            _parties(referral),
            actor_id=referral.actor_id,
            today=now().astimezone(BEIJING).date(),  # the platform clock
            visible_people=select(OrgUnit.id),  # the sender chose them within its own scope
        )
    except MediationError as exc:
        raise ReferralRefused(f"调委会无法登记该纠纷：{exc.message}", exc.message_en) from exc
    _tell_committee(session, case, committee, referral)
    return ReferralReceipt(
        target=CODE,
        record_id=case.id,  # type: ignore[arg-type]
        url=f"/m/mediation/cases/{case.id}",
        label_zh=f"{case.case_number} {case.title}",
        label_en=case.case_number or "",
    )


def _tell_committee(
    session: Session, case: Any, committee: MediationCommittee, referral: Referral
) -> None:
    """The receiver hears of it: the committee's mediators with an account and the heads
    of its station (a referral nobody reads is a dispute nobody handles)."""
    accounts = set(
        session.exec(
            select(MediationMediator.account_id).where(
                MediationMediator.committee_id == committee.id,
                col(MediationMediator.active).is_(True),
                col(MediationMediator.account_id).is_not(None),
            )
        ).all()
    )
    accounts.update(role_holders(session, committee.org_id, ("station_head",)))
    body = referral.details.get("referring_body") or referral.source
    for account_id in sorted(a for a in accounts if a is not None):
        notify(
            session,
            account_id,
            key=f"mediation.referral:{case.id}",
            title_zh=f"转来纠纷：{case.case_number} {case.title}",
            title_en=f"Dispute referred: {case.case_number}",
            body_zh=f"{body}转来，请及时审查受理",
            body_en=f"Referred by {body}; please review it.",
            url=f"/m/mediation/cases/{case.id}",
        )


TARGETS = [
    ReferralTarget(
        CODE,
        "矛盾纠纷（人民调解）",
        "Dispute (people's mediation)",
        receive=receive,
        accepts=accepts,
        description_zh="由调委会登记并编号，按人民调解程序受理。",
        org_types=("mediation_committee",),  # the core's 转办 dialog offers the committees
        fields=(
            ReferralField(
                "category_code",
                "纠纷类型代码（两级分类末级，如 0902）",
                "Dispute type code (a detailed code, e.g. 0902)",
                required=True,
                max_length=4,
            ),
        ),
    )
]
