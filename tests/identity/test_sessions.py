"""Signing in through the web: cookies, messages, idle timeout, logout, forced change."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.identity.models import StaffAccount, StaffSession
from core.platform import Platform
from tests.support.auth import PASSWORD, FakeClock, login, make_account, post_form, use_clock


def new_client(platform: Platform) -> TestClient:
    from web.app import create_app

    return TestClient(app=create_app(platform=platform), raise_server_exceptions=False)


@pytest.fixture
def web(platform: Platform, org_tree) -> Iterator[TestClient]:
    with session_scope(platform.engine) as session:
        make_account(
            session, "zhang.gb", roles={"station_staff": org_tree.station_a}, host=platform.host
        )
        make_account(
            session,
            "xin.gb",
            roles={"station_staff": org_tree.station_a},
            must_change_password=True,
            host=platform.host,
        )
    with new_client(platform) as client:
        yield client


def sessions(platform: Platform) -> list[StaffSession]:
    with Session(platform.engine) as session:
        return list(session.exec(select(StaffSession)).all())


def test_login_sets_an_httponly_lax_cookie_and_stores_only_its_hash(
    web: TestClient, platform
) -> None:
    response = login(web, "zhang.gb")
    cookie = response.headers["set-cookie"]
    assert (
        cookie.startswith("sifa_session=")
        and "HttpOnly" in cookie
        and "samesite=lax" in cookie.lower()
    )
    token = web.cookies["sifa_session"]
    [stored] = sessions(platform)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert web.get("/", follow_redirects=False).status_code == 200


def test_login_returns_to_the_page_asked_for(web: TestClient) -> None:
    web.get("/login")
    response = post_form(
        web, "/login", {"username": "zhang.gb", "password": PASSWORD, "next": "/m/testplugin/"}
    )
    assert response.headers["location"] == "/m/testplugin/"
    evil = post_form(
        web, "/login", {"username": "zhang.gb", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert evil.headers["location"] == "/"


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(web: TestClient) -> None:
    wrong = login(web, "zhang.gb", "not-the-password", expect_success=False)
    unknown = login(web, "no.such.user", "not-the-password", expect_success=False)
    assert wrong.status_code == unknown.status_code == 400
    message = wrong.text.split('id="login-error"', 1)[1].split("</p>", 1)[0]
    assert "用户名或口令不正确" in message
    assert message == unknown.text.split('id="login-error"', 1)[1].split("</p>", 1)[0]
    assert "sifa_session" not in web.cookies


def _login_error(response) -> str:
    return (
        response.text.split('id="login-error"', 1)[0][-200:]
        + response.text.split('id="login-error"', 1)[1].split("</p>", 1)[0]
    )


def test_a_locked_account_looks_exactly_like_an_unknown_username(web: TestClient) -> None:
    """The lockout must not tell an outsider which usernames exist (issue 25)."""
    use_clock(web, FakeClock())
    for _ in range(5):
        login(web, "zhang.gb", "not-the-password", expect_success=False)
    locked = login(web, "zhang.gb", PASSWORD, expect_success=False)  # the right one, refused
    unknown = login(web, "no.such.user", PASSWORD, expect_success=False)
    assert locked.status_code == unknown.status_code == 400
    assert _login_error(locked) == _login_error(unknown)
    assert "锁定 15 分钟" in _login_error(locked)
    assert "sifa_session" not in web.cookies


def test_the_audit_trail_shows_the_failed_attempts(web: TestClient, platform) -> None:
    for _ in range(6):
        login(web, "zhang.gb", "not-the-password", expect_success=False)
    with Session(platform.engine) as session:
        failures = session.exec(
            select(AuditRecord).where(AuditRecord.action == "login_failure")
        ).all()
    assert len(failures) == 6
    assert {f.actor_name for f in failures} == {"zhang.gb"}
    assert all(f.request_id and f.ip for f in failures)


def test_an_idle_session_expires_after_thirty_minutes(web: TestClient, platform) -> None:
    clock = use_clock(web, FakeClock())
    login(web, "zhang.gb")
    clock.advance(minutes=29)
    assert web.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=29)  # 58 minutes after login, 29 after the last visit
    assert web.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=30, seconds=1)
    response = web.get("/staff", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fstaff&expired=1"
    assert sessions(platform) == []
    assert "已自动退出" in web.get(response.headers["location"]).text


def test_the_polled_inbox_badge_does_not_keep_an_idle_session_alive(
    web: TestClient, platform
) -> None:
    clock = use_clock(web, FakeClock())
    login(web, "zhang.gb")
    for _ in range(31):  # an open tab polls the badge every minute
        clock.advance(minutes=1)
        web.get("/inbox/count", headers={"HX-Request": "true"})
    response = web.get("/staff", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert sessions(platform) == []


def test_the_idle_timeout_is_configurable(platform: Platform, org_tree) -> None:
    platform.settings.session_idle_minutes = 5
    with session_scope(platform.engine) as session:
        make_account(
            session, "kuai", roles={"station_staff": org_tree.station_a}, host=platform.host
        )
    with new_client(platform) as client:
        clock = use_clock(client, FakeClock())
        login(client, "kuai")
        clock.advance(minutes=5, seconds=1)
        assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_ends_the_session_on_the_server(web: TestClient, platform) -> None:
    login(web, "zhang.gb")
    token = web.cookies["sifa_session"]
    response = post_form(web, "/logout", {})
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    assert sessions(platform) == []
    web.cookies.set("sifa_session", token)  # a stolen copy of the cookie is worthless now
    assert web.get("/", follow_redirects=False).status_code == 303
    with Session(platform.engine) as session:
        assert (
            session.exec(select(AuditRecord).where(AuditRecord.action == "logout")).one().actor_name
            == "zhang.gb"
        )


def test_a_new_account_must_change_its_password_before_anything_else(web: TestClient) -> None:
    response = login(web, "xin.gb")
    assert response.headers["location"] == "/account/password?next=%2F"
    page = web.get("/m/testplugin/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith(
        "/account/password?next="
    )
    assert web.get("/api/v1/m/testplugin/notes").status_code == 403
    weak = post_form(
        web,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "woaini1314",
            "confirm_password": "woaini1314",
            "next": "/m/testplugin/",
        },
    )
    assert weak.status_code == 400 and "常见口令" in weak.text
    done = post_form(
        web,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "Xin-Kouling-9417",
            "confirm_password": "Xin-Kouling-9417",
            "next": "/m/testplugin/",
        },
    )
    assert (done.status_code, done.headers["location"]) == (303, "/m/testplugin/")
    assert web.get("/m/testplugin/", follow_redirects=False).status_code == 200


def test_changing_the_password_signs_out_the_other_sessions(web: TestClient, platform) -> None:
    login(web, "zhang.gb")
    with new_client(platform) as other:
        login(other, "zhang.gb")
        changed = post_form(
            web,
            "/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "Xin-Kouling-9417",
                "confirm_password": "Xin-Kouling-9417",
            },
        )
        assert changed.status_code == 200 and 'id="password-done"' in changed.text
        assert web.get("/", follow_redirects=False).status_code == 200
        assert other.get("/", follow_redirects=False).status_code == 303


def test_a_signed_in_user_visiting_login_is_sent_on(web: TestClient) -> None:
    login(web, "zhang.gb")
    response = web.get("/login?next=/staff", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/staff")


def test_the_layout_shows_who_is_signed_in_and_a_logout_button(web: TestClient, platform) -> None:
    login(web, "zhang.gb")
    page = web.get("/").text
    assert 'class="userbox"' in page and 'action="/logout"' in page
    assert 'href="/staff"' not in page  # station staff may not manage accounts
    with Session(platform.engine) as session:
        assert (
            session.exec(select(StaffAccount).where(StaffAccount.username == "zhang.gb"))
            .one()
            .last_login_at
        )


def test_api_me_describes_the_signed_in_account(web: TestClient) -> None:
    login(web, "zhang.gb")
    me = web.get("/api/v1/me").json()
    assert me["username"] == "zhang.gb" and "testplugin.notes.edit" in me["permissions"]
