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

A state-changing route (POST, PUT, PATCH, DELETE) must name a permission that writes:
:func:`write_route_errors` finds every such route guarded only by a view permission and
:func:`web.app.create_app` refuses to start with one (a plugin's such routes leave the
plugin failed, naming the route), so the inspector can never write through a forgotten
``.view``. A POST that only reads (a search whose body carries ID numbers, kept out of URLs
and logs) says so with ``opt={"reads": True}``. A route that more than one office may use
names them all, ``opt={"permission": ("corrections.decide", "corrections.station_approve")}``:
any one of them lets the user in, and the records it names must lie in that one's scope.

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

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.permissions import is_view_permission
from web.csrf import CSRF_COOKIE, csrf_is_bound

PUBLIC = "public"
PERMISSION = "permission"
READS = "reads"  # a POST that changes nothing (a search posted to keep ID numbers out of URLs)
PASSIVE = "passive"  # a poll, not user activity: does not extend the idle timeout
PLUGIN = "plugin"  # set by the core when it mounts a plugin's routes
RECORDS = "records"  # {"path_param": Model}: the record a URL names, checked against the scope
SCOPE_ORG_ATTR = "__scope_org_attr__"  # on a model whose org is not ``org_id`` (OrgUnit: "id")
ALLOW_PENDING_PASSWORD_CHANGE = "allow_pending_password_change"
LOGIN_PATH = "/login"
CHANGE_PASSWORD_PATH = "/account/password"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def permissions_of(opt: dict[str, Any]) -> tuple[str, ...]:
    """The permissions a handler names: one code, or several of which any one suffices."""
    declared = opt.get(PERMISSION)
    if not declared:
        return ()
    return (declared,) if isinstance(declared, str) else tuple(declared)


def write_route_errors(routes: Any) -> list[str]:
    """Every state-changing route guarded by view permissions only, as "METHOD path (perm)".

    *routes* are Litestar routes (``app.routes`` or a router's); a route that declares
    ``opt["reads"]`` is a read by its own declaration and passes.
    """
    errors = []
    for route in routes:
        for handler in getattr(route, "route_handlers", ()):
            opt = handler.opt
            codes = permissions_of(opt)
            if not codes or opt.get(READS) or not all(is_view_permission(c) for c in codes):
                continue
            for method in sorted(set(getattr(handler, "http_methods", ())) - SAFE_METHODS):
                errors.append(f"{method} {route.path} ({' / '.join(codes)})")
    return errors


class WriteRouteDeclarationError(RuntimeError):
    """A state-changing route names only a view permission: a declaration error at start-up."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            "写操作路由只声明了查看权限 (write routes guarded by a view permission): "
            + "; ".join(errors)
        )
        self.errors = errors


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
    if connection.scope.get("method", "GET") not in SAFE_METHODS:
        _check_csrf_binding(connection)
    if user.must_change_password and not opt.get(ALLOW_PENDING_PASSWORD_CHANGE):
        raise PasswordChangeRequired(requested_path(connection))
    permissions = permissions_of(opt)
    if permissions and not any(user.can(p) for p in permissions):
        raise PermissionDeniedException(detail=" / ".join(permissions))
    plugin = opt.get(PLUGIN)
    if plugin and plugin not in user.active_plugins:
        raise NotFoundException()  # off for this bureau: as if it were not installed
    records = opt.get(RECORDS)
    if records:
        platform = connection.app.state.platform
        params = dict(connection.path_params)
        held = tuple(p for p in permissions if user.can(p))
        await sync_to_thread(_check_records, platform.engine, user, held, records, params)


CSRF_NOT_BOUND = N_("表单令牌与当前登录不符，请刷新页面；如仍不行，请重新登录。")


def _check_csrf_binding(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """403 unless the CSRF pair (already checked by Litestar) was made for this session."""
    from web.auth import SESSION_COOKIE  # web.auth imports this module

    secret = connection.app.state.platform.settings.secret_key
    token = connection.cookies.get(SESSION_COOKIE, "")
    if not csrf_is_bound(secret, token, connection.cookies.get(CSRF_COOKIE)):
        raise PermissionDeniedException(detail=CSRF_NOT_BOUND)


def _check_records(
    engine: Any,
    user: CurrentUser,
    permissions: tuple[str, ...],
    records: dict[str, type[Any]],
    params: dict[str, Any],
) -> None:
    """404 unless each record the URL names exists and lies in the user's scope for one of
    the route's permissions that the user holds."""
    if not permissions:
        raise RuntimeError("a route that declares records must also declare a permission")
    with Session(engine) as session:
        scopes = [user.scope(session, p) for p in permissions]
        for param, model in records.items():
            row = session.get(model, params.get(param))
            if row is None:
                raise NotFoundException()
            org_id = getattr(row, getattr(model, SCOPE_ORG_ATTR, "org_id"))
            if not any(scope.allows(session, org_id) for scope in scopes):
                raise NotFoundException()


def safe_next(value: str | None, default: str = "/") -> str:
    """A same-site path to go to after login; anything else (other hosts, ``//x``) is refused."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value
