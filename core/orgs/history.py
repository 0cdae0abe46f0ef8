"""Organisation history (区划沿革): merges, renames and moves with the date they took effect.

Townships merge and split (撤乡并镇), stations move and villages are renamed, yet a record
stays with the unit it belonged to when it was made: nothing is rewritten. What changes is
the tree, and each change is kept here as a row of ``org_change`` with its effective date,
so that the tree can be read as it was on any day.

* A **move** records the old and the new parent (every :func:`core.orgs.service.move_subtree`
  records one).
* A **rename** records the old and the new name.
* A **recode** records the old and the new official division code (代码变更); the unit and
  its records stay the same, so past indicators are unaffected.
* A **merge** of a unit into another (its successor) moves the unit's children under the
  successor, records the succession and switches the unit off; its own records stay with it.
  A split is a set of moves of the children plus a succession to the unit that carries on.

Indicators for past periods can then be shown two ways (:func:`counted_ids_select`,
:func:`units_as_of`, :func:`chains_as_of`): *re-mapped onto today's tree* (a merged unit's
figures count under its successor, so year-on-year comparisons compare like with like) or
*as they were* (the tree on the period's last day). Both split the same rows, so the totals
above the changed units agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, String, exists, or_, union
from sqlmodel import Field, Session, SQLModel, col, select

from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids, subtree_ids_select

__all__ = [
    "ChangeKind",
    "OrgChange",
    "chains_as_of",
    "changes_of",
    "counted_ids_select",
    "has_history",
    "merged_into",
    "record_change",
    "successors",
    "units_as_of",
]

BEIJING = timezone(timedelta(hours=8))
#: ``session.info`` key: whether any merge is recorded (asked once per session).
_HAS_MERGES = "sifa.org_history.merges"


def beijing_today() -> date:
    return datetime.now(UTC).astimezone(BEIJING).date()


class ChangeKind(StrEnum):
    MOVE = "move"
    RENAME = "rename"
    MERGE = "merge"
    RECODE = "recode"


class OrgChange(SQLModel, table=True):
    """One change of the tree and the day it took effect (the record is never edited)."""

    __tablename__ = "org_change"
    __table_args__ = (
        Index("ix_org_change_effective", "effective_on", "id"),
        {"info": {"audit_org_attr": "org_id"}},
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: ChangeKind = Field(sa_column=Column(String(16), nullable=False))
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    effective_on: date
    from_parent_id: int | None = Field(default=None, foreign_key="org_unit.id")
    to_parent_id: int | None = Field(default=None, foreign_key="org_unit.id")
    successor_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    old_name: str | None = Field(default=None, max_length=100)
    new_name: str | None = Field(default=None, max_length=100)
    old_code: str | None = Field(default=None, max_length=12)
    new_code: str | None = Field(default=None, max_length=12)
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def record_change(session: Session, kind: ChangeKind, org_id: int, **values: Any) -> OrgChange:
    """Keep one change (audited like every row); ``effective_on`` defaults to today."""
    values.setdefault("effective_on", beijing_today())
    change = OrgChange(kind=kind, org_id=org_id, **values)
    session.add(change)
    if kind == ChangeKind.MERGE:
        session.info.pop(_HAS_MERGES, None)
    session.flush()
    return change


def changes_of(session: Session, org_id: int) -> list[OrgChange]:
    """Every change of the unit, of what moved in or out of it, or that made it a
    successor, newest first."""
    statement = (
        select(OrgChange)
        .where(
            or_(
                col(OrgChange.org_id) == org_id,
                col(OrgChange.successor_id) == org_id,
                col(OrgChange.from_parent_id) == org_id,
                col(OrgChange.to_parent_id) == org_id,
            )
        )
        .order_by(col(OrgChange.effective_on).desc(), col(OrgChange.id).desc())
    )
    return list(session.exec(statement).all())


def has_history(session: Session, org: OrgUnit) -> bool:
    """Whether a change is recorded for any unit of *org*'s branch (offer the two views)."""
    statement = select(
        exists().where(
            col(OrgChange.org_id).in_(subtree_ids_select(org))
            | col(OrgChange.successor_id).in_(subtree_ids_select(org))
        )
    )
    return bool(session.exec(statement).one())


# -- re-mapped onto today's tree -----------------------------------------------------------


def _has_merges(session: Session) -> bool:
    if _HAS_MERGES not in session.info:
        found = session.exec(select(exists().where(col(OrgChange.kind) == ChangeKind.MERGE))).one()
        session.info[_HAS_MERGES] = bool(found)
    return bool(session.info[_HAS_MERGES])


def successors(session: Session) -> dict[int, int]:
    """Each merged unit's successor today (a chain A→B→C gives A→C), cycles ignored."""
    direct = {
        org_id: successor
        for org_id, successor in session.exec(
            select(OrgChange.org_id, OrgChange.successor_id)
            .where(col(OrgChange.kind) == ChangeKind.MERGE)
            .order_by(col(OrgChange.effective_on), col(OrgChange.id))
        ).all()
        if successor is not None
    }
    final: dict[int, int] = {}
    for start in direct:
        seen, current = {start}, direct[start]
        while current in direct and direct[current] not in seen:
            seen.add(current)
            current = direct[current]
        final[start] = current
    return final


