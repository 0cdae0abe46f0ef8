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
    #: Scopes already asked for in this request, by permission: a page asks for the same
    #: scope in several places (route guard, list, filter choices), and the snapshot lives
    #: for one request only, so asking the database once is enough.
    _scopes: dict[str, OrgScope] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def can(self, permission: str) -> bool:
        """Holds *permission* on at least one organisation (what the route guard checks)."""
        return permission in self.permissions

    def scope(self, session: Session, permission: str) -> OrgScope:
        """The organisations where this user holds *permission* (see ``scope_for``)."""
        cached = self._scopes.get(permission)
        if cached is None:
            cached = self._scopes[permission] = scope_for(session, self.id, permission)
        return cached
