"""The evidence limit is enforced as the body streams in (issue 25): the audit found the
10 MB limit checked only after a 55 MB body was in memory."""

from __future__ import annotations

from typing import Any

import anyio
from litestar.testing import TestClient
from mediation_support import accepted_case, committee, mediator

from core.db import session_scope


def test_an_oversize_upload_stops_at_the_limit_while_it_streams(
    platform, org_tree, admin_client: TestClient
) -> None:
    """No Content-Length (chunked): the boundary counts the bytes as they arrive."""
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        case_id = accepted_case(session, c.id, mediator(session, c.id).id).id
    admin_client.get(f"/m/mediation/cases/{case_id}")
    boundary = "sifaboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    chunks = [head, *([b"0" * (1024 * 1024)] * 55), f"\r\n--{boundary}--\r\n".encode()]
    pulled = {"bytes": 0}
    answer: dict[str, Any] = {}
    cookies = "; ".join(f"{k}={v}" for k, v in admin_client.cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/m/mediation/cases/{case_id}/evidence",
        "raw_path": f"/m/mediation/cases/{case_id}/evidence".encode(),
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("testserver.local", 80),
        "headers": [  # chunked: no Content-Length to refuse early, the bytes are counted
            (b"host", b"testserver.local"),
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            (b"cookie", cookies.encode()),
            (b"x-csrftoken", admin_client.cookies["sifa_csrf"].encode()),
        ],
    }

    async def receive() -> dict[str, Any]:
        if not chunks:
            return {"type": "http.disconnect"}
        chunk = chunks.pop(0)
        pulled["bytes"] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] = answer.get("body", b"") + message.get("body", b"")

    anyio.run(admin_client.app, scope, receive, send)
    assert answer["status"] == 413
    assert "超过大小限制（11 MB）" in answer["body"].decode()
    assert pulled["bytes"] <= 12 * 1024 * 1024  # 55 MB offered, no more than the limit read
