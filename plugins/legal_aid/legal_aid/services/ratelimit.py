"""The public form's rate limit: a sliding window per client, kept in the database so that
every server process sees the same count. The client is kept only as a salted hash."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from legal_aid.models import LegalAidSubmission

__all__ = ["WINDOW", "client_key", "over_limit", "record_attempt"]

WINDOW = timedelta(hours=1)


def client_key(client: str, secret: str) -> str:
    return hashlib.sha256(f"{secret}:{client}".encode()).hexdigest()


def over_limit(session: Session, key: str, now: datetime, limit: int) -> bool:
    since = now - WINDOW
    count = session.exec(
        select(func.count()).where(
            LegalAidSubmission.client_key == key, col(LegalAidSubmission.at) > since
        )
    ).one()
    return int(count) >= limit


def record_attempt(session: Session, key: str, now: datetime) -> None:
    """Count one POST and forget attempts older than a day."""
    session.exec(
        delete(LegalAidSubmission).where(col(LegalAidSubmission.at) < now - timedelta(days=1))
    )  # type: ignore[call-overload]
    session.add(LegalAidSubmission(client_key=key, at=now))
    session.flush()
