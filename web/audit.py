"""Opens the audit context for each request: its id and the client's address.

Every audit record a request writes — row changes recorded by the ORM listeners and
events such as logins — then carries the same request id that the response's
``X-Request-Id`` header and error pages show. The signed-in user is added to the context by
the authentication layer, inside this one.

The address is the TCP peer's. Behind a reverse proxy it is the proxy's until the app is
configured to trust forwarded headers (uvicorn's ``--proxy-headers`` with
``--forwarded-allow-ips``), which rewrites the peer address before it gets here.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from core.audit import audit_context
from web.middleware import request_id


def audit_context_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        client = scope.get("client")
        with audit_context(request_id=request_id(scope), ip=client[0] if client else None):
            await app(scope, receive, send)

    return middleware
