"""THE scoping helper: a role granted on a node reaches exactly that node's subtree."""

from __future__ import annotations

from sqlmodel import Session, select

from core.identity import service
from core.identity.scoping import scope_for
from core.orgs.models import OrgType, OrgUnit
from core.orgs.service import create_org, move_subtree
from core.people.models import Person
from core.people.service import register_person
from tests.support.auth import OrgTree, make_account


def org_ids(session: Session, scope) -> set[int]:
    return set(session.exec(scope.org_ids_select()).all())


def test_a_station_grant_covers_the_station_and_its_village_and_nothing_else(
    session: Session, tree: OrgTree
) -> None:
    account = make_account(session, "suo.a", roles={"station_staff": tree.station_a})
    scope = scope_for(session, account.id, "core.people.view")
    assert org_ids(session, scope) == {tree.station_a, tree.village_a}
    assert scope.allows(session, tree.village_a)
    assert not scope.allows(session, tree.station_b)
    assert not scope.allows(session, tree.bureau)
    assert not scope.allows(session, None)


def test_a_bureau_grant_is_inherited_by_the_whole_subtree(session: Session, tree: OrgTree) -> None:
    account = make_account(session, "ju.lingdao", roles={"bureau_leader": tree.bureau})
    scope = scope_for(session, account.id, "core.people.view")
    assert org_ids(session, scope) == {
        tree.bureau,
        tree.station_a,
        tree.station_b,
        tree.village_a,
        tree.village_b,
    }
    later = create_org(session, name="新建社区", type=OrgType.COMMUNITY, parent_id=tree.station_b)
    assert scope_for(session, account.id, "core.people.view").allows(session, later.id)


def test_the_scope_is_per_permission(session: Session, tree: OrgTree) -> None:
    account = make_account(
        session, "mixed", roles=[("station_head", tree.station_a), ("mediator", tree.village_b)]
    )
    assert org_ids(session, scope_for(session, account.id, "core.staff.manage")) == {
        tree.station_a,
        tree.village_a,
    }
    assert org_ids(session, scope_for(session, account.id, "core.people.manage")) == {
        tree.station_a,
        tree.village_a,
        tree.village_b,
    }
    nothing = scope_for(session, account.id, "core.modules.manage")
    assert nothing.is_empty and org_ids(session, nothing) == set()
    assert not nothing.allows(session, tree.station_a)


def test_nested_grants_collapse_to_the_outermost_subtree(session: Session, tree: OrgTree) -> None:
    account = make_account(
        session,
        "nested",
        roles=[("station_staff", tree.village_a), ("station_staff", tree.station_a)],
    )
    scope = scope_for(session, account.id, "core.people.view")
    station_a = session.get(OrgUnit, tree.station_a)
    assert scope.paths == (station_a.path,)


def test_where_filters_rows_by_their_org_column(session: Session, tree: OrgTree) -> None:
    account = make_account(session, "filter", roles={"station_staff": tree.station_b})
    scope = scope_for(session, account.id, "core.orgs.view")
    names = set(session.exec(select(OrgUnit.name).where(scope.where(OrgUnit.id))).all())
    assert names == {"郑店镇司法所", "后刘村"}


def test_a_grant_on_no_organisation_is_global_and_sees_rows_of_none(
    session: Session, tree: OrgTree
) -> None:
    account = make_account(session, "root", roles={"system_admin": None})
    scope = scope_for(session, account.id, "core.staff.view")
    assert scope.is_global and scope.allows(session, None) and scope.allows(session, tree.village_b)
    assert len(org_ids(session, scope)) == 5


def test_a_deactivated_account_has_no_scope(session: Session, tree: OrgTree) -> None:
    account = make_account(session, "gone", roles={"station_staff": tree.station_a})
    service.deactivate(session, account.id)
    assert scope_for(session, account.id, "core.people.view").is_empty


def test_moving_a_station_moves_its_rows_between_bureaus(session: Session, tree: OrgTree) -> None:
    other = create_org(session, name="宁津县司法局", type=OrgType.BUREAU, division_code="371422")
    old_bureau = make_account(session, "laoju", roles={"bureau_staff": tree.bureau})
    new_bureau = make_account(session, "xinju", roles={"bureau_staff": other.id})
    rows = [
        register_person(
            session,
            {"name": name, "id_type": "none", "no_id_reason": "测试", "sex": "male"},
            org_id=org,
        )
        for name, org in (("所里群众", tree.station_b), ("村里群众", tree.village_b))
    ]

    def visible_to(account_id: int) -> set[int]:
        scope = scope_for(session, account_id, "core.people.view")
        return set(session.exec(select(Person.id).where(scope.where(Person.org_id))).all())

    moved = {row.id for row in rows}
    assert moved <= visible_to(old_bureau.id) and not moved & visible_to(new_bureau.id)
    move_subtree(session, tree.station_b, other.id)
    assert not scope_for(session, old_bureau.id, "core.people.view").allows(session, tree.village_b)
    assert scope_for(session, new_bureau.id, "core.people.view").allows(session, tree.village_b)
    assert not moved & visible_to(old_bureau.id)  # the same query every list runs
    assert moved <= visible_to(new_bureau.id)
