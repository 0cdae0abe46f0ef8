"""Signed-in pages are never cached; HTTPS answers carry HSTS (issue 25)."""

from __future__ import annotations

from litestar.testing import TestClient

from core.platform import Platform


def test_signed_in_pages_say_no_store_and_the_login_page_does_not_need_to(
    admin_client: TestClient,
) -> None:
    assert admin_client.get("/people").headers["cache-control"] == "no-store"
    assert admin_client.get("/").headers["cache-control"] == "no-store"


def test_anonymous_pages_are_left_to_their_own_caching(client: TestClient) -> None:
    assert "cache-control" not in client.get("/login").headers


def test_hsts_only_over_https(platform: Platform) -> None:
    from web.app import create_app

    app = create_app(platform=platform)
    with TestClient(app=app, base_url="https://sifa.example") as secure:
        assert secure.get("/login").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(app=app) as plain:
        assert "strict-transport-security" not in plain.get("/login").headers
