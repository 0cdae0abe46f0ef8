"""Recording things that are not row changes: logins, logouts, permission changes, unmasking.

Also the explicit path for changes the automatic recorder cannot see, such as bulk
``session.execute(update(...))`` statements, which bypass the ORM's unit of work.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import Session

from core.audit.chain import Entry
from core.audit.recorder import keep_entries

__all__ = ["AuditEvent", "record_event"]


class AuditEvent(StrEnum):
    """Event names the core records; plugins may use their own (at most 40 characters)."""

    LOGIN_SUCCESS = "login_success"
    LOGIN_FAILURE = "login_failure"
    LOGOUT = "logout"
    PERMISSION_CHANGE = "permission_change"
    UNMASK = "unmask"
    BULK_UPDATE = "bulk_update"
    BULK_DELETE = "bulk_delete"


def record_event(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    org_id: int | None = None,
    details: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> None:
    """Record one event in the session's current transaction (linked into the chain at commit).

    Actor, organisation, request id and IP default from :func:`core.audit.audit_context`.
    When *actor_id* differs from the context's actor (a failed login for an account, before
    anyone is logged in) pass *actor_name* as well. Pending changes in the session are
    flushed first, so the trail keeps the order in which the code made them. The record
    disappears with the transaction if it rolls back; callers that must keep a record of a
    refused action (a failed login) commit it in its own transaction.
    """
    if not action or len(action) > 40:
        raise ValueError(f"audit action must be 1-40 characters: {action!r}")
    session.flush()
    keep_entries(
        session,
        [
            Entry(
                action=str(action),
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                details=details,
                actor_id=actor_id,
                actor_name=actor_name,
                org_id=org_id,
            )
        ],
    )
