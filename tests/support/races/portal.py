"""Race recipes: the citizens' portal (see :mod:`tests.support.races`).

A citizen has no staff account: the racers are one browser without a sign-in (the portal's
own session cookie), posting the form the portal page issued, eight times at once — a
double click on 提交申请."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tests.support.race_kit import (
    CITIZEN,
    PAGE,
    PATH,
    PROOF,
    FormRace,
    Recipe,
    id_number,
    png,
)

__all__ = ["ELSEWHERE", "FORMS", "RECIPES"]


def mediation_community(session: Session) -> dict[str, Any]:
    """The first village whose committee takes online applications (mediation is on)."""
    from mediation.portal import committee_for, communities

    from core.orgs.models import OrgUnit
    from core.platform import current_platform

    for _township, villages in communities(session, current_platform()):
        for value, _name in villages:
            village = session.get(OrgUnit, int(value))
            if village is not None and committee_for(session, village) is not None:
                return {"community_id": value}
    raise AssertionError("the demo has no village taking online mediation applications")


def legal_aid_centre(session: Session) -> dict[str, Any]:
    """The demo's legal-aid centre, where the citizen applies."""
    from sqlmodel import col, select

    from core.orgs.models import OrgType, OrgUnit

    centre = session.exec(
        select(OrgUnit)
        .where(OrgUnit.type == OrgType.LEGAL_AID_CENTRE, col(OrgUnit.active).is_(True))
        .order_by(col(OrgUnit.id))
    ).first()
    assert centre is not None, "the demo has no legal-aid centre"
    return {"centre_id": str(centre.id)}


def private_link(session: Session, kind: str, case: Any, action: str) -> dict[str, Any]:
    """The applicant's private link to *case*, a code sent to their phone, and the action's
    path: the citizen proves the code, reads the status page and posts its form."""
    from core.platform import current_platform
    from core.portal.service import issue_code, open_application

    secret = str(current_platform().settings.secret_key)
    application, token = open_application(
        session,
        secret,
        kind=kind,
        record_id=case.id,
        org_id=case.org_id,
        number=getattr(case, "case_number", None) or getattr(case, "number", None) or "#",
        phone="13905341111",
    )
    code = issue_code(session, secret, application)
    plugin = kind.split(".")[0]
    return {
        PATH: f"/portal/{plugin}/a/{token}/{action}",
        PAGE: f"/portal/a/{token}",
        PROOF: f"{token} {code}",
    }


def mediation_withdrawable(session: Session) -> dict[str, Any]:
    """An application registered now and not yet accepted: the applicant may withdraw it."""
    from tests.support.races.mediation import registered_case

    return private_link(session, "mediation.dispute", registered_case(session), "withdraw")


def legal_aid_online(session: Session, serial: int) -> Any:
    """An online application received now at the demo's centre (not yet decided)."""
    from datetime import date

    from legal_aid.codes import Channel

    from core.people.identity_numbers import make_resident_id
    from tests.support.races.legal_aid_portal import fresh_application

    return fresh_application(
        session,
        "applied",
        serial,
        channel=Channel.ONLINE,
        summary="在建筑工地务工，被拖欠工资两万元。",
        applicant_name="网申丙",
        applicant_id_number=make_resident_id("371481", date(1979, 5, 6), serial, True),
    )


def legal_aid_withdrawable(session: Session) -> dict[str, Any]:
    """An application not yet decided: the applicant may withdraw it, at the version the
    status page shows."""
    case = legal_aid_online(session, 431)
    return private_link(session, "legal_aid.application", case, "withdraw")


def legal_aid_materials_asked(session: Session) -> dict[str, Any]:
    """An application whose review asked for an income certificate: the applicant uploads
    it from the status page."""
    from legal_aid.services import review

    from tests.support.race_kit import today

    case = legal_aid_online(session, 433)
    day = str(today())
    review.request_materials(
        session, case.id, {"materials_list": "收入证明", "requested_on": day}, case.version, today()
    )
    return private_link(session, "legal_aid.application", case, "materials")


