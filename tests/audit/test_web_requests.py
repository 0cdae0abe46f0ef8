"""A change made through a plugin page is recorded with the request's id and address."""

from __future__ import annotations

from litestar.testing import TestClient

from core.platform import Platform
from tests.audit.support import audit_records


def test_a_plugin_page_edit_is_recorded_with_request_id_and_ip(
    admin_client: TestClient, platform: Platform
) -> None:
    page = admin_client.get("/m/testplugin/")
    token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = admin_client.post(
        "/m/testplugin/notes", data={"text": "调解回访"}, headers={"x-csrftoken": token}
    )
    assert response.status_code in (200, 201)

    [record] = [r for r in audit_records(platform.engine) if r.entity == "testplugin_note"]
    assert record.action == "insert"
    assert record.changes is not None and record.changes["text"] == [None, "调解回访"]
    assert record.request_id == response.headers["x-request-id"]
    assert record.ip == "testclient"
    assert record.actor_name == "admin"
