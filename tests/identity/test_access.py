"""The access matrix: every route the app registers, found by introspection.

Anonymous requests to pages are sent to the login page, to the API get 401; a signed-in user
without the permission a route names gets 403. A new route — core or plugin — is covered
automatically, and a new *public* route must be added to ``PUBLIC_ROUTES`` deliberately.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from core.db import session_scope
from core.identity.permissions import declared_permissions
from core.platform import Platform
from tests.support.auth import csrf_headers, login, make_account
from web.guards import permissions_of

PUBLIC_ROUTES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("GET", "/lang/{code:str}"),
    ("GET", "/static/{file_path:path}"),
    ("HEAD", "/static/{file_path:path}"),
    ("OPTIONS", "/static/{file_path:path}"),
    ("GET", "/static/m/testplugin/{file_path:path}"),
    ("HEAD", "/static/m/testplugin/{file_path:path}"),
    ("OPTIONS", "/static/m/testplugin/{file_path:path}"),
    ("GET", "/static/m/mediation/{file_path:path}"),  # the mediation plugin's print stylesheet
    ("HEAD", "/static/m/mediation/{file_path:path}"),
    ("OPTIONS", "/static/m/mediation/{file_path:path}"),
    ("GET", "/static/m/corrections/{file_path:path}"),  # print styles of its documents
    ("HEAD", "/static/m/corrections/{file_path:path}"),
    ("OPTIONS", "/static/m/corrections/{file_path:path}"),
    ("GET", "/static/m/clinic/{file_path:path}"),  # the door sign's stylesheet and script
    ("HEAD", "/static/m/clinic/{file_path:path}"),
    ("OPTIONS", "/static/m/clinic/{file_path:path}"),
    ("GET", "/static/m/publicity/{file_path:path}"),  # the publicity pages' stylesheets
    ("HEAD", "/static/m/publicity/{file_path:path}"),
    ("OPTIONS", "/static/m/publicity/{file_path:path}"),
    ("GET", "/m/publicity/public/plans"),  # approved publicity plans (谁执法谁普法)
    ("GET", "/m/legal_aid/apply"),  # the legal-aid form's old address: redirects to the portal
    ("POST", "/m/legal_aid/apply"),
    # The citizen portal (issue 24): nothing shows until the phone's one-time code is proved
    ("GET", "/portal"),
    ("GET", "/portal/privacy"),
    ("GET", "/portal/a/{token:str}"),
    ("POST", "/portal/a/{token:str}/code"),
    ("POST", "/portal/a/{token:str}/verify"),
    ("GET", "/portal/dev/outbox"),  # 404 unless the development setting portal_dev_sms is on
    # Modules' portal pages (sifa_portal_routes): forms, and actions that need the proved code
    ("GET", "/portal/legal_aid/apply"),  # the public online legal-aid application (rate-limited)
    ("POST", "/portal/legal_aid/apply"),
    ("POST", "/portal/legal_aid/a/{token:str}/materials"),
    ("POST", "/portal/legal_aid/a/{token:str}/rate"),
    ("POST", "/portal/legal_aid/a/{token:str}/withdraw"),
    ("GET", "/portal/mediation/apply"),
    ("POST", "/portal/mediation/apply"),
    ("POST", "/portal/mediation/a/{token:str}/withdraw"),
    ("POST", "/portal/mediation/a/{token:str}/rate"),
    # …mounted under a public router, so Litestar's automatic OPTIONS answers are public too
    ("OPTIONS", "/portal/legal_aid/apply"),
    ("OPTIONS", "/portal/legal_aid/a/{token:str}/materials"),
    ("OPTIONS", "/portal/legal_aid/a/{token:str}/rate"),
    ("OPTIONS", "/portal/legal_aid/a/{token:str}/withdraw"),
    ("OPTIONS", "/portal/mediation/apply"),
    ("OPTIONS", "/portal/mediation/a/{token:str}/withdraw"),
    ("OPTIONS", "/portal/mediation/a/{token:str}/rate"),
    # a clinic provider's phone calendar: the unguessable token in the URL is the key
    ("GET", "/m/clinic/ical/{token:str}"),
}
# Routes any signed-in user may use (their own account, inbox and the home page): listed
# deliberately, so a new route that names no permission fails the matrix instead of escaping it.
SIGNED_IN_ROUTES = {
    ("GET", "/"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("POST", "/logout"),
    ("POST", "/session/keepalive"),  # "继续工作" on the idle warning
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/plugins"),
    ("GET", "/inbox"),
    ("GET", "/inbox/count"),
    ("GET", "/inbox/notifications"),
    ("GET", "/inbox/channels"),
    ("POST", "/inbox/channels"),
    ("POST", "/inbox/done"),
    ("POST", "/inbox/read"),
    ("GET", "/m/testplugin/boom"),  # the test plugin's deliberate 500
    # The core 转办 dialog: the source plugin's permission over the record's organisation is
    # checked inside (core/referrals/handover.py), per source, so no single one is named.
    ("GET", "/referrals/dialog"),
    ("POST", "/referrals/send"),
}
PARAM = re.compile(r"\{(\w+):(\w+)\}")
SAMPLE = {"int": "1", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def endpoints(app: Litestar) -> Iterator[tuple[str, str, Any]]:
    """(method, route path, handler) for every HTTP route of the app."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods):
                yield method, route.path, handler


