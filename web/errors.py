"""One place turns every error into a localised HTML page, an htmx fragment or JSON.

No response ever carries a traceback: unexpected errors are logged with the request id and
the user sees the id to quote.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_500_INTERNAL_SERVER_ERROR

from web.guards import LoginRequired, PasswordChangeRequired, safe_next
from web.i18n import request_locale, translate
from web.middleware import request_id

log = logging.getLogger(__name__)

TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    405: "请求无法处理",
    409: "数据已被他人修改",
    422: "提交的内容有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
}
MESSAGES = {
    403: "您没有执行此操作的权限；如果是表单提交，请刷新页面后重试。",
    404: "您访问的页面不存在，或您无权查看。",
    409: "您编辑期间，该记录已被他人修改。",
    500: "系统出现错误，已记录。请稍后重试，或联系管理员并提供请求编号。",
}
DEFAULT_MESSAGE = "请求的内容无法处理，请检查后重试。"


def wants_json(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def access_redirect(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | None:
    """Anonymous pages go to the login page, a pending password change to its page.

    An htmx request gets the target in ``HX-Redirect`` (the browser then loads the whole
    page), with the page the user was on as ``next`` rather than the fragment's URL.
    """
    if wants_json(request) or not isinstance(exc, LoginRequired | PasswordChangeRequired):
        return None
    htmx = request.headers.get("hx-request") == "true"
    if htmx and request.headers.get("hx-current-url"):
        current = urlsplit(request.headers["hx-current-url"])
        exc.next_path = safe_next(current.path + (f"?{current.query}" if current.query else ""))
    target = exc.login_url if isinstance(exc, LoginRequired) else exc.change_url
    if htmx:
        return Response(b"", status_code=exc.status_code, headers={"HX-Redirect": target})
    return Redirect(target, status_code=HTTP_303_SEE_OTHER)


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    redirect = access_redirect(request, exc)
    if redirect is not None:
        return redirect
    rid = request_id(request.scope)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        detail = exc.detail if status < 500 else ""
        extra = exc.extra if isinstance(exc, ValidationException) else None
        headers = dict(exc.headers or {})
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
        detail, extra, headers = "", None, {}
        log.exception(
            "unhandled error in %s %s [request %s]", request.method, request.url.path, rid
        )
    if status >= 500 and isinstance(exc, HTTPException):
        log.error("server error %s in %s [request %s]: %s", status, request.url.path, rid, exc)

    default_locale = (
        request.app.state.platform.settings.locale if "platform" in request.app.state else "zh"
    )
    locale = request_locale(request, default_locale)
    title = translate(TITLES.get(status, "请求无法处理"), locale)
    message = translate(MESSAGES.get(status, DEFAULT_MESSAGE), locale)

    if wants_json(request):
        body: dict[str, Any] = {
            "status_code": status,
            "error": title,
            "detail": detail or message,
            "request_id": rid,
        }
        if extra:
            body["extra"] = extra
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)

    fragment = request.headers.get("hx-request") == "true"
    context = {
        "status": status,
        "title": title,
        "message": message,
        "detail": detail,
        "request_id": rid,
        "locale": locale,
    }
    template = "errors/fragment.html" if fragment else "errors/error.html"
    if fragment:
        headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
    return Template(template_name=template, context=context, status_code=status, headers=headers)
