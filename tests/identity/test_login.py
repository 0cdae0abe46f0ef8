"""Signing in: lockout after five failures, forced password change, audit events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.identity import service
from core.identity.errors import PasswordPolicyError, WrongPassword
from core.identity.models import StaffAccount
from core.identity.service import LoginOutcome, authenticate
from tests.support.auth import PASSWORD, OrgTree, make_account

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def login_events(session: Session) -> list[AuditRecord]:
    return list(
        session.exec(
            select(AuditRecord)
            .where(AuditRecord.action.in_(["login_success", "login_failure"]))  # type: ignore[attr-defined]
            .order_by(AuditRecord.id)
        ).all()
    )


@pytest.fixture
def mediator(session: Session, tree: OrgTree) -> StaffAccount:
    account = make_account(session, "li.tiaojie", roles={"mediator": tree.village_a})
    session.commit()
    return account


def test_the_right_password_signs_in_and_is_audited(
    session: Session, mediator: StaffAccount
) -> None:
    result = authenticate(session, "Li.Tiaojie", PASSWORD, ip="10.0.0.8", now=T0)
    session.commit()
    assert result.ok and result.account.id == mediator.id
    assert mediator.last_login_at == T0
    event = login_events(session)[-1]
    assert (event.action, event.actor_id, event.ip) == ("login_success", mediator.id, "10.0.0.8")


def test_six_wrong_passwords_lock_the_account_for_fifteen_minutes(
    session: Session, mediator: StaffAccount
) -> None:
    outcomes = []
    for minute in range(6):
        result = authenticate(
            session, "li.tiaojie", "wrong-password-x", now=T0 + timedelta(minutes=minute)
        )
        session.commit()
        outcomes.append(result.outcome)
    assert outcomes[:4] == [LoginOutcome.INVALID] * 4
    assert outcomes[4:] == [LoginOutcome.LOCKED, LoginOutcome.LOCKED]
    locked_until = T0 + timedelta(minutes=4) + service.LOCKOUT_DURATION

    refused = authenticate(session, "li.tiaojie", PASSWORD, now=locked_until - timedelta(seconds=1))
    assert refused.outcome is LoginOutcome.LOCKED and refused.locked_until == locked_until

    allowed = authenticate(session, "li.tiaojie", PASSWORD, now=locked_until)
    session.commit()
    assert allowed.ok
    assert (mediator.failed_attempts, mediator.locked_until) == (0, None)
    failures = [e for e in login_events(session) if e.action == "login_failure"]
    assert len(failures) == 7
    assert [e.details["reason"] for e in failures[-2:]] == ["locked", "locked"]


def test_a_success_resets_the_count_so_failures_must_be_consecutive(
    session: Session, mediator: StaffAccount
) -> None:
    for _ in range(4):
        authenticate(session, "li.tiaojie", "wrong-password-x", now=T0)
    assert authenticate(session, "li.tiaojie", PASSWORD, now=T0).ok
    for _ in range(4):
        result = authenticate(session, "li.tiaojie", "wrong-password-x", now=T0)
    assert result.outcome is LoginOutcome.INVALID and mediator.locked_until is None


def test_an_unknown_username_answers_exactly_like_a_wrong_password(
    session: Session, mediator: StaffAccount
) -> None:
    unknown = authenticate(session, "nobody", PASSWORD, now=T0)
    wrong = authenticate(session, "li.tiaojie", "wrong-password-x", now=T0)
    assert unknown.outcome is wrong.outcome is LoginOutcome.INVALID
    session.commit()
    event = login_events(session)[0]
    assert event.actor_id is None and event.details == {
        "username": "nobody",
        "reason": "unknown_user",
    }


def test_a_deactivated_account_cannot_sign_in(session: Session, mediator: StaffAccount) -> None:
    service.deactivate(session, mediator.id)
    assert authenticate(session, "li.tiaojie", PASSWORD, now=T0).outcome is LoginOutcome.INACTIVE
    assert (
        authenticate(session, "li.tiaojie", "wrong-password-x", now=T0).outcome
        is LoginOutcome.INVALID
    )


def test_an_account_created_by_an_admin_must_change_its_password_first(
    session: Session, tree: OrgTree
) -> None:
    account = service.create_account(
        session,
        username="wang.suo",
        display_name="王所长",
        password="Chushi-Kouling-2026",
        org_id=tree.station_a,
    )
    assert account.must_change_password
    with pytest.raises(WrongPassword):
        service.change_password(session, account.id, "not-the-password", "Xin-Kouling-2026-a")
    with pytest.raises(PasswordPolicyError):
        service.change_password(session, account.id, "Chushi-Kouling-2026", "Chushi-Kouling-2026")
    with pytest.raises(PasswordPolicyError):
        service.change_password(session, account.id, "Chushi-Kouling-2026", "wang.suo.2026")
    service.change_password(
        session, account.id, "Chushi-Kouling-2026", "Xin-Kouling-2026-a", now=T0
    )
    assert not account.must_change_password and account.password_changed_at == T0
    assert authenticate(session, "wang.suo", "Xin-Kouling-2026-a", now=T0).ok


def test_an_admin_reset_unlocks_and_forces_a_change(
    session: Session, mediator: StaffAccount
) -> None:
    for _ in range(5):
        authenticate(session, "li.tiaojie", "wrong-password-x", now=T0)
    assert mediator.locked_until is not None
    service.admin_reset_password(session, mediator.id, "Linshi-Kouling-2026", now=T0)
    assert (mediator.locked_until, mediator.failed_attempts, mediator.must_change_password) == (
        None,
        0,
        True,
    )
    assert authenticate(session, "li.tiaojie", "Linshi-Kouling-2026", now=T0).ok
    session.commit()
    assert any(e.action == "password_reset" for e in session.exec(select(AuditRecord)).all())
