"""Factories that create one record of a model at a given organisation, for the access matrix.

Every model a route names in ``opt["records"]`` needs a factory here (first-party plugins add
theirs in this registry); the access matrix fails for a route whose record it cannot create.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itertools import count

from sqlmodel import Session

_serial = count(1)
Factory = Callable[[Session, int], Any]
FACTORIES: dict[type, Factory] = {}


def factory(model: type) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        FACTORIES[model] = fn
        return fn

    return register


def _register_core() -> None:
    from core.identity.models import RoleGrant, StaffAccount
    from core.identity.service import grant_role
    from core.orgs.models import OrgType, OrgUnit
    from core.orgs.service import create_org
    from core.people.models import Person
    from core.people.service import register_person
    from tests.support.auth import make_account

    @factory(StaffAccount)
    def _account(session: Session, org_id: int) -> StaffAccount:
        return make_account(session, f"other{next(_serial)}", roles={"station_staff": org_id})

    @factory(RoleGrant)
    def _grant(session: Session, org_id: int) -> RoleGrant:
        account = make_account(session, f"granted{next(_serial)}", org_id=org_id)
        return grant_role(session, account.id, "community_worker", org_id)

    @factory(OrgUnit)
    def _org(session: Session, org_id: int) -> OrgUnit:
        return create_org(session, name=f"外村{next(_serial)}", type=OrgType.COMMUNITY, parent_id=org_id)

    @factory(Person)
    def _person(session: Session, org_id: int) -> Person:
        return register_person(
            session,
            {"name": "外站群众", "id_type": "none", "no_id_reason": "测试", "sex": "female"},
            org_id=org_id,
        )


def _register_testplugin() -> None:
    from sifa_testplugin.models import TestpluginItem

    @factory(TestpluginItem)
    def _item(session: Session, org_id: int) -> TestpluginItem:
        item = TestpluginItem(org_id=org_id, title="外站事项")
        session.add(item)
        session.flush()
        return item


_register_core()
_register_testplugin()
