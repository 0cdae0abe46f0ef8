"""One place turns every error into a localised HTML page, an htmx fragment or JSON.

No response ever carries a traceback: unexpected errors are logged with the request id and
the user sees the id to quote.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from core.db import is_busy_error
from core.i18n import N_
from core.locking import StaleRecord
from core.submissions import AlreadySubmitted
from web.boundary import InputRefused
from web.guards import LoginRequired, PasswordChangeRequired, safe_next
from web.i18n import request_locale, translate
from web.middleware import request_id

log = logging.getLogger(__name__)

TITLES = {
    400: N_("请求有误"),
    401: N_("请先登录"),
    403: N_("没有权限"),
    404: N_("页面不存在"),
    405: N_("不支持该请求方式"),
    409: "数据已被他人修改",
    413: "提交的内容过大",
    422: N_("提交的内容有误"),
    429: "请求过于频繁",
    500: N_("服务器内部错误"),
    503: N_("系统繁忙，请稍后重试"),
}
MESSAGES = {
    403: N_("您没有执行此操作的权限；如果是表单提交，请刷新页面后重试。"),
    404: N_("您访问的页面不存在，或您无权查看。"),
    405: N_("该地址不接受这种请求方式，请从页面上的链接或按钮进入。"),
    409: N_("您编辑期间，该记录已被他人修改。"),
    500: N_("系统出现错误，已记录。请稍后重试，或联系管理员并提供请求编号。"),
    503: N_("同时办理的人较多，您的请求未能及时处理，没有保存任何改动。请稍等几秒后重试。"),
}
RETRY_AFTER_SECONDS = 5
DEFAULT_TITLE = N_("请求无法处理")
DEFAULT_MESSAGE = N_("请求的内容无法处理，请检查后重试。")


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


def _shown_detail(request: Request[Any, Any, Any], status: int, detail: str, locale: str) -> str:
    """The detail worth showing a person: never the framework's English reason phrase
    ("Not Found", "Method Not Allowed"), and a permission by its label, not its code."""
    try:
        if detail == HTTPStatus(status).phrase:
            return ""
    except ValueError:
        pass
    if status == 403 and detail:
        platform = request.app.state.platform if "platform" in request.app.state else None
        from core.identity.permissions import declared_permissions

        labels = {
            decl.code: (decl.label_zh, decl.label_en)
            for _owner, decl in declared_permissions(platform.host if platform else None)
        }
        if detail in labels:
            zh, en = labels[detail]
            return f"所需权限：{zh}" if locale == "zh" else f"Permission needed: {en}"
    # a module's own reason ("该案件没有调解协议"), marked N_ where raised: in the reader's language
    return translate(detail, locale)


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    redirect = access_redirect(request, exc)
    if redirect is not None:
        return redirect
    rid = request_id(request.scope)
    link = None
    if isinstance(exc, AlreadySubmitted):  # the same form twice: show what the first made
        link = safe_next(exc.location) if exc.location else None
        exc = HTTPException(status_code=409, detail=exc.message)
        message_key = "该表单已提交，请勿重复提交。"
    else:
        message_key = None
    if isinstance(exc, StaleRecord):  # a handler that let it through: still the user's 409
        exc = HTTPException(status_code=409, detail=exc.message)
    if is_busy_error(exc):
        # A lock or connection not had in time: nothing was saved, trying again will work.
        status, detail, extra = HTTP_503_SERVICE_UNAVAILABLE, "", None
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        log.warning("busy: %s %s [request %s]: %s", request.method, request.url.path, rid, exc)
    elif isinstance(exc, HTTPException):
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
    if status >= 500 and isinstance(exc, HTTPException) and status != 503:
        log.error("server error %s in %s [request %s]: %s", status, request.url.path, rid, exc)

    default_locale = (
        request.app.state.platform.settings.locale if "platform" in request.app.state else "zh"
    )
    locale = request_locale(request, default_locale)
    if isinstance(exc, InputRefused):  # the input boundary names each field
        detail = exc.localized(locale)
    title = translate(TITLES.get(status, DEFAULT_TITLE), locale)
    detail = _shown_detail(request, status, str(detail or ""), locale)
    message = translate(message_key or MESSAGES.get(status, DEFAULT_MESSAGE), locale)
    if message_key:
        title, detail = translate("重复提交", locale), ""

    if wants_json(request):
        body: dict[str, Any] = {
            "status_code": status,
            "error": title,
            "detail": detail or message,
            "request_id": rid,
        }
        if link:
            body["location"] = link
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
        "link": link,
    }
    template = "errors/fragment.html" if fragment else "errors/error.html"
    if fragment:
        headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
    return Template(template_name=template, context=context, status_code=status, headers=headers)
