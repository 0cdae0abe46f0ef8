"""Guards that know reads from writes (issue 25, acceptance 1).

A state-changing route guarded only by a view permission is a declaration error at start-up,
and every registered non-GET route refuses the read-only inspector and a role that holds
every view permission of the platform.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Router, post
from litestar.testing import TestClient

from core.db import session_scope
from core.identity.models import Role, RolePermission
from core.identity.permissions import declared_permissions, is_view_permission
from core.platform import Platform
from tests.identity.test_access import concrete, endpoints
from tests.support.auth import OrgTree, csrf_headers, login, make_account
from web.guards import SAFE_METHODS, WriteRouteDeclarationError, write_route_errors


@post("/notes/{note_id:int}/erase", opt={"permission": "testplugin.notes.view"})
async def erase_with_a_view_permission(note_id: int) -> None:
    """What the audit found: a write behind a view permission."""


def test_a_write_route_with_a_view_permission_is_a_declaration_error() -> None:
    router = Router(path="/m/x", route_handlers=[erase_with_a_view_permission])
    assert write_route_errors(router.routes) == [
        "POST /m/x/notes/{note_id:int}/erase (testplugin.notes.view)"
    ]
    with pytest.raises(WriteRouteDeclarationError, match="/m/x/notes"):
        raise WriteRouteDeclarationError(write_route_errors(router.routes))


def test_a_plugin_declaring_one_is_left_off_with_the_route_named(platform: Platform) -> None:
    from web.app import create_app

    record = platform.host.get("testplugin")
    record.contributions.routes.append(erase_with_a_view_permission)
    app = create_app(platform=platform)
    assert not record.loaded
    assert "/m/testplugin/notes/{note_id:int}/erase" in record.reason
    assert not any(str(r.path).startswith("/m/testplugin") for r in app.routes)


def test_a_view_permission_is_told_from_a_write_one() -> None:
    assert is_view_permission("mediation.registers.view")
    assert is_view_permission("corrections.view_location")
    assert not is_view_permission("mediation.registers.manage")
    assert not is_view_permission("core.people.unmask")


def _view_only_client(platform: Platform, username: str, role: str, where: int | None) -> Any:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles={role: where}, host=platform.host)
    client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
    client.__enter__()
    login(client, username)
    return client


@pytest.fixture
def view_only_clients(platform: Platform, org_tree: OrgTree) -> Iterator[list[Any]]:
    """The inspector of the bureau, and a custom role with every view permission there."""
    with session_scope(platform.engine) as session:
        role = Role(code="viewer_all", label_zh="全部只读", label_en="Every view")
        session.add(role)
        session.flush()
        for _, decl in declared_permissions(platform.host):
            if is_view_permission(decl.code):
                session.add(RolePermission(role_id=role.id, permission=decl.code))
    clients = [
        _view_only_client(platform, "ducha", "inspector", org_tree.bureau),
        _view_only_client(platform, "kankan", "viewer_all", org_tree.bureau),
    ]
    yield clients
    for client in clients:
        client.__exit__(None, None, None)


def test_every_write_route_refuses_the_inspector_and_a_view_only_role(
    view_only_clients: list[Any],
) -> None:
    app = view_only_clients[0].app
    writes = [
        (method, path)
        for method, path, handler in endpoints(app)
        if method not in SAFE_METHODS
        and handler.opt.get("permission")
        and not handler.opt.get("reads")
    ]
    assert len(writes) > 150  # every plugin is mounted: none was left off for a bad route
    for client in view_only_clients:
        headers = csrf_headers(client)
        for method, path in writes:
            response = client.request(
                method, concrete(path), headers=headers, data={"version": "1"}
            )
            assert response.status_code == 403, (method, path, response.status_code)


def test_only_searches_declare_that_a_post_reads(platform: Platform) -> None:
    from web.app import create_app

    reads = {(m, p) for m, p, h in endpoints(create_app(platform=platform)) if h.opt.get("reads")}
    assert reads == {("POST", "/people/search"), ("POST", "/people/picker/search")}
