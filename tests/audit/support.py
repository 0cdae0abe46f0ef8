"""Helpers shared by the audit tests."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.audit.models import AuditRecord


def audit_records(engine: Engine) -> list[AuditRecord]:
    """Every record in chain order, read in a session of its own."""
    with Session(engine) as session:
        return list(session.exec(select(AuditRecord).order_by(col(AuditRecord.id))).all())
