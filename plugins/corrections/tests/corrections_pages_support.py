"""Signed-in test clients for the corrections pages (one account per call)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient

from core.db import session_scope
from tests.support.auth import login, make_account


@contextmanager
def client_for(
    platform: Any, name: str, roles: dict[str, int | None], clock: Any = None
) -> Iterator[TestClient]:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, name, roles=roles, host=platform.host)
    app = create_app(platform=platform)
    if clock is not None:
        app.state.clock = clock
    with TestClient(app=app, raise_server_exceptions=False) as client:
        login(client, name)
        yield client
