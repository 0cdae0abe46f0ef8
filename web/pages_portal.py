"""The citizen portal's core pages (``/portal``): the list of what can be applied for, the
privacy notice, an application's private link (code first, then its status), and the
development SMS outbox. Every route is public; nothing about an application is shown until
the browser proves the code sent to the applicant's phone (core/portal/service.py)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_404_NOT_FOUND,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlmodel import Session, col, select

from core.db import session_scope
from core.people.masking import mask_phone
from core.platform import Platform
from core.portal import service
from core.portal.access import PORTAL_COOKIE, client_of, portal_status_context
from core.portal.declarations import portal_kinds
from core.portal.models import PortalApplication, PortalOutbox
from core.portal.service import CodeRefused, PortalRefusal
from core.portal.sms import send_sms

PUBLIC = {"public": True}
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


def locale_of(request: Request[Any, Any, Any]) -> str:
    return str(request.scope.get("state", {}).get("locale", "zh"))


def said(request: Request[Any, Any, Any], refusal: PortalRefusal) -> str:
    return refusal.en if locale_of(request) == "en" else refusal.zh


@get("/portal", name="portal_home", opt=PUBLIC, sync_to_thread=False)
def portal_home(request: Request[Any, Any, Any], platform: Platform) -> Template:
    locale = locale_of(request)
    return Template(
        "portal/index.html",
        context={"kinds": list(portal_kinds(platform.host).values()), "locale": locale},
    )


@get("/portal/privacy", name="portal_privacy", opt=PUBLIC, sync_to_thread=False)
def portal_privacy() -> Template:
    return Template("portal/privacy.html")


def _not_found() -> Template:
    return Template("portal/not_found.html", status_code=HTTP_404_NOT_FOUND)


def _code_page(token: str, status: int = 200, **context: Any) -> Template:
    return Template(
        "portal/code.html",
        context={"token": token, "error": "", "sent": False, **context},
        status_code=status,
    )


def status_page(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    application: PortalApplication,
    token: str,
) -> Template:
    """The status page of a proved application."""
    context = portal_status_context(db, platform.host, application, token, locale_of(request))
    if context is None:  # the module was uninstalled: say nothing about the record
        return _not_found()
    return Template("portal/status.html", context=context)


@get("/portal/a/{token:str}", name="portal_application", opt=PUBLIC, sync_to_thread=True)
def portal_application(
    request: Request[Any, Any, Any], db: Session, platform: Platform, token: str
) -> Template:
    application = service.application_by_token(db, token)
    if application is None:
        return _not_found()
    secret = str(platform.settings.secret_key)
    if service.session_application_id(secret, request.cookies.get(PORTAL_COOKIE)) != application.id:
        return _code_page(token)
    return status_page(request, db, platform, application, token)


@post("/portal/a/{token:str}/code", name="portal_send_code", opt=PUBLIC, sync_to_thread=True)
def portal_send_code(
    request: Request[Any, Any, Any], db: Session, platform: Platform, token: str
) -> Template:
    secret = str(platform.settings.secret_key)
    with session_scope(platform.engine) as counter:
        limited = service.client_limited(counter, secret, client_of(request))
    if limited:
        refusal = PortalRefusal(
            "您操作过于频繁，请一小时后再试", "Too many requests; try again in an hour"
        )
        return _code_page(token, HTTP_429_TOO_MANY_REQUESTS, error=said(request, refusal))
    application = service.application_by_token(db, token)
    if application is None:
        return _not_found()
    try:
        code = service.issue_code(db, secret, application)
    except PortalRefusal as refusal:
        return _code_page(token, HTTP_429_TOO_MANY_REQUESTS, error=said(request, refusal))
    send_sms(
        db,
        platform.settings,
        platform.host,
        application.phone,
        f"【司法行政】验证码{code}，10分钟内有效，用于查看申请{application.number}的办理进度。请勿告诉他人。",
        kind="code",
    )
    return _code_page(token, sent=True)


@post("/portal/a/{token:str}/verify", name="portal_verify", opt=PUBLIC, sync_to_thread=True)
def portal_verify(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    token: str,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    application = service.application_by_token(db, token)
    if application is None:
        return _not_found()
    secret = str(platform.settings.secret_key)
    try:
        service.check_code(db, secret, application, str(data.get("code", ""))[:20])
    except CodeRefused as refusal:
        return _code_page(token, HTTP_422_UNPROCESSABLE_ENTITY, error=said(request, refusal))
    cookie = Cookie(
        key=PORTAL_COOKIE,
        value=service.session_cookie(secret, application.id),  # type: ignore[arg-type]
        path="/portal",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=int(service.SESSION_TTL.total_seconds()),
    )
    return Redirect(f"/portal/a/{token}", cookies=[cookie], status_code=303)


@get("/portal/dev/outbox", name="portal_dev_outbox", opt=PUBLIC, sync_to_thread=True)
def portal_dev_outbox(db: Session, platform: Platform) -> Template:
    """开发用短信发件箱: the latest messages, only while ``portal_dev_sms`` is on."""
    if not platform.settings.portal_dev_sms:
        raise NotFoundException()
    rows = db.exec(select(PortalOutbox).order_by(col(PortalOutbox.id).desc()).limit(50)).all()
    messages = [{"at": m.at, "phone": mask_phone(m.phone), "text": m.text} for m in rows]
    return Template("portal/outbox.html", context={"messages": messages})


ROUTES = [
    portal_home,
    portal_privacy,
    portal_application,
    portal_send_code,
    portal_verify,
    portal_dev_outbox,
]
