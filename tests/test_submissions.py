"""One-time form tokens (core/submissions.py): signed per session, claimed once, swept.

The HTTP side (a repeated form answers 409 with a link, every plugin's creation raced by
one session's double click) is in tests/test_concurrent_actions.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.db import session_scope
from core.platform import Platform
from core.submissions import (
    TOKEN_TTL,
    AlreadySubmitted,
    SubmissionClaim,
    claim,
    issue_token,
    read_token,
    sweep_claims,
)

SECRET = "s" * 32


def test_a_token_is_good_only_for_its_session_and_its_time() -> None:
    token = issue_token(SECRET, "session-a", now=1_000_000)
    nonce = read_token(SECRET, "session-a", token, now=1_000_060)
    assert nonce is not None and nonce == token.split(".")[0]
    assert read_token(SECRET, "session-b", token, now=1_000_060) is None  # another session
    assert read_token("t" * 32, "session-a", token, now=1_000_060) is None  # another key
    late = 1_000_000 + TOKEN_TTL.total_seconds() + 1
    assert read_token(SECRET, "session-a", token, now=late) is None  # expired: not guarded
    forged = token.rsplit(".", 1)[0] + "." + "0" * 32
    assert read_token(SECRET, "session-a", forged, now=1_000_060) is None
    assert read_token(SECRET, "session-a", "nonsense", now=1_000_060) is None
    assert issue_token(SECRET, "session-a") != issue_token(SECRET, "session-a")


def test_the_second_claim_is_refused_with_where_the_first_led(platform: Platform) -> None:
    with session_scope(platform.engine) as session:
        claim(session, "abc123", "/m/x/cases/7")
    with session_scope(platform.engine) as session, pytest.raises(AlreadySubmitted) as caught:
        claim(session, "abc123", "/m/x/cases/8")
    assert caught.value.location == "/m/x/cases/7"
    assert caught.value.message == "该表单已提交，请勿重复提交"


def test_old_claims_are_swept(platform: Platform) -> None:
    now = datetime.now(UTC)
    with session_scope(platform.engine) as session:
        claim(session, "old", None)
        claim(session, "new", None)
        table = SubmissionClaim.__table__  # type: ignore[attr-defined]
        session.execute(
            table.update()
            .where(table.c.nonce == "old")
            .values(claimed_at=now - TOKEN_TTL - timedelta(days=2))
        )
    with session_scope(platform.engine) as session:
        assert sweep_claims(session, now) == 1
    with session_scope(platform.engine) as session:
        left = session.execute(select(func.count()).select_from(SubmissionClaim)).scalar_one()
    assert left == 1
