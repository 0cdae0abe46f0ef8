"""Many users at once: no request waits without bound, and nothing freezes the server.

The scenario of issue 18: staff sign in at the same moment; each sign-in is an audited
write. A request's transaction must end in the thread that ran its handler (otherwise the
lock it holds waits for a thread while every thread waits for that lock), and a request that
cannot get a lock in time answers 503 "系统繁忙，请稍后重试" instead of hanging or failing
with 500.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from core.audit.chain import CHAIN_LOCK_KEY
from core.audit.verify import verify_chain
from core.db import session_scope
from core.identity.models import StaffSession
from core.platform import Platform
from core.settings import Settings
from tests.support.auth import PASSWORD, OrgTree, csrf_headers, make_account
from web.app import create_app
from web.unit_of_work import DB_PARAMETER, handler_is_wrapped


@pytest.fixture
def few_threads(database_url: str, tmp_path: Path) -> Iterator[Platform]:
    """A platform whose web process has only two handler threads and a short lock wait."""
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database_url, web_threads=2, db_lock_timeout=1.0
    )
    platform = Platform.boot(settings)
    yield platform
    platform.engine.dispose()


def _accounts(platform: Platform, names: list[str], org_id: int) -> None:
    with session_scope(platform.engine) as session:
        for name in names:
            make_account(session, name, roles={"station_staff": org_id}, host=platform.host)


def _sign_in(client: TestClient[Any], username: str) -> Any:
    return client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "next": "/"},
        headers=csrf_headers(client),
        follow_redirects=False,
    )


def test_every_handler_that_takes_the_session_commits_in_its_own_call(
    client: TestClient[Any],
) -> None:
    handlers = [
        handler
        for route in client.app.routes
        for handler in getattr(route, "route_handlers", ())
        if isinstance(handler, HTTPRouteHandler)
        and DB_PARAMETER in handler.parsed_fn_signature.parameters
    ]
    assert len(handlers) > 50  # core and every plugin's pages
    assert [h.handler_name for h in handlers if not handler_is_wrapped(h)] == []


def test_more_simultaneous_sign_ins_than_threads_all_answer(
    few_threads: Platform, org_tree_of_few: OrgTree
) -> None:
    """Eight sign-ins at once on two handler threads: each one answers, none waits forever."""
    names = [f"staff{n}" for n in range(8)]
    _accounts(few_threads, names, org_tree_of_few.station_a)
    with TestClient(app=create_app(platform=few_threads), raise_server_exceptions=False) as client:
        client.get("/login")
        go = threading.Barrier(len(names))

        def sign_in(name: str) -> tuple[int, float]:
            go.wait(timeout=10)
            started = time.perf_counter()
            response = _sign_in(client, name)
            return response.status_code, time.perf_counter() - started

        with ThreadPoolExecutor(len(names)) as pool:
            answers = list(pool.map(sign_in, names, timeout=60))

    assert [status for status, _ in answers] == [303] * len(names)
    assert max(seconds for _, seconds in answers) < 20
    with few_threads.engine.connect() as connection:
        assert verify_chain(connection).ok


@pytest.fixture
def org_tree_of_few(few_threads: Platform) -> OrgTree:
    from tests.support.auth import make_org_tree

    with session_scope(few_threads.engine) as session:
        return make_org_tree(session, activate=few_threads.host)


def _hold_write_lock(engine: Engine) -> Any:
    """Take what every audited write needs, in another connection, until released."""
    connection = engine.connect()
    if engine.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.begin()
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})
    return connection


def test_a_request_that_cannot_get_its_lock_answers_503_busy_and_saves_nothing(
    few_threads: Platform, org_tree_of_few: OrgTree
) -> None:
    _accounts(few_threads, ["zhang"], org_tree_of_few.station_a)
    with TestClient(app=create_app(platform=few_threads), raise_server_exceptions=False) as client:
        client.get("/login")
        holder = _hold_write_lock(few_threads.engine)
        try:
            started = time.perf_counter()
            busy = _sign_in(client, "zhang")
            waited = time.perf_counter() - started
            fragment = client.post(
                "/login",
                data={"username": "zhang", "password": PASSWORD},
                headers={**csrf_headers(client), "HX-Request": "true"},
            )
        finally:
            holder.rollback()
            holder.close()
        assert busy.status_code == 503
        assert "系统繁忙，请稍后重试" in busy.text
        assert busy.headers["retry-after"] == "5"
        assert waited < 10  # the lock timeout is 1 s: an answer, not a hang
        assert fragment.status_code == 503 and "系统繁忙" in fragment.text
        with Session(few_threads.engine) as session:
            assert session.exec(select(StaffSession)).all() == []  # nothing was saved

        assert _sign_in(client, "zhang").status_code == 303  # once the lock is free
    with few_threads.engine.connect() as connection:
        assert verify_chain(connection).ok


def test_a_page_whose_session_touch_cannot_get_the_lock_answers_503_too(
    few_threads: Platform, org_tree_of_few: OrgTree
) -> None:
    """Resolving the session cookie writes ``last_seen_at`` (at most once a minute) before
    the handler runs; that write waiting for a lock is answered like any other."""
    from tests.support.auth import FakeClock, login, use_clock

    _accounts(few_threads, ["lisi"], org_tree_of_few.station_a)
    with TestClient(app=create_app(platform=few_threads), raise_server_exceptions=False) as client:
        clock = use_clock(client, FakeClock())
        login(client, "lisi")
        clock.advance(minutes=2)
        holder = _hold_write_lock(few_threads.engine)
        try:
            page = client.get("/inbox")
        finally:
            holder.rollback()
            holder.close()
        assert page.status_code in (200, 503)  # PostgreSQL: a row update takes no chain lock
        if few_threads.engine.dialect.name == "sqlite":
            assert page.status_code == 503 and "系统繁忙" in page.text
        assert client.get("/inbox").status_code == 200