def concrete(path: str) -> str:
    return PARAM.sub(lambda m: SAMPLE.get(m.group(2), "1"), path)


@pytest.fixture
def anonymous(platform: Platform) -> Iterator[TestClient]:
    from web.app import create_app

    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
        yield c


def test_the_matrix_sees_core_and_plugin_routes(anonymous: TestClient) -> None:
    paths = {path for _, path, _ in endpoints(anonymous.app)}
    assert {
        "/",
        "/staff",
        "/staff/{account_id:int}",
        "/m/testplugin",
        "/api/v1/m/testplugin/notes",
        "/api/schema/openapi.json",
    } <= paths


def test_public_routes_are_exactly_the_declared_ones(anonymous: TestClient) -> None:
    public = {(m, p) for m, p, h in endpoints(anonymous.app) if h.opt.get("public")}
    assert public == PUBLIC_ROUTES


def test_every_non_public_route_refuses_anonymous_requests(anonymous: TestClient) -> None:
    headers = csrf_headers(anonymous)
    checked = 0
    for method, path, handler in endpoints(anonymous.app):
        if handler.opt.get("public"):
            continue
        url = concrete(path)
        response = anonymous.request(method, url, headers=headers, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["status_code"] == 401
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            target = urlsplit(response.headers["location"])
            assert target.path == "/login", (method, path)
            assert parse_qs(target.query)["next"] == [url]
        checked += 1
    assert checked > 20


def test_a_user_without_the_permission_gets_403_on_every_route_that_names_one(
    platform: Platform, anonymous: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        make_account(session, "wuquan", org_id=None, host=platform.host)
    login(anonymous, "wuquan")
    headers = csrf_headers(anonymous)
    guarded = [
        (m, p, " / ".join(permissions_of(h.opt)))
        for m, p, h in endpoints(anonymous.app)
        if h.opt.get("permission")
    ]
    assert len(guarded) >= 10
    from core.identity.permissions import declared_permissions

    labels = {decl.code: decl.label_zh for _owner, decl in declared_permissions(platform.host)}
    for method, path, permission in guarded:
        response = anonymous.request(
            method, concrete(path), headers=headers, follow_redirects=False
        )
        assert response.status_code == 403, (method, path, response.status_code)
        # The page names the permission a person can ask for: its label, not its code.
        assert labels.get(permission, permission) in response.text


def test_every_route_names_a_permission_unless_listed_as_public_or_signed_in(
    anonymous: TestClient,
) -> None:
    """Without this, a new route that forgets ``opt["permission"]`` would escape the 403 walk."""
    unguarded = {
        (m, p)
        for m, p, h in endpoints(anonymous.app)
        if m != "OPTIONS"  # Litestar's automatic answers; they run the same login guard
        and not p.startswith("/api/schema")  # Litestar's OpenAPI document, login required
        and not h.opt.get("public")
        and not h.opt.get("permission")
    }
    assert unguarded == SIGNED_IN_ROUTES, (
        f"name a permission for {sorted(unguarded - SIGNED_IN_ROUTES)}; "
        f"no longer present: {sorted(SIGNED_IN_ROUTES - unguarded)}"
    )


def test_every_permission_a_route_names_is_declared(
    platform: Platform, anonymous: TestClient
) -> None:
    declared = {decl.code for _, decl in declared_permissions(platform.host)}
    named = {code for _, _, h in endpoints(anonymous.app) for code in permissions_of(h.opt)}
    assert named <= declared, named - declared


def test_an_anonymous_page_keeps_its_query_in_next(anonymous: TestClient) -> None:
    response = anonymous.get("/staff?q=张&page=2", follow_redirects=False)
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["location"]).query)["next"] == [
        "/staff?q=%E5%BC%A0&page=2"
    ]