def merged_into(session: Session, org: OrgUnit) -> list[OrgUnit]:
    """Units outside *org*'s branch that were merged into a unit inside it."""
    if not _has_merges(session):
        return []
    final = successors(session)
    if not final:
        return []
    prefix = org.path
    paths = dict(
        session.exec(
            select(OrgUnit.id, OrgUnit.path).where(col(OrgUnit.id).in_(set(final.values())))
        ).all()
    )
    inside = [m for m, s in final.items() if paths.get(s, "").startswith(prefix)]
    found = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(inside))).all()
    return sorted(
        (m for m in found if not m.path.startswith(prefix)), key=lambda u: (u.name, u.id or 0)
    )


def counted_ids_select(session: Session, org: OrgUnit) -> Any:
    """The organisations whose rows count for *org* on today's tree: its branch plus every
    merged unit whose successor lies in the branch (and their branches)."""
    branch = subtree_ids_select(org)
    merged_in = merged_into(session, org)
    if not merged_in:
        return branch
    return union(branch, *(subtree_ids_select(m) for m in merged_in))


def remap_today(session: Session, per_org: dict[int, Any]) -> dict[int, Any]:
    """*per_org* with each merged unit's rows moved onto its successor (counts added)."""
    if not _has_merges(session):
        return per_org
    final = successors(session)
    out: dict[int, Any] = {}
    for org_id, counts in per_org.items():
        owner = final.get(org_id, org_id)
        out[owner] = out[owner] + counts if owner in out else counts
    return out


# -- as they were --------------------------------------------------------------------------


def _parents(session: Session, ids: Iterable[int]) -> dict[int, int | None]:
    wanted = sorted(set(ids))
    found: dict[int, int | None] = {}
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        found.update(
            session.exec(
                select(OrgUnit.id, OrgUnit.parent_id).where(col(OrgUnit.id).in_(chunk))
            ).all()
        )
    return found


def _moves_after(session: Session, day: date) -> list[OrgChange]:
    return list(
        session.exec(
            select(OrgChange)
            .where(col(OrgChange.kind) == ChangeKind.MOVE, col(OrgChange.effective_on) > day)
            .order_by(col(OrgChange.effective_on).desc(), col(OrgChange.id).desc())
        ).all()
    )


def chains_as_of(session: Session, org_ids: Iterable[int], day: date) -> dict[int, list[int]]:
    """For each organisation, its ancestors and itself (root first) on *day*: today's tree
    with every move that took effect after *day* undone, newest first."""
    ids = set(org_ids)
    moves = _moves_after(session, day)
    if not moves:
        paths = dict(
            session.exec(select(OrgUnit.id, OrgUnit.path).where(col(OrgUnit.id).in_(ids))).all()
        )
        return {i: path_ids(p) for i, p in paths.items()}
    parents = _parents(session, ids | {m.org_id for m in moves})
    for move in moves:  # newest first: each undo restores the parent before that move
        parents[move.org_id] = move.from_parent_id
    chains: dict[int, list[int]] = {}
    for org_id in ids:
        chain, current, seen = [], org_id, set()
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            if current not in parents:
                parents.update(_parents(session, [current]))
            current = parents.get(current)
        chains[org_id] = list(reversed(chain))
    return chains


def units_as_of(session: Session, org: OrgUnit, day: date) -> list[OrgUnit]:
    """*org*'s children on *day*: today's children and those moved away since, less those
    moved in since. (Creation dates are not used: a bureau often enters in the platform
    units whose records go back years.)"""
    moves = _moves_after(session, day)
    parents: dict[int, int | None] = {}
    for move in moves:  # oldest undo last, so the earliest recorded parent wins
        parents[move.org_id] = move.from_parent_id
    current = list(session.exec(select(OrgUnit).where(col(OrgUnit.parent_id) == org.id)).all())
    ids = {u.id for u in current if parents.get(u.id, org.id) == org.id}  # type: ignore[arg-type]
    ids |= {i for i, p in parents.items() if p == org.id}
    if not ids:
        return []
    units = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(ids))).all()
    return sorted(units, key=lambda u: (u.name, u.id or 0))


def assign_as_of(
    chains: dict[int, list[int]], per_org: dict[int, Any], units: Sequence[OrgUnit], zero: Any
) -> tuple[dict[int, Any], dict[int, Any]]:
    """Sum *per_org* into *units* by the historical *chains*; rows under none are left over."""
    unit_ids = {u.id for u in units if u.id is not None}
    by_unit: dict[int, Any] = {uid: zero for uid in unit_ids}
    rest: dict[int, Any] = {}
    for org_id, counts in per_org.items():
        owner = next((i for i in chains.get(org_id, []) if i in unit_ids), None)
        if owner is None:
            rest[org_id] = rest.get(org_id, zero) + counts
        else:
            by_unit[owner] = by_unit[owner] + counts
    return by_unit, rest
