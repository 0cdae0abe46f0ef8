"""What a module's portal pages call (re-exported by ``core.api``): count and check a
submission, register the portal side of a new application, find the application the
applicant proved with a code, and send status messages when something changed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from core.db import session_scope
from core.portal import service
from core.portal.declarations import portal_kinds
from core.portal.models import PortalApplication
from core.portal.service import PortalRefusal
from core.portal.sms import send_sms

if TYPE_CHECKING:
    from core.platform import Platform
    from core.plugins import PluginHost
    from core.settings import Settings

__all__ = [
    "PORTAL_COOKIE",
    "PortalLimited",
    "notify_status_changes",
    "open_portal_application",
    "portal_application_of",
    "portal_limits",
    "portal_link",
    "portal_status_context",
]

PORTAL_COOKIE = "sifa_portal"


class PortalLimited(PortalRefusal):
    """Over a rate limit: answer 429 with the message."""


def client_of(request: Any) -> str:
    return request.client.host if request.client else "unknown"


def portal_limits(platform: Platform, request: Any, phone: str, now: datetime | None = None) -> str:
    """Count one application attempt from this client (in its own transaction, so refused
    ones count too) and check the phone; returns the normalised phone number.

    Raises :class:`PortalLimited` (429) over the per-client or per-phone limit — the 6th
    application from one phone within an hour — and :class:`PortalRefusal` (422) for a
    number that is not a mobile phone.
    """
    secret = str(platform.settings.secret_key)
    with session_scope(platform.engine) as counter:
        limited = service.client_limited(counter, secret, client_of(request), now)
    if limited:
        raise PortalLimited(
            "您提交过于频繁，请一小时后再试；急需帮助请拨打12348",
            "Too many submissions from this device; try again in an hour",
        )
    normal = service.normal_phone(phone)
    with session_scope(platform.engine) as reader:
        if service.phone_limited(reader, secret, normal, now):
            raise PortalLimited(
                f"同一手机号码一小时内最多提交{service.PHONE_LIMIT}件申请，请稍后再试；"
                "急需帮助请拨打12348或到窗口申请",
                f"At most {service.PHONE_LIMIT} applications per phone number per hour",
            )
    return normal


def portal_link(settings: Settings, token: str) -> str:
    """The private link of an application (absolute when ``SIFA_PUBLIC_URL`` is set)."""
    return f"{settings.public_url.rstrip('/')}/portal/a/{token}"


def open_portal_application(
    session: Session,
    platform: Platform,
    *,
    kind: str,
    record_id: int,
    org_id: int,
    number: str,
    phone: str,
    now: datetime | None = None,
) -> tuple[PortalApplication, str]:
    """Give a module's new record its portal side: returns it and its private link's token,
    and sends the applicant the number and link by SMS."""
    application, token = service.open_application(
        session,
        str(platform.settings.secret_key),
        kind=kind,
        record_id=record_id,
        org_id=org_id,
        number=number,
        phone=phone,
        now=now,
    )
    declared = portal_kinds(platform.host).get(kind)  # texted as submitted: the next change is news
    if declared is not None:
        application.notified_state = declared.status(session, record_id).state_zh[:100]
    send_sms(
        session,
        platform.settings,
        platform.host,
        phone,
        f"【司法行政】您的申请已提交，编号{number}。查看办理进度：{portal_link(platform.settings, token)}"
        "（需输入发送到本机的验证码）",
        kind="submitted",
    )
    return application, token


def portal_application_of(request: Any, session: Session, token: str) -> PortalApplication | None:
    """The application of *token* if this browser proved it with a code, else None."""
    application = service.application_by_token(session, token)
    if application is None:
        return None
    secret = str(request.app.state.platform.settings.secret_key)
    proved = service.session_application_id(secret, request.cookies.get(PORTAL_COOKIE))
    return application if proved == application.id else None


def notify_status_changes(
    session: Session, settings: Settings, host: PluginHost | None, limit: int = 500
) -> int:
    """Send an SMS for each open application whose state changed since the last message;
    returns how many were sent. Closed applications are not read again."""
    if host is None:
        return 0
    kinds = portal_kinds(host)
    sent = 0
    rows = session.exec(
        select(PortalApplication)
        .where(col(PortalApplication.closed).is_(False))
        .order_by(col(PortalApplication.id))
        .limit(limit)
    ).all()
    for application in rows:
        kind = kinds.get(application.kind)
        if kind is None:
            continue
        status = kind.status(session, application.record_id)
        if status.state_zh != application.notified_state:
            send_sms(
                session,
                settings,
                host,
                application.phone,
                f"【司法行政】您的申请{application.number}进度更新：{status.state_zh}。"
                "请通过提交时收到的链接查看。",
                kind="status",
            )
            application.notified_state = status.state_zh[:100]
            sent += 1
        application.closed = status.closed
    session.flush()
    return sent


def _status_job(context: Any) -> dict[str, int]:
    with session_scope(context.engine) as session:
        return {"sent": notify_status_changes(session, context.settings, context.host)}


def portal_status_context(
    session: Session,
    host: PluginHost,
    application: PortalApplication,
    token: str,
    locale: str,
    **extra: Any,
) -> dict[str, Any] | None:
    """The context of ``portal/status.html`` for a proved application (a module answering an
    applicant's action renders that template with it), or None if its module is gone."""
    kind = portal_kinds(host).get(application.kind)
    if kind is None:
        return None
    status = kind.status(session, application.record_id)
    return {
        "application": application,
        "status": status,
        "token": token,
        "locale": locale,
        "kind_label": kind.label_zh if locale == "zh" else kind.label_en,
        "message": "",
        "error": "",
        **status.panel_context,
        **extra,
    }
