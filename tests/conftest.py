"""Fixtures shared by the whole suite (plugins get theirs through core.testing later)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from core import migrate
from core.platform import Platform
from core.settings import Settings
from tests.support.auth import FAST_HASHER, OrgTree, login, make_account, make_org_tree
from tests.support.databases import PostgresServer, backends, copy_sqlite, run_id
from tests.support.install import install_testplugin

# The test plugin is installed before collection, so test modules can import its models.
_PLUGIN_SITE = Path(tempfile.mkdtemp(prefix="sifa-site-"))
install_testplugin(_PLUGIN_SITE)
sys.path.insert(0, str(_PLUGIN_SITE))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_PLUGIN_SITE, ignore_errors=True)


# Parallel runs (``scripts/dev.py test`` uses pytest-xdist with ``--dist loadgroup``).
# Tests that start servers, browsers or broker workers would compete for the two cores with
# each other and time out, and broker tests share Redis/RabbitMQ: they all go into one
# group that a single worker runs one after another. Mark a new such test
# ``@pytest.mark.serial`` (or put it under one of the paths below).
SERIAL_GROUP = "serial"
SERIAL_PATHS = (
    "tests/browser/",
    "tests/scheduling/test_brokers.py",
    "tests/reminders/test_worker_kill.py",
    "tests/test_example_plugin.py",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "serial: runs in the one serial xdist group (servers, brokers, browsers)"
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if item.get_closest_marker("serial") or path.startswith(SERIAL_PATHS):
            item.add_marker(pytest.mark.xdist_group(SERIAL_GROUP))
        elif _uses_module_fixture(item):
            # A module-scoped fixture (a built environment, a seeded database) is set up once
            # per worker that runs the module's tests: keep such a module on one worker —
            # one per backend, so that a long module's SQLite and PostgreSQL halves run side
            # by side (each half builds its own module fixture anyway).
            callspec = getattr(item, "callspec", None)
            backend = callspec.params.get("template_database") if callspec else None
            item.add_marker(pytest.mark.xdist_group(f"{path}:{backend}" if backend else path))


def _uses_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs[-1].scope == "module" for defs in info.name2fixturedefs.values() if defs)


@pytest.fixture(scope="session")
def plugin_site() -> Path:
    """The test plugin installed for the whole run (a dist-info on sys.path)."""
    return _PLUGIN_SITE


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
def database_url(
    template_database: tuple[str, str], request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A fresh, migrated database for one test (on PostgreSQL made ahead and dropped after
    the test on a background thread: see tests/support/databases.py)."""
    backend, template_url = template_database
    if backend == "sqlite":
        yield copy_sqlite(template_url, tmp_path / "test.sqlite3")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.copy_of(template_url.rsplit("/", 1)[1])
    yield url
    server.drop_later(url)


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


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Cheap argon2 parameters for the run (tests of the real parameters pass their own)."""
    from core.identity.passwords import use_hasher

    previous = use_hasher(FAST_HASHER)
    yield
    use_hasher(previous)


@pytest.fixture
def org_tree(platform: Platform) -> OrgTree:
    """乐陵市司法局 > two stations (A: 市中街道, B: 郑店镇) > one village each."""
    from core.db import session_scope
    from core.modules.service import set_active

    with session_scope(platform.engine) as session:
        tree = make_org_tree(session)
        for record in platform.host.loaded():  # a bureau that uses every installed module
            set_active(session, platform.host, tree.bureau, record.name, True)
        return tree


def _signed_in_client(
    platform: Platform, username: str, roles: dict[str, int | None]
) -> Iterator[TestClient]:
    from core.db import session_scope
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, host=platform.host)
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
        login(c, username)
        yield c


@pytest.fixture
def admin_client(platform: Platform, org_tree: OrgTree) -> Iterator[TestClient]:
    """Signed in as ``admin``: system administrator of every organisation."""
    yield from _signed_in_client(platform, "admin", {"system_admin": None})


@pytest.fixture
def station_a_client(platform: Platform, org_tree: OrgTree) -> Iterator[TestClient]:
    """Signed in as ``admin_a``: system administrator of station A and its village only."""
    yield from _signed_in_client(platform, "admin_a", {"system_admin": org_tree.station_a})


@pytest.fixture
def station_b_client(platform: Platform, org_tree: OrgTree) -> Iterator[TestClient]:
    """Signed in as ``admin_b``: system administrator of station B and its village only."""
    yield from _signed_in_client(platform, "admin_b", {"system_admin": org_tree.station_b})


@pytest.fixture(params=backends())
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all, per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return request.getfixturevalue("postgres").create(f"sifa_test_{run_id()}_empty")
