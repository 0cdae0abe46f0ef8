"""Race recipes: the citizens' portal (see :mod:`tests.support.races`).

A citizen has no staff account: the racers are one browser without a sign-in (the portal's
own session cookie), posting the form the portal page issued, eight times at once — a
double click on 提交申请."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tests.support.race_kit import CITIZEN, FormRace, Recipe, id_number

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
}
ELSEWHERE: dict[str, str] = {}
