"""Portal applications: private links, one-time codes, the applicant's browser session, and
the rate limits per phone and per client.

Links carry a random token (``secrets.token_urlsafe(24)``, 192 bits) whose SHA-256 alone is
stored. A code is six digits, stored as a keyed hash, valid for ``CODE_TTL``, used once, and
given up after ``MAX_TRIES`` wrong entries. After a good code the browser holds a signed
cookie naming that one application for ``SESSION_TTL``; another application's link asks for
its own code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from core.portal.models import PortalApplication, PortalAttempt, PortalCode

__all__ = [
    "CODE_TTL",
    "MAX_TRIES",
    "PHONE_LIMIT",
    "CodeRefused",
    "PortalRefusal",
    "application_by_token",
    "check_code",
    "client_limited",
    "issue_code",
    "normal_phone",
    "open_application",
    "phone_key",
    "phone_limited",
    "session_application_id",
    "session_cookie",
]

CODE_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(minutes=30)
WINDOW = timedelta(hours=1)
MAX_TRIES = 5
PHONE_LIMIT = 5  # applications per phone per hour: the 6th is refused
CLIENT_LIMIT = 30  # portal submissions (applications and code requests) per client per hour
CODES_PER_HOUR = 5  # codes sent for one application per hour
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class PortalRefusal(Exception):
    """A refused portal request, with the message in Chinese and English."""

    zh: str
    en: str


class CodeRefused(PortalRefusal):
    """A code that is wrong, expired, already used, or tried too often."""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _keyed(secret: str, *parts: object) -> str:
    message = ":".join(str(p) for p in parts).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normal_phone(value: str) -> str:
    """A mainland mobile number (11 digits, spaces/dashes/+86 allowed), or PortalRefusal."""
    digits = re.sub(r"[\s-]", "", value or "")
    digits = digits.removeprefix("+86").removeprefix("0086")
    if not _MOBILE.match(digits):
        raise PortalRefusal(
            "请填写本人11位手机号码，用于接收验证码和办理进度",
            "Give your 11-digit mobile number: codes and progress are sent to it",
        )
    return digits


def phone_key(secret: str, phone: str) -> str:
    return _keyed(secret, "phone", phone)


def phone_limited(session: Session, secret: str, phone: str, now: datetime | None = None) -> bool:
    """True when this phone already made ``PHONE_LIMIT`` applications in the last hour."""
    since = _now(now) - WINDOW
    count = session.exec(
        select(func.count()).where(
            PortalApplication.phone_key == phone_key(secret, phone),
            col(PortalApplication.created_at) > since,
        )
    ).one()
    return int(count) >= PHONE_LIMIT


def _counted(session: Session, scope: str, key: str, now: datetime, limit: int) -> bool:
    """Count one attempt (even a refused one) and say whether the limit was already reached."""
    session.exec(delete(PortalAttempt).where(col(PortalAttempt.at) < now - timedelta(days=1)))  # type: ignore[call-overload]
    count = session.exec(
        select(func.count()).where(
            PortalAttempt.scope == scope,
            PortalAttempt.key == key,
            col(PortalAttempt.at) > now - WINDOW,
        )
    ).one()
    session.add(PortalAttempt(scope=scope, key=key, at=now))
    session.flush()
    return int(count) >= limit


def client_limited(
    session: Session,
    secret: str,
    client: str,
    now: datetime | None = None,
    limit: int = CLIENT_LIMIT,
) -> bool:
    """Count a portal submission from this client (a keyed hash of its address)."""
    return _counted(session, "client", _keyed(secret, "client", client), _now(now), limit)


def open_application(
    session: Session,
    secret: str,
    *,
    kind: str,
    record_id: int,
    org_id: int,
    number: str,
    phone: str,
    now: datetime | None = None,
) -> tuple[PortalApplication, str]:
    """Record a module's new application; returns it and the token of its private link."""
    token = secrets.token_urlsafe(24)
    row = PortalApplication(
        kind=kind,
        record_id=record_id,
        org_id=org_id,
        number=number,
        token_hash=token_hash(token),
        phone=phone,
        phone_key=phone_key(secret, phone),
        created_at=_now(now),
    )
    session.add(row)
    session.flush()
    return row, token


