"""Who is signed in: the session cookie, the authentication middleware, ``current_user``.

The browser holds a random token in the ``sifa_session`` cookie (HttpOnly, SameSite=Lax);
the database holds its SHA-256 (:mod:`core.identity.sessions`). For every request the
middleware resolves the cookie, enforces the idle timeout (``Settings.session_idle_minutes``)
and puts a :class:`CurrentUser` — or None — in ``scope["user"]``. It adds the user to the
audit context that :mod:`web.audit` opened (request id, IP), so every row the request
changes is recorded with who changed it.

Handlers take ``current_user: CurrentUser`` as a parameter (a dependency that raises
:class:`web.guards.LoginRequired` if nobody is signed in; a public handler that merely
wants to know uses :func:`web.guards.current_user_of`). The clock is
``app.state["clock"]`` when a test sets one, the real time otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlmodel import Session

from core.audit import audit_context
from core.clock import clock_context, real_time
from core.identity.current import CurrentUser
from core.identity.service import held_permissions
from core.identity.sessions import resolve_session
from core.modules.service import plugins_for_user
from core.platform import Platform
from web.guards import PASSIVE, LoginRequired, current_user_of, requested_path

SESSION_COOKIE = "sifa_session"
CLOCK_STATE_KEY = "clock"

__all__ = [
    "SESSION_COOKIE",
    "AuthenticationMiddleware",
    "CurrentUser",
    "client_ip",
    "now_for",
    "provide_current_user",
    "session_cookie",
]


def clock_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Callable[[], datetime]:
    """The app's clock: ``app.state["clock"]`` when a test sets one, else the platform's."""
    clock: Callable[[], datetime] | None = connection.app.state.get(CLOCK_STATE_KEY)
    if clock is not None:
        return clock
    platform: Platform | None = connection.app.state.get("platform")
    return platform.clock if platform is not None else real_time


def now_for(connection: ASGIConnection[Any, Any, Any, Any]) -> datetime:
    """The time as the app sees it (tests put a fake clock in ``app.state["clock"]``)."""
    return clock_of(connection)()


def client_ip(scope: Any) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def session_cookie(connection: ASGIConnection[Any, Any, Any, Any], token: str | None) -> Cookie:
    """The session cookie carrying *token*; None deletes it (logout)."""
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        path="/",
        httponly=True,
        samesite="lax",
        secure=connection.url.scheme == "https",
        max_age=None if token else 0,
    )


def load_user(
    platform: Platform, token: str, now: datetime, *, touch: bool = True
) -> tuple[CurrentUser | None, bool]:
    """Resolve a cookie token to the user it signs in, and whether it just expired."""
    idle = timedelta(minutes=platform.settings.session_idle_minutes)
    with Session(platform.engine, expire_on_commit=False) as session:
        lookup = resolve_session(session, token, now=now, idle=idle, touch=touch)
        user = None
        if lookup.account is not None:
            account = lookup.account
            user = CurrentUser(
                id=account.id,  # type: ignore[arg-type]
                username=account.username,
                display_name=account.display_name,
                org_id=account.org_id,
                must_change_password=account.must_change_password,
                permissions=held_permissions(session, account.id),  # type: ignore[arg-type]
                session_id=lookup.session_id,
                active_plugins=plugins_for_user(session, platform.host, account.org_id),
            )
        session.commit()
    return user, lookup.expired


class AuthenticationMiddleware(ASGIMiddleware):
    """Puts the signed-in user (or None) on every request and opens its audit context."""

    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return str(scope["path"]).startswith("/static/")  # files need no user: no query

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        token = connection.cookies.get(SESSION_COOKIE)
        user, expired = None, False
        if token:
            platform: Platform = connection.app.state.platform
            handler = scope.get("route_handler")
            touch = not (handler is not None and handler.opt.get(PASSIVE))
            user, expired = await sync_to_thread(
                load_user, platform, token, now_for(connection), touch=touch
            )
        scope["user"] = user
        scope.setdefault("state", {})["session_expired"] = expired  # type: ignore[typeddict-unknown-key]
        with (
            audit_context(
                actor_id=user.id if user else None,
                actor_name=user.username if user else None,
                org_id=user.org_id if user else None,
            ),
            clock_context(clock_of(connection)),  # core.api.now() in handlers and receivers
        ):
            await next_app(scope, receive, send)


def provide_current_user(request: Request[Any, Any, Any]) -> CurrentUser:
    """Dependency ``current_user``: the signed-in user; nobody signed in is a LoginRequired."""
    user = current_user_of(request)
    if user is None:
        raise LoginRequired(requested_path(request))
    return user
