"""Helpers for the organisation tree tests: row snapshots and a statement log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from core.orgs.models import OrgUnit


def snapshot(session: Session) -> list[tuple[Any, ...]]:
    """Every column of every organisation, for "nothing changed" comparisons."""
    session.expire_all()
    rows = session.exec(select(OrgUnit).order_by(OrgUnit.id)).all()
    return [tuple(getattr(row, c.name) for c in OrgUnit.__table__.columns) for row in rows]  # type: ignore[attr-defined]


class StatementLog:
    """The SQL statements sent on an engine while the log is open."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> StatementLog:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def count(self, prefix: str) -> int:
        return sum(1 for s in self.statements if s.lstrip().upper().startswith(prefix))
