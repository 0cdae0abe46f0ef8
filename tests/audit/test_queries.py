"""The audit page's query: filters, scoping by organisation, newest first, paging."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.audit import audit_context, record_event
from core.audit.queries import search_audit
from core.orgs.models import OrgType, OrgUnit


@pytest.fixture
def trail(engine: Engine) -> Engine:
    """Three stations' worth of records on three days, plus an organisation-less event."""
    with Session(engine) as session:
        stations = [OrgUnit(name=name, type=OrgType.STATION, path="/") for name in "甲乙丙"]
        session.add_all(stations)
        session.commit()
        a, b, c = (station.id for station in stations)
    events = [
        (datetime(2026, 3, 1, 9, tzinfo=UTC), 1, a, "login_success", None),
        (datetime(2026, 3, 2, 9, tzinfo=UTC), 1, a, "unmask", "person"),
        (datetime(2026, 3, 2, 10, tzinfo=UTC), 2, b, "unmask", "person"),
        (datetime(2026, 3, 3, 9, tzinfo=UTC), 3, c, "permission_change", "role_grant"),
        (datetime(2026, 3, 3, 10, tzinfo=UTC), None, None, "login_failure", None),
    ]
    for at, actor, org, action, entity in events:
        with time_machine.travel(at, tick=False), Session(engine) as session:
            with audit_context(actor_id=actor, org_id=org):
                record_event(session, action, entity=entity)
            session.commit()
    return engine


def test_newest_first_with_the_total(trail: Engine) -> None:
    with Session(trail) as session:
        page = search_audit(session, limit=2, offset=0)
    assert page.total == 8  # three organisations inserted, five events
    assert [r.action for r in page.rows] == ["login_failure", "permission_change"]


def test_paging_continues_where_the_last_page_ended(trail: Engine) -> None:
    with Session(trail) as session:
        second = search_audit(session, action="unmask", limit=1, offset=1)
    assert second.total == 2
    assert [r.actor_id for r in second.rows] == [1]


def test_filters_combine(trail: Engine) -> None:
    with Session(trail) as session:
        by_actor = search_audit(session, actor_id=1)
        station_b = session.exec(select(OrgUnit.id).where(OrgUnit.name == "乙")).one()
        by_entity = search_audit(session, entity="person", org_id=station_b)
        by_day = search_audit(
            session,
            date_from=datetime(2026, 3, 2, tzinfo=UTC),
            date_to=datetime(2026, 3, 3, tzinfo=UTC),
        )
    assert [r.action for r in by_actor.rows] == ["unmask", "login_success"]
    assert [(r.actor_id, r.org_id) for r in by_entity.rows] == [(2, station_b)]
    assert [r.actor_id for r in by_day.rows] == [2, 1]


def test_scoping_shows_only_the_visible_organisations(trail: Engine) -> None:
    visible = select(OrgUnit.id).where(col(OrgUnit.name).in_(["甲", "丙"]))
    with Session(trail) as session:
        page = search_audit(session, org_ids_select=visible)
        visible_ids = set(session.exec(visible).all())
    # three events, and the visible organisations' own insert records (an organisation's
    # changes are audited under the organisation itself)
    assert page.total == 5
    assert {r.actor_id for r in page.rows if r.entity != "org_unit"} == {1, 3}
    assert {r.org_id for r in page.rows} == visible_ids
