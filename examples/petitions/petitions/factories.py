"""One visit at a given organisation, for the cross-cutting checks of sifa's test kit.

``web.testing_checks.PluginChecks`` (``tests/test_petitions_checks.py``) makes a visit of
another station for every URL that names one and checks that a user elsewhere gets 404.
Imported only by ``sifa_record_factories``, which only the test kit calls.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from core.api import register_person
from petitions.models import PetitionVisit
from petitions.services import register_visit


def make_visit(session: Session, org_id: int) -> PetitionVisit:
    visitor = register_person(
        session,
        {"name": "外站来访人", "id_type": "none", "no_id_reason": "未带证件", "sex": "male"},
        org_id=org_id,
    )
    values = {
        "org_id": org_id,
        "person_id": visitor.id,
        "visited_on": date(2026, 11, 20),
        "channel": "visit",
        "matter": "外站来访事项",
    }
    return register_visit(session, values, actor_id=None)


FACTORIES = {PetitionVisit: make_visit}
