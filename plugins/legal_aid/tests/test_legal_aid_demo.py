"""Demo data: a centre with roster, cases in every state (some overdue), deterministic."""

from __future__ import annotations

from datetime import date

from la_support import id_number
from legal_aid.demo import fill_demo
from legal_aid.models import LegalAidCase, LegalAidProvider, LegalAidSubsidy
from sqlmodel import select

from core.api import register_person
from core.db import session_scope


def test_demo_fills_a_centre_with_cases_in_many_states(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        for n in range(30):
            register_person(
                session,
                {"name": f"群众{n}", "id_type": "resident_id", "id_number": id_number(100 + n)},
                org_id=org_tree.village_a,
            )
        fill_demo(session, org_tree.bureau, seed=7, today=date(2026, 11, 20))
        fill_demo(session, org_tree.bureau, seed=7, today=date(2026, 11, 20))  # once only
        cases = session.exec(select(LegalAidCase)).all()
        states = {c.status for c in cases}
        assert len(cases) == 40
        assert {"applied", "granted", "assigned", "closed"} <= states or len(states) >= 4
        assert len(session.exec(select(LegalAidProvider)).all()) == 7
        assert session.exec(select(LegalAidSubsidy)).first() is not None
