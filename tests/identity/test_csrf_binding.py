"""Session-bound CSRF and the per-client login limit (issue 25, acceptance 5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from core.db import session_scope
from core.identity import service
from core.platform import Platform
from tests.support.auth import CSRF_COOKIE, PASSWORD, login, make_account, post_form


def _client(platform: Platform) -> TestClient:
    from web.app import create_app

    client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
    client.__enter__()
    return client


@pytest.fixture
def two_sessions(platform: Platform, org_tree) -> Iterator[tuple[TestClient, TestClient]]:
    with session_scope(platform.engine) as session:
        for name in ("wang.a", "li.b"):
            make_account(
                session, name, roles={"station_staff": org_tree.station_a}, host=platform.host
            )
    a, b = _client(platform), _client(platform)
    login(a, "wang.a")
    login(b, "li.b")
    yield a, b
    a.__exit__(None, None, None)
    b.__exit__(None, None, None)


def test_a_csrf_pair_from_another_session_is_refused(two_sessions) -> None:
    victim, attacker = two_sessions
    stolen = attacker.cookies[CSRF_COOKIE]  # a valid, signed pair — of the attacker's session
    victim.cookies.set(CSRF_COOKIE, stolen)
    refused = victim.post("/logout", headers={"x-csrftoken": stolen}, follow_redirects=False)
    assert refused.status_code == 403
    assert "表单令牌与当前登录不符" in refused.text
    assert victim.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_the_sessions_own_pair_is_accepted_and_a_new_sign_in_gets_a_new_one(
    two_sessions,
) -> None:
    client, _ = two_sessions
    before = client.cookies[CSRF_COOKIE]
    login(client, "wang.a")  # signing in again replaces the session, and with it the pair
    assert client.cookies[CSRF_COOKIE] != before
    assert post_form(client, "/logout", {}).status_code == 303


def test_a_pair_made_before_sign_in_stops_working_after_it(platform: Platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        make_account(session, "zhao.c", roles={"station_staff": org_tree.station_a})
    client = _client(platform)
    client.get("/login")
    anonymous_pair = client.cookies[CSRF_COOKIE]
    login(client, "zhao.c")
    client.cookies.set(CSRF_COOKIE, anonymous_pair)
    response = client.post(
        "/logout", headers={"x-csrftoken": anonymous_pair}, follow_redirects=False
    )
    assert response.status_code == 403
    client.__exit__(None, None, None)


def test_one_client_trying_many_usernames_is_slowed_down(platform: Platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        make_account(session, "real.user", roles={"station_staff": org_tree.station_a})
    client = _client(platform)
    for n in range(service.LOGIN_RATE_LIMIT):
        response = login(client, f"guess{n}", "Summer-2026!", expect_success=False)
        assert response.status_code == 400
    blocked = login(client, "real.user", PASSWORD, expect_success=False)
    assert blocked.status_code == 429
    assert "登录尝试过于频繁" in blocked.text
    assert "sifa_session" not in client.cookies
    client.__exit__(None, None, None)
