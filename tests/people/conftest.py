"""Fixtures for the people registry: a session on a fresh database and a small org tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlmodel import Session

from core.orgs.models import OrgType, OrgUnit
from core.platform import Platform


@pytest.fixture
def session(platform: Platform) -> Iterator[Session]:
    with Session(platform.engine, expire_on_commit=False) as s:
        yield s
        s.rollback()


@dataclass
class Tree:
    bureau: OrgUnit
    station_a: OrgUnit
    station_b: OrgUnit

    @staticmethod
    def scope(unit: OrgUnit) -> Select[Any]:
        """What the scoping helper returns: the ids of *unit* and everything under it."""
        return select(OrgUnit.id).where(OrgUnit.path.startswith(unit.path))  # type: ignore[attr-defined]


def _add(session: Session, name: str, type_: OrgType, parent: OrgUnit | None) -> OrgUnit:
    unit = OrgUnit(
        name=name,
        type=type_,
        parent_id=parent.id if parent else None,
        depth=parent.depth + 1 if parent else 0,
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit


@pytest.fixture
def tree(session: Session) -> Tree:
    bureau = _add(session, "乐陵市司法局", OrgType.BUREAU, None)
    return Tree(
        bureau=bureau,
        station_a=_add(session, "市中司法所", OrgType.STATION, bureau),
        station_b=_add(session, "胡家司法所", OrgType.STATION, bureau),
    )
