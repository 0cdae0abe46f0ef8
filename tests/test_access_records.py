"""The access matrix for records: every URL that names a record is checked by the core.

Walks every route of the app (core and plugins, by introspection). A path parameter must be
declared in the handler's ``opt["records"]`` (or be one of the few non-record parameters
below); then a user of station A asking for station B's record — by GET or POST — gets 404,
and nothing in the database changes. A new route that escapes this fails the test.
"""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlalchemy import func, select

from core.audit.models import AuditRecord
from core.db import session_scope
from tests.identity.test_access import endpoints
from tests.support.auth import csrf_headers
from tests.support.records import FACTORIES

PARAM = re.compile(r"\{(\w+):(\w+)\}")
NOT_RECORDS = {
    "code": "a language code (/lang/{code})",
    "file_path": "a static file name",
    "job_name": "a background job's name (jobs belong to the installation, not to an org)",
    "token": "a clinic provider's calendar-feed secret (public by design, unguessable)",
}


def record_routes(app) -> list[tuple[str, str, dict[str, type]]]:
    return [
        (method, path, handler.opt["records"])
        for method, path, handler in endpoints(app)
        if handler.opt.get("records")
    ]


def test_every_path_parameter_names_a_declared_record(station_a_client: TestClient) -> None:
    undeclared = []
    for method, path, handler in endpoints(station_a_client.app):
        if path.startswith("/api/schema") or method == "OPTIONS":
            continue  # Litestar's own OpenAPI routes and automatic OPTIONS answers
        for name, _ in PARAM.findall(path):
            if name not in NOT_RECORDS and name not in (handler.opt.get("records") or {}):
                undeclared.append(f"{method} {path}: {name}")
    assert not undeclared, "declare opt['records'] for: " + "; ".join(undeclared)


def test_every_declared_record_has_a_factory(station_a_client: TestClient) -> None:
    models = {m for _, _, records in record_routes(station_a_client.app) for m in records.values()}
    missing = [m.__name__ for m in models if m not in FACTORIES]
    assert not missing, f"add factories in tests/support/records.py for: {missing}"


def test_station_a_gets_404_for_station_b_records_by_any_url_and_nothing_changes(
    platform, org_tree, station_a_client: TestClient
) -> None:
    routes = record_routes(station_a_client.app)
    assert len(routes) >= 8
    headers = csrf_headers(station_a_client)
    for method, path, records in routes:
        with session_scope(platform.engine) as session:
            ids = {
                name: FACTORIES[model](session, org_tree.station_b).id
                for name, model in records.items()
            }
        url = PARAM.sub(lambda m, ids=ids: str(ids[m.group(1)]), path)
        with session_scope(platform.engine) as session:
            before = session.execute(select(func.max(AuditRecord.id))).scalar()
        response = station_a_client.request(
            method,
            url,
            headers=headers,
            data={"title": "篡改", "version": "1"},
            follow_redirects=False,
        )
        assert response.status_code == 404, (method, path, response.status_code)
        with session_scope(platform.engine) as session:
            after = session.execute(select(func.max(AuditRecord.id))).scalar()
        assert after == before, f"{method} {path} changed something"


def test_the_same_routes_work_for_the_records_own_station(
    platform, org_tree, station_a_client: TestClient
) -> None:
    """The 404s above are the scope at work, not broken routes."""
    from sifa_testplugin.models import TestpluginItem

    with session_scope(platform.engine) as session:
        item = FACTORIES[TestpluginItem](session, org_tree.station_a)
    response = station_a_client.get(f"/m/testplugin/items/{item.id}")
    assert response.status_code == 200
    assert "外站事项" in response.text


def test_a_plugin_turned_off_for_the_bureau_answers_404(
    platform, org_tree, station_a_client: TestClient
) -> None:
    from core.modules.service import set_active

    assert station_a_client.get("/m/testplugin/").status_code == 200
    with session_scope(platform.engine) as session:
        set_active(session, platform.host, org_tree.bureau, "testplugin", False)
    # Activation is read when the session loads the user: the next request sees it.
    assert station_a_client.get("/m/testplugin/").status_code == 404
    assert "测试笔记" not in station_a_client.get("/").text
