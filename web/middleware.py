"""Per-request plumbing: a request id and the security headers every response carries.

Signed-in responses are never stored by a cache (``Cache-Control: no-store``) and HTTPS
responses carry HSTS. Both run in Litestar's ``before_send`` hook, which sees every response of the app —
including 404s for unknown URLs, which never reach route-level middleware.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# A signed-in page may show ID numbers: no shared or back-button cache may keep it.
NO_STORE = (b"cache-control", b"no-store")
# Only over HTTPS (directly, or behind a proxy whose scheme the server trusts): a browser
# that saw it refuses plain HTTP to this host for a year.
HSTS = (b"strict-transport-security", b"max-age=31536000")


def request_id(scope: Any) -> str:
    """The id of this request, created on first use; quoted to users on error pages."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = uuid.uuid4().hex[:16]
    return str(state["request_id"])


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = list(message.get("headers", []))
    present = {bytes(name).lower() for name, _ in headers}
    headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
    if scope.get("user") is not None and NO_STORE[0] not in present:
        headers.append(NO_STORE)
    if scope.get("scheme") == "https":
        headers.append(HSTS)
    headers.append((b"x-request-id", request_id(scope).encode()))
    message["headers"] = headers