def application_by_token(session: Session, token: str) -> PortalApplication | None:
    if not token or len(token) > 100:
        return None
    return session.exec(
        select(PortalApplication).where(PortalApplication.token_hash == token_hash(token))
    ).first()


def issue_code(
    session: Session, secret: str, application: PortalApplication, now: datetime | None = None
) -> str:
    """A new code for *application* (earlier ones stop working); PortalRefusal when too many
    were sent this hour. The caller sends it by SMS; only its hash is kept."""
    moment = _now(now)
    # Codes are of no use after their ten minutes: none is kept longer than a day (PIPL).
    session.exec(delete(PortalCode).where(col(PortalCode.created_at) < moment - timedelta(days=1)))  # type: ignore[call-overload]
    sent = session.exec(
        select(func.count()).where(
            PortalCode.application_id == application.id,
            col(PortalCode.created_at) > moment - WINDOW,
        )
    ).one()
    if int(sent) >= CODES_PER_HOUR:
        raise PortalRefusal(
            "验证码发送过于频繁，请一小时后再试", "Too many codes were sent; try again in an hour"
        )
    for old in session.exec(
        select(PortalCode).where(
            PortalCode.application_id == application.id, col(PortalCode.used_at).is_(None)
        )
    ).all():
        old.used_at = moment  # a new code replaces every earlier one
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        PortalCode(
            application_id=application.id,  # type: ignore[arg-type]
            code_hash=_keyed(secret, "code", application.id, code),
            created_at=moment,
            expires_at=moment + CODE_TTL,
        )
    )
    session.flush()
    return code


def check_code(
    session: Session,
    secret: str,
    application: PortalApplication,
    entered: str,
    now: datetime | None = None,
) -> None:
    """Accept the latest code once, or raise CodeRefused saying why (in plain words)."""
    moment = _now(now)
    latest = session.exec(
        select(PortalCode)
        .where(PortalCode.application_id == application.id)
        .order_by(col(PortalCode.id).desc())
    ).first()
    if latest is None:
        raise CodeRefused("请先获取验证码", "Ask for a code first")
    if latest.used_at is not None:
        raise CodeRefused(
            "该验证码已使用或已失效，请重新获取", "This code was already used; ask for a new one"
        )
    if _aware(latest.expires_at) <= moment:
        raise CodeRefused(
            "验证码已过期（有效期10分钟），请重新获取", "The code has expired; ask for a new one"
        )
    expected = _keyed(secret, "code", application.id, entered.strip())
    if not hmac.compare_digest(expected, latest.code_hash):
        latest.attempts += 1
        if latest.attempts >= MAX_TRIES:
            latest.used_at = moment
            session.flush()
            raise CodeRefused(
                "验证码错误次数过多，已失效，请重新获取",
                "Too many wrong codes; ask for a new one",
            )
        session.flush()
        raise CodeRefused(
            f"验证码不正确，还可以再试{MAX_TRIES - latest.attempts}次",
            f"Wrong code; {MAX_TRIES - latest.attempts} tries left",
        )
    latest.used_at = moment
    session.flush()


def session_cookie(secret: str, application_id: int, now: datetime | None = None) -> str:
    """The signed value naming the one application this browser proved it may see."""
    until = int((_now(now) + SESSION_TTL).timestamp())
    return f"{application_id}.{until}.{_keyed(secret, 'portal-session', application_id, until)}"


def session_application_id(
    secret: str, value: str | None, now: datetime | None = None
) -> int | None:
    """The application a portal cookie names, if its signature holds and it has not expired."""
    try:
        raw_id, raw_until, signature = (value or "").split(".")
        application_id, until = int(raw_id), int(raw_until)
    except ValueError:
        return None
    good = _keyed(secret, "portal-session", application_id, until)
    if not hmac.compare_digest(good, signature) or until <= _now(now).timestamp():
        return None
    return application_id
