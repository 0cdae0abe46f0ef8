"""Fixtures for identity tests: a session on a fresh database with the roles in place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from core.platform import Platform
from tests.support.auth import OrgTree, ensure_roles, make_org_tree


@pytest.fixture
def session(platform: Platform) -> Iterator[Session]:
    with Session(platform.engine, expire_on_commit=False) as s:
        ensure_roles(s, platform.host)
        s.commit()
        yield s
        s.rollback()


@pytest.fixture
def tree(session: Session) -> OrgTree:
    tree = make_org_tree(session)
    session.commit()
    return tree
