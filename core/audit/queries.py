"""Reading the audit trail for the audit page (审计查询): filters, scoping and paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from core.audit.models import AuditRecord

__all__ = ["AuditPage", "iter_audit", "search_audit"]


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of records, newest first, and how many match in all."""

    rows: list[AuditRecord]
    total: int


def search_audit(
    session: Session,
    *,
    org_ids_select: Select[Any] | None = None,
    actor_id: int | None = None,
    entity: str | None = None,
    org_id: int | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    action: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> AuditPage:
    """Records matching every given filter, newest first.

    *org_ids_select* is the scoping input: a select of the organisation ids the viewer may
    see (from the scoping helper). With it, records without an organisation — logins of
    unknown users, system events — are not shown; only an unscoped caller sees them.
    The time range is half-open, ``date_from <= at < date_to``; the page turns the user's
    local dates into aware datetimes.
    """
    criteria = _criteria(
        org_ids_select=org_ids_select,
        actor_id=actor_id,
        entity=entity,
        org_id=org_id,
        date_from=date_from,
        date_to=date_to,
        action=action,
    )
    total = session.exec(select(func.count()).select_from(AuditRecord).where(*criteria)).one()
    rows = session.exec(
        select(AuditRecord)
        .where(*criteria)
        .order_by(col(AuditRecord.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return AuditPage(rows=list(rows), total=int(total))


def iter_audit(
    session: Session,
    *,
    org_ids_select: Select[Any] | None = None,
    actor_id: int | None = None,
    entity: str | None = None,
    org_id: int | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    action: str | None = None,
    limit: int | None = None,
    batch_size: int = 1000,
) -> Iterator[AuditRecord]:
    """The records :func:`search_audit` would list, newest first, read a batch at a time.

    For exports: each batch continues below the last id seen (keyset paging), so records
    appended meanwhile neither shift nor repeat rows, and memory stays flat however long
    the trail. At most *limit* records when given.
    """
    criteria = _criteria(
        org_ids_select=org_ids_select,
        actor_id=actor_id,
        entity=entity,
        org_id=org_id,
        date_from=date_from,
        date_to=date_to,
        action=action,
    )
    last_id: int | None = None
    left = limit
    while left is None or left > 0:
        size = batch_size if left is None else min(batch_size, left)
        query = select(AuditRecord).where(*criteria)
        if last_id is not None:
            query = query.where(col(AuditRecord.id) < last_id)
        rows = session.exec(query.order_by(col(AuditRecord.id).desc()).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        last_id = rows[-1].id
        if left is not None:
            left -= len(rows)


def _criteria(
    *,
    org_ids_select: Select[Any] | None,
    actor_id: int | None,
    entity: str | None,
    org_id: int | None,
    date_from: datetime | None,
    date_to: datetime | None,
    action: str | None,
) -> list[Any]:
    """The WHERE clauses of the filters, shared by the page and the export."""
    criteria: list[Any] = []
    if org_ids_select is not None:
        criteria.append(col(AuditRecord.org_id).in_(org_ids_select))
    if actor_id is not None:
        criteria.append(AuditRecord.actor_id == actor_id)
    if entity is not None:
        criteria.append(AuditRecord.entity == entity)
    if org_id is not None:
        criteria.append(AuditRecord.org_id == org_id)
    if date_from is not None:
        criteria.append(col(AuditRecord.at) >= date_from)
    if date_to is not None:
        criteria.append(col(AuditRecord.at) < date_to)
    if action is not None:
        criteria.append(AuditRecord.action == action)
    return criteria
