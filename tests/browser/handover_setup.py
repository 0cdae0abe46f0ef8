"""A mediation case for the hand-over browser test, written through mediation's services in
the live server's environment (run as a script like ``live_setup.py``); prints its id."""

from __future__ import annotations

from datetime import date


def main() -> None:
    from mediation.services.committees import create_committee
    from mediation.services.intake import accept_case, register_case
    from mediation.services.mediators import create_mediator
    from sqlmodel import select

    from core.db import session_scope
    from core.orgs.models import OrgUnit
    from core.platform import Platform

    today = date.today()
    platform = Platform.boot()
    with session_scope(platform.engine) as session:
        station = session.exec(select(OrgUnit).where(OrgUnit.name == "市中街道司法所")).one()
        committee = create_committee(
            session,
            {
                "parent_id": station.id,
                "name": "转办测试人民调解委员会",
                "kind": "township",
                "short_name": "转办",
            },
            today=today,
        )
        mediator = create_mediator(
            session,
            committee.id,  # type: ignore[arg-type]
            {"name": "周调解", "employment": "part_time", "position": "member"},
            today=today,
        )
        parties = [
            {"role": role, "person": {"name": name, "id_type": "none", "no_id_reason": "未带证件"}}
            for role, name in (("applicant", "孙甲"), ("respondent", "周乙"))
        ]
        for party in parties:
            party["person"]["sex"] = "male"
        case = register_case(
            session,
            committee.id,  # type: ignore[arg-type]
            {
                "source": "party_application",
                "application_form": "written",
                "category_code": "0902",
                "description": "两家因排水沟走向发生争执。",
                "place": "市中街道",
                "people_involved": "2",
            },
            parties,
            actor_id=None,
            today=today,
            visible_people=select(OrgUnit.id),
        )
        case = accept_case(
            session,
            case.id,  # type: ignore[arg-type]
            {"rights_notified_on": today.isoformat(), "mediator_ids": [str(mediator.id)]},
            expected_version=case.version,
            today=today,
        )
        case_id = case.id
    print(case_id)


if __name__ == "__main__":
    main()
