"""Matters handed over by other modules (接收转办): a mediation case that needs a lawyer, a
clinic consultation that needs representation.

The sender calls ``core.api.refer(session, host, "legal_aid.application", referral)`` with the
id of a legal-aid centre (an organisation of type ``legal_aid_centre``) and the applicant as
the first of ``referral.person_ids``. It becomes an application (channel 转办) in the centre's
review queue, with the 7-day review running from today. ``referral.details`` read here:

* ``matter``: a code of :class:`legal_aid.codes.Matter` (default ``civil_other``);
* ``economic_situation`` and ``integrity_pledge`` (bool), or ``exempt_group``;
* ``limitation_deadline`` (ISO date) for aid before the review ends.
"""

from __future__ import annotations

from sqlmodel import Session, select

from core.api import OrgType, OrgUnit, Referral, ReferralReceipt, ReferralRefused, ReferralTarget
from legal_aid.codes import Channel
from legal_aid.errors import LegalAidError
from legal_aid.services.clock import now_utc
from legal_aid.services.intake import register_application

CODE = "legal_aid.application"


def accepts(session: Session, org_id: int) -> bool:
    org = session.get(OrgUnit, org_id)
    return bool(org and org.active and org.type == OrgType.LEGAL_AID_CENTRE)


def receive(session: Session, referral: Referral) -> ReferralReceipt:
    if not accepts(session, referral.org_id):
        raise ReferralRefused("该单位不是法律援助中心", "Not a legal-aid centre")
    if not referral.person_ids:
        raise ReferralRefused("转办法律援助须指明申请人", "Name the applicant")
    details = referral.details
    data = {
        "applicant_id": str(referral.person_ids[0]),
        "matter": details.get("matter", "civil_other"),
        "summary": f"{referral.title}\n{referral.description}（转自{referral.source}：{referral.source_ref}）",
        "economic_situation": details.get("economic_situation", ""),
        "integrity_pledge": "1" if details.get("integrity_pledge") else "",
        "exempt_group": details.get("exempt_group", ""),
        "limitation_deadline": details.get("limitation_deadline", ""),
    }
    try:
        case = register_application(
            session,
            referral.org_id,
            data,
            channel=Channel.REFERRAL,
            received_at=now_utc(),
            visible_people=select(OrgUnit.id),
            actor_id=referral.actor_id,
        )
    except LegalAidError as exc:
        raise ReferralRefused(f"法律援助中心无法登记：{exc.message}", exc.message_en) from exc
    return ReferralReceipt(
        CODE,
        case.id,
        f"/m/legal_aid/cases/{case.id}",  # type: ignore[arg-type]
        f"{case.number} 法律援助申请",
        case.number,
    )


TARGETS = [
    ReferralTarget(
        CODE,
        "法律援助申请",
        "Legal aid application",
        receive=receive,
        accepts=accepts,
        description_zh="进入法律援助中心的审查队列，7日内作出是否给予法律援助的决定。",
        org_types=("legal_aid_centre",),  # the core's 转办 dialog offers the centres
    )
]
