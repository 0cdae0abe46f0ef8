"""Built-in roles, plugin permissions (the ``sifa_permissions`` hook), and who may grant what."""

from __future__ import annotations

import types

import pytest
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.identity import service
from core.identity.errors import LastAdministrator, NotPermitted
from core.identity.models import PermissionRecord, Role, RolePermission
from core.identity.permissions import BUILTIN_ROLE_CODES, CORE_PERMISSIONS, PermissionDecl
from core.identity.roles import sync_roles
from core.plugins import Candidate, PluginHost, PluginMeta, PluginState, hookimpl
from tests.support.auth import OrgTree, make_account


def permissions_of(session: Session, role_code: str) -> set[str]:
    return set(
        session.exec(
            select(RolePermission.permission)
            .join(Role, Role.id == RolePermission.role_id)
            .where(Role.code == role_code)
        ).all()
    )


def test_every_built_in_role_exists_with_sensible_permissions(session: Session) -> None:
    assert set(session.exec(select(Role.code)).all()) >= BUILTIN_ROLE_CODES
    everything = {p.code for p in CORE_PERMISSIONS}
    assert permissions_of(session, "system_admin") >= everything
    assert permissions_of(session, "inspector") >= {c for c in everything if c.endswith(".view")}
    assert not {p for p in permissions_of(session, "inspector") if not p.endswith(".view")}
    assert "core.staff.manage" in permissions_of(session, "station_head")
    assert "core.staff.manage" not in permissions_of(session, "mediator")
    assert "core.people.view" in permissions_of(session, "community_worker")


def test_sifa_permissions_of_the_test_plugin_reach_their_default_roles(
    session: Session, platform
) -> None:
    declared = platform.host.get("testplugin").contributions.permissions
    assert [d.code for d in declared] == ["testplugin.notes.view", "testplugin.notes.edit"]
    assert "testplugin.notes.edit" in permissions_of(session, "station_staff")
    assert "testplugin.notes.edit" in permissions_of(session, "system_admin")
    assert "testplugin.notes.view" in permissions_of(session, "inspector")
    assert "testplugin.notes.edit" not in permissions_of(session, "inspector")
    assert (
        session.exec(
            select(PermissionRecord.source).where(PermissionRecord.code == "testplugin.notes.view")
        ).one()
        == "testplugin"
    )


def test_sync_is_idempotent_and_never_undoes_an_administrators_change(
    session: Session, platform
) -> None:
    role = session.exec(select(Role).where(Role.code == "station_staff")).one()
    removed = session.exec(
        select(RolePermission).where(
            RolePermission.role_id == role.id, RolePermission.permission == "testplugin.notes.edit"
        )
    ).one()
    session.delete(removed)
    session.flush()
    assert sync_roles(session, platform.host) == []
    assert "testplugin.notes.edit" not in permissions_of(session, "station_staff")


def test_a_newly_installed_plugins_permission_is_added_once(session: Session) -> None:
    plugin = types.ModuleType("fake_casework")
    plugin.plugin_meta = PluginMeta(name="casework", label_zh="案件", label_en="Cases", version="1")  # type: ignore[attr-defined]
    plugin.sifa_permissions = hookimpl(
        lambda: [  # type: ignore[attr-defined]
            PermissionDecl("casework.cases.view", "查看案件", "View cases", ("mediator",))
        ]
    )
    host = PluginHost().load([Candidate("casework", "sifa-casework", "1", lambda: plugin)])
    assert sync_roles(session, host) == ["permission casework.cases.view"]
    assert "casework.cases.view" in permissions_of(session, "mediator")
    assert "casework.cases.view" in permissions_of(session, "inspector")
    assert sync_roles(session, host) == []


@pytest.mark.parametrize(
    ("decl", "reason"),
    [
        (PermissionDecl("mediation.cases.view", "x", "x"), "must start with badperm."),
        (PermissionDecl("badperm.cases.view", "x", "x", ("chief",)), "unknown default roles"),
        ("badperm.cases.view", "not a PermissionDecl"),
    ],
)
def test_a_plugin_declaring_a_bad_permission_is_kept_out(decl: object, reason: str) -> None:
    plugin = types.ModuleType("fake_badperm")
    plugin.plugin_meta = PluginMeta(name="badperm", label_zh="坏", label_en="bad", version="1")  # type: ignore[attr-defined]
    plugin.sifa_permissions = hookimpl(lambda: [decl])  # type: ignore[attr-defined]
    record = (
        PluginHost()
        .load([Candidate("badperm", "sifa-badperm", "1", lambda: plugin)])
        .get("badperm")
    )
    assert record.state is PluginState.FAILED
    assert "sifa_permissions" in record.reason and reason in record.reason


def test_a_station_head_may_grant_station_roles_in_the_station_only(
    session: Session, tree: OrgTree
) -> None:
    head = make_account(session, "suozhang.a", roles={"station_head": tree.station_a})
    worker = make_account(session, "ganbu.a", org_id=tree.village_a)
    service.grant_role(session, worker.id, "station_staff", tree.village_a, actor_id=head.id)
    with pytest.raises(NotPermitted):
        service.grant_role(session, worker.id, "station_staff", tree.station_b, actor_id=head.id)
    with pytest.raises(NotPermitted, match="权限，不能授予"):
        service.grant_role(session, worker.id, "system_admin", tree.station_a, actor_id=head.id)
    with pytest.raises(NotPermitted):
        service.grant_role(session, head.id, "system_admin", None, actor_id=head.id)


def test_grants_and_revocations_are_audited_as_permission_changes(
    session: Session, tree: OrgTree
) -> None:
    admin = make_account(session, "root", roles={"system_admin": None})
    worker = make_account(session, "ganbu", org_id=tree.station_a)
    grant = service.grant_role(session, worker.id, "mediator", tree.village_a, actor_id=admin.id)
    assert (
        service.grant_role(session, worker.id, "mediator", tree.village_a, actor_id=admin.id).id
        == grant.id
    )
    service.revoke_role(session, grant.id, actor_id=admin.id)
    session.commit()
    events = session.exec(
        select(AuditRecord)
        .where(AuditRecord.action == "permission_change")
        .order_by(AuditRecord.id)
    ).all()
    mine = [e.details for e in events if e.details["username"] == "ganbu"]
    assert [(d["change"], d["role"], d["org_id"]) for d in mine] == [
        ("grant", "mediator", tree.village_a),
        ("revoke", "mediator", tree.village_a),
    ]
    assert all(e.actor_id == admin.id for e in events if e.details["username"] == "ganbu")


def test_the_last_system_administrator_cannot_be_removed(session: Session, tree: OrgTree) -> None:
    admin = make_account(session, "root", roles={"system_admin": None})
    grant = session.exec(
        select(service.RoleGrant).where(service.RoleGrant.account_id == admin.id)
    ).one()
    with pytest.raises(LastAdministrator):
        service.revoke_role(session, grant.id)
    with pytest.raises(LastAdministrator):
        service.deactivate(session, admin.id)
    make_account(session, "root2", roles={"system_admin": None})
    service.deactivate(session, admin.id)
