"""Reading the audit trail for the audit page (审计查询): filters, scoping and paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from core.audit.models import AuditRecord

__all__ = ["AuditPage", "search_audit"]


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
    total = session.exec(select(func.count()).select_from(AuditRecord).where(*criteria)).one()
    rows = session.exec(
        select(AuditRecord)
        .where(*criteria)
        .order_by(col(AuditRecord.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return AuditPage(rows=list(rows), total=int(total))
