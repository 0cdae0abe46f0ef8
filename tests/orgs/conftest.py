"""Fixtures for the organisation tree tests: a session on the fresh test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from core.platform import Platform


@pytest.fixture
def session(platform: Platform) -> Iterator[Session]:
    with Session(platform.engine, expire_on_commit=False) as s:
        yield s
