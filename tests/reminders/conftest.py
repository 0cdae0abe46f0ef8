"""A bureau with people to remind: a mediator in a village of station A, the station's
head, the bureau's leader, and the same below station B; signed-in clients on demand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.testing import TestClient

from core.db import session_scope
from core.modules.service import set_active
from core.platform import Platform
from core.settings import Settings

# The Redis/RabbitMQ worker fixtures, for test_worker_kill.py (skipped without the services).
from tests.scheduling.test_brokers import broker_url, platform_on_broker, workers  # noqa: F401
from tests.support.auth import (
    FakeClock,
    OrgTree,
    login,
    make_account,
    make_org_tree,
    use_clock,
)
from tests.support.databases import copy_sqlite, run_id

#: 09:00 Beijing time on Monday 4 March 2030. Years ahead of the real clock on purpose: the
#: web app's embedded scheduler runs the reminder jobs on real time, and for it nothing in
#: these tests is due yet, so it can never race a test.
T0 = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Staff:
    """Account ids of the people the tests remind and escalate to."""

    tree: OrgTree
    mediator: int  # 调解员 at 前进社区 (village of station A)
    head_a: int  # 司法所所长 of station A
    leader: int  # 局领导 of the bureau
    mediator_b: int  # 调解员 at 后刘村 (village of station B)
    head_b: int  # 司法所所长 of station B


def make_staff(platform: Platform, org_tree: OrgTree) -> Staff:
    """The five accounts, the same ids on any fresh database with the same tree."""
    with session_scope(platform.engine) as session:

        def account(name: str, display: str, role: str, org: int) -> int:
            return make_account(  # type: ignore[return-value]
                session, name, roles={role: org}, display_name=display, host=platform.host
            ).id

        return Staff(
            tree=org_tree,
            mediator=account("wang_tj", "王调解", "mediator", org_tree.village_a),
            head_a=account("li_sz", "李所长", "station_head", org_tree.station_a),
            leader=account("zhao_jz", "赵局长", "bureau_leader", org_tree.bureau),
            mediator_b=account("sun_tj", "孙调解", "mediator", org_tree.village_b),
            head_b=account("zhou_sz", "周所长", "station_head", org_tree.station_b),
        )


@pytest.fixture
def staff(platform: Platform, org_tree: OrgTree) -> Staff:
    return make_staff(platform, org_tree)


@pytest.fixture
def twin(
    template_database: tuple[str, str], request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Platform, Staff]]:
    """A second fresh database of the same backend with the same bureau and staff, to run
    the uninterrupted version of something and compare."""
    backend, template_url = template_database
    if backend == "sqlite":
        url = copy_sqlite(template_url, tmp_path / "twin.sqlite3")
    else:
        url = request.getfixturevalue("postgres").create(
            f"sifa_test_{run_id()}", template=template_url.rsplit("/", 1)[1]
        )
    other = Platform.boot(Settings(data_dir=tmp_path / "twin-data", database_url=url))
    with session_scope(other.engine) as session:
        tree = make_org_tree(session)
        for record in other.host.loaded():
            set_active(session, other.host, tree.bureau, record.name, True)
    yield other, make_staff(other, tree)
    other.engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


class Desks:
    """Signed-in clients sharing one fake clock; moving the clock signs them in again
    (a day later the 30-minute idle timeout has ended every session)."""

    def __init__(self, platform: Platform, clock: FakeClock) -> None:
        self.platform = platform
        self.clock = clock
        self.clients: dict[str, TestClient] = {}

    def __call__(self, username: str) -> TestClient:
        from web.app import create_app

        client = TestClient(app=create_app(platform=self.platform), raise_server_exceptions=False)
        client.__enter__()
        self.clients[username] = client
        use_clock(client, self.clock)
        login(client, username)
        return client

    def advance(self, **delta: float) -> datetime:
        now = self.clock.advance(**delta)
        for username, client in self.clients.items():
            login(client, username)
        return now

    def close(self) -> None:
        for client in self.clients.values():
            client.__exit__(None, None, None)


@pytest.fixture
def signed_in(platform: Platform, clock: FakeClock) -> Iterator[Desks]:
    """``signed_in("li_sz")``: a client signed in as that account, on the shared fake clock;
    ``signed_in.advance(days=1)`` moves the clock for all of them."""
    desks = Desks(platform, clock)
    yield desks
    desks.close()
