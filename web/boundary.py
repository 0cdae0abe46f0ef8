"""The input boundary in front of every route (输入边界): core and plugin pages alike.

Runs after routing and sign-in, before CSRF and the handler:

1. an integer in the URL outside the id column's range names no record: 404;
2. a page number in the query beyond the configured maximum (or below 1) is capped;
   every query parameter and form field passes :func:`core.inputs.check_value` — refused
   values answer 400 with each field named (an htmx form keeps its input: the message goes
   to the page's message area);
3. the request body is limited *before it is read*: a route may set a limit that depends on
   the request, ``opt={"body_limit": fn}`` with ``fn(connection) -> bytes`` (evidence: the
   bureau's own size setting); the announced ``Content-Length`` is checked first and the
   bytes are counted as they stream in, so a 55 MB upload to a 10 MB limit stops at 10 MB.
   Routes without it keep Litestar's static ``request_max_body_size``;
4. a posted form's one-time token (``_submission``) is checked and noted for the
   unit of work to claim (:mod:`web.submissions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import ClientException, NotFoundException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from core.inputs import Bounds, capped_page, check_value, path_int_ok
from core.scheduling.cron import CHINA_TIME
from core.submissions import FIELD as SUBMISSION_FIELD
from web.auth import now_for
from web.submissions import read_claim

BODY_LIMIT = "body_limit"  # opt: fn(connection) -> maximum body size in bytes

__all__ = ["BODY_LIMIT", "InputBoundaryMiddleware", "InputRefused"]


class InputRefused(ClientException):
    """One or more values no handler should see; the message names every field."""

    def __init__(self, problems: dict[str, tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(detail="；".join(zh for zh, _ in problems.values()))

    def localized(self, locale: str) -> str:
        return "; ".join(en for _, en in self.problems.values()) if locale == "en" else self.detail


def _bounds(connection: ASGIConnection[Any, Any, Any, Any]) -> Bounds:
    settings = connection.app.state.platform.settings
    return Bounds(
        earliest=settings.input_earliest_date,
        future_years=settings.input_future_years,
        max_page=settings.input_max_page,
    )


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise RequestEntityTooLarge(detail=_too_large(limit))
        return message

    return wrapped


def _too_large(limit: int) -> str:
    return f"提交的内容超过大小限制（{limit // 1024 // 1024} MB）"


class InputBoundaryMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return str(scope["path"]).startswith("/static/")

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        for value in (scope.get("path_params") or {}).values():
            if isinstance(value, int) and not isinstance(value, bool) and not path_int_ok(value):
                raise NotFoundException()
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope, receive=receive)
        bounds = _bounds(connection)
        today = now_for(connection).astimezone(CHINA_TIME).date()  # the app's clock
        problems: dict[str, tuple[str, str]] = {}
        capped, api = False, str(scope["path"]).startswith("/api/")  # the API refuses instead
        query: list[tuple[str, str]] = []
        for name, value in connection.query_params.multi_items():
            page = None if api else capped_page(name, value, bounds)
            if page is not None:
                value, capped = page, True
            query.append((name, value))
            _check(problems, name, value, bounds, today)
        if capped:  # page=99999999999999999999999: the list's last page, not an error
            scope["query_string"] = urlencode(query).encode()
            ScopeState.from_scope(scope).parsed_query = tuple(query)  # what handlers read
        handler = scope.get("route_handler")
        limit_of: Callable[[Any], int] | None = handler.opt.get(BODY_LIMIT) if handler else None
        if limit_of is not None and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            limit = await sync_to_thread(limit_of, connection)
            announced = connection.headers.get("content-length")
            if announced and announced.isdigit() and int(announced) > limit:
                raise RequestEntityTooLarge(detail=_too_large(limit))
            receive = _counting(receive, limit)
        if not problems and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            request: Request[Any, Any, Any] = Request(scope, receive=receive)
            content_type, _ = request.content_type
            if content_type in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
                form = await request.form()  # cached: CSRF and the handler read it again
                if not api:  # a one-time form token (web/submissions.py)
                    read_claim(connection, form.get(SUBMISSION_FIELD))
                for name, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        _check(problems, f"{name}（文件名）", value.filename or "", bounds, today)
                    else:
                        _check(problems, name, str(value), bounds, today)
        if problems:
            raise InputRefused(problems)
        await next_app(scope, receive, send)


def _check(
    problems: dict[str, tuple[str, str]], name: str, value: str, bounds: Bounds, today: Any
) -> None:
    if name in problems:
        return
    found = check_value(name, value, bounds, today) or check_value("字段名", name, bounds, today)
    if found:
        problems[name[:60]] = found
