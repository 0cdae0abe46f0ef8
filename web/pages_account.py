"""Signing in and out, and changing one's own password (登录、退出、修改口令)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlmodel import Session

from core.i18n import N_
from core.identity import service
from core.identity.current import CurrentUser
from core.identity.errors import IdentityError
from core.identity.models import StaffAccount
from core.identity.sessions import end_session, start_session
from web.auth import SESSION_COOKIE, client_ip, now_for, session_cookie
from web.csrf import bound_csrf_cookie
from web.guards import (
    ALLOW_PENDING_PASSWORD_CHANGE,
    CHANGE_PASSWORD_PATH,
    PUBLIC,
    current_user_of,
    safe_next,
)
from web.i18n import translate

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)

# One message whether the username exists, is locked or the password is wrong: the page
# must not tell an outsider which usernames exist (the lockout itself is in the docs).
REFUSED = N_(
    "用户名或口令不正确。连续输错 5 次，账号将锁定 15 分钟，锁定期间请稍后再试或请管理员重置口令。"
)
LOGIN_MESSAGES = {
    service.LoginOutcome.INVALID: REFUSED,
    service.LoginOutcome.LOCKED: REFUSED,
    service.LoginOutcome.INACTIVE: N_("该账号已停用，请联系管理员。"),
}
TOO_MANY = N_("本机登录尝试过于频繁，请 {minutes} 分钟后再试。")


def locale_of(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def _login_page(request: Request[Any, Any, Any], *, status: int = 200, **context: Any) -> Template:
    context.setdefault("next", safe_next(request.query_params.get("next")))
    context.setdefault("expired", request.query_params.get("expired") == "1")
    return Template("account/login.html", context=context, status_code=status)


@get("/login", name="login", opt={PUBLIC: True}, sync_to_thread=False)
def login_form(request: Request[Any, Any, Any]) -> Template | Redirect:
    if current_user_of(request) is not None:
        return Redirect(safe_next(request.query_params.get("next")), status_code=HTTP_303_SEE_OTHER)
    return _login_page(request)


@post("/login", name="login_submit", opt={PUBLIC: True}, sync_to_thread=True)
def login_submit(
    request: Request[Any, Any, Any], db: Session, data: dict[str, Any] = FORM
) -> Template | Redirect:
    """Check the password; on success replace any old session with a new one (no fixation)."""
    username = str(data.get("username", ""))[:64]
    target = safe_next(str(data.get("next", "")))
    now = now_for(request)
    ip = client_ip(request.scope)
    if service.too_many_login_failures(db, ip):
        return _login_page(
            request,
            status=HTTP_429_TOO_MANY_REQUESTS,
            username=username,
            next=target,
            error=translate(TOO_MANY, locale_of(request)).format(
                minutes=int(service.LOGIN_RATE_WINDOW.total_seconds() // 60)
            ),
        )
    result = service.authenticate(
        db, username, str(data.get("password", "")), ip=client_ip(request.scope), now=now
    )
    if not result.ok:
        context: dict[str, Any] = {
            "username": username,
            "next": target,
            "expired": False,
            # locked and wrong look alike: an outsider learns nothing about the username
            "outcome": "inactive" if result.outcome is service.LoginOutcome.INACTIVE else "refused",
        }
        context["error"] = translate(LOGIN_MESSAGES[result.outcome], locale_of(request))
        return _login_page(request, status=HTTP_400_BAD_REQUEST, **context)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        end_session(db, old)
    account = result.account
    assert account is not None
    token = start_session(
        db,
        account,
        now=now,
        ip=client_ip(request.scope),
        user_agent=request.headers.get("user-agent"),
    )
    if account.must_change_password:
        target = f"{CHANGE_PASSWORD_PATH}?{urlencode({'next': target})}"
    return Redirect(
        target,
        status_code=HTTP_303_SEE_OTHER,
        cookies=[session_cookie(request, token), bound_csrf_cookie(request, token)],
    )


@post("/logout", name="logout", opt={ALLOW_PENDING_PASSWORD_CHANGE: True}, sync_to_thread=True)
def logout(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Redirect:
    token = request.cookies.get(SESSION_COOKIE)
    if token and end_session(db, token) is not None:
        account = db.get(StaffAccount, current_user.id)
        if account is not None:
            service.record_logout(db, account)
    return Redirect(
        "/login", status_code=HTTP_303_SEE_OTHER, cookies=[session_cookie(request, None)]
    )


@get(
    CHANGE_PASSWORD_PATH,
    name="change_password",
    opt={ALLOW_PENDING_PASSWORD_CHANGE: True},
    sync_to_thread=False,
)
def change_password_form(request: Request[Any, Any, Any], current_user: CurrentUser) -> Template:
    return Template(
        "account/password.html",
        context={
            "forced": current_user.must_change_password,
            "next": safe_next(request.query_params.get("next")),
        },
    )


@post(
    CHANGE_PASSWORD_PATH,
    name="change_password_submit",
    opt={ALLOW_PENDING_PASSWORD_CHANGE: True},
    sync_to_thread=True,
)
def change_password_submit(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Set a new password; other sessions of the account end, this one stays signed in."""
    target = safe_next(str(data.get("next", "")))
    new, confirm = str(data.get("new_password", "")), str(data.get("confirm_password", ""))
    context: dict[str, Any] = {"forced": current_user.must_change_password, "next": target}
    if new != confirm:
        context["error"] = translate("两次输入的新口令不一致。", locale_of(request))
        return Template("account/password.html", context=context, status_code=HTTP_400_BAD_REQUEST)
    try:
        service.change_password(
            db,
            current_user.id,
            str(data.get("current_password", "")),
            new,
            keep_session_id=current_user.session_id,
            now=now_for(request),
        )
    except IdentityError as exc:
        context["error"] = exc.localized(locale_of(request))
        return Template("account/password.html", context=context, status_code=HTTP_400_BAD_REQUEST)
    if current_user.must_change_password:
        return Redirect(target, status_code=HTTP_303_SEE_OTHER)
    return Template("account/password.html", context={**context, "forced": False, "done": True})


@post("/session/keepalive", name="session_keepalive", status_code=204, sync_to_thread=False)
def session_keepalive(current_user: CurrentUser) -> None:
    """ "继续工作" on the idle warning: any signed-in request counts as activity, so answering
    is all it takes to extend the session (nobody signed in: the usual 401)."""
    del current_user


@get("/api/v1/me", name="api_me", opt={ALLOW_PENDING_PASSWORD_CHANGE: True}, sync_to_thread=False)
def api_me(current_user: CurrentUser) -> dict[str, Any]:
    """The signed-in account and the permissions it holds somewhere (JSON)."""
    return {
        "id": current_user.id,
        "username": current_user.username,
        "display_name": current_user.display_name,
        "org_id": current_user.org_id,
        "must_change_password": current_user.must_change_password,
        "permissions": sorted(current_user.permissions),
    }


ROUTES = [
    login_form,
    login_submit,
    logout,
    change_password_form,
    change_password_submit,
    session_keepalive,
    api_me,
]
