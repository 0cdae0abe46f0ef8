"""Error pages speak Chinese first and name no raw codes (issue 21, defects 10 and 11)."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.conftest import _signed_in_client


def test_not_found_and_method_not_allowed_are_in_chinese(client: TestClient) -> None:
    missing = client.get("/no-such-page", headers={"accept": "text/html"})
    assert missing.status_code == 404
    assert "页面不存在" in missing.text and "Not Found" not in missing.text
    wrong = client.delete("/login", headers={"accept": "text/html"})
    assert wrong.status_code == 405
    assert "不支持该请求方式" in wrong.text and "Method Not Allowed" not in wrong.text


def test_the_403_page_names_the_permission_by_its_label(platform, org_tree) -> None:
    for staff in _signed_in_client(platform, "staff_a", {"station_staff": org_tree.station_a}):
        page = staff.get("/admin/modules", headers={"accept": "text/html"})
        assert page.status_code == 403
        assert "core.modules.manage" not in page.text
        assert "所需权限：" in page.text


def test_the_jobs_page_names_jobs_by_their_description(admin_client: TestClient) -> None:
    page = admin_client.get("/jobs")
    assert page.status_code == 200
    links = page.text.split('class="job-label">')[1:]
    assert links and all(not link.startswith("core.") for link in links)
