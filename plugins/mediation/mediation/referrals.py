"""Disputes handed over by other modules (接收转办): a petitions desk, a clinic, a court link.

The sender calls ``core.api.refer(session, host, "mediation.dispute", referral)`` with the
organisation id of a mediation committee. The dispute is registered through the intake
service, so numbering, validation and the audit trail apply exactly as for a dispute typed in
at the committee. ``referral.details`` keys read here:

* ``category_code`` (required): a code of the two-level dispute list (``0102`` …);
* ``source``: ``government_assignment`` (default), ``police_transfer`` or ``court_referral``;
* ``referring_body`` (required): who hands it over, e.g. ``乐陵市信访局``;
* ``referral_mode``: ``entrusted``/``delegated`` for a court referral;
* ``place`` and ``amount``;
* ``parties``: ``[{"person_id": 12, "role": "applicant"}, …]``; without it the first of
  ``referral.person_ids`` is the applicant and the others are respondents.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session, select

from core.api import OrgUnit, Referral, ReferralReceipt, ReferralRefused, ReferralTarget

from .errors import MediationError
from .models import MediationCommittee
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
        "people_involved": str(max(len(_parties(referral)), 1)),
    }
    try:
        case = register_case(
            session,
            committee.id,  # type: ignore[arg-type]
            data,
            _parties(referral),
            actor_id=referral.actor_id,
            today=datetime.now(UTC).astimezone(BEIJING).date(),
            visible_people=select(OrgUnit.id),  # the sender chose them within its own scope
        )
    except MediationError as exc:
        raise ReferralRefused(f"调委会无法登记该纠纷：{exc.message}", exc.message_en) from exc
    return ReferralReceipt(
        target=CODE,
        record_id=case.id,  # type: ignore[arg-type]
        url=f"/m/mediation/cases/{case.id}",
        label_zh=f"{case.case_number} {case.title}",
        label_en=case.case_number or "",
    )


TARGETS = [
    ReferralTarget(
        CODE,
        "矛盾纠纷（人民调解）",
        "Dispute (people's mediation)",
        receive=receive,
        accepts=accepts,
        description_zh="由调委会登记并编号，按人民调解程序受理。",
    )
]
