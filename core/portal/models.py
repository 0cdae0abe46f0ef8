"""The portal's tables: applications (number, private link, phone), one-time codes, rate-limit
attempts, and the development SMS outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, String, Text
from sqlmodel import Field, SQLModel

__all__ = ["PortalApplication", "PortalAttempt", "PortalCode", "PortalOutbox"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class PortalApplication(SQLModel, table=True):
    """One application made on the portal: which module's record it is, its number, the hash
    of its private link, and the applicant's phone (for codes and status messages).

    The token itself is never stored: the link shows it once, to the applicant. ``phone_key``
    is a keyed hash of the number, so the per-phone limit is counted without reading phones.
    """

    __tablename__ = "portal_application"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=80, index=True)
    record_id: int = Field(index=True)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    number: str = Field(max_length=60)
    token_hash: str = Field(max_length=64, unique=True)
    phone: str = Field(max_length=20)
    phone_key: str = Field(
        max_length=64, index=True, sa_column_kwargs={"info": {"sensitive": True}}
    )
    created_at: datetime = Field(default_factory=utcnow, index=True)
    notified_state: str | None = Field(default=None, max_length=100)
    closed: bool = False


class PortalCode(SQLModel, table=True):
    """A one-time code sent to the applicant's phone: kept hashed, expires, used once, and
    refused after a few wrong tries."""

    __tablename__ = "portal_code"
    __table_args__ = {"info": {"audit": False}}

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="portal_application.id", index=True)
    code_hash: str = Field(max_length=64, sa_column_kwargs={"info": {"sensitive": True}})
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


class PortalAttempt(SQLModel, table=True):
    """One counted request for a rate limit: ``scope`` (``client``, ``code``) and a keyed
    hash of what is limited, never the client's address itself."""

    __tablename__ = "portal_attempt"
    __table_args__ = {"info": {"audit": False}}

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=20)
    key: str = Field(max_length=64, index=True)
    at: datetime = Field(index=True)


class PortalOutbox(SQLModel, table=True):
    """开发用短信发件箱: what would have been sent by SMS, written only when the development
    setting ``portal_dev_sms`` is on (never in production)."""

    __tablename__ = "portal_outbox"
    __table_args__ = {"info": {"audit": False}}

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    at: datetime = Field(default_factory=utcnow, index=True)
