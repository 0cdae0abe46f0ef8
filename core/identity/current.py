"""The signed-in user as request handlers see it (当前用户).

A frozen snapshot taken once per request by the web layer's authentication middleware, so
handlers never hold a database object across sessions. Handlers ask for it by declaring a
``current_user: CurrentUser`` parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from core.identity.scoping import OrgScope, scope_for


@dataclass(frozen=True)
class CurrentUser:
    """Who is asking, and which permissions they hold somewhere (where: see :meth:`scope`)."""

    id: int
    username: str
    display_name: str
    org_id: int | None
    must_change_password: bool = False
    permissions: frozenset[str] = field(default_factory=frozenset)
    session_id: int | None = None
    active_plugins: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        """Holds *permission* on at least one organisation (what the route guard checks)."""
        return permission in self.permissions

    def scope(self, session: Session, permission: str) -> OrgScope:
        """The organisations where this user holds *permission* (see ``scope_for``)."""
        return scope_for(session, self.id, permission)
