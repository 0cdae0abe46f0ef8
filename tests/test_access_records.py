"""The access matrix for records: every URL that names a record is checked by the core.

Walks every route of the app (core and plugins, by introspection). A path parameter must be
declared in the handler's ``opt["records"]`` (or be one of the few non-record parameters
below); then a user of station A asking for station B's record — by GET or POST — gets 404,
and nothing in the database changes. A new route that escapes this fails the test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from litestar.testing import TestClient

from core.db import session_scope
from tests.support.auth import csrf_headers
from tests.support.records import FACTORIES
from web.testing_checks import (
    NOT_RECORDS,
    coverage,
    declared_factories,
    foreign_record_failures,
    undeclared_path_parameters,
    warn_unchecked,
)

ROOT = Path(__file__).resolve().parent.parent


def first_party_plugins() -> set[str]:
    """The workspace's plugins and the test plugin: these must be checked here."""
    names = {"testplugin"}
    for project in (ROOT / "plugins").glob("*/pyproject.toml"):
        data = tomllib.loads(project.read_text(encoding="utf-8"))
        names |= set(data["project"].get("entry-points", {}).get("sifa.plugins", {}))
    return names


def all_factories(host) -> dict:
    merged = dict(FACTORIES)
    for made in declared_factories(host).values():
        merged.update(made)
    return merged


def test_every_path_parameter_names_a_declared_record(station_a_client: TestClient) -> None:
    undeclared = undeclared_path_parameters(station_a_client.app, NOT_RECORDS)
    assert not undeclared, "declare opt['records'] for: " + "; ".join(undeclared)


def test_every_declared_record_has_a_factory(platform, station_a_client: TestClient) -> None:
    """First-party models need one; a third-party plugin without factories is only named."""
    found = coverage(
        station_a_client.app,
        platform.host,
        all_factories(platform.host),
        first_party=first_party_plugins(),
    )
    warn_unchecked(found)
    assert not found.missing, (
        f"add factories in tests/support/records.py (or sifa_record_factories) for: {found.missing}"
    )


def test_station_a_gets_404_for_station_b_records_by_any_url_and_nothing_changes(
    platform, org_tree, station_a_client: TestClient
) -> None:
    factories = all_factories(platform.host)
    found = coverage(
        station_a_client.app, platform.host, factories, first_party=first_party_plugins()
    )
    assert len(found.checked) >= 8
    failures = foreign_record_failures(
        platform,
        station_a_client,
        found.checked,
        factories,
        org_tree.station_b,
        csrf_headers(station_a_client),
    )
    assert not failures, "; ".join(failures)


def test_the_same_routes_work_for_the_records_own_station(
    platform, org_tree, station_a_client: TestClient
) -> None:
    """The 404s above are the scope at work, not broken routes."""
    from sifa_testplugin.models import TestpluginItem

    with session_scope(platform.engine) as session:
        item = all_factories(platform.host)[TestpluginItem](session, org_tree.station_a)
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
