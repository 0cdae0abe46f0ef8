"""Accounts, an organisation tree, logged-in test clients and a fake clock, for any test.

    tree = make_org_tree(session)
    make_account(session, "mediator_a", roles={"mediator": tree.station_a}, host=platform.host)
    session.commit()
    login(client, "mediator_a")
    response = post_form(client, "/m/mediation/cases", {"title": "邻里纠纷"})

Accounts made here have chosen their password already (no forced change) unless asked;
they all use :data:`PASSWORD` unless given another. Password hashing is cheap in the test
run (see ``fast_password_hashing`` in ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.identity import service
from core.identity.models import Role, StaffAccount
from core.identity.roles import sync_roles
from core.orgs.models import OrgType
from core.orgs.service import create_org
from core.plugins import PluginHost

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


def make_org_tree(session: Session) -> OrgTree:
    bureau = create_org(session, name="乐陵市司法局", type=OrgType.BUREAU, division_code="371481")
    station_a = create_org(
        session, name="市中街道司法所", type=OrgType.STATION, parent_id=bureau.id
    )
    station_b = create_org(session, name="郑店镇司法所", type=OrgType.STATION, parent_id=bureau.id)
    village_a = create_org(session, name="前进社区", type=OrgType.COMMUNITY, parent_id=station_a.id)
    village_b = create_org(session, name="后刘村", type=OrgType.COMMUNITY, parent_id=station_b.id)
    return OrgTree(bureau.id, station_a.id, station_b.id, village_a.id, village_b.id)  # type: ignore[arg-type]


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
