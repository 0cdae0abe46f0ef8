"""The app-wide access guard: login by default, permissions from the handler's ``opt``.

Every route of the app — the core's and every plugin's — passes through :func:`access_guard`
(STYLE.md lesson 11: access is enforced by the core, not remembered by each view). A
handler opts out of login with ``opt={"public": True}`` and names what it needs with
``opt={"permission": "mediation.cases.view"}``. The guard only knows *whether* the user
holds the permission somewhere; *where* — which rows — is the scoping helper's job
(``core.identity.scoping.scope_for``), used inside the handler.

Refusals are exceptions, turned into responses by the one error handler in
:mod:`web.errors`: anonymous pages are redirected to the login page, anonymous API calls get
401, a user who must first change the password is sent to that page, and a missing
permission is 403.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from core.identity.current import CurrentUser

PUBLIC = "public"
PERMISSION = "permission"
ALLOW_PENDING_PASSWORD_CHANGE = "allow_pending_password_change"
LOGIN_PATH = "/login"
CHANGE_PASSWORD_PATH = "/account/password"


class LoginRequired(NotAuthorizedException):
    """Nobody is signed in (or the session timed out). Pages redirect, the API answers 401."""

    def __init__(self, next_path: str = "/", *, expired: bool = False) -> None:
        super().__init__(detail="请先登录。")
        self.next_path = next_path
        self.expired = expired

    @property
    def login_url(self) -> str:
        query: dict[str, str] = {"next": self.next_path}
        if self.expired:
            query["expired"] = "1"
        return f"{LOGIN_PATH}?{urlencode(query)}"


class PasswordChangeRequired(PermissionDeniedException):
    """The account must set its own password before doing anything else."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__(detail="请先修改初始口令。")
        self.next_path = next_path

    @property
    def change_url(self) -> str:
        return f"{CHANGE_PASSWORD_PATH}?{urlencode({'next': self.next_path})}"


def current_user_of(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    """The signed-in user of a connection, or None (never raises)."""
    user = connection.scope.get("user")
    return user if isinstance(user, CurrentUser) else None


def requested_path(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    query = connection.scope.get("query_string", b"").decode("latin-1")
    return connection.scope["path"] + (f"?{query}" if query else "")


def access_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Login unless public; the password change first; then the handler's permission."""
    opt = handler.opt
    if opt.get(PUBLIC):
        return
    user = current_user_of(connection)
    if user is None:
        expired = bool(connection.scope.get("state", {}).get("session_expired"))
        raise LoginRequired(requested_path(connection), expired=expired)
    if user.must_change_password and not opt.get(ALLOW_PENDING_PASSWORD_CHANGE):
        raise PasswordChangeRequired(requested_path(connection))
    permission = opt.get(PERMISSION)
    if permission and not user.can(permission):
        raise PermissionDeniedException(detail=permission)


def safe_next(value: str | None, default: str = "/") -> str:
    """A same-site path to go to after login; anything else (other hosts, ``//x``) is refused."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value
