"""CSRF tokens bound to the session (表单令牌与登录会话绑定).

Litestar's CSRF middleware checks a double-submit pair: the ``sifa_csrf`` cookie and the
token in the form or header must match and carry the secret's signature. That alone lets a
pair taken from *another* session pass (an attacker who can plant a cookie uses his own).
So at sign-in the cookie's secret part is derived from the new session token,
``HMAC(secret, "csrf:" + session token)``, and :func:`web.guards.access_guard` refuses every
state-changing request of a signed-in user whose pair was not made for that session. The
session token never leaves the HttpOnly cookie; the derived value reveals nothing about it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash

CSRF_COOKIE = "sifa_csrf"

__all__ = ["CSRF_COOKIE", "bound_csrf_cookie", "bound_csrf_token", "csrf_is_bound"]


def _secret_part(secret: str, session_token: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{session_token}".encode(), hashlib.sha256).hexdigest()


def bound_csrf_token(secret: str, session_token: str) -> str:
    """A token Litestar accepts (secret part + its signature) that only this session owns."""
    part = _secret_part(secret, session_token)
    return part + generate_csrf_hash(token=part, secret=secret)


def csrf_is_bound(secret: str, session_token: str, cookie: str | None) -> bool:
    """Whether the CSRF cookie was made for this session (the middleware checked the rest)."""
    if not cookie or len(cookie) <= CSRF_SECRET_LENGTH:
        return False
    return hmac.compare_digest(cookie[:CSRF_SECRET_LENGTH], _secret_part(secret, session_token))


def bound_csrf_cookie(connection: ASGIConnection[Any, Any, Any, Any], session_token: str) -> Cookie:
    """The CSRF cookie set with a new session (same attributes as the middleware's own)."""
    secret = connection.app.state.platform.settings.secret_key
    return Cookie(
        key=CSRF_COOKIE,
        value=bound_csrf_token(secret, session_token),
        path="/",
        samesite="strict",
        secure=connection.url.scheme == "https",
    )
