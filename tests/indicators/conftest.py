"""Fixtures for the indicator tests: a session on a fresh database and a county."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from core.platform import Platform
from tests.indicators.factories import County, make_county
from tests.support.auth import ensure_roles


@pytest.fixture
def session(platform: Platform) -> Iterator[Session]:
    with Session(platform.engine, expire_on_commit=False) as s:
        ensure_roles(s, platform.host)
        s.commit()
        yield s
        s.rollback()


@pytest.fixture
def county(session: Session, platform: Platform) -> County:
    """乐陵市司法局 with two stations (one village each), the test plugin active."""
    made = make_county(session, platform.host, 2)
    session.commit()
    return made
