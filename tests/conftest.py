"""Fixtures shared by the whole suite (plugins get theirs through core.testing later)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from core import migrate
from core.platform import Platform
from core.settings import Settings
from tests.support.databases import PostgresServer, backends, copy_sqlite, run_id
from tests.support.install import install_testplugin


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The test plugin installed for the whole run (a dist-info on sys.path)."""
    site = tmp_path_factory.mktemp("site")
    install_testplugin(site)
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.drop_all()


@pytest.fixture(scope="session", params=backends())
def template_database(
    request: pytest.FixtureRequest, plugin_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    """A database migrated to head, per backend, copied for each test."""
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'template.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").create(f"sifa_test_{run_id()}_template")
    platform = Platform.boot(Settings(data_dir=tmp_path_factory.mktemp("data"), database_url=url))
    migrate.upgrade(platform.engine, platform.host)
    platform.engine.dispose()
    return backend, url


@pytest.fixture
def database_url(template_database: tuple[str, str], request: pytest.FixtureRequest,
                 tmp_path: Path) -> str:
    """A fresh, migrated database for one test."""
    backend, template_url = template_database
    if backend == "sqlite":
        return copy_sqlite(template_url, tmp_path / "test.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres")
    template_name = template_url.rsplit("/", 1)[1]
    return server.create(f"sifa_test_{run_id()}", template=template_name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def platform(settings: Settings) -> Iterator[Platform]:
    p = Platform.boot(settings)
    yield p
    p.engine.dispose()


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    from web.app import create_app

    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
        yield c
