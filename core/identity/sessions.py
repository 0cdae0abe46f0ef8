"""Server-side login sessions (登录会话) with an idle timeout.

The browser holds a random token in an HttpOnly cookie; the database holds only its
SHA-256. Keeping sessions in the database (not in a signed cookie) is what makes logout,
the idle timeout and "sign out everywhere" real, and lets several app processes serve the
same user. ``last_seen_at`` is written at most once a minute per session, so a busy page
does not turn every request into a write (the timeout may therefore fall up to a minute
early).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from core.identity.models import StaffAccount, StaffSession

TOUCH_INTERVAL = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(
    session: Session,
    account: StaffAccount,
    *,
    now: datetime,
    ip: str | None = None,
    user_agent: str | None = None,
) -> str:
    """Open a session for *account*; returns the token for the cookie (shown only once)."""
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=hash_token(token),
            account_id=account.id,  # type: ignore[arg-type]
            created_at=now,
            last_seen_at=now,
            ip=ip,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class SessionLookup:
    """What a cookie token resolved to: a signed-in account, or why there is none."""

    account: StaffAccount | None = None
    session_id: int | None = None
    expired: bool = False


def resolve_session(
    session: Session, token: str, *, now: datetime, idle: timedelta, touch: bool = True
) -> SessionLookup:
    """The signed-in account behind *token*, if the session is still live.

    A session idle for longer than *idle*, or whose account was deactivated, is deleted and
    reported as ``expired``, so the login page can tell the user why they must sign in again.
    ``touch=False`` is for requests that are not the user's doing (a badge polled every
    minute): they must not keep an unattended session alive.
    """
    row = session.exec(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return SessionLookup()
    account = session.get(StaffAccount, row.account_id)
    if account is None or not account.active or now - row.last_seen_at > idle:
        session.delete(row)
        session.flush()
        return SessionLookup(expired=True)
    if touch and now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.flush()
    return SessionLookup(account=account, session_id=row.id)


def end_session(session: Session, token: str) -> StaffSession | None:
    """Delete the session behind *token* (logout); returns it if there was one."""
    row = session.exec(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token))
    ).first()
    if row is not None:
        session.delete(row)
        session.flush()
    return row


def end_sessions_of(
    session: Session, account_id: int, *, keep_session_id: int | None = None
) -> None:
    """Sign an account out everywhere (optionally except the session making the change)."""
    query = delete(StaffSession).where(StaffSession.account_id == account_id)  # type: ignore[arg-type]
    if keep_session_id is not None:
        query = query.where(StaffSession.id != keep_session_id)  # type: ignore[arg-type]
    session.execute(query)


def purge_idle_sessions(session: Session, *, now: datetime, idle: timedelta) -> int:
    """Delete every session idle longer than *idle*; for a periodic clean-up job."""
    result = session.execute(
        delete(StaffSession).where(StaffSession.last_seen_at < now - idle)  # type: ignore[arg-type]
    )
    return int(result.rowcount or 0)
