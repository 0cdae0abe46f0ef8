"""Builders of realistic mediation records for the plugin's tests (through the services).

Named ``mediation_support`` (not ``support``): this directory is a rootless test directory,
so its modules are imported by their plain names.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from mediation.models import MediationCase, MediationCommittee, MediationMediator
from mediation.services.committees import create_committee
from mediation.services.intake import accept_case, register_case
from mediation.services.mediators import create_mediator
from sqlmodel import Session, select

from core.orgs.models import OrgUnit
from tests.support.auth import post_form

TODAY = date(2026, 11, 23)
_serial = count(1)

#: Valid resident identity numbers (GB 11643 check digits), for parties.
ID_NUMBERS = [
    "110101199003074514",
    "110101198507120022",
    "371481197811253316",
    "371481200102281423",
    "110101199003074530",
    "110101196512315124",
    "371481199508087764",
]


def everyone() -> Any:
    return select(OrgUnit.id)


def committee(
    session: Session, parent_id: int, short_name: str | None = None, **extra: Any
) -> MediationCommittee:
    n = next(_serial)
    return create_committee(
        session,
        {
            "parent_id": parent_id,
            "name": extra.pop("name", f"第{n}人民调解委员会"),
            "kind": extra.pop("kind", "village"),
            "short_name": short_name or f"调{n}",
            **extra,
        },
        today=TODAY,
    )


def mediator(
    session: Session, committee_id: int, name: str = "王调解", **extra: Any
) -> MediationMediator:
    return create_mediator(
        session,
        committee_id,
        {"name": name, "employment": "part_time", "position": "member", **extra},
        today=TODAY,
    )


def new_person(name: str, number: int | None = None) -> dict[str, Any]:
    if number is None:
        return {"name": name, "id_type": "none", "no_id_reason": "未带证件", "sex": "male"}
    return {"name": name, "id_type": "resident_id", "id_number": ID_NUMBERS[number]}


def two_parties(tag: str = "", numbers: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """An applicant and a respondent, registered on the spot (with identity numbers
    ``ID_NUMBERS[i]`` when *numbers* is given, else without documents)."""
    n = next(_serial)
    first, second = numbers or (None, None)
    return [
        {"role": "applicant", "person": new_person(f"张三{tag}{n}", first)},
        {"role": "respondent", "person": new_person(f"李四{tag}{n}", second)},
    ]


CASE_DATA = {
    "source": "party_application",
    "application_form": "written",
    "category_code": "0902",
    "description": "两家因宅基地界址发生争执，申请人称被申请人新建院墙占用其宅基地约半米。",
    "place": "前进社区三组",
    "people_involved": "2",
}


def case(
    session: Session,
    committee_id: int,
    data: dict[str, Any] | None = None,
    parties: list[dict[str, Any]] | None = None,
    *,
    today: date = TODAY,
    actor_id: int | None = None,
) -> MediationCase:
    return register_case(
        session,
        committee_id,
        {**CASE_DATA, **(data or {})},
        parties if parties is not None else two_parties(),
        actor_id=actor_id,
        today=today,
        visible_people=everyone(),
    )


def accepted_case(
    session: Session,
    committee_id: int,
    mediator_id: int,
    *,
    today: date = TODAY,
    parties: list[dict[str, Any]] | None = None,
    **data: Any,
) -> MediationCase:
    registered = case(session, committee_id, data or None, parties, today=today)
    return accept_case(
        session,
        registered.id,  # type: ignore[arg-type]
        {"rights_notified_on": today.isoformat(), "mediator_ids": [str(mediator_id)]},
        expected_version=registered.version,
        today=today,
    )


def fresh(session: Session, model: type, row_id: int) -> Any:
    session.expire_all()
    return session.get(model, row_id)


def export_ledger(client: Any, filters: dict[str, str]) -> bytes:
    """Start the ledger's background export, wait for the job, download the workbook."""
    started = post_form(client, "/m/mediation/ledger/export", filters)
    assert started.status_code == 303, started.text
    page = started.headers["location"]
    client.app.state.embedded_worker.join()
    assert 'data-state="ready"' in client.get(f"{page}/progress").text
    download = client.get(f"{page}/download")
    assert download.status_code == 200
    return download.content
