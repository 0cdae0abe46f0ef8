"""逾期统计: open overdue and due-soon items counted by station, for leaders.

Items belong to any organisation (a village, a station, a bureau); leaders think in
stations. Each item is counted under the nearest station at or above its organisation, or
under its own organisation when there is none (an item of the bureau itself). Only rows
in the leader's scope are counted — the caller passes the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from core.identity.scoping import OrgScope
from core.orgs.models import OrgType, OrgUnit
from core.orgs.rules import as_type
from core.orgs.tree import path_ids, subtree_ids_select
from core.reminders.models import DueItem
from core.reminders.states import DueState, state_clause

__all__ = ["StationCount", "overdue_by_station", "station_of"]


@dataclass
class StationCount:
    """One row of the statistics: a station (or other unit) and its open items."""

    org_id: int
    name: str
    parent_name: str
    overdue: int = 0
    escalated: int = 0
    due_soon: int = 0
    oldest_due_at: datetime | None = None


def station_of(org: OrgUnit, types: dict[int, tuple[OrgType | str, str, int | None]]) -> int:
    """The nearest station at or above ``org`` (``types``: id → type, name, parent)."""
    for ancestor in reversed(path_ids(org.path)):
        info = types.get(ancestor)
        if info is not None and info[0] == OrgType.STATION:
            return ancestor
    return org.id  # type: ignore[return-value]


def overdue_by_station(
    session: Session, scope: OrgScope, now: datetime, *, root: OrgUnit | None = None
) -> list[StationCount]:
    """Counts of open overdue (and how many escalated) and due-soon items per station.

    Stations without such items are not listed. Sorted by overdue count, then name.
    """
    overdue = state_clause(DueState.OVERDUE, now)
    soon = state_clause(DueState.DUE_SOON, now)
    query: Any = (
        select(
            DueItem.org_id,
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((overdue & (col(DueItem.escalation_level) >= 1), 1), else_=0)),
            func.sum(case((soon, 1), else_=0)),
            func.min(case((overdue, DueItem.due_at), else_=None)),
        )
        .where(scope.where(DueItem.org_id), overdue | soon)
        .group_by(DueItem.org_id)
    )
    if root is not None:
        query = query.where(col(DueItem.org_id).in_(subtree_ids_select(root)))
    per_org = session.exec(query).all()
    if not per_org:
        return []
    orgs = {
        o.id: o
        for o in session.exec(
            select(OrgUnit).where(col(OrgUnit.id).in_([row[0] for row in per_org]))
        ).all()
    }
    related = {i for o in orgs.values() for i in path_ids(o.path)}
    types = {
        oid: (as_type(kind), name, parent)
        for oid, kind, name, parent in session.exec(
            select(OrgUnit.id, OrgUnit.type, OrgUnit.name, OrgUnit.parent_id).where(
                col(OrgUnit.id).in_(related)
            )
        ).all()
    }
    rows: dict[int, StationCount] = {}
    for org_id, n_overdue, n_escalated, n_soon, oldest in per_org:
        station = station_of(orgs[org_id], types)
        _, name, parent = types[station]
        row = rows.get(station)
        if row is None:
            parent_name = types[parent][1] if parent in types else ""
            row = rows[station] = StationCount(station, name, parent_name)
        row.overdue += int(n_overdue or 0)
        row.escalated += int(n_escalated or 0)
        row.due_soon += int(n_soon or 0)
        if oldest is not None:
            oldest = _aware(oldest)
            if row.oldest_due_at is None or oldest < row.oldest_due_at:
                row.oldest_due_at = oldest
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.due_soon, r.name))


def _aware(value: datetime | str) -> datetime:
    """MIN() over a CASE loses the column type on SQLite: parse and mark it UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
