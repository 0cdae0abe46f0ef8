"""Who is acting, for which organisation, in which request (审计上下文).

The audit recorder runs deep inside a database flush, far from the request or command that
caused it, so the acting user, request id and client address travel in a context variable.
The web layer opens :func:`audit_context` once per request, CLI commands open it with a
``cli:<os user>`` actor, and jobs with ``job:<name>``; nested contexts override only the
fields they name.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "SYSTEM_ACTOR",
    "AuditContext",
    "audit_context",
    "cli_actor_name",
    "current_audit_context",
]

SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True)
class AuditContext:
    """The fields every audit record copies unless the caller gives its own."""

    actor_id: int | None = None
    actor_name: str | None = None
    org_id: int | None = None
    request_id: str | None = None
    ip: str | None = None


_EMPTY = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("sifa_audit_context", default=_EMPTY)

_UNSET: Any = object()


def current_audit_context() -> AuditContext:
    """The innermost context; an empty one outside any :func:`audit_context`."""
    return _current.get()


@contextmanager
def audit_context(
    *,
    actor_id: int | None = _UNSET,
    actor_name: str | None = _UNSET,
    org_id: int | None = _UNSET,
    request_id: str | None = _UNSET,
    ip: str | None = _UNSET,
) -> Iterator[AuditContext]:
    """Act as someone for the duration of a block; fields not given keep the outer value.

    Passing ``None`` explicitly clears a field (for example ``actor_id=None`` on logout).
    """
    given = {
        "actor_id": actor_id,
        "actor_name": actor_name,
        "org_id": org_id,
        "request_id": request_id,
        "ip": ip,
    }
    context = replace(_current.get(), **{k: v for k, v in given.items() if v is not _UNSET})
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def cli_actor_name() -> str:
    """``cli:<operating-system user>``: who ran a command-line change."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry, e.g. in a bare container
        return f"cli:{SYSTEM_ACTOR}"
