"""Builders of legal-aid records for the plugin's tests, written through the services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from itertools import count
from typing import Any

from legal_aid.codes import Channel
from legal_aid.models import LegalAidCase, LegalAidProvider
from legal_aid.services.intake import register_application, register_notice
from legal_aid.services.roster import save_provider
from sqlmodel import Session, select

from core.api import OrgType, create_org
from core.orgs.models import OrgUnit
from core.people.identity_numbers import make_resident_id

BEIJING = timezone(timedelta(hours=8))
_serial = count(1)


def everyone() -> Any:
    return select(OrgUnit.id)


def centre(session: Session, parent_id: int, name: str = "乐陵市法律援助中心") -> int:
    return create_org(session, name=name, type=OrgType.LEGAL_AID_CENTRE, parent_id=parent_id).id  # type: ignore[return-value]


def id_number(n: int | None = None) -> str:
    n = next(_serial) if n is None else n
    return make_resident_id(
        "371481", date(1960 + n % 40, 1 + n % 12, 1 + n % 28), n % 499 + 1, n % 2 == 0
    )


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BEIJING)


def provider(
    session: Session,
    org_id: int,
    name: str | None = None,
    years: int = 5,
    kind: str = "lawyer",
    **extra: Any,
) -> LegalAidProvider:
    n = next(_serial)
    return save_provider(
        session,
        org_id,
        {
            "name": name or f"律师{n}",
            "kind": kind,
            "practice_number": f"137140{n:08d}",
            "relevant_years": str(years),
            **extra,
        },
    )


APPLICATION = {
    "matter": "civil_wages",
    "summary": "申请人在某建筑工地务工，被拖欠工资2万元。",
    "economic_situation": "无固定收入，家庭人均月收入低于当地低保标准。",
    "integrity_pledge": "1",
}


def application(
    session: Session,
    org_id: int,
    day: date,
    *,
    channel: Channel = Channel.WINDOW,
    received_at: datetime | None = None,
    **data: Any,
) -> LegalAidCase:
    values = {
        **APPLICATION,
        "applicant_name": f"申请人{next(_serial)}",
        "applicant_id_number": id_number(),
        **data,
    }
    return register_application(
        session,
        org_id,
        values,
        channel=channel,
        received_at=received_at or at(day),
        visible_people=everyone(),
    )


def notice(
    session: Session, org_id: int, day: date, matter: str = "notice_life_death", **data: Any
) -> LegalAidCase:
    values = {
        "matter": matter,
        "notifying_authority": "乐陵市人民法院",
        "summary": "被告人涉嫌故意杀人罪，可能被判处无期徒刑以上刑罚。",
        "applicant_name": f"被告人{next(_serial)}",
        "applicant_id_number": id_number(),
        **data,
    }
    return register_notice(session, org_id, values, received_at=at(day), visible_people=everyone())


def fresh(session: Session, model: type, row_id: int) -> Any:
    session.expire_all()
    return session.get(model, row_id)
