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
from datetime import UTC, date, datetime, timedelta
from itertools import count
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
from core.orgs.models import OrgType, OrgUnit
from core.orgs.rules import TYPE_LABELS
from core.orgs.service import create_org
from core.people.identity_numbers import make_resident_id
from core.people.models import Person
from core.people.service import register_person
from core.platform import Platform
from core.plugins import Candidate, PluginHost
from core.scheduling.models import JobRun, RunStatus
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


def use_clock(target: TestClient[Any] | Platform, clock: FakeClock) -> FakeClock:
    """Read the time from *clock*.

    For a platform: everywhere — its requests (unless a client has its own clock), jobs
    (:func:`run_job`, ``JobContext.now()``), referral receivers and scripts
    (``core.api.now()``). For a test client: the requests of the app behind it, and what
    they call (a receiver of a referral sent from a page reads the same clock).
    """
    if isinstance(target, Platform):
        target.clock = clock
    else:
        target.app.state["clock"] = clock
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


# -- factories: people, organisations, staff ---------------------------------------------

_serial = count(1)


def resident_id(
    birth: date = date(1980, 5, 17), *, female: bool = False, region: str = "371481"
) -> str:
    """A valid 18-digit resident identity number (check digit included), different on every
    call: ``resident_id(date(1990, 3, 7), female=True)``. *region* is a county code
    (371481 is 乐陵市)."""
    n = next(_serial)
    return make_resident_id(region, birth + timedelta(days=n // 500), n % 500, female)


def make_person(
    session: Session,
    org_id: int,
    *,
    name: str = "张秀英",
    female: bool = True,
    birth: date = date(1980, 5, 17),
    **fields: Any,
) -> Person:
    """A person of the core registry, registered by *org_id*, with a valid identity number
    (sex and birth date follow from it). Any other form field (``phone``, ``address`` …)
    may be given; ``id_type="none"`` with ``no_id_reason`` makes a person without one."""
    data: dict[str, Any] = {"name": name}
    if fields.get("id_type", "resident_id") == "resident_id":
        data |= {"id_type": "resident_id", "id_number": resident_id(birth, female=female)}
    return register_person(session, {**data, **fields}, org_id=org_id)


def make_org(
    session: Session,
    type: OrgType | str,
    parent_id: int | None = None,
    *,
    name: str | None = None,
    **fields: Any,
) -> OrgUnit:
    """An organisation of any type, under *parent_id* (None: a root, where the type may be
    one). The name defaults to the type's Chinese label and a number; a mediation committee
    gets ``committee_kind="village"`` unless given. The tree's rules apply as in production
    (``InvalidParent`` for a station without a bureau above it)."""
    kind = OrgType(type) if type in OrgType._value2member_map_ else type
    label = TYPE_LABELS[kind][0] if isinstance(kind, OrgType) else str(type)
    if kind == OrgType.MEDIATION_COMMITTEE:
        fields.setdefault("committee_kind", "village")
    return create_org(
        session,
        name=name or f"测试{label}{next(_serial)}",
        type=type,
        parent_id=parent_id,
        **fields,
    )


def make_staff(
    session: Session,
    org_id: int,
    *roles: str,
    username: str | None = None,
    host: PluginHost | None = None,
) -> StaffAccount:
    """A staff account of *org_id* holding each of *roles* there (default ``station_staff``);
    pass the platform's ``host`` so plugins' permissions are granted to their roles."""
    return make_account(
        session,
        username or f"staff{next(_serial)}",
        roles=[(role, org_id) for role in roles or ("station_staff",)],
        org_id=org_id,
        host=host,
    )


# -- jobs and hooks ----------------------------------------------------------------------


def run_job(
    platform: Platform,
    name: str,
    *,
    slot: datetime | None = None,
    params: Mapping[str, Any] | None = None,
    expect_done: bool = True,
) -> JobRun:
    """Run the job *name* once, here and now, the way a worker runs it (a run row, the
    job's audit context ``job:<name>``, the platform's clock), and return its run row.

    A periodic job stands for one cron minute: pass ``slot`` (aware; it is stored in UTC).
    The same slot twice is refused, as the scheduler never runs a slot twice: run a second
    slot to see that the job does not repeat its work. With ``expect_done`` (the default) a
    failed run raises ``AssertionError`` carrying the job's traceback.
    """
    from core.scheduling.catalogue import job_catalogue
    from core.scheduling.execution import execute_run
    from core.scheduling.runs import insert_run

    job = job_catalogue(platform.host).get(name)
    with platform.engine.begin() as conn:
        run_id, token = insert_run(
            conn,
            name,
            slot=slot.astimezone(UTC) if slot is not None else None,
            params=dict(params) if params is not None else None,
            now=platform.now(),
        )
    execute_run(platform, job, run_id, token)
    with Session(platform.engine) as session:
        run = session.get(JobRun, run_id)
        assert run is not None
        session.expunge(run)
    if expect_done:
        assert run.status == RunStatus.DONE, f"job {name} ended {run.status}: {run.error}"
    return run


def hook_results(host: PluginHost, hook: str, **kwargs: Any) -> dict[str, Any]:
    """What each loaded plugin answers to *hook*, by plugin name: runtime hooks are called
    with *kwargs* (exactly the hook's arguments), declaration hooks (no arguments) give what
    the host collected when it loaded. ``hook_results(host, "sifa_person_timeline",
    person_id=7, session=s)["myplugin"]``."""
    caller = getattr(host.pm.hook, hook, None)
    if caller is None or caller.spec is None:
        raise TypeError(f"unknown hook: {hook}")
    if not caller.spec.argnames:
        return {
            impl.plugin_name: impl.function()
            for impl in caller.get_hookimpls()
            if impl.plugin_name in {r.name for r in host.loaded()}
        }
    return {result.plugin: result.value for result in host.call_collect(hook, **kwargs)}


def hook_result(host: PluginHost, hook: str, plugin: str, **kwargs: Any) -> Any:
    """One plugin's answer to *hook* (``KeyError`` naming the plugins that answered when it
    gave none)."""
    results = hook_results(host, hook, **kwargs)
    if plugin not in results:
        raise KeyError(f"{plugin} gave no answer to {hook}; answered: {sorted(results)}")
    return results[plugin]