def mediation_rateable(session: Session) -> dict[str, Any]:
    """A demo case taken to an agreement or ended, not yet rated: its applicant may rate."""
    from mediation.models import MediationCase, MediationPortalRating
    from mediation.portal import RATEABLE
    from sqlmodel import col, select

    from tests.support.race_kit import first

    rated = select(MediationPortalRating.case_id)
    case = first(
        session,
        select(MediationCase)
        .where(col(MediationCase.status).in_([s.value for s in RATEABLE]))
        .where(col(MediationCase.id).not_in(rated))
        .order_by(col(MediationCase.id).desc()),
        "mediation case ended and not rated",
    )
    return private_link(session, "mediation.dispute", case, "rate")


def legal_aid_rateable(session: Session) -> dict[str, Any]:
    """A demo case closed or terminated whose satisfaction is not yet surveyed."""
    from legal_aid.models import LegalAidCase
    from legal_aid.portal import RATEABLE
    from sqlmodel import col, select

    from tests.support.race_kit import first

    case = first(
        session,
        select(LegalAidCase)
        .where(col(LegalAidCase.status).in_([s.value for s in RATEABLE]))
        .where(col(LegalAidCase.satisfaction).is_(None))
        .order_by(col(LegalAidCase.id).desc()),
        "legal-aid case closed and not surveyed",
    )
    return private_link(session, "legal_aid.application", case, "rate")


RECIPES: dict[str, Recipe] = {}
FORMS: dict[str, FormRace] = {
    "/portal/mediation/apply": FormRace(
        typed={
            "applicant_name": "网申甲",
            "applicant_id_number": id_number("37148119800808123"),
            "applicant_phone": "13905341234",
            "respondent_name": "网申乙",
            "category_code": "0201",
            "description": "邻居家的空调外机正对我家卧室窗户，噪音很大，协商未果。",
            "consent": "1",
        },
        once=True,
        user=CITIZEN,
        prepare=mediation_community,
    ),
    # the online legal-aid application, with a scanned proof attached (multipart)
    "/portal/legal_aid/apply": FormRace(
        typed={
            "applicant_name": "网援甲",
            "applicant_id_number": id_number("37148119820909123"),
            "applicant_phone": "13905347654",
            "matter": "civil_other",
            "summary": "被拖欠工资八个月共四万元，用人单位拒不支付，需要律师代理仲裁。",
            "economic_situation": "失业在家，无固定收入，家庭人均月收入不足一千元。",
            "integrity_pledge": "1",
            "consent": "1",
        },
        once=True,
        user=CITIZEN,
        prepare=legal_aid_centre,
        files={"attachments": ("proof.png", png(), "image/png")},
    ),
    # 撤回申请: the applicant's double click on the status page's button
    "/portal/mediation/a/{token:str}/withdraw": FormRace(
        once=True, user=CITIZEN, prepare=mediation_withdrawable
    ),
    "/portal/legal_aid/a/{token:str}/withdraw": FormRace(
        once=True, user=CITIZEN, prepare=legal_aid_withdrawable
    ),
    "/portal/legal_aid/a/{token:str}/materials": FormRace(
        once=True,
        user=CITIZEN,
        prepare=legal_aid_materials_asked,
        files={"attachments": ("income.png", png(), "image/png")},
    ),
    # 评价: the applicant's double click on the rating the status page offers at the end
    "/portal/mediation/a/{token:str}/rate": FormRace(
        typed={"satisfaction": "satisfied"}, once=True, user=CITIZEN, prepare=mediation_rateable
    ),
    "/portal/legal_aid/a/{token:str}/rate": FormRace(
        typed={"satisfaction": "satisfied"}, once=True, user=CITIZEN, prepare=legal_aid_rateable
    ),
}
ELSEWHERE: dict[str, str] = {}
