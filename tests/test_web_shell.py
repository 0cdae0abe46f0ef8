"""The web shell: health, errors, CSRF, security headers, templates, static files, locale."""

from __future__ import annotations

from litestar.testing import TestClient

SECURITY_HEADERS = {
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
}


def test_healthz_answers_200_when_the_database_is_reachable(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_gone(client: TestClient, platform) -> None:
    from sqlalchemy import create_engine

    platform.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_unknown_url_gets_the_chinese_404_page(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "页面不存在" in response.text
    assert '<html lang="zh-CN">' in response.text


def test_unknown_url_in_english_when_the_user_chose_english(client: TestClient) -> None:
    client.cookies.set("sifa_locale", "en")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_api_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    body = response.json()
    assert body["status_code"] == 404
    assert body["request_id"] == response.headers["x-request-id"]


def test_a_crash_shows_a_request_id_and_never_a_traceback(admin_client: TestClient) -> None:
    response = admin_client.get("/m/testplugin/boom")
    assert response.status_code == 500
    assert "服务器内部错误" in response.text
    assert response.headers["x-request-id"] in response.text
    for leak in ("Traceback", "RuntimeError", "secret internal detail", "plugin.py"):
        assert leak not in response.text


def test_post_without_csrf_token_is_refused_with_403(admin_client: TestClient) -> None:
    admin_client.get("/m/testplugin/")  # sets the CSRF cookie, as a browser visit would
    response = admin_client.post("/m/testplugin/notes", data={"text": "伪造"})
    assert response.status_code == 403
    assert "没有权限" in response.text
    assert "伪造" not in admin_client.get("/m/testplugin/").text


def test_post_with_the_token_from_the_page_succeeds(admin_client: TestClient) -> None:
    page = admin_client.get("/m/testplugin/")
    token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    assert token
    response = admin_client.post(
        "/m/testplugin/notes", data={"text": "调解回访"}, headers={"x-csrftoken": token}
    )
    assert response.status_code in (200, 201)
    assert "调解回访" in admin_client.get("/m/testplugin/").text


def test_every_response_carries_security_headers(admin_client: TestClient) -> None:
    for path in ("/", "/healthz", "/no/such/page", "/static/sifa.css", "/api/v1/plugins"):
        response = admin_client.get(path)
        assert set(response.headers) >= SECURITY_HEADERS, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"


def test_pages_load_htmx_from_our_own_static_files(admin_client: TestClient) -> None:
    page = admin_client.get("/").text
    assert '<script src="/static/vendor/htmx/htmx.min.js"' in page
    assert "http://" not in page and "https://" not in page
    script = admin_client.get("/static/vendor/htmx/htmx.min.js")
    assert script.status_code == 200
    assert "htmx" in script.text[:200]


def test_plugin_page_renders_its_namespaced_template_inside_the_layout(
    admin_client: TestClient,
) -> None:
    response = admin_client.get("/m/testplugin/")
    assert response.status_code == 200
    assert "测试笔记" in response.text
    assert 'class="topbar"' in response.text


def test_plugin_static_files_are_served_under_its_prefix(client: TestClient) -> None:
    response = client.get("/static/m/testplugin/testplugin.css")
    assert response.status_code == 200
    assert ".note" in response.text


def test_plugin_navigation_entry_appears_in_the_layout(admin_client: TestClient) -> None:
    assert 'href="/m/testplugin/"' in admin_client.get("/").text


def test_plugin_api_routes_are_mounted_under_api_v1(admin_client: TestClient) -> None:
    response = admin_client.get("/api/v1/m/testplugin/notes")
    assert response.status_code == 200
    assert response.json() == []


def test_openapi_schema_is_json_and_loads_nothing_from_a_cdn(admin_client: TestClient) -> None:
    response = admin_client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/m/testplugin/notes" in response.json()["paths"]


def test_the_home_page_reports_failed_plugins(admin_client: TestClient) -> None:
    page = admin_client.get("/").text
    assert "testbroken" in page and "testimportfail" in page


def test_admin_plugin_page_lists_state_and_reason(admin_client: TestClient) -> None:
    page = admin_client.get("/admin/plugins").text
    assert "navigation exploded" in page
    assert "simulated missing dependency" in page


def test_language_switch_sets_a_cookie_and_redirects(client: TestClient) -> None:
    response = client.get("/lang/en", follow_redirects=False)
    assert response.status_code in (302, 303, 307)
    assert "sifa_locale=en" in response.headers["set-cookie"]
    assert client.get("/lang/xx", follow_redirects=False).status_code == 404


def test_htmx_error_is_a_fragment_retargeted_to_the_messages_area(admin_client: TestClient) -> None:
    response = admin_client.get("/m/testplugin/boom", headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert response.headers["hx-retarget"] == "#messages"
    assert "<html" not in response.text
