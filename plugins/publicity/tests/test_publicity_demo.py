"""The demo fills several months of realistic records through the services, deterministically."""

from __future__ import annotations

from datetime import date

from publicity.demo import fill_demo
from publicity.models import PublicityBackbone, PublicityEvent, PublicityPlan, PublicityUnit
from sqlmodel import Session, func, select

from core.api import OrgType, create_org
from core.db import session_scope


def test_the_demo_gives_units_plans_events_and_backbones_with_some_behind_plan(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        for name in ("东村", "西村", "南村"):
            create_org(session, name=name, type=OrgType.COMMUNITY, parent_id=org_tree.station_a)
        fill_demo(session, org_tree.bureau, seed=7, today=date(2026, 11, 20))
        fill_demo(
            session, org_tree.bureau, seed=7, today=date(2026, 11, 20)
        )  # a second run adds nothing
    with Session(platform.engine) as session:
        count = lambda model: session.exec(select(func.count()).select_from(model)).one()  # noqa: E731
        assert count(PublicityUnit) == 7
        statuses = set(session.exec(select(PublicityPlan.status)).all())
        assert {"approved", "submitted"} <= statuses
        assert count(PublicityEvent) > 30
        assert count(PublicityBackbone) > 0
