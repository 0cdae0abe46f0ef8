"""Case numbers: per committee and year, consecutive, never duplicated (acceptance 3)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from mediation.models import MediationCase
from mediation.services.numbering import format_case_number, last_serial
from mediation_support import CASE_DATA, TODAY, case, committee, everyone, two_parties
from sqlmodel import Session, select

from core.db import session_scope
from core.people.service import register_person

INTAKES = 50


def test_the_number_reads_like_the_file_cover() -> None:
    assert format_case_number(2026, "前进", 12) == "（2026）前进人调字第12号"


def test_fifty_concurrent_intakes_get_fifty_consecutive_numbers(platform, org_tree) -> None:
    from mediation.services.intake import register_case

    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        people = [
            register_person(
                session,
                {"name": name, "id_type": "none", "no_id_reason": "测试", "sex": "male"},
                org_id=org_tree.village_a,
            )
            for name in ("赵甲", "钱乙")
        ]
        committee_id = c.id
        parties = [
            {"role": "applicant", "person_id": str(people[0].id)},
            {"role": "respondent", "person_id": str(people[1].id)},
        ]
    start = threading.Barrier(INTAKES)

    def intake(_: int) -> str:
        start.wait()
        with session_scope(platform.engine) as session:
            row = register_case(
                session,
                committee_id,
                CASE_DATA,
                parties,
                actor_id=None,
                today=TODAY,
                visible_people=everyone(),
            )
            return row.case_number or ""

    with ThreadPoolExecutor(max_workers=INTAKES) as pool:
        numbers = list(pool.map(intake, range(INTAKES)))

    assert len(set(numbers)) == INTAKES
    with Session(platform.engine) as session:
        serials = sorted(session.exec(select(MediationCase.serial)).all())
        assert serials == list(range(1, INTAKES + 1))
        assert last_serial(session, committee_id, 2026) == INTAKES
    assert sorted(numbers) == sorted(
        format_case_number(2026, "前进", n) for n in range(1, INTAKES + 1)
    )


def test_a_rolled_back_intake_gives_its_number_back(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        committee_id = committee(session, org_tree.village_a, short_name="前进").id
        case(session, committee_id)
    session = Session(platform.engine)
    try:
        assert case(session, committee_id).serial == 2
        session.rollback()
    finally:
        session.close()
    with session_scope(platform.engine) as session:
        assert case(session, committee_id).case_number == "（2026）前进人调字第2号"


def test_each_committee_and_each_year_counts_from_one(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        first = committee(session, org_tree.village_a, short_name="前进").id
        second = committee(session, org_tree.village_b, short_name="后刘").id
        numbers = [
            case(session, first).case_number,
            case(session, first).case_number,
            case(session, second).case_number,
            case(
                session, first, {"registered_on": "2025-12-30"}, today=date(2026, 1, 2)
            ).case_number,
            case(session, first, parties=two_parties()).case_number,
        ]
    assert numbers == [
        "（2026）前进人调字第1号",
        "（2026）前进人调字第2号",
        "（2026）后刘人调字第1号",
        "（2025）前进人调字第1号",
        "（2026）前进人调字第3号",
    ]