def test_an_anonymous_htmx_request_is_told_to_load_the_login_page(anonymous: TestClient) -> None:
    response = anonymous.get(
        "/staff?page=2",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver.local/staff?q=li"},
    )
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login?next=%2Fstaff%3Fq%3Dli"


def test_an_anonymous_api_request_gets_json_401(anonymous: TestClient) -> None:
    response = anonymous.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")


def test_a_plugin_route_checks_the_plugins_own_permission(
    platform: Platform, org_tree, anonymous
) -> None:
    with session_scope(platform.engine) as session:
        make_account(session, "tiaojie", roles={"mediator": org_tree.village_a}, host=platform.host)
    login(anonymous, "tiaojie")
    assert anonymous.get("/m/testplugin/").status_code == 200  # mediator: notes.view
    response = anonymous.post(
        "/m/testplugin/notes", data={"text": "回访"}, headers=csrf_headers(anonymous)
    )
    assert response.status_code == 403  # mediator lacks notes.edit
    assert "回访" not in anonymous.get("/m/testplugin/").text


def test_every_portal_link_route_shows_nothing_without_the_proved_code(
    platform: Platform, org_tree: Any, anonymous: TestClient
) -> None:
    """Issue 24: a private link — real or made up — shows and changes nothing until the
    browser proved the code sent to the applicant's phone, on every portal route that takes
    a token (the core's and every module's), whatever its method."""
    from core.portal.service import open_application

    with session_scope(platform.engine) as session:
        _, token = open_application(
            session,
            str(platform.settings.secret_key),
            kind="mediation.dispute",
            record_id=1,
            org_id=org_tree.bureau,
            number="（2026）测人调字第1号",
            phone="13905345678",
        )
    headers = csrf_headers(anonymous)
    routes = [
        (m, p)
        for m, p, h in endpoints(anonymous.app)
        if p.startswith("/portal/") and "{token:str}" in p and m != "OPTIONS"
    ]
    assert len(routes) >= 6
    for method, path in routes:
        for candidate in (token, "made-up-token"):
            url = path.replace("{token:str}", candidate)
            if path.endswith(("/code", "/verify")):
                continue  # the code pages themselves: checked by the portal tests
            answer = anonymous.request(method, url, headers=headers, follow_redirects=False)
            assert answer.status_code in (200, 303, 404), (method, path, answer.status_code)
            assert "测人调字" not in answer.text and "5678" not in answer.text, (method, path)
            if answer.status_code == 303:
                assert answer.headers["location"] == f"/portal/a/{candidate}"
            if answer.status_code == 200:
                assert "获取验证码" in answer.text, (method, path)
