"""The app-wide access guard: login by default, permissions from the handler's ``opt``.

Every route of the app — the core's and every plugin's — passes through :func:`access_guard`
(STYLE.md lesson 11: access is enforced by the core, not remembered by each view). A
handler opts out of login with ``opt={"public": True}`` and names what it needs with
``opt={"permission": "mediation.cases.view"}``. A route whose path names a record declares
it, ``opt={"permission": ..., "records": {"case_id": Case}}``, and the guard answers 404
unless that record exists and its organisation (``org_id``, or the attribute a model names
in ``__scope_org_attr__``) lies in the user's scope for that permission — so a station can
never reach another station's record by any URL, whatever the handler does. Lists and
searches still scope their queries with ``current_user.scope(db, permission)``. Routes of a
plugin answer 404 where the plugin is off for the user's bureau.

Refusals are exceptions, turned into responses by the one error handler in
:mod:`web.errors`: anonymous pages are redirected to the login page, anonymous API calls get
401, a user who must first change the password is sent to that page, and a missing
permission is 403.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from sqlmodel import Session

from core.identity.current import CurrentUser

PUBLIC = "public"
PERMISSION = "permission"
PASSIVE = "passive"  # a poll, not user activity: does not extend the idle timeout
PLUGIN = "plugin"  # set by the core when it mounts a plugin's routes
RECORDS = "records"  # {"path_param": Model}: the record a URL names, checked against the scope
SCOPE_ORG_ATTR = "__scope_org_attr__"  # on a model whose org is not ``org_id`` (OrgUnit: "id")
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


async def access_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Login unless public; the password change first; the handler's permission; the
    plugin being on for the user's bureau; and every record the URL names being in scope."""
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
    plugin = opt.get(PLUGIN)
    if plugin and plugin not in user.active_plugins:
        raise NotFoundException()  # off for this bureau: as if it were not installed
    records = opt.get(RECORDS)
    if records:
        platform = connection.app.state.platform
        params = dict(connection.path_params)
        await sync_to_thread(_check_records, platform.engine, user, permission, records, params)


def _check_records(
    engine: Any,
    user: CurrentUser,
    permission: str | None,
    records: dict[str, type[Any]],
    params: dict[str, Any],
) -> None:
    """404 unless each record the URL names exists and lies in the user's scope."""
    if not permission:
        raise RuntimeError("a route that declares records must also declare a permission")
    with Session(engine) as session:
        scope = user.scope(session, permission)
        for param, model in records.items():
            row = session.get(model, params.get(param))
            if row is None:
                raise NotFoundException()
            org_id = getattr(row, getattr(model, SCOPE_ORG_ATTR, "org_id"))
            if not scope.allows(session, org_id):
                raise NotFoundException()


def safe_next(value: str | None, default: str = "/") -> str:
    """A same-site path to go to after login; anything else (other hosts, ``//x``) is refused."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value
