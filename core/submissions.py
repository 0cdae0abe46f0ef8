"""One-time form tokens (表单防重复提交): a form rendered once creates at most one record.

A creation has no version to compare, so two identical posts of one form (a double click,
a browser resending after a slow answer) would create two records. Every form the platform
renders therefore carries, next to the CSRF field, a hidden ``_submission`` token issued
for that one rendering; the first post that carries it *claims* it, and a later post of the
same token answers 409 ("该表单已提交，请勿重复提交") with a link to what the first created.

Design (why it stays cheap):

- **Issuing writes nothing.** A token is ``nonce.issued.signature``: 96 random bits, the
  issue time, and an HMAC over both and the signed-in session's cookie token (the session
  the form was rendered for; empty for a public form). A page with ten forms costs ten
  HMACs, not ten inserts, and a forged or foreign token is recognised without a lookup.
- **Claiming is one indexed insert** into ``submission_claim`` (primary key = the nonce),
  in the request's own transaction, after the handler did its work and before the commit
  (:func:`web.unit_of_work.unit_of_work`). A concurrent identical post waits on that key
  (PostgreSQL: the unique index; SQLite: the write lock) and fails once the first commits,
  and its whole transaction — the second record included — is rolled back; if the first
  rolled back, the second proceeds. A handler that answers 4xx (a field error, a stale
  version) claims nothing, so the corrected form can be sent again. Why after and not
  before: a claim taken first would hold SQLite's write lock through the handler, and a
  handler that writes through a second connection (the public form's rate counter) would
  then wait for its own request until the busy timeout.
- **Tokens expire** after :data:`TOKEN_TTL`. An expired, missing or foreign token is
  simply not claimed — the form still works (an old page open for days, an API client,
  a button without the field): the token only guards against the same form arriving twice
  within the window where that happens, and version checks keep guarding record changes.
  Claims older than the window can never match a token that is still claimed, so
  :data:`SWEEP_SUBMISSIONS_JOB` deletes them daily.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Index, delete, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel

from core.locking import DuplicateSubmission, _hold_sqlite_write_lock, _unique_violation
from core.scheduling.declarations import JobContext, PeriodicJob

__all__ = [
    "FIELD",
    "SWEEP_SUBMISSIONS_JOB",
    "TOKEN_TTL",
    "AlreadySubmitted",
    "Claim",
    "SubmissionClaim",
    "claim",
    "issue_token",
    "read_token",
    "refuse_if_claimed",
    "sweep_claims",
    "wait_for_twin",
]

FIELD = "_submission"  # the hidden form field
TOKEN_TTL = timedelta(days=3)  # a form open longer than this is no longer guarded


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SubmissionClaim(SQLModel, table=True):
    """A form token that has been used once (bookkeeping, not audited: the record the form
    created is). ``location`` is where the first post led, for the second one's link."""

    __tablename__ = "submission_claim"
    __table_args__ = (
        Index("ix_submission_claim_claimed_at", "claimed_at"),
        {"info": {"audit": False}},
    )

    nonce: str = Field(primary_key=True, max_length=32)
    claimed_at: datetime = Field(default_factory=_utcnow)
    location: str | None = Field(default=None, max_length=500)


class AlreadySubmitted(DuplicateSubmission):
    """This very form was already submitted (重复提交): 409, with a link to its result."""

    def __init__(self, location: str | None) -> None:
        super().__init__("submission")
        self.location = location
        self.message = "该表单已提交，请勿重复提交"
        self.message_en = "This form has already been submitted; please do not submit it twice"
        Exception.__init__(self, self.message)


def _signature(secret: str, session_token: str, body: str) -> str:
    mac = hmac.new(secret.encode(), f"once:{session_token}:{body}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def issue_token(secret: str, session_token: str | None, now: float | None = None) -> str:
    """A fresh token for one rendering of a form, bound to *session_token* (may be empty)."""
    body = f"{secrets.token_hex(12)}.{int(now if now is not None else time.time())}"
    return f"{body}.{_signature(secret, session_token or '', body)}"


def read_token(
    secret: str, session_token: str | None, token: str | None, now: float | None = None
) -> str | None:
    """The nonce of a valid, unexpired token made for this session; ``None`` otherwise."""
    if not token or len(token) > 100:
        return None
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    nonce, issued, signature = parts
    expected = _signature(secret, session_token or "", f"{nonce}.{issued}")
    if not hmac.compare_digest(signature, expected):
        return None
    age = (now if now is not None else time.time()) - int(issued)
    if age < -300 or age > TOKEN_TTL.total_seconds():  # a clock a little behind is fine
        return None
    return nonce


@dataclass(frozen=True)
class Claim:
    """What the input boundary read from a post: the nonce to claim and the token that
    replaces it in a form that stays on the page (an htmx post)."""

    nonce: str
    fresh: str


def claim(session: Session, nonce: str, location: str | None = None) -> None:
    """Claim *nonce* in the session's transaction, or raise :class:`AlreadySubmitted`.

    Called after the handler did its work and before the commit. A concurrent claim of the
    same nonce waits for this transaction (PostgreSQL: on the key; SQLite: for the write
    lock) and fails once it commits; the caller then rolls its whole transaction back.
    """
    _hold_sqlite_write_lock(session)
    table = SubmissionClaim.__table__  # type: ignore[attr-defined]
    values = {"nonce": nonce, "claimed_at": _utcnow(), "location": location}
    try:
        session.connection().execute(insert(table).values(values))
    except IntegrityError as exc:
        if not _unique_violation(exc):
            raise
        session.rollback()
        location = session.execute(
            select(table.c.location).where(table.c.nonce == nonce)
        ).scalar_one_or_none()
        session.rollback()
        raise AlreadySubmitted(location) from exc


def wait_for_twin(session: Session, nonce: str) -> None:
    """Before the handler, on PostgreSQL: wait for a concurrent post of the same form to
    finish, then answer :class:`AlreadySubmitted` at once if it claimed the token.

    Without this, eight copies of one form (a double click, a resend) each did the whole
    work and then queued on the claim's key one behind the other; the last waited for all
    seven before it and ran out of ``lock_timeout`` (503) when each took a second under
    load. A transaction-scoped advisory lock on the nonce makes a copy wait only for the
    first one's commit, then read the claim and stop. SQLite serialises writers anyway and
    claims under its write lock (see :func:`claim`): nothing to do there.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    digest = hashlib.sha256(f"sifa.submission:{nonce}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    refuse_if_claimed(session, nonce)


def refuse_if_claimed(session: Session, nonce: str) -> None:
    """Raise :class:`AlreadySubmitted` if *nonce* was claimed (a read by primary key)."""
    table = SubmissionClaim.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(table.c.nonce, table.c.location).where(table.c.nonce == nonce)
    ).first()
    if found is not None:
        raise AlreadySubmitted(found.location)


def sweep_claims(session: Session, now: datetime | None = None) -> int:
    """Delete claims older than any token that could still be claimed."""
    table = SubmissionClaim.__table__  # type: ignore[attr-defined]
    cutoff = (now or _utcnow()) - TOKEN_TTL - timedelta(days=1)
    return int(session.execute(delete(table).where(table.c.claimed_at < cutoff)).rowcount or 0)


def _sweep_job(context: JobContext) -> dict[str, Any]:
    with context.session() as session:
        return {"deleted": sweep_claims(session)}


SWEEP_SUBMISSIONS_JOB = PeriodicJob(
    name="core.sweep_submission_claims",
    schedule="41 3 * * *",
    actor=_sweep_job,
    description_zh="清理已过期的表单防重复提交记录",
    description_en="Delete expired one-time form token claims",
)
