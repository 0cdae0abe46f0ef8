"""The test kit (测试工具) for plugin authors and for sifa's own tests.

A plugin's tests boot the platform with just the core and that plugin on a migrated
throwaway database, build an organisation tree, sign staff in through the real login form
and post forms with their CSRF token, exactly as a browser would::

    from web.testing import OrgTree, boot_platform, make_org_tree, post_form, signed_in_client

    platform = boot_platform(tmp_path, {"myplugin": myplugin.plugin})
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
    with signed_in_client(platform, "zhang", {"station_staff": tree.station_a}) as client:
        assert client.get("/m/myplugin/items").status_code == 200

Accounts made here have chosen their password already (no forced change) unless asked; they
all use :data:`PASSWORD` unless given another. :func:`boot_platform` switches password
hashing to cheap argon2 parameters (:data:`FAST_HASHER`), as the suite does. The guide is
``docs/plugins.md`` ("Testing your plugin").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.identity import service
from core.identity.models import Role, StaffAccount
from core.identity.passwords import use_hasher
from core.identity.roles import sync_roles
from core.migrate import upgrade
from core.modules.service import set_active
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.platform import Platform
from core.plugins import Candidate, PluginHost
from core.settings import Settings

PASSWORD = "Qingshan-Lushui-7391"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CSRF_COOKIE = "sifa_csrf"


@dataclass(frozen=True)
class OrgTree:
    """乐陵市司法局 with two stations, each with one village (ids)."""

    bureau: int
    station_a: int
    station_b: int
    village_a: int
    village_b: int


def make_org_tree(session: Session, *, activate: PluginHost | None = None) -> OrgTree:
    """乐陵市司法局 > 市中街道 (A) and 郑店镇 (B) > one village each. With *activate*, every
    plugin that host loaded is switched on for the bureau (a module is off until then)."""
    bureau = create_org(session, name="乐陵市司法局", type=OrgType.BUREAU, division_code="371481")
    station_a = create_org(
        session, name="市中街道司法所", type=OrgType.STATION, parent_id=bureau.id
    )
    station_b = create_org(session, name="郑店镇司法所", type=OrgType.STATION, parent_id=bureau.id)
    village_a = create_org(session, name="前进社区", type=OrgType.COMMUNITY, parent_id=station_a.id)
    village_b = create_org(session, name="后刘村", type=OrgType.COMMUNITY, parent_id=station_b.id)
    tree = OrgTree(bureau.id, station_a.id, station_b.id, village_a.id, village_b.id)  # type: ignore[arg-type]
    for record in activate.loaded() if activate is not None else ():
        set_active(session, activate, tree.bureau, record.name, True)
    return tree


def ensure_roles(session: Session, host: PluginHost | None = None) -> None:
    """The built-in roles with their permissions (``sifa db upgrade`` does this for real)."""
    if host is not None or session.exec(select(Role.id)).first() is None:
        sync_roles(session, host)


def make_account(
    session: Session,
    username: str,
    *,
    roles: Mapping[str, int | None] | Iterable[tuple[str, int | None]] = (),
    org_id: int | None = None,
    password: str = PASSWORD,
    display_name: str | None = None,
    must_change_password: bool = False,
    host: PluginHost | None = None,
) -> StaffAccount:
    """An account holding each ``role code -> org id`` grant (None: every organisation).

    The home organisation defaults to the first grant's organisation.
    """
    ensure_roles(session, host)
    grants = list(roles.items() if isinstance(roles, Mapping) else roles)
    if org_id is None and grants:
        org_id = grants[0][1]
    account = service.create_account(
        session,
        username=username,
        display_name=display_name or username,
        password=password,
        org_id=org_id,
        must_change_password=must_change_password,
    )
    for role, where in grants:
        service.grant_role(session, account.id, role, where)  # type: ignore[arg-type]
    return account


def csrf_headers(client: TestClient[Any]) -> dict[str, str]:
    """The CSRF header a page's script would send (any safe request sets the cookie)."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/healthz")
    return {"x-csrftoken": client.cookies[CSRF_COOKIE]}


def post_form(client: TestClient[Any], url: str, data: Mapping[str, Any], **kwargs: Any) -> Any:
    """POST a form the way the browser does, CSRF token included; redirects not followed."""
    headers = {**csrf_headers(client), **kwargs.pop("headers", {})}
    return client.post(url, data=dict(data), headers=headers, follow_redirects=False, **kwargs)


def login(
    client: TestClient[Any], username: str, password: str = PASSWORD, *, expect_success: bool = True
) -> Any:
    """Sign *client* in through the real login form; returns the login POST's response."""
    client.get("/login")
    response = post_form(
        client, "/login", {"username": username, "password": password, "next": "/"}
    )
    if expect_success:
        assert response.status_code == 303, response.text
        assert "sifa_session" in client.cookies
    return response


class FakeClock:
    """A clock tests move by hand: ``clock.advance(minutes=31)``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def use_clock(client: TestClient[Any], clock: FakeClock) -> FakeClock:
    """Make the app behind *client* read the time from *clock*."""
    client.app.state["clock"] = clock
    return clock


def boot_platform(
    data_dir: Path,
    plugins: Mapping[str, Any],
    *,
    database_url: str | None = None,
) -> Platform:
    """The platform with only the core and *plugins* (``name -> plugin module``), on a freshly
    migrated database (SQLite under *data_dir* unless *database_url* is given).

    Loading goes through the same checks as entry points (metadata, core API range, hook
    signatures), so a plugin that would be refused in production is refused here too: look
    at ``platform.host.failed()`` (each record says why) when a test finds its plugin missing.
    """
    use_hasher(FAST_HASHER)
    data_dir.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{data_dir / 'test.sqlite3'}"
    candidates = [
        Candidate(name=name, distribution=f"sifa-{name}", dist_version="0", load=lambda m=module: m)
        for name, module in plugins.items()
    ]
    platform = Platform.boot(Settings(data_dir=data_dir, database_url=url), candidates)
    upgrade(platform.engine, platform.host)
    return platform


@contextmanager
def signed_in_client(
    platform: Platform, username: str, roles: Mapping[str, int | None]
) -> Iterator[TestClient[Any]]:
    """A test client of the whole app, signed in as a new account holding *roles*
    (``role code -> organisation id``, None for every organisation)."""
    from core.db import session_scope
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, host=platform.host)
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        login(client, username)
        yield client
