"""Race recipes: legal_aid_portal (see :mod:`tests.support.races`), and the application
the legal-aid races of the registry and of the portal start from."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from tests.support.race_kit import FormRace, Recipe, first, today

__all__ = ["ELSEWHERE", "FORMS", "LEGAL_AID_STAGES", "RECIPES", "fresh_application"]

#: How far :func:`fresh_application` takes an application through the review services
#: before the race: each stage, the service and its form (dates are today).
LEGAL_AID_STAGES: dict[str, tuple[str, dict[str, str]]] = {
    "materials": ("request_materials", {"materials_list": "收入证明", "requested_on": ""}),
    "refused": ("refuse", {"decided_on": "", "refusal_reason": "不符合经济困难标准"}),
    "granted": ("grant", {"decided_on": ""}),
}


def fresh_application(
    session: Session, stage: str, serial: int, *, channel: Any = None, **extra: str
) -> Any:
    """An application received at the demo's legal-aid centre now (through the intake
    service; the demo's own applications age with the date the suite runs), by *channel*
    (default: at the window), taken through the review services to *stage* (see
    ``LEGAL_AID_STAGES``). *extra* fields override the form's."""
    from datetime import UTC, datetime

    from legal_aid.codes import Channel
    from legal_aid.services import intake, review

    from core.orgs.models import OrgType, OrgUnit
    from core.people.identity_numbers import make_resident_id

    centre = first(
        session,
        select(OrgUnit).where(OrgUnit.type == OrgType.LEGAL_AID_CENTRE).order_by(OrgUnit.id),
        "legal-aid centre",
    )
    case = intake.register_application(
        session,
        centre.id,
        {
            "matter": "civil_wages",
            "summary": "申请人在某建筑工地务工，被拖欠工资2万元。",
            "economic_situation": "无固定收入，家庭人均月收入低于当地低保标准。",
            "integrity_pledge": "1",
            "applicant_name": "竞申请人",
            "applicant_id_number": make_resident_id("371481", date(1975, 3, 9), serial, True),
            **extra,
        },
        channel=channel or Channel.WINDOW,
        received_at=datetime.now(UTC),
        visible_people=select(OrgUnit.id),
    )
    if stage != "applied":
        call, data = LEGAL_AID_STAGES[stage]
        filled = {k: (v or str(today())) for k, v in data.items()}
        getattr(review, call)(session, case.id, filled, case.version, today())
        session.flush()
        session.refresh(case)
    return case


RECIPES: dict[str, Recipe] = {}
FORMS: dict[str, FormRace] = {}
ELSEWHERE: dict[str, str] = {}
